"""Rasterising SVG with resvg, and the few pixel measures the logo engine needs.

All SVG the engine writes has text as outlines, so resvg runs without any system fonts.
"""

from __future__ import annotations

import io
import re

import resvg_py
from PIL import Image

_VIEWBOX = re.compile(r'viewBox="([-\d.eE ]+)"')


def aspect(svg: str) -> float:
    """Width / height of an SVG from its viewBox (our SVGs always have one)."""
    match = _VIEWBOX.search(svg)
    if not match:
        return 1.0
    _, _, w, h = (float(v) for v in match.group(1).split())
    return w / h if h else 1.0


def fit_size(svg: str, longest: int) -> tuple[int, int]:
    """Pixel size with the longer side `longest` and the SVG's aspect ratio (at least 1 px)."""
    a = aspect(svg)
    if a >= 1:
        return longest, max(1, round(longest / a))
    return max(1, round(longest * a)), longest


def _render(svg: str, width: int, height: int) -> bytes:
    # Only the longer side is passed: given both, resvg fits inside them and may lose a pixel.
    if width >= height:
        return bytes(resvg_py.svg_to_bytes(svg_string=svg, skip_system_fonts=True, width=width))
    return bytes(resvg_py.svg_to_bytes(svg_string=svg, skip_system_fonts=True, height=height))


def _exact(img: Image.Image, width: int, height: int) -> Image.Image:
    """Pad or crop (centred) to exactly width x height; resvg's rounding may differ by a pixel."""
    if img.size == (width, height):
        return img
    canvas = Image.new("RGBA", (width, height))
    canvas.paste(img, ((width - img.width) // 2, (height - img.height) // 2))
    return canvas


def image(svg: str, width: int, height: int) -> Image.Image:
    img = Image.open(io.BytesIO(_render(svg, width, height)))
    img.load()
    return _exact(img.convert("RGBA"), width, height)


def png(svg: str, width: int, height: int) -> bytes:
    """PNG of exactly width x height (resvg's own encoding unless a pixel had to be added)."""
    data = _render(svg, width, height)
    img = Image.open(io.BytesIO(data))
    if img.size == (width, height):
        return data
    img.load()
    return encode_png(_exact(img.convert("RGBA"), width, height))


def encode_png(img: Image.Image) -> bytes:
    out = io.BytesIO()
    img.save(out, "PNG", compress_level=3)
    return out.getvalue()
