"""Rasterising SVG with resvg, and the few pixel measures the logo engine needs.

All SVG the engine writes has text as outlines (and an uploaded SVG is rebuilt without text), so resvg runs
with an empty font database: no system font is ever loaded.

The binding is the PyPI package `resvg` (PyO3, MIT; cp311 manylinux2014 wheels, so it loads on the python3.11
Lambda runtime's Amazon Linux 2). It replaced resvg-py, whose PNG encoder was ~95% of its time: the same
resvg drew the kit's twelve social canvases to pixel-identical PNGs in 0.31 s against 1.56 s (2026-12-02).
It renders at the root's own width and height (its transform does not resize the pixmap), so the size asked
for is written into the root <svg> before parsing; the viewBox then scales the drawing to it.
"""

from __future__ import annotations

import io
import re

from PIL import Image
from resvg import render, usvg

_VIEWBOX = re.compile(r'viewBox="([-\d.eE ]+)"')
_ROOT_TAG = re.compile(r"<svg\b[^>]*>")
# width/height attributes of the root tag only: preceded by whitespace, so stroke-width etc. never match
_SIZE_ATTR = re.compile(r"""\s(?:width|height)\s*=\s*(?:"[^"]*"|'[^']*')""")
_IDENTITY = (1.0, 0.0, 0.0, 0.0, 1.0, 0.0)


class RasterError(ValueError):
    """An SVG resvg could not draw (it is malformed, or has no root <svg> element)."""


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


def sized(svg: str, width: int, height: int) -> str:
    """The SVG with its root's width and height set to the pixel size wanted. The viewBox maps the drawing onto
    it (aspect kept, centred: within a pixel of the old scale-to-the-longer-side for a fit_size size); an SVG
    without one keeps its user units, so it is cropped, not scaled."""
    match = _ROOT_TAG.search(svg)
    if not match:
        raise RasterError("the SVG has no <svg> root element")
    tag = _SIZE_ATTR.sub("", match.group(0))
    end = len(tag) - (2 if tag.endswith("/>") else 1)
    tag = f'{tag[:end]} width="{width}" height="{height}"{tag[end:]}'
    return svg[:match.start()] + tag + svg[match.end():]


def _render(svg: str, width: int, height: int) -> bytes:
    options = usvg.Options.default()  # an empty font database (the default loads no system fonts)
    try:
        tree = usvg.Tree.from_str(sized(svg, width, height), options)
        return bytes(render(tree, _IDENTITY))
    except BaseException as exc:  # the binding unwraps parse errors: a Rust panic, a BaseException subclass
        if type(exc).__name__ != "PanicException":
            raise
        raise RasterError(f"resvg could not draw the SVG: {exc}") from None


def _exact(img: Image.Image, width: int, height: int) -> Image.Image:
    """Pad or crop (centred) to exactly width x height (a safeguard: the pixmap is the size asked for)."""
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
