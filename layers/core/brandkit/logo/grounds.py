"""The backgrounds a logo variant is drawn for, and the palette's colours made to read on each.

Every lockup ships for a light and a dark ground, whatever the palette's theme. On its ground the
name reaches NAME_CONTRAST (a name is read, like text) and every other element of the mark
GRAPHIC_CONTRAST (WCAG 1.4.11, non-text contrast). A brand colour that falls short keeps its hue and
chroma and moves in lightness just far enough (the palette's own `reach_contrast`), so a yellow brand
gets a mustard mark on white and its own yellow on the dark ground.
"""

from __future__ import annotations

from dataclasses import dataclass

from brandkit.artifacts import Palette
from brandkit.palette.colour import Tone, contrast, reach_contrast

from . import art as artmod

NAME_CONTRAST = 4.5
GRAPHIC_CONTRAST = 3.0
INK_DARK, INK_LIGHT = "#111111", "#FFFFFF"


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
    light = [h for h in palette_hexes(palette, ("background", "neutral-50", "surface")) if Tone.of(h).l >= 0.9]
    dark = [h for h in palette_hexes(palette, ("neutral-900", "background", "text")) if Tone.of(h).l <= 0.3]
    return Ground("light", (light or [INK_LIGHT])[0]), Ground("dark", (dark or [INK_DARK])[0])


def readable(color: str, background: str, required: float) -> str:
    """`color`, or the nearest lightness of its hue that reaches `required`:1 on `background`."""
    fix = reach_contrast(Tone.of(color), background, required)
    return color.upper() if fix is None else fix.after.hex


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
