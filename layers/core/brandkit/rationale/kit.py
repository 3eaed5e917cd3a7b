"""The kit as the rationale sees it: what it may cite (palette hexes, the two font families,
the logo concept) and the knowledge-graph facts it may rely on."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cached_property, lru_cache
from importlib.resources import files

from brandkit.artifacts import BrandProfile, Fact, FontChoice, LogoConcept, Palette, PaletteColor
from brandkit.brief import Brief
from brandkit.rationale.banned import banned_words_in
from brandkit.rationale.grounding import foreign_mentions, normalise_hex


@dataclass(frozen=True)
class Kit:
    brief: Brief
    profile: BrandProfile
    palette: Palette
    concept: LogoConcept

    @property
    def company(self) -> str:
        return self.profile.company_name or self.brief.company_name

    @cached_property
    def colors(self) -> list[PaletteColor]:
        return [c.model_copy(update={"hex": normalise_hex(c.hex)}) for c in self.palette.colors]

    @cached_property
    def hexes(self) -> frozenset[str]:
        return frozenset(c.hex for c in self.colors)

    def color(self, role: str) -> PaletteColor | None:
        return next((c for c in self.colors if c.role == role), None)

    def _font(self, role: str, index: int) -> FontChoice:
        fonts = self.profile.fonts
        if not fonts:
            raise ValueError("the brand profile has no fonts; the rationale needs a heading and a body font")
        return next((f for f in fonts if f.role == role), fonts[min(index, len(fonts) - 1)])

    @property
    def heading(self) -> FontChoice:
        return self._font("heading", 0)

    @property
    def body(self) -> FontChoice:
        return self._font("body", 1)

    @cached_property
    def families(self) -> tuple[str, ...]:
        """The kit's font families, heading first (one entry when both roles share a family)."""
        return tuple(dict.fromkeys([self.heading.family, self.body.family]))

    @cached_property
    def facts(self) -> list[Fact]:
        """The graph facts the rationale may repeat, strongest first: none that names a colour or
        font outside the kit (e.g. "modern -> expressed by Montserrat" when the kit chose Inter)."""

        kit_fonts = {font_slug(f) for f in self.families}

        def usable(fact: Fact) -> bool:
            text = " ".join([fact.subject, fact.relation, fact.object, fact.source])
            fonts = [t.split(":", 1)[1] for t in (fact.subject, fact.object) if t.lower().startswith("font:")]
            return (
                fact.source.strip() != ""
                and all(font_slug(f) in kit_fonts for f in fonts)
                and not foreign_mentions(text, self)
                and not banned_words_in(text)
            )

        return sorted((f for f in self.profile.facts if usable(f)), key=lambda f: f.weight, reverse=True)


def font_slug(name: str) -> str:
    """A font family as the graph names it in fact ids ("Roboto Slab" -> "roboto-slab")."""
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


@lru_cache(maxsize=1)
def _colour_families() -> list[dict]:
    # The graph's own family regions (static data shipped with brandkit.bkg); read as a file so the
    # rationale never needs a graph connection.
    try:
        return json.loads(files("brandkit.bkg").joinpath("data/colour_families.json").read_text())["families"]
    except (ModuleNotFoundError, FileNotFoundError, KeyError, ValueError):
        return []


def _in_range(value: float, bounds: list[float]) -> bool:
    low, high = bounds
    return low <= value <= high if low <= high else value >= low or value <= high  # hue ranges may wrap


def hue_family(color: PaletteColor, preferred: list[str] | tuple[str, ...] = ()) -> str:
    """The graph colour family of an OKLCH colour; among overlapping families the profile's own win."""
    lightness, chroma, hue = color.oklch
    hue %= 360
    if chroma < 0.035:
        return "neutral"
    candidates = [f for f in _colour_families() if _in_range(hue, f["hue"])]
    for family in preferred:
        if any(f["id"] == family for f in candidates):
            return family
    if candidates:
        def misfit(f: dict) -> float:
            (l0, l1), (c0, c1) = f["lightness"], f["chroma"]
            return max(l0 - lightness, 0, lightness - l1) + max(c0 - chroma, 0, chroma - c1)

        return min(candidates, key=misfit)["id"]
    bins = ((10, "pink"), (45, "red"), (75, "orange"), (115, "yellow"), (165, "green"), (215, "teal"),
            (275, "blue"), (320, "violet"), (360, "pink"))
    return next(name for upper, name in bins if hue < upper)
