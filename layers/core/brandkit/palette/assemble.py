"""One palette from a profile: designed (design.py), made accessible (access.py), named and described."""

from __future__ import annotations

from brandkit.artifacts import BrandProfile, Palette, PaletteColor
from brandkit.bkg import BrandGraph
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
from brandkit.palette.design import Design, Designer
from brandkit.palette.naming import colour_name

ROLES = (
    "primary", "secondary", "accent",
    "neutral-900", "neutral-800", "neutral-700", "neutral-600", "neutral-500",
    "neutral-400", "neutral-300", "neutral-200", "neutral-100", "neutral-50",
    "background", "surface", "text", "text-muted", "on-primary",
)


def leading_logo_colours(profile: BrandProfile, logo_colors: list[str] | None, graph: BrandGraph) -> list[str] | None:
    """The logo colours that shape the palette: none when the logo is drawn in the profile's own palette
    (the vector designer's concepts), whose colours follow the palette rather than lead it."""
    if logo_colors:
        own = assemble(profile, None, graph)[0]
        if {c.strip().upper() for c in logo_colors} <= {c.hex for c in own.colors}:
            return None
    return logo_colors or None


def assemble(profile: BrandProfile, logo_colors: list[str] | None, graph: BrandGraph) -> tuple[Palette, Design]:
    """The palette and the design it was made from (where its primary and hue came from)."""
    design = Designer(profile, graph, logo_colors).design()
    colours = Colours(design.tones, design.fixed)
    adjustments = list(design.notes)
    adjustments += enforce_pairs(colours, PAIRS[:-2])  # brand colours, text and muted text first
    choose_on_primary(colours)
    adjustments += enforce_pairs(colours, PAIRS[-2:])
    adjustments += separate_for_cvd(colours, design.theme)
    hexes = {role: colours.hex[role] for role in ROLES}
    palette = Palette(
        harmony=profile.harmony,
        colors=[_color(role, hexes[role]) for role in ROLES],
        text_pairs=text_pairs(hexes),
        adjustments=adjustments,
        contrast_matrix=contrast_matrix(hexes),
        cvd=cvd_report(hexes),
    )
    return palette, design


def _color(role: str, hex_: str) -> PaletteColor:
    return PaletteColor(role=role, hex=hex_, rgb=rgb(hex_), oklch=oklch(hex_), cmyk=cmyk(hex_),
                        name=colour_name(Tone.of(hex_)))
