"""Colour facts every part of the kit shares: WCAG 2.x contrast and the distance between two hues.

A bottom module (coloraide only), so that the logo, guidelines, social and rationale code measure colour the
way the palette does without importing the palette package (and, through it, the knowledge graph).
"""

from __future__ import annotations

from functools import lru_cache

from coloraide import Color


@lru_cache(maxsize=4096)
def luminance(hex_: str) -> float:
    """WCAG relative luminance (coloraide's, of the sRGB colour)."""
    return Color(hex_).luminance()


def contrast(fg: str, bg: str) -> float:
    """WCAG 2.x contrast ratio of two hex colours."""
    a, b = luminance(fg), luminance(bg)
    return (max(a, b) + 0.05) / (min(a, b) + 0.05)


def hue_distance(a: float, b: float) -> float:
    """Degrees between two hues around the circle (0..180)."""
    d = abs(a - b) % 360
    return min(d, 360 - d)
