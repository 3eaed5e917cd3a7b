"""brandkit.logo.raster: exact pixel sizes from the viewBox, no system fonts, a clear error for bad SVG."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from brandkit.logo import raster

WIDE = ('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="5" viewBox="0 0 10 5">'
        '<rect width="5" height="5" fill="#ff0000" stroke-width="3"/></svg>')


def test_renders_at_the_size_asked_whatever_the_root_says():
    img = raster.image(WIDE, 200, 100)
    assert img.size == (200, 100)
    assert img.getpixel((50, 50)) == (255, 0, 0, 255) and img.getpixel((150, 50))[3] == 0
    assert Image.open(io.BytesIO(raster.png(WIDE, 64, 32))).size == (64, 32)


def test_only_the_root_size_is_rewritten():
    out = raster.sized(WIDE, 40, 20)
    assert out.startswith('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 5" width="40" height="20">')
    assert '<rect width="5" height="5" fill="#ff0000" stroke-width="3"/>' in out


def test_another_aspect_is_fitted_and_centred():
    img = raster.image(WIDE, 100, 100)  # the 2:1 drawing, 100 x 50, centred in the square
    assert img.size == (100, 100)
    assert img.getpixel((25, 10))[3] == 0 and img.getpixel((25, 50)) == (255, 0, 0, 255)


def test_no_system_font_is_loaded():
    """Text is drawn as outlines by the engine; a <text> element draws nothing rather than a system face."""
    svg = ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 200 60">'
           '<text x="10" y="40" font-size="40" font-family="sans-serif">Hello</text></svg>')
    assert raster.image(svg, 200, 60).getbbox() is None


@pytest.mark.parametrize("bad", ["<svg", "not svg at all", '<svg xmlns="http://www.w3.org/2000/svg"><g></svg>'])
def test_malformed_svg_is_a_clear_error(bad):
    with pytest.raises(raster.RasterError, match="SVG"):
        raster.image(bad, 10, 10)
