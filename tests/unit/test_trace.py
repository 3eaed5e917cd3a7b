"""Raster logo -> SVG: background removal, OKLab colour reduction, palette snapping, safe vtracer output."""

import io
import xml.etree.ElementTree as ET

import numpy as np
import pytest
from coloraide import Color
from PIL import Image, ImageDraw, ImageFilter

from brandkit.logo import trace

BLUE, ORANGE, PAPER = (30, 80, 200), (240, 160, 20), (250, 249, 245)


def flat_logo(size=256, bg=PAPER, noise=3, blur=1.0) -> Image.Image:
    """What SDXL gives at best: a two-colour mark on a plain background, soft edges, a little noise."""
    img = Image.new("RGB", (size, size), bg)
    draw = ImageDraw.Draw(img)
    draw.ellipse((size * 0.2, size * 0.2, size * 0.8, size * 0.8), fill=BLUE)
    draw.rectangle((size * 0.4, size * 0.4, size * 0.6, size * 0.6), fill=ORANGE)
    img = img.filter(ImageFilter.GaussianBlur(blur))
    arr = np.asarray(img).astype(int) + np.random.default_rng(1).integers(-noise, noise + 1, (size, size, 3))
    return Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8))


def png_bytes(img: Image.Image) -> bytes:
    buf = io.BytesIO()
    img.save(buf, "PNG")
    return buf.getvalue()


def delta_e(a: str, b: str) -> float:
    return Color(a).delta_e(Color(b), method="ok")


def test_oklab_matches_coloraide():
    rng = np.random.default_rng(0)
    rgb = rng.integers(0, 256, (50, 3))
    ours = trace.srgb_to_oklab(rgb)
    ref = np.array([Color("srgb", list(c / 255)).convert("oklab").coords() for c in rgb])
    assert np.abs(ours - ref).max() < 1e-3


def test_background_estimated_from_the_border():
    bg, share = trace.estimate_background(flat_logo())
    assert delta_e(bg, "#FAF9F5") < 0.02 and share > 0.9
    transparent = Image.new("RGBA", (64, 64), (0, 0, 0, 0))
    assert trace.estimate_background(transparent) is None


def test_remove_background_makes_the_border_transparent_and_keeps_the_mark():
    out = np.asarray(trace.remove_background(flat_logo()))
    assert out[:10, :10, 3].max() == 0
    assert out[128, 128, 3] == 255 and out[70, 128, 3] == 255  # orange centre, blue ring
    # dark background works the same way
    dark = np.asarray(trace.remove_background(flat_logo(bg=(12, 12, 20))))
    assert dark[:10, :10, 3].max() == 0 and dark[70, 128, 3] == 255


def test_existing_transparency_is_kept():
    img = Image.new("RGBA", (64, 64), (0, 0, 0, 0))
    ImageDraw.Draw(img).rectangle((16, 16, 48, 48), fill=(255, 255, 255, 255))  # white mark on transparency
    out = np.asarray(trace.remove_background(img))
    assert out[32, 32, 3] == 255 and out[0, 0, 3] == 0


def test_reduce_colors_finds_the_flat_colours_not_the_edge_blends():
    flat, colors = trace.reduce_colors(trace.remove_background(flat_logo()), k=4)
    assert len(colors) == 2
    assert delta_e(colors[0], "#1E50C8") < 0.02 and delta_e(colors[1], "#F0A014") < 0.02  # most used first
    arr = np.asarray(flat)
    assert set(np.unique(arr[..., 3])) == {0, 255}
    visible = {tuple(p) for p in arr[arr[..., 3] == 255][:, :3]}
    assert len(visible) == 2


def test_dominant_colors_ignore_transparent_pixels_and_respect_k():
    img = Image.new("RGBA", (60, 60), (255, 0, 0, 0))
    draw = ImageDraw.Draw(img)
    for i, colour in enumerate([(10, 120, 60), (200, 30, 90), (250, 220, 40), (20, 20, 20)]):
        draw.rectangle((0, i * 15, 59, i * 15 + 14 - i * 2), fill=colour + (255,))
    five = trace.dominant_colors(img, 5)
    assert len(five) == 4 and five[0] == "#0A783C"
    assert len(trace.dominant_colors(img, 2)) == 2
    with pytest.raises(trace.TraceError):
        trace.dominant_colors(Image.new("RGBA", (8, 8)), 3)


def test_snap_to_palette_uses_perceptual_distance():
    palette = ["#102A6B", "#F2A93B", "#FFFFFF"]
    assert trace.nearest_in_palette(["#1E50C8", "#F0A014"], palette) == {"#1E50C8": "#102A6B", "#F0A014": "#F2A93B"}
    flat, _ = trace.reduce_colors(trace.remove_background(flat_logo()), 4)
    snapped = np.asarray(trace.snap_to_palette(flat, palette))
    visible = {"#{:02X}{:02X}{:02X}".format(*p) for p in snapped[snapped[..., 3] > 0][:, :3]}
    assert visible == {"#102A6B", "#F2A93B"}
    svg = trace.snap_svg_to_palette(trace.trace_to_svg(flat), palette)
    assert set(fill for fill in _fills(svg)) == {"#102A6B", "#F2A93B"}


def _fills(svg: str) -> list[str]:
    return [p.get("fill") for p in ET.fromstring(svg).iter("{http://www.w3.org/2000/svg}path")]


def test_trace_png_gives_a_clean_scalable_svg():
    svg, colors = trace.trace_png(png_bytes(flat_logo()))
    root = ET.fromstring(svg)
    assert root.tag == "{http://www.w3.org/2000/svg}svg" and root.get("viewBox") == "0 0 256 256"
    assert {child.tag.split("}")[1] for child in root} == {"path"}
    assert set(_fills(svg)) == set(colors) and len(colors) == 2
    for bad in ("<text", "<script", "href", "<style", "<image", "on"):
        assert bad not in svg.replace("version", "")


def test_traced_svg_renders_like_the_source():
    from resvg import render, usvg

    flat, _ = trace.reduce_colors(trace.remove_background(flat_logo()), 4)
    tree = usvg.Tree.from_str(trace.trace_to_svg(flat), usvg.Options.default())  # at the SVG's own size
    rendered = Image.open(io.BytesIO(bytes(render(tree, (1, 0, 0, 0, 1, 0))))).convert("RGBA")
    a, b = np.asarray(rendered).astype(int), np.asarray(flat).astype(int)
    assert rendered.size == flat.size
    assert np.mean(np.abs(a[..., 3] - b[..., 3]) > 128) < 0.02  # same silhouette
    both = (a[..., 3] == 255) & (b[..., 3] == 255)
    assert np.mean(np.abs(a[both][:, :3] - b[both][:, :3]).max(axis=1) < 8) > 0.97  # same colours


def test_large_images_are_traced_at_a_bounded_size(monkeypatch):
    monkeypatch.setattr(trace, "TRACE_MAX_SIDE", 128)  # 1024 in production; smaller keeps the test fast
    svg, _ = trace.trace_png(png_bytes(flat_logo(size=300, noise=0)))
    assert ET.fromstring(svg).get("viewBox") == "0 0 128 128"


@pytest.mark.parametrize(
    "data",
    [b"not an image", b"\x89PNG\r\n\x1a\n" + b"\0" * 40, b"GIF89a" + b"\0" * 40],
)
def test_untrusted_uploads_fail_cleanly(data):
    with pytest.raises(trace.TraceError):
        trace.trace_png(data)


def test_non_png_and_oversized_uploads_are_refused():
    buf = io.BytesIO()
    flat_logo(64).save(buf, "JPEG")
    with pytest.raises(trace.TraceError, match="expected a PNG"):
        trace.trace_png(buf.getvalue())
    with pytest.raises(trace.TraceError, match="MB"):
        trace.trace_png(b"\0" * (trace.MAX_UPLOAD_BYTES + 1))
    huge = Image.new("1", (8000, 6000))  # 48 MP, a few KB as a PNG
    with pytest.raises(trace.TraceError, match="pixels"):
        trace.trace_png(png_bytes(huge))


def test_degenerate_images():
    with pytest.raises(trace.TraceError, match="nothing"):
        trace.trace_png(png_bytes(Image.new("RGB", (1, 1), (9, 9, 9))))  # all background
    noise = Image.fromarray(np.random.default_rng(2).integers(0, 256, (48, 48, 3), dtype=np.uint8))
    svg, colors = trace.trace_png(png_bytes(noise))  # no flat regions at all: still a valid, bounded SVG
    assert 1 <= len(colors) <= 4 and ET.fromstring(svg).tag.endswith("svg")
