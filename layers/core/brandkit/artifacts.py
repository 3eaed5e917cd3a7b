"""What the stages hand each other, stored as JSON in the job's S3 prefix.

Only `Job` and small summaries travel through the state machine (payloads are capped
at 256 KB); everything else is written under the job prefix and read back by key.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

LogoSource = Literal["vector", "sdxl", "existing"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Job(_Model):
    """The handle every state carries: where the job's files live and how its logo is made."""

    id: str
    bucket: str
    prefix: str  # e.g. "kits/<id>"; kit files live under "<prefix>/kit/", working files under "<prefix>/work/"
    logo_source: LogoSource = "vector"
    language: str = "en"

    def key(self, *parts: str) -> str:
        return "/".join([self.prefix, *parts])

    def kit_key(self, relpath: str) -> str:
        return self.key("kit", relpath)

    def work_key(self, relpath: str) -> str:
        return self.key("work", relpath)


# Working files (under <prefix>/work/) and their fixed names.
BRIEF = "brief.json"  # at <prefix>/brief.json, written by whoever starts the job
PROFILE = "profile.json"
CONCEPTS = "logo/concepts.json"
FAILURE = "failure.json"  # at <prefix>/failure.json
KIT_ZIP = "kit.zip"  # at <prefix>/kit.zip: every kit/ file, zipped by PublishManifest (outside kit/, so not in the manifest)
MANIFEST = "manifest.json"  # at <prefix>/kit/manifest.json


class IndustryMatch(_Model):
    query: str
    industry: str  # id of the matched Industry vertex
    label: str
    method: Literal["exact", "synonym", "overlap", "default"]
    confidence: float = Field(ge=0, le=1)


class Fact(_Model):
    """One knowledge-graph association the kit relied on, with where it comes from."""

    subject: str
    relation: str
    object: str
    weight: float
    source: str


class FontChoice(_Model):
    family: str
    role: Literal["heading", "body"]
    classification: str  # e.g. "geometric sans", "humanist sans", "transitional serif"
    licence: str  # SPDX id, e.g. "OFL-1.1"
    scripts: list[str]


class BrandProfile(_Model):
    """The brief interpreted through the Brand Knowledge Graph."""

    company_name: str
    industry: IndustryMatch
    traits: list[tuple[str, float]]  # (trait id, weight), strongest first
    style: list[str]  # normalised style ids
    harmony: Literal["analogous", "complementary", "split-complementary", "triad", "monochrome"]
    hue_families: list[str]  # colour families the graph suggests, strongest first
    avoid_families: list[str] = Field(default_factory=list)
    seed_color: str | None = None  # the brief's primary_color, if any
    script: str  # dominant script of the company name: "Latin", "Han", "Arabic", ...
    fonts: list[FontChoice]  # [heading, body]
    facts: list[Fact]
    language: str
    tagline: str = ""  # the brief's, as written (the system never invents one)


class PaletteColor(_Model):
    role: str  # primary, secondary, accent, neutral-900..neutral-50, background, surface, text, text-muted, on-primary
    hex: str
    rgb: tuple[int, int, int]
    oklch: tuple[float, float, float]  # L in 0..1, C, h in degrees
    cmyk: tuple[int, int, int, int]  # approximate, percentages
    name: str


class TextPair(_Model):
    foreground: str  # role
    background: str  # role
    ratio: float
    usage: str
    large_text: bool = False  # large text (>= 18.66 px bold / 24 px) needs only 3:1

    @property
    def required(self) -> float:
        return 3.0 if self.large_text else 4.5


class Palette(_Model):
    harmony: str
    colors: list[PaletteColor]
    text_pairs: list[TextPair]
    adjustments: list[str] = Field(default_factory=list)  # lightness changes made to pass WCAG, in words
    contrast_matrix: dict[str, dict[str, float]] = Field(default_factory=dict)
    cvd: dict[str, float] = Field(default_factory=dict)  # min deltaE among primary/secondary/accent per simulation

    def hex(self, role: str) -> str:
        for color in self.colors:
            if color.role == role:
                return color.hex
        raise KeyError(role)


class LogoConcept(_Model):
    id: str  # stable within a job, e.g. "lettermark"
    kind: str  # lettermark, geometric, emblem, wordmark, letter-in-shape, combination, traced, imported
    label: str
    engine: Literal["vector", "sdxl", "existing"]
    score: float = 0.0
    # The vector designer's concepts are parametric: re-drawn with the final palette by the render stage.
    spec: dict | None = None
    # Traced or imported concepts are SVG files (text already paths), recoloured by snapping to the palette.
    svg_key: str | None = None  # key relative to the job prefix


class LogoConcepts(_Model):
    engine: Literal["vector", "sdxl", "existing"]
    concepts: list[LogoConcept]
    primary: str  # id of the chosen concept
    colors: list[str] = Field(default_factory=list)  # dominant colours of the logo (hex), to harmonise the palette
    notes: list[str] = Field(default_factory=list)


class ColorNote(_Model):
    role: str
    hex: str
    why: str


class Rationale(_Model):
    """The written design rationale. Every string here is untrusted downstream (it may come from an LLM)."""

    language: str
    writer: Literal["claude", "deterministic"]
    summary: str
    logo: str
    colors: list[ColorNote]
    typography: str
    voice: str
    voice_examples: list[str]
    do: list[str]
    dont: list[str]
    notes: list[str] = Field(default_factory=list)
    usage: dict = Field(default_factory=dict)  # model, input/output tokens, cost_usd (Claude only)
