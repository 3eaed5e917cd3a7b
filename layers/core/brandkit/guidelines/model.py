"""What the guidelines PDF is built from: the kit's real artifacts, gathered by the compile stage."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from brandkit.artifacts import BrandProfile, Palette, Rationale
from brandkit.brief import Brief

JPEG_SIGNATURE = b"\xff\xd8\xff"


DEFAULT_MIN_SIZES: dict[str, float] = {"screen_px": 24, "print_mm": 10}
HEX_COLOUR = r"^#[0-9A-Fa-f]{6}$"


class VariantFacts(BaseModel):
    """What logo/logo.json declares for one variant (brandkit.logo.system.logo_json); its file names are not needed."""

    model_config = ConfigDict(extra="ignore")

    layout: str  # horizontal, stacked, icon or wordmark
    background: str = Field(pattern=HEX_COLOUR)  # the ground the variant is drawn for
    min_size: dict[str, float] = Field(default_factory=dict)  # {"screen_px": ..., "print_mm": ...}, its width


def logo_json_facts(logo_json: dict[str, Any]) -> tuple[str | None, dict[str, VariantFacts]]:
    """The master's variant name and every variant's declared facts, from a parsed logo/logo.json."""
    master = logo_json.get("master")
    facts = {entry["variant"]: VariantFacts.model_validate(entry) for entry in logo_json.get("variants", [])}
    name = master.removeprefix("logo/").removesuffix(".svg") if isinstance(master, str) else None
    return (name if name in facts else None), facts


class InventoryItem(BaseModel):
    model_config = ConfigDict(extra="forbid")

    path: str  # relative to the kit root, e.g. "logo/logo-horizontal.svg"
    kind: str  # e.g. "logo", "icon", "palette", "tokens", "social", "font", "licence", "document"
    bytes: int = Field(ge=0)


class GuidelinesInput(BaseModel):
    model_config = ConfigDict(extra="forbid")

    brief: Brief
    profile: BrandProfile
    palette: Palette
    rationale: Rationale
    # The master logo: an SVG whose text is already paths (svg, g, path, rect, circle, ellipse, polygon).
    logo_master_svg: str
    # Every variant of the logo system by name, e.g. horizontal, stacked, icon, wordmark, mono-black,
    # mono-white, inverse; drawn in this order.
    logo_variants: dict[str, str] = Field(default_factory=dict)
    # Minimum free space around the logo, in the master SVG's user units (its viewBox units).
    clear_space: float = Field(gt=0)
    # What that unit is in words, shown beside the diagram (e.g. "the height of the icon's counter").
    clear_space_unit: str = "units of the logo's own drawing grid (its SVG viewBox)"
    # Smallest permitted logo sizes, e.g. {"screen_px": 24, "print_mm": 10} (width of the logo).
    min_sizes: dict[str, float] = Field(default_factory=lambda: dict(DEFAULT_MIN_SIZES))
    # logo/logo.json: which variant the master is, and each variant's declared ground and minimum size.
    master_variant: str | None = None
    variant_facts: dict[str, VariantFacts] = Field(default_factory=dict)
    social_previews: dict[str, bytes] = Field(default_factory=dict)  # name -> the kit's social/<name>.jpg
    inventory: list[InventoryItem] = Field(default_factory=list)
    # Icons of an open icon set drawn in the kit's concepts (LogoConcepts.symbols()): set, name, licence, version.
    symbol_credits: list[dict[str, Any]] = Field(default_factory=list)
    page_size: Literal["A4", "Letter"] = "A4"

    @field_validator("social_previews")
    @classmethod
    def _jpeg_only(cls, previews: dict[str, bytes]) -> dict[str, bytes]:
        for name, data in previews.items():
            if not data.startswith(JPEG_SIGNATURE):
                raise ValueError(f"social preview {name!r} is not a JPEG")
        return previews
