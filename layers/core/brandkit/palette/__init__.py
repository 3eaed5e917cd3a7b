"""The brand palette: designed in OKLCH from the brand profile (and the logo's colours), fitted to sRGB,
accessible by construction (WCAG 2.x AA for every text pair the kit uses), checked for colour-vision
deficiencies, and deterministic: the same profile always gives the same palette."""

from __future__ import annotations

from brandkit.artifacts import BrandProfile, Palette, PaletteColor
from brandkit.bkg import BrandGraph, default_graph
from brandkit.palette.access import (
    PAIRS,
    Colours,
    choose_on_primary,
    contrast_matrix,
    cvd_report,
    enforce_pairs,
    separate_for_cvd,
    text_pairs,
)
from brandkit.palette.colour import Tone, cmyk, oklch, rgb
from brandkit.palette.design import Designer
from brandkit.palette.naming import colour_name

__all__ = ["ROLES", "PAIRS", "build_palette"]

ROLES = (
    "primary", "secondary", "accent",
    "neutral-900", "neutral-800", "neutral-700", "neutral-600", "neutral-500",
    "neutral-400", "neutral-300", "neutral-200", "neutral-100", "neutral-50",
    "background", "surface", "text", "text-muted", "on-primary",
)


def build_palette(profile: BrandProfile, logo_colors: list[str] | None = None, *,
                  graph: BrandGraph | None = None) -> Palette:
    """The palette for a profile; `logo_colors` are a traced or imported logo's dominant colours (hex).

    A logo drawn with this profile's own palette (the vector designer's concepts) changes nothing: the
    palette is a fixed point of its own colours."""
    graph = graph or default_graph()
    if logo_colors:
        own = _build(profile, None, graph)
        if {c.strip().upper() for c in logo_colors} <= {c.hex for c in own.colors}:
            return own
    return _build(profile, logo_colors, graph)


def _build(profile: BrandProfile, logo_colors: list[str] | None, graph: BrandGraph) -> Palette:
    design = Designer(profile, graph, logo_colors).design()
    colours = Colours(design.tones, design.fixed)
    adjustments = list(design.notes)
    adjustments += enforce_pairs(colours, PAIRS[:-2])  # brand colours, text and muted text first
    choose_on_primary(colours)
    adjustments += enforce_pairs(colours, PAIRS[-2:])
    adjustments += separate_for_cvd(colours, design.theme)
    hexes = {role: colours.hex[role] for role in ROLES}
    return Palette(
        harmony=profile.harmony,
        colors=[_color(role, hexes[role]) for role in ROLES],
        text_pairs=text_pairs(hexes),
        adjustments=adjustments,
        contrast_matrix=contrast_matrix(hexes),
        cvd=cvd_report(hexes),
    )


def _color(role: str, hex_: str) -> PaletteColor:
    return PaletteColor(role=role, hex=hex_, rgb=rgb(hex_), oklch=oklch(hex_), cmyk=cmyk(hex_),
                        name=colour_name(Tone.of(hex_)))
