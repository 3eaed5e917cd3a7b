"""The backgrounds a logo variant is drawn for, and the palette's colours made to read on each.

Every lockup ships for a light and a dark ground, whatever the palette's theme. On its ground the
name reaches NAME_CONTRAST (a name is read, like text) and every other element of the mark
GRAPHIC_CONTRAST (WCAG 1.4.11, non-text contrast). A brand colour that falls short keeps its hue and
chroma and moves in OKLCH lightness just far enough, so a yellow brand gets a mustard mark on white
and its own yellow on the dark ground. (The same search as the palette's `reach_contrast`, written
against coloraide here: the logo stages must not import brandkit.palette, which opens the graph.)
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from coloraide import Color

from brandkit.artifacts import Palette
from brandkit.colour import contrast

from . import art as artmod

NAME_CONTRAST = 4.5
GRAPHIC_CONTRAST = 3.0
INK_DARK, INK_LIGHT = "#111111", "#FFFFFF"
MARGIN = 0.02  # kept above a threshold, so that another tool's rounding cannot flip the verdict
BISECT_STEPS = 12  # a lightness step of 1/4096 of the search range: far below one 8-bit sRGB level


@dataclass(frozen=True)
class Ground:
    name: str  # "light" or "dark"
    background: str  # hex


def palette_hexes(palette: Palette, roles: tuple[str, ...]) -> list[str]:
    """The hexes of those roles the palette has, in order."""
    out = []
    for role in roles:
        try:
            out.append(palette.hex(role))
        except KeyError:
            continue
    return out


def grounds(palette: Palette) -> tuple[Ground, Ground]:
    """The lightest and the darkest ground the palette offers (white and near-black when it has none)."""
    light = [h for h in palette_hexes(palette, ("background", "neutral-50", "surface")) if _lightness(h) >= 0.9]
    dark = [h for h in palette_hexes(palette, ("neutral-900", "background", "text")) if _lightness(h) <= 0.3]
    return Ground("light", (light or [INK_LIGHT])[0]), Ground("dark", (dark or [INK_DARK])[0])


def _lightness(hex_: str) -> float:
    return Color(hex_).convert("oklch")["lightness"]


def _with_lightness(hex_: str, lightness: float) -> str:
    return Color(hex_).convert("oklch").set("lightness", lightness).convert("srgb").fit().to_string(hex=True).upper()


@lru_cache(maxsize=1024)  # a kit asks the same few (colour, ground) pairs for every variant and concept
def readable(color: str, background: str, required: float) -> str:
    """`color`, or the nearest lightness of its hue that reaches `required`:1 on `background`."""
    if contrast(color, background) >= required:
        return color.upper()
    start = _lightness(color)

    def passes(lightness: float) -> bool:
        return contrast(_with_lightness(color, lightness), background) >= required + MARGIN

    options = []
    for end in (0.0, 1.0):  # darker, lighter
        if not passes(end):
            continue
        fails, ok = start, end
        for _ in range(BISECT_STEPS):
            mid = (fails + ok) / 2
            fails, ok = (fails, mid) if passes(mid) else (mid, ok)
        options.append(ok)
    if not options:
        return max((INK_DARK, INK_LIGHT), key=lambda ink: contrast(ink, background))
    return _with_lightness(color, min(options, key=lambda lightness: abs(lightness - start)))


def text_on(palette: Palette, background: str) -> str:
    """The name's colour: the first of the palette's text colours that reads on the ground, else ink."""
    for hex_ in palette_hexes(palette, ("text", "neutral-900", "neutral-50", "background")):
        if contrast(hex_, background) >= NAME_CONTRAST:
            return hex_
    return max((INK_DARK, INK_LIGHT), key=lambda ink: contrast(ink, background))


def colors_on(palette: Palette, ground: Ground, name_roles: frozenset[str] = frozenset()) -> dict[str, str]:
    """Role -> colour for full-colour artwork on the ground; `name_roles` draw (part of) the name, so they
    read as text must (a wordmark set in the brand colour, a first letter in the accent)."""
    out = {}
    for role, hex_ in artmod.full_colors(palette).items():
        if role == "text":
            out[role] = text_on(palette, ground.background)
        else:
            required = NAME_CONTRAST if role in name_roles else GRAPHIC_CONTRAST
            out[role] = readable(hex_, ground.background, required)
    return out


def inverse_ground(palette: Palette) -> tuple[str, str]:
    """(background, ink) of the one-colour inverse variant: the primary, moved in lightness if need be,
    so that the ink (white or near-black) reads on it as a name must."""
    ink = artmod.on_primary(palette)
    return readable(palette.hex("primary"), ink, NAME_CONTRAST), ink
