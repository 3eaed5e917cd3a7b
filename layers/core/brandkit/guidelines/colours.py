"""Colour facts shown in the guidelines: WCAG contrast grades and colour-vision-deficiency simulation."""

from __future__ import annotations

from functools import lru_cache

from coloraide import Color

from brandkit.artifacts import Palette

# Roles shown in the contrast matrix, in this order, when the palette has them.
MATRIX_ROLES = ("background", "surface", "text", "text-muted", "primary", "on-primary", "secondary", "accent")


def grade(ratio: float) -> str:
    """WCAG 2.x level for normal text (AA large: 3:1 is enough only for large or bold text)."""
    if ratio >= 7:
        return "AAA"
    if ratio >= 4.5:
        return "AA"
    if ratio >= 3:
        return "AA large"
    return "fail"


@lru_cache(maxsize=1024)
def simulate(hex_colour: str, kind: str) -> str:
    """How hex_colour looks with a full (dichromat) deficiency of `kind` (coloraide's Brettel/Viénot filters)."""
    return Color(hex_colour).filter(kind).convert("srgb").fit().to_string(hex=True).upper()


def matrix_roles(palette: Palette) -> list[str]:
    have = {c.role for c in palette.colors}
    roles = [r for r in MATRIX_ROLES if r in have]
    return roles or [c.role for c in palette.colors[:8]]


@lru_cache(maxsize=1024)
def rotate_hue(hex_colour: str, degrees: float) -> str:
    colour = Color(hex_colour).convert("oklch")
    colour["hue"] = (colour["hue"] if colour["hue"] == colour["hue"] else 0) + degrees
    colour["chroma"] = max(colour["chroma"], 0.12)
    return colour.convert("srgb").fit().to_string(hex=True).upper()


@lru_cache(maxsize=1024)
def with_lightness(hex_colour: str, lightness: float) -> str:
    colour = Color(hex_colour).convert("oklch")
    colour["lightness"] = lightness
    return colour.convert("srgb").fit().to_string(hex=True).upper()


@lru_cache(maxsize=1024)
def is_light(hex_colour: str) -> bool:
    return Color(hex_colour).convert("oklch")["lightness"] > 0.8


@lru_cache(maxsize=1024)
def tint(hex_colour: str, ground: str, share: float) -> str:
    """hex_colour laid thinly over ground (share of it, mixed in Oklab): a pale wash of the brand colour that keeps
    its hue without the saturated glare a lightened colour keeps."""
    return Color(ground).mix(hex_colour, share, space="oklab").convert("srgb").fit().to_string(hex=True).upper()
