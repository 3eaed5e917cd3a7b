"""Social canvases: the size table, composition with palette and type, safe SVG, exact PNGs."""

from __future__ import annotations

import io
import json

import pytest
from PIL import Image

from brandkit.logo.designer import design_concepts
from brandkit.logo.system import LogoSystem, build_logo_system, build_variants
from brandkit.social import SIZES_FILE, canvases, compose, render_social

from tests.unit.logo_fixtures import HARD_NAMES, palette, profile, svg_problems

PALETTE = palette()
REQUIRED = {"square": (1080, 1080), "story": (1080, 1920), "feed-og": (1200, 630), "x-header": (1500, 500),
            "linkedin-post": (1200, 627), "youtube-banner": (2560, 1440), "avatar": (400, 400)}


@pytest.fixture(scope="module")
def kit():
    prof = profile("Northwind Coffee", style=["playful"])
    concept = design_concepts(prof, PALETTE).concepts[0]
    return prof, build_logo_system(concept, prof, PALETTE)


def test_size_table_has_the_required_canvases_with_safe_areas_inside():
    sizes = {c.name: (c.width, c.height) for c in canvases()}
    assert REQUIRED.items() <= sizes.items()
    for c in canvases():
        x, y, w, h = c.safe
        assert 0 <= x and 0 <= y and x + w <= c.width and y + h <= c.height, c.name
        assert c.lockup in ("stacked", "horizontal", "icon")
    assert json.loads(SIZES_FILE.read_text())["version"] == 1


def _render(svg: str, w: int, h: int) -> Image.Image:
    from brandkit.logo import raster

    return raster.image(svg, w, h).convert("RGB")


@pytest.mark.parametrize("name", ["square", "feed-og", "avatar", "x-header"])
def test_canvas_is_composed_not_pasted_on_white(kit, name):
    prof, system = kit
    canvas = next(c for c in canvases() if c.name == name)
    svg = compose(canvas, prof, PALETTE, system)
    assert svg_problems(svg) == []
    img = _render(svg, canvas.width // 4, canvas.height // 4)
    colours = img.quantize(16).convert("RGB").getcolors(64)
    assert len(colours) >= 4  # background, shapes, type, logo
    # the logo sits inside the safe area: the area outside it differs less from the background
    x, y, w, h = (v // 4 for v in canvas.safe)
    inside = img.crop((x, y, x + w, y + h))
    assert len(inside.quantize(8).getcolors(64)) >= 2


@pytest.mark.parametrize("key", ["arabic", "cjk", "markup", "one-letter"])
def test_hard_names_compose_safely(key):
    prof = profile(HARD_NAMES[key], style=["tech"])
    variants = build_variants(design_concepts(prof, PALETTE).concepts[0], prof, PALETTE)
    system = LogoSystem("x", variants.master, variants.svgs, {}, 0.25, "mark-height", {})  # SVG only, no PNGs
    for canvas in canvases():
        if canvas.name in ("square", "x-header"):
            assert svg_problems(compose(canvas, prof, PALETTE, system)) == []


@pytest.mark.slow
def test_render_social_writes_exact_pngs_and_svgs(kit):
    prof, system = kit
    files = render_social(prof, PALETTE, system)
    for c in canvases():
        img = Image.open(io.BytesIO(files[f"social/{c.name}.png"]))
        assert img.size == (c.width, c.height) and img.format == "PNG"
        assert svg_problems(files[f"social/{c.name}.svg"]) == []
