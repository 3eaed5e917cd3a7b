"""The restricted logo SVG becomes reportlab vector paths: geometry, paint, transforms, and nothing external."""

from __future__ import annotations

import pytest
from reportlab.graphics.shapes import Path

from brandkit.guidelines.svgdraw import SvgError, parse_logo, parse_transform
from tests.unit.guidelines_fixtures import logo

SVG = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 50">{}</svg>'


def paths(svg: str) -> list[Path]:
    drawing = parse_logo(svg).drawing()
    return list(drawing.contents[0].contents)


def test_every_supported_element_becomes_a_filled_vector_path():
    found = paths(logo())
    assert len(found) == 6  # circle, letter path, 2 rects, polygon, ellipse
    assert all(isinstance(p, Path) and p.points for p in found)
    assert parse_logo(logo()).colours() == ["#1F4E79", "#FFFFFF", "#14171C", "#F2A541", "#2E8B57"]


def test_geometry_lands_where_the_svg_puts_it_with_y_flipped():
    drawing = parse_logo(SVG.format('<rect x="10" y="5" width="20" height="10" fill="red"/>')).drawing(width=200)
    assert (drawing.width, drawing.height) == (200, 100)
    x0, y0, x1, y1 = drawing.getBounds()
    # viewBox 100 x 50 scaled x2; SVG y 5..15 (from the top) is PDF y 70..90 (from the bottom).
    assert (round(x0), round(y0), round(x1), round(y1)) == (20, 70, 60, 90)


def test_group_and_element_transforms_compose():
    svg = SVG.format('<g transform="translate(50 0)"><rect width="10" height="10" transform="scale(2)"/></g>')
    x0, y0, x1, y1 = parse_logo(svg).drawing().getBounds()
    assert (round(x0), round(x1), round(y1 - y0)) == (50, 70, 20)
    t = parse_transform("rotate(90 10 10)")
    assert [round(v, 6) for v in t.transformPoint((20, 10))] == [10, 20]


def test_style_attribute_opacity_and_none_fill():
    (shape,) = paths(
        SVG.format('<g opacity="0.5"><circle r="5" cx="5" cy="5" style="fill:#00ff00;fill-opacity:0.5"/></g>')
    )
    assert shape.fillColor.hexval().upper() == "0X00FF00" and shape.fillOpacity == pytest.approx(0.25)
    (outline,) = paths(SVG.format('<rect width="4" height="4" fill="none" stroke="#000" stroke-width="2"/>'))
    assert outline.fillColor is None and outline.strokeWidth == 2


def test_recolour_maps_every_paint():
    drawing = parse_logo(logo()).drawing(recolour=lambda _: "#123456")
    assert {p.fillColor.hexval() for p in drawing.contents[0].contents} == {"0x123456"}


def test_unsupported_and_external_content_is_ignored_not_fetched():
    svg = SVG.format('<image href="http://169.254.169.254/x.png" width="10" height="10"/>'
                     '<text x="0" y="10">Hi</text><use href="file:///etc/passwd"/><rect width="1" height="1"/>')
    assert len(paths(svg)) == 1


@pytest.mark.parametrize("bad", [
    '<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY x "y">]><svg viewBox="0 0 1 1">&x;</svg>',
    "<svg><rect/>",
    '<html viewBox="0 0 1 1"/>',
    "<svg/>",
    '<svg viewBox="0 0 0 10"/>',
])
def test_malformed_or_dangerous_svg_is_refused(bad):
    with pytest.raises(SvgError):
        parse_logo(bad)
