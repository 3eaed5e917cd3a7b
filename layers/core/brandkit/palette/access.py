"""Accessibility: the text pairs the kit uses (WCAG 2.x AA by construction), the contrast matrix, and
colour-vision-deficiency checks of the brand colours."""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache
from itertools import combinations

from brandkit.artifacts import BRAND_ROLES, TextPair
from brandkit.colour import contrast
from brandkit.palette.colour import BrandColor, Tone, reach_contrast

AA_TEXT, AA_LARGE = 4.5, 3.0
CVD_KINDS = ("protan", "deutan", "tritan")
# Below this OKLab distance two brand colours are hard to tell apart at a glance (about five
# just-noticeable differences of 0.02).
CVD_MIN_DELTA = 0.1
CVD_STEP, CVD_MAX_SHIFT = 0.03, 0.18


@dataclass(frozen=True)
class PairSpec:
    foreground: str
    background: str
    usage: str
    large_text: bool = False

    @property
    def required(self) -> float:
        return AA_LARGE if self.large_text else AA_TEXT


# Every foreground/background combination the kit's own files use (tokens, guidelines, social assets).
# Order matters: brand colours are settled first, on-primary is chosen against the final primary.
PAIRS = (
    PairSpec("primary", "background", "headings, icons and UI components in the primary colour", True),
    PairSpec("primary", "surface", "headings, icons and UI components on cards and panels", True),
    PairSpec("secondary", "background", "large headings and graphic elements in the secondary colour", True),
    PairSpec("accent", "background", "links and highlighted text"),
    PairSpec("accent", "surface", "links on cards and panels"),
    PairSpec("text", "background", "body text"),
    PairSpec("text", "surface", "body text on cards and panels"),
    PairSpec("text-muted", "background", "captions, metadata and secondary text"),
    PairSpec("text-muted", "surface", "captions and secondary text on cards and panels"),
    PairSpec("on-primary", "primary", "button labels and text on primary-coloured fills"),
    PairSpec("neutral-50", "neutral-900", "inverse sections (footer, dark bands)"),
)


class Colours:
    """role -> hex, with the OKLCH tone each hex was made from (for lightness fixes)."""

    def __init__(self, tones: dict[str, Tone], fixed: dict[str, str]) -> None:
        self.tones = dict(tones)
        self.hex = {role: fixed.get(role, tone.hex) for role, tone in tones.items()}
        for role, value in fixed.items():
            self.tones[role] = Tone.of(value)

    def set(self, role: str, tone: Tone) -> None:
        self.tones[role] = tone
        self.hex[role] = tone.hex


def choose_on_primary(colours: Colours) -> None:
    """White or the darkest neutral, whichever needs the smaller lightness change to reach 4.5:1 on the
    primary (none when it already does); one of white and black always reaches it."""
    primary = colours.hex["primary"]

    def cost(tone: Tone) -> tuple[float, float]:
        fix = reach_contrast(tone, primary, AA_TEXT)
        return (abs(fix.delta) if fix else 0.0), -contrast(tone.hex, primary)

    colours.set("on-primary", min((Tone.of("#FFFFFF"), colours.tones["neutral-900"]), key=cost))


def enforce_pairs(colours: Colours, pairs: tuple[PairSpec, ...] = PAIRS) -> list[str]:
    """Move each failing foreground's lightness as little as it takes; say what changed."""
    notes = []
    for spec in pairs:
        if spec.foreground == "on-primary" and "on-primary" not in colours.hex:
            choose_on_primary(colours)
        fix = reach_contrast(colours.tones[spec.foreground], colours.hex[spec.background], spec.required)
        if fix is None:
            continue
        before = colours.hex[spec.foreground]
        colours.set(spec.foreground, fix.after)
        notes.append(
            f"{spec.foreground}: {before} -> {colours.hex[spec.foreground]} (OKLCH lightness {fix.before.l:.3f} -> "
            f"{fix.after.l:.3f}) so that it reaches {fix.ratio:.2f}:1 on {spec.background} "
            f"({spec.usage}; WCAG AA needs {spec.required:g}:1)"
        )
    failing = [s for s in pairs if contrast(colours.hex[s.foreground], colours.hex[s.background]) < s.required]
    if failing:  # a later fix moved an earlier pair's background: settle again
        return notes + enforce_pairs(colours, tuple(failing))
    return notes


def text_pairs(hexes: dict[str, str], pairs: tuple[PairSpec, ...] = PAIRS) -> list[TextPair]:
    return [
        TextPair(foreground=s.foreground, background=s.background, usage=s.usage, large_text=s.large_text,
                 ratio=_floor2(contrast(hexes[s.foreground], hexes[s.background])))
        for s in pairs
    ]


def contrast_matrix(hexes: dict[str, str]) -> dict[str, dict[str, float]]:
    return {fg: {bg: round(contrast(hexes[fg], hexes[bg]), 2) for bg in hexes} for fg in hexes}


def _floor2(value: float) -> float:
    """Ratios are reported rounded down, so that a listed 4.5 is never really 4.49."""
    return math.floor(value * 100) / 100


@lru_cache(maxsize=4096)
def seen_as(hex_: str, kind: str) -> tuple[float, float, float]:
    """OKLab of a colour as seen normally or with full dichromacy (Brettel, Viénot & Mollon 1997 for
    protan, deutan and tritan), clipped to the display's gamut."""
    color = BrandColor(hex_)
    if kind != "normal":
        color = color.filter(kind, method="brettel", out_space="srgb").clip()
    lightness, a, b = color.convert("oklab").coords()
    return lightness, a, b


def cvd_report(hexes: dict[str, str]) -> dict[str, float]:
    """Smallest OKLab distance (deltaE OK) among primary, secondary and accent, normally and per dichromacy."""
    return {kind: _min_distance([seen_as(hexes[r], kind) for r in BRAND_ROLES]) for kind in ("normal", *CVD_KINDS)}


def _min_distance(labs: list[tuple[float, float, float]]) -> float:
    return round(min(math.dist(a, b) for a, b in combinations(labs, 2)), 4)


def separate_for_cvd(colours: Colours, theme: str, rounds: int = 2) -> list[str]:
    """If two brand colours merge under a colour-vision deficiency, move the accent's (else the secondary's)
    lightness away from the background, which keeps their contrast pairs passing, by the smallest step
    that separates them; if none does within the bound, take the step that separates them most, and try
    once more (the primary is the brand's colour and is never moved for this)."""
    notes: list[str] = []
    for _ in range(rounds):
        note = _separate_once(colours, theme)
        if not note:
            break
        notes.append(note)
    return notes


def _separate_once(colours: Colours, theme: str) -> str | None:
    report = cvd_report(colours.hex)
    worst = min(report, key=lambda kind: report[kind])
    if report[worst] >= CVD_MIN_DELTA:
        return None
    direction = -1.0 if theme == "light" else 1.0
    best: tuple[float, str, Tone] | None = None
    for role in ("accent", "secondary"):
        start = colours.tones[role]
        for step in range(1, int(round(CVD_MAX_SHIFT / CVD_STEP)) + 1):
            candidate = start.with_l(start.l + direction * step * CVD_STEP)
            reached = min(cvd_report(dict(colours.hex, **{role: candidate.hex})).values())
            if reached >= CVD_MIN_DELTA:
                return _cvd_note(colours, role, candidate, worst, report[worst], reached)
            if best is None or reached > best[0] + 1e-9:
                best = (reached, role, candidate)
    if best is not None and best[0] >= report[worst] + 0.02:
        return _cvd_note(colours, best[1], best[2], worst, report[worst], best[0])
    return None


def _cvd_note(colours: Colours, role: str, tone: Tone, kind: str, before_delta: float, after_delta: float) -> str:
    before_hex, before_l = colours.hex[role], colours.tones[role].l
    colours.set(role, tone)
    return (f"{role}: {before_hex} -> {tone.hex} (OKLCH lightness {before_l:.3f} -> {tone.l:.3f}) so that primary, "
            f"secondary and accent stay distinguishable with {kind} colour vision (minimum OKLab distance "
            f"{before_delta:.3f} -> {after_delta:.3f}; aim {CVD_MIN_DELTA})")
