"""Nearest palette colour in OKLab without numpy: the logo system recolours a handful of colours, and
keeping numpy (a 57 MB layer) out of every function that renders logos matters more than vector speed."""

from __future__ import annotations

from collections.abc import Sequence

from coloraide import Color


def _oklab(hex_: str) -> tuple[float, ...]:
    return tuple(Color(hex_).convert("oklab").coords())


def nearest_in_palette(colors: Sequence[str], palette: Sequence[str]) -> dict[str, str]:
    """Map each colour to the perceptually nearest palette colour (OKLab distance; the first on a tie)."""
    if not palette:
        raise ValueError("palette is empty")
    pal = [_oklab(p) for p in palette]
    out = {}
    for c in colors:
        lab = _oklab(c)
        i = min(range(len(pal)), key=lambda j: sum((a - b) ** 2 for a, b in zip(lab, pal[j], strict=True)))
        out[c.upper()] = palette[i].upper()
    return out
