"""What the stages hand each other, stored as JSON in the job's S3 prefix.

Only `Job` and small summaries travel through the state machine (payloads are capped
at 256 KB); everything else is written under the job prefix and read back by key.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

Harmony = Literal["analogous", "complementary", "split-complementary", "triad", "monochrome"]
LogoSource = Literal["vector", "sdxl", "existing"]
BRAND_ROLES = ("primary", "secondary", "accent")  # the palette's brand colours (the rest are neutrals and text)
# "job": one per job whatever runs it (the brief, uploads); "run": written by a run of the workflow.
Scope = Literal["job", "run"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Job(_Model):
    """The handle every state carries: where the job's files live and how its logo is made."""

    id: str
    bucket: str
    prefix: str  # e.g. "tenants/<t>/kits/<id>"; kit files under "<prefix>/kit/", working files under "<prefix>/work/"
    logo_source: LogoSource = "vector"
    language: str = "en"
    # Versions of the brand (revisions, issue 15): 1 is the first run; a revision names the version it starts
    # from and which stages take that version's work as it is instead of redoing it (the state machine's
    # ChooseLogoSource reads reuse_logo).
    version: int = Field(1, ge=1)
    parent: int | None = None
    changes: dict[str, str] = Field(default_factory=dict)  # what the revision changed (brandkit.revisions.Revision)
    choices: dict[str, str] = Field(default_factory=dict)  # what the version is built from (concept, palette, ...)
    reuse_logo: bool = False
    reuse_palette: bool = False

    def key(self, relkey: str, scope: Scope = "run") -> str:
        """The S3 key of a file of this job, as brandkit.job_files declares it (relkey and scope).

        The one place that knows where a job's files live. Files of the job itself (the brief, uploads) sit
        under the prefix; those a run writes (work/, kit/, kit.zip, failure.json) too for version 1, and
        under "<prefix>/v<n>/" for version n > 1, so every version's files stay as they were.
        """
        if scope == "run" and self.version > 1:
            return f"{self.prefix}/v{self.version}/{relkey}"
        return f"{self.prefix}/{relkey}"

    def at_version(self, version: int) -> Job:
        """This job's handle for another of its versions (a revision reads its parent's files through it)."""
        return self.model_copy(update={"version": version, "parent": None, "changes": {}, "choices": {},
                                        "reuse_logo": False, "reuse_palette": False})

    def at_parent(self) -> Job:
        """The handle of the version this revision starts from. Only a revision reuses or extends a parent's
        work; a first version asked for its parent is a bug in the caller, not a version to guess."""
        if self.parent is None:
            raise ValueError(f"version {self.version} of job {self.id} is not a revision: it has no parent version")
        return self.at_version(self.parent)


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


class FontOption(_Model):
    """A heading + body pairing the brand could use, ranked, with why it fits."""

    id: str  # "<heading>-with-<body>", family names slugged: stable across runs and readable
    rank: int = Field(ge=1)
    heading: FontChoice
    body: FontChoice
    reason: str


class BrandProfile(_Model):
    """The brief interpreted through the Brand Knowledge Graph."""

    company_name: str
    industry: IndustryMatch
    traits: list[tuple[str, float]]  # (trait id, weight), strongest first
    style: list[str]  # normalised style ids
    harmony: Harmony
    hue_families: list[str]  # colour families the graph suggests, strongest first
    avoid_families: list[str] = Field(default_factory=list)
    seed_color: str | None = None  # the brief's primary_color, if any
    script: str  # dominant script of the company name: "Latin", "Han", "Arabic", ...
    fonts: list[FontChoice]  # [heading, body]: the chosen pairing (font_options' first unless a revision chose)
    facts: list[Fact]
    font_options: list[FontOption] = Field(default_factory=list)  # ranked, the chosen one among them
    language: str
    # Icons that depict the industry (depicted_by facts: object "symbol:<set>-<icon>"), strongest first.
    symbols: list[Fact] = Field(default_factory=list)
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


class PaletteOption(_Model):
    """A whole palette the brand could use, ranked, with why it fits."""

    id: str  # "<harmony>-<colour family>", e.g. "analogous-brown": stable across runs and readable
    rank: int = Field(ge=1)
    harmony: str
    lead: str  # key of the colour family the palette's hue comes from
    reason: str
    palette: Palette


class KitOptions(_Model):
    """options.json: every option the run offered, and which the kit was built from."""

    palettes: list[PaletteOption]
    fonts: list[FontOption]
    chosen: dict[Literal["palette", "fonts"], str]


class LogoConcept(_Model):
    id: str  # stable within a job, e.g. "lettermark"
    kind: str  # lettermark, geometric, emblem, wordmark, letter-in-shape, combination, symbol, symbol-in-shape,
    # symbol-combination, traced, imported
    label: str
    engine: Literal["vector", "sdxl", "existing"]
    score: float = 0.0
    # The vector designer's concepts are parametric: re-drawn with the final palette by the render stage.
    spec: dict[str, Any] | None = None
    # Traced or imported concepts are SVG files (text already paths), recoloured by snapping to the palette.
    svg_key: str | None = None  # key relative to the job prefix
    rank: int | None = None  # 1 = the primary; None for a concept the design review rejected
    symbol: dict[str, Any] | None = None  # the icon drawn, if any: set, name, licence, version, package, source
    review: dict[str, Any] | None = None  # the design review's figures (logo/review.py) and why it ranks where it does


class LogoConcepts(_Model):
    engine: Literal["vector", "sdxl", "existing"]
    concepts: list[LogoConcept]
    primary: str  # id of the chosen concept
    colors: list[str] = Field(default_factory=list)  # dominant colours of the logo (hex), to harmonise the palette
    notes: list[str] = Field(default_factory=list)
    rejected: list[LogoConcept] = Field(default_factory=list)  # made, reviewed and not shipped (review says why)

    def symbols(self) -> list[dict[str, Any]]:
        """Credits of the icons the shipped concepts draw, one per icon."""
        return list({(s["set"], s["name"]): s for c in self.concepts if (s := c.symbol)}.values())


class ColorNote(_Model):
    role: str
    hex: str
    why: str


class LogoSystemRecord(_Model):
    """The logo system as RenderAssets leaves it for the guidelines (the files themselves are in kit/logo/)."""

    concept: str  # id of the concept the system was drawn from
    master_svg: str
    variants: dict[str, str]  # variant -> SVG text
    clear_space: float  # in the master SVG's user units
    clear_space_unit: str
    min_sizes: dict[str, float]  # the master's: {"screen_px": ..., "print_mm": ...}


class Rationale(_Model):
    """The written design rationale. Every string here is untrusted downstream (it may come from an LLM)."""

    language: str  # BCP 47: the brief's, or the nearest catalogue's when there is none for it
    # How the language was chosen: {"requested", "used" (catalogue), "reason"} (brandkit.i18n.negotiate)
    language_choice: dict[str, str] = Field(default_factory=dict)
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
    usage: dict[str, Any] = Field(default_factory=dict[str, Any])  # model, input/output tokens, cost_usd (Claude only)
    revision: str = ""  # a revision's kit: what changed and why it still fits (brandkit.rationale.revision)


class Prompt(_Model):
    """One SDXL prompt (brandkit.logo.prompts builds them from the profile)."""

    prompt: str
    negative_prompt: str
    mark_type: str


class SdxlCandidate(_Model):
    index: int
    seed: int
    mark_type: str
    png_key: str  # relative to the job prefix
    svg_key: str
    colors: list[str]  # dominant colours, hex, most used first


class SdxlModelInfo(_Model):
    name: str
    device: str
    dtype: str
    vae: str
    scheduler: str
    few_step: str
    lora: str | None
    attention: str
    resolution: int


class SdxlHostInfo(_Model):
    instance_type: str | None  # from the instance metadata; None off EC2
    lifecycle: str | None  # "spot" or "on-demand"


class SdxlResult(_Model):
    """What the SDXL Batch worker (gpu-jobs/sdxl_worker) leaves for CollectGpuLogo, written last."""

    job_id: str
    complete: bool
    model: SdxlModelInfo
    prompts: list[Prompt]
    seeds: list[int]
    steps: int
    guidance_scale: float
    batch_size: int
    timings: dict[str, float]  # seconds
    candidates: list[SdxlCandidate]
    reused: list[int] = Field(default_factory=list)  # candidates an earlier, interrupted attempt had finished
    host: SdxlHostInfo | None = None  # the instance this attempt ran on (what its GPU seconds cost)
