"""Existing-logo import: malicious SVGs are stripped or refused, PNGs are traced."""

from __future__ import annotations

import base64
import io

import pytest
from PIL import Image, ImageDraw

from brandkit.logo.importer import LogoImportError, import_logo, import_logo_report, sanitize_svg, snap_to_palette
from brandkit.logo.svg import unsafe_parts
from tests.unit.logo_fixtures import assert_renderers_agree, svg_problems
from tests.unit.logo_upload_files import ENTITY_SVG, EXTERNAL_HREF_SVG, GARBAGE, SCRIPT_SVG, png, png_bomb, svg

# Each entry: a way to smuggle code or outside requests into an SVG.
MALICIOUS = {
    "script": svg("<script>alert(1)</script>"),
    "script-cdata": svg("<script><![CDATA[fetch('//evil')]]></script>"),
    "onload": svg('<g onload="alert(1)" onclick="alert(2)"><circle cx="5" cy="5" r="4"/></g>'),
    "onload-root": b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10" onload="alert(1)">'
                   b'<rect width="5" height="5" fill="#cc2200"/></svg>',
    "xlink-href-http": svg('<use xlink:href="http://evil.example/sprite.svg#logo"/>'),
    "href-javascript": svg('<a href="javascript:alert(1)"><circle cx="5" cy="5" r="4"/></a>'),
    "image-http": svg('<image href="https://evil.example/track.png" width="10" height="10"/>'),
    "foreignObject": svg('<foreignObject width="10" height="10"><iframe xmlns="http://www.w3.org/1999/xhtml" '
                          'src="https://evil.example"/></foreignObject>'),
    "style-url": svg('<style>rect{fill:url(https://evil.example/x.svg#p)} @import url(https://evil.example/a.css);'
                      '</style><circle cx="5" cy="5" r="4" style="fill:url(http://evil.example/#g);'
                      'background-image:url(https://evil.example/b.png)"/>'),
    "attr-url": svg('<circle cx="5" cy="5" r="4" fill="url(https://evil.example/#g)" '
                     'filter="url(https://evil.example/f.svg#f)"/>'),
    "animate-href": svg('<a><animate attributeName="href" to="javascript:alert(1)"/>'
                         '<set attributeName="onmouseover" to="alert(1)"/><circle r="3"/></a>'),
    "css-expression": svg('<circle cx="5" cy="5" r="4" style="fill:expression(alert(1))"/>'),
}
REFUSED = {
    "billion-laughs": (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
        b'<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>'
        b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"><desc>&lol3;</desc>'
        b'<rect width="1" height="1"/></svg>'
    ),
    "xxe": (
        b'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
        b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"><desc>&xxe;</desc>'
        b'<rect width="1" height="1"/></svg>'
    ),
    "live-text": svg('<text x="10" y="50">ACME</text>'),
    "not-svg": b"<html><body>hi</body></html>",
    "nothing-drawable": b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"><script>alert(1)</script></svg>',
    "no-size": b'<svg xmlns="http://www.w3.org/2000/svg"><rect width="1" height="1"/></svg>',
    "broken": b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"><rect',
}


@pytest.mark.parametrize("name", sorted(MALICIOUS))
def test_malicious_parts_are_stripped(name):
    svg, colors = import_logo(MALICIOUS[name], f"{name}.svg")
    assert svg_problems(svg) == [] and unsafe_parts(svg) == []
    lowered = svg.lower()
    for needle in ("script", "onload", "onclick", "evil", "javascript", "foreignobject", "iframe", "expression",
                   "@import", "animate", "<image"):
        assert needle not in lowered, needle
    assert "#CC2200" in colors  # the honest part of the logo survives


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_dangerous_or_unusable_files_are_refused(name):
    with pytest.raises(LogoImportError):
        import_logo(REFUSED[name], f"{name}.svg")


def test_refusal_messages_say_what_to_do():
    with pytest.raises(LogoImportError, match="outlines"):
        sanitize_svg(REFUSED["live-text"])
    with pytest.raises(LogoImportError, match="DTD"):
        sanitize_svg(REFUSED["billion-laughs"])


def test_design_tool_export_keeps_its_colours_and_renders_the_same():
    exported = b"""<?xml version="1.0" encoding="UTF-8"?>
<!-- Generator: Adobe Illustrator -->
<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 120 60" width="120px" height="60px">
<defs><style>.cls-1{fill:#231f20;}.cls-2{fill:#e30613;} rect{fill:#00ff00}</style>
<linearGradient id="g"><stop offset="0" stop-color="#e30613"/><stop offset="1" stop-color="#231f20"/>
</linearGradient></defs>
<rect class="cls-1" width="50" height="50"/><circle class="cls-2" cx="85" cy="25" r="20"/>
<path d="M0 55H120V60H0Z" fill="url(#g)"/></svg>"""
    report = import_logo_report(exported, "logo.svg")
    assert "fill:#231f20" in report.svg  # class beats element selector
    assert 'fill="url(#g)"' in report.svg  # local references stay
    assert report.colors[:2] == ["#231F20", "#E30613"]  # by area, in the file's own values
    assert_renderers_agree(report.svg, "export")


def test_snap_to_palette_recolours_attributes_styles_and_default_black():
    svg, _ = sanitize_svg(b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10">'
                          b'<rect width="5" height="5" fill="#ff1100"/><rect x="5" width="5" height="5" '
                          b'style="fill:rgb(10,20,200)"/><circle cx="5" cy="8" r="2"/></svg>')
    snapped = snap_to_palette(svg, ["#D00000", "#1030C0", "#202020"])
    assert 'fill="#D00000"' in snapped and "fill:#1030C0" in snapped and 'fill="#202020"' in snapped


def _png_logo() -> bytes:
    img = Image.new("RGB", (160, 160), "white")
    draw = ImageDraw.Draw(img)
    draw.ellipse((20, 20, 140, 140), fill=(200, 30, 40))
    draw.rectangle((60, 60, 100, 100), fill=(20, 40, 120))
    out = io.BytesIO()
    img.save(out, "PNG")
    return out.getvalue()


def test_png_is_traced_to_safe_svg_with_dominant_colours():
    svg, colors = import_logo(_png_logo(), "logo.png")
    assert svg_problems(svg) == [] and "<path" in svg
    assert len(colors) >= 2
    red = colors[0]
    assert int(red[1:3], 16) > 150 and int(red[3:5], 16) < 80  # the red disc dominates


def test_svg_wrapping_a_png_is_traced():
    png = base64.b64encode(_png_logo()).decode()
    wrapped = (f'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
               f'viewBox="0 0 160 160"><image width="160" height="160" xlink:href="data:image/png;base64,{png}"/>'
               f'</svg>').encode()
    report = import_logo_report(wrapped, "logo.svg")
    assert "traced" in report.notes[0] and "<image" not in report.svg and "<path" in report.svg


def test_unknown_file_type_is_refused():
    with pytest.raises(LogoImportError):
        import_logo(b"GIF89a....", "logo.gif")


# --------------------------------------------------------------- uploads that are not what they say (issue 16)

def test_a_png_bomb_is_refused_from_its_header_before_decoding():
    bomb = png_bomb()
    assert len(bomb) < 200_000  # a few tens of KB for 400 M pixels
    before = Image.MAX_IMAGE_PIXELS
    with pytest.raises(LogoImportError, match="20000x20000 pixels"):
        import_logo(bomb, "logo.png")
    assert Image.MAX_IMAGE_PIXELS == before  # the limit is the importer's own, not a changed global


def test_a_png_too_wide_for_its_side_limit_is_refused():
    with pytest.raises(LogoImportError, match="12000x8 pixels"):
        import_logo(png_bomb_wide(), "logo.png")


def png_bomb_wide() -> bytes:
    out = io.BytesIO()
    Image.new("1", (12_000, 8)).save(out, "PNG")
    return out.getvalue()


def test_a_damaged_png_is_refused_with_a_readable_cause():
    data = bytearray(png())
    data[40] ^= 0xFF  # inside IDAT: its CRC no longer matches
    with pytest.raises(LogoImportError, match="not a readable PNG"):
        import_logo(bytes(data), "logo.png")
    with pytest.raises(LogoImportError, match="not a readable PNG"):
        import_logo(png()[:60], "logo.png")  # truncated


@pytest.mark.parametrize(("data", "name", "says"), [
    (png(), "logo.svg", "named .svg but its content is PNG"),
    (svg(), "logo.png", "named .png but its content is SVG"),
    (GARBAGE, "logo.png", "neither a PNG nor an SVG"),
    (GARBAGE, "logo.svg", "neither a PNG nor an SVG"),
    (b"GIF89a" + b"\0" * 64, "logo.png", "neither a PNG nor an SVG"),
])
def test_a_file_that_is_not_what_its_name_says_is_refused(data, name, says):
    with pytest.raises(LogoImportError, match=says):
        import_logo(data, name)


def test_uploaded_svg_with_script_entities_or_external_references():
    svg_out, _ = import_logo(SCRIPT_SVG, "logo.svg")
    assert "script" not in svg_out.lower() and unsafe_parts(svg_out) == []
    with pytest.raises(LogoImportError, match="without DTD or entities"):
        import_logo(ENTITY_SVG, "logo.svg")
    svg_out, _ = import_logo(EXTERNAL_HREF_SVG, "logo.svg")
    assert "evil" not in svg_out and "<image" not in svg_out and unsafe_parts(svg_out) == []


def test_an_uploaded_png_logo_is_traced_with_its_colour():
    svg_out, colors = import_logo(png(), "logo.png")
    assert unsafe_parts(svg_out) == [] and "#CC2200" in [c.upper() for c in colors]
