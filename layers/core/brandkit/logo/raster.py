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


def png(svg: str, width: int, height: int) -> bytes:
    return bytes(resvg_py.svg_to_bytes(svg_string=svg, width=width, height=height, skip_system_fonts=True))


def image(svg: str, width: int, height: int) -> Image.Image:
    img = Image.open(io.BytesIO(png(svg, width, height)))
    img.load()
    if img.size != (width, height):  # resvg keeps the aspect; pad or crop to the exact request
        canvas = Image.new("RGBA", (width, height))
        canvas.paste(img, ((width - img.width) // 2, (height - img.height) // 2))
        img = canvas
    return img.convert("RGBA")


def downscale(img: Image.Image, size: tuple[int, int]) -> Image.Image:
    """Area-averaged reduction on premultiplied alpha (no dark fringes on transparent edges)."""
    if img.size == size:
        return img
    return img.convert("RGBa").resize(size, Image.Resampling.BOX).convert("RGBA")


def encode_png(img: Image.Image) -> bytes:
    out = io.BytesIO()
    img.save(out, "PNG", compress_level=3)
    return out.getvalue()
