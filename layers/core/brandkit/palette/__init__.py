"""The brand palette: designed in OKLCH from the brand profile (and the logo's colours), fitted to sRGB,
accessible by construction (WCAG 2.x AA for every text pair the kit uses), checked for colour-vision
deficiencies, and deterministic: the same profile always gives the same palette.

Every run offers a few palette options (options.py); the kit uses the first unless a choice names another."""

from __future__ import annotations

from brandkit.artifacts import BrandProfile, Palette, PaletteOption
from brandkit.bkg import BrandGraph, default_graph
from brandkit.errors import OptionNotOffered
from brandkit.palette.access import PAIRS
from brandkit.palette.assemble import ROLES, assemble, leading_logo_colours
from brandkit.palette.options import OPTION_COUNT
from brandkit.palette.options import palette_options as _options

__all__ = ["ROLES", "PAIRS", "OPTION_COUNT", "build_palette", "palette_options", "choose_option"]


def build_palette(profile: BrandProfile, logo_colors: list[str] | None = None, *,
                  graph: BrandGraph | None = None, option: str | None = None) -> Palette:
    """The palette for a profile: its first option, or the option whose id is `option` (OptionNotOffered
    if the run offers none with that id). `logo_colors` are a traced or imported logo's dominant colours
    (hex); a logo drawn with this profile's own palette (the vector designer's concepts) changes nothing:
    the palette is a fixed point of its own colours."""
    graph = graph or default_graph()
    if option is None:  # the first option, without building the others
        return assemble(profile, leading_logo_colours(profile, logo_colors, graph), graph)[0]
    return choose_option(palette_options(profile, logo_colors, graph=graph), option).palette


def palette_options(profile: BrandProfile, logo_colors: list[str] | None = None, *,
                    graph: BrandGraph | None = None) -> list[PaletteOption]:
    """The run's palette options, ranked; the first is `build_palette(profile, logo_colors)`."""
    graph = graph or default_graph()
    return _options(profile, leading_logo_colours(profile, logo_colors, graph), graph)


def choose_option(options: list[PaletteOption], option: str) -> PaletteOption:
    for candidate in options:
        if candidate.id == option:
            return candidate
    raise OptionNotOffered("palette", option, [o.id for o in options])
