"""Social canvases for right-to-left brands: the large initial sits where an Arabic or Hebrew reader starts,
at the right edge; for left-to-right brands it stays at the left."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from fontTools.pens.boundsPen import BoundsPen
from fontTools.svgLib.path import parse_path

from brandkit.logo.designer import design_concepts
from brandkit.logo.system import build_logo_system
from brandkit.social import canvases, compose
from tests.unit.logo_fixtures import palette, profile

PALETTE = palette()


def _initial_x_range(svg: str) -> tuple[float, float]:
    """Horizontal extent of the faint initial (the only path drawn at 7% opacity)."""
    root = ET.fromstring(svg)
    path = next(p for p in root.iter() if p.tag.endswith("path") and p.get("fill-opacity") == "0.07")
    pen = BoundsPen(None)
    parse_path(path.get("d"), pen)
    x0, _y0, x1, _y1 = pen.bounds
    return x0, x1


@pytest.mark.parametrize("name, script, language, font, rtl", [
    ("Northwind Coffee", "Latin", "en", "Inter", False),
    ("نخلة", "Arabic", "ar", "Noto Kufi Arabic", True),
    ("תמר", "Hebrew", "he", "Arimo", True),
    ("Noor", "Latin", "ar", "Inter", True),  # a Latin name in an Arabic kit: the reader still starts at the right
])
def test_the_initial_sits_where_reading_starts(name, script, language, font, rtl):
    prof = profile(name, style=["playful"], heading=font, body=font, script=script).model_copy(
        update={"language": language})
    system = build_logo_system(design_concepts(prof, PALETTE).concepts[0], prof, PALETTE)
    canvas = next(c for c in canvases() if c.name == "feed-og")
    low, high = _initial_x_range(compose(canvas, prof, PALETTE, system))
    if rtl:
        assert high == pytest.approx(canvas.width * 0.98, abs=canvas.width * 0.02) and low > canvas.width * 0.3
    else:
        assert low == pytest.approx(canvas.width * 0.02, abs=canvas.width * 0.02) and high < canvas.width * 0.7
