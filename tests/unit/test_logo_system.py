"""The logo system: the complete file set, exact sizes, safe SVG, imported logos."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from brandkit.artifacts import LogoConcept
from brandkit.logo.art import contrast
from brandkit.logo.designer import design_concepts
from brandkit.logo.importer import import_logo
from brandkit.logo.system import PNG_SIZES, VARIANTS, build_logo_system, build_variants
from tests.unit.logo_fixtures import HARD_NAMES, assert_renderers_agree, palette, profile, svg_problems

PALETTE = palette()


def _system(name="Northwind Coffee", style=("vintage",), kind=None):
    prof = profile(name, style=list(style))
    concepts = design_concepts(prof, PALETTE)
    concept = concepts.concepts[0] if kind is None else next(c for c in concepts.concepts if c.kind == kind)
    return build_logo_system(concept, prof, PALETTE, alternates=concepts.concepts), concepts


@pytest.fixture(scope="module")
def latin():
    return _system()


def _png(data: bytes) -> Image.Image:
    img = Image.open(io.BytesIO(data))
    img.load()
    return img


def test_complete_file_set(latin):
    system, concepts = latin
    expected = {f"logo/{v}.svg" for v in VARIANTS}
    expected |= {f"logo/png/{v}-{s}.png" for v in VARIANTS for s in PNG_SIZES}
    expected |= {"logo/favicon.ico", "logo/apple-touch-icon.png", "logo/master.svg", "logo/logo.json"}
    expected |= {f"logo/concepts/{c.id}.svg" for c in concepts.concepts}
    assert set(system.files) == expected
    assert set(system.variants) == set(VARIANTS)
    assert system.master_svg == system.variants["icon" if concepts.concepts[0].spec["layout"] == "icon"
                                                else concepts.concepts[0].spec["layout"]]


def test_png_sizes_are_exact_and_transparent(latin):
    system, _ = latin
    for variant in VARIANTS:
        for size in PNG_SIZES:
            img = _png(system.files[f"logo/png/{variant}-{size}.png"])
            assert img.mode == "RGBA" and max(img.size) == size, (variant, size, img.size)
            corner = img.getpixel((0, 0))
            if size < 128:  # a wide lockup 16 px across is ink from edge to edge
                continue
            if variant == "inverse":
                assert corner[3] == 255  # on the primary colour
            else:
                assert corner[3] == 0
    icon = _png(system.files["logo/png/icon-64.png"])
    assert icon.size == (64, 64)


def test_favicon_and_touch_icon(latin):
    system, _ = latin
    ico = Image.open(io.BytesIO(system.files["logo/favicon.ico"]))
    assert ico.format == "ICO" and sorted(ico.info["sizes"]) == [(16, 16), (32, 32), (48, 48)]
    touch = _png(system.files["logo/apple-touch-icon.png"])
    assert touch.size == (180, 180) and touch.getpixel((0, 0))[3] == 255


def test_one_colour_variants_use_one_colour(latin):
    system, _ = latin
    black = _png(system.files["logo/png/mono-black-256.png"])
    white = _png(system.files["logo/png/mono-white-256.png"])
    assert black.convert("RGB").getextrema() == ((0, 0), (0, 0), (0, 0))
    assert white.convert("RGB").getextrema() == ((255, 255), (255, 255), (255, 255))
    assert black.getchannel("A").tobytes() == white.getchannel("A").tobytes()
    inverse = _png(system.files["logo/png/inverse-256.png"]).convert("RGB")
    assert inverse.getpixel((0, 0)) == (0x1F, 0x4E, 0x79)
    # the one-colour render shares the full-colour master's coverage exactly
    assert "#000000" in system.variants["mono-black"] and "#1F4E79" not in system.variants["mono-black"]


def test_clear_space_and_min_sizes(latin):
    system, _ = latin
    # clear space is in the master SVG's units: a quarter of the 100-unit mark
    assert system.clear_space == 25 and "quarter" in system.clear_space_unit
    assert set(system.min_sizes) == {"screen_px", "print_mm"}
    assert set(system.variant_min_sizes) == set(VARIANTS)
    assert system.variant_min_sizes["icon"]["screen_px"] == 16
    horizontal = system.variant_min_sizes["horizontal"]
    assert horizontal["screen_px"] > 3 * system.variant_min_sizes["icon"]["screen_px"] and horizontal["print_mm"] > 10
    long_system, _ = _system(HARD_NAMES["long"], kind="combination")
    assert long_system.variant_min_sizes["horizontal"]["screen_px"] > horizontal["screen_px"]


def test_wordmark_master_clear_space_is_its_cap_height():
    system, _ = _system(kind="wordmark")
    assert "capitals" in system.clear_space_unit and 40 < system.clear_space < 90


def test_every_file_of_a_system_is_safe(latin):
    system, _ = latin
    for path, content in system.files.items():
        if path.endswith(".svg"):
            assert svg_problems(content) == [], path


@pytest.mark.parametrize("key", sorted(HARD_NAMES))
def test_every_variant_is_safe_and_renders_alike(key):
    prof = profile(HARD_NAMES[key], style=["tech"])
    concept = design_concepts(prof, PALETTE).concepts[0]
    variants = build_variants(concept, prof, PALETTE)
    assert set(variants.svgs) == set(VARIANTS)
    for variant, svg in variants.svgs.items():
        assert svg_problems(svg) == [], variant
        assert_renderers_agree(svg, f"{key}/{variant}")


def test_rtl_name_puts_the_mark_on_the_right():
    system, _ = _system(HARD_NAMES["arabic"], style=("minimal",), kind="combination")
    img = _png(system.files["logo/png/horizontal-512.png"]).getchannel("A")
    w, h = img.size
    # the mark is the tallest thing: its column sits at the right end
    right = img.crop((int(w * 0.85), 0, w, h)).getbbox()
    left = img.crop((0, 0, int(w * 0.15), h)).getbbox()
    assert right and left and (right[3] - right[1]) > (left[3] - left[1])


SQUARE_LOGO = b"""<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100">
<circle cx="50" cy="50" r="45" fill="#d0021b"/><rect x="30" y="30" width="40" height="40" fill="#ffffff"/>
<script>alert(1)</script></svg>"""
WIDE_LOGO = b"""<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 400 100">
<rect width="90" height="90" fill="#1a1a8c"/><rect x="110" y="30" width="280" height="30" fill="#333"/></svg>"""


@pytest.mark.parametrize("upload", [SQUARE_LOGO, WIDE_LOGO], ids=["square", "wide"])
def test_imported_logo_goes_through_the_same_system(upload):
    prof = profile("Acme", style=["minimal"])
    svg, colors = import_logo(upload, "logo.svg")
    assert colors
    concept = LogoConcept(id="imported", kind="imported", label="Your logo", engine="existing",
                          svg_key="work/logo/imported.svg")
    system = build_logo_system(concept, prof, PALETTE, source_svg=svg)
    assert {f"logo/{v}.svg" for v in VARIANTS} <= set(system.files)
    allowed = {c.hex for c in PALETTE.colors}
    for variant in ("icon", "horizontal"):
        assert svg_problems(system.variants[variant]) == []
        import re

        used = {h.upper() for h in re.findall(r"#[0-9A-Fa-f]{6}", system.variants[variant])}
        # snapped to the palette; a palette colour too faint for the ground is moved until it reads
        fixed = {h for h in used if contrast(h, system.backgrounds[variant]) >= 4.5}
        assert used <= allowed | fixed, used - allowed - fixed
        assert_renderers_agree(system.variants[variant], variant)
    assert "<script" not in system.master_svg
    for size in PNG_SIZES:
        assert max(_png(system.files[f"logo/png/stacked-{size}.png"]).size) == size


def test_concept_without_spec_or_source_is_refused():
    concept = LogoConcept(id="x", kind="imported", label="x", engine="existing")
    with pytest.raises(ValueError):
        build_logo_system(concept, profile(), PALETTE)


@pytest.mark.parametrize("width", [997, 1000, 1003.7, 3123.3])
def test_png_size_is_exact_whatever_the_aspect(width):
    from brandkit.logo import raster

    svg = (f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="313" viewBox="0 0 {width} 313">'
           f'<rect width="{width}" height="313" fill="#123456"/></svg>')
    for size in (16, 1024):
        target = raster.fit_size(svg, size)
        assert _png(raster.png(svg, *target)).size == target


def test_ink_on_a_fill_is_whichever_of_white_and_near_black_reads_better():
    from brandkit.colour import contrast
    from brandkit.logo.art import ink_on

    assert ink_on("#14171C") == "#FFFFFF" and ink_on("#FFF3B0") == "#111111"
    assert contrast(ink_on("#6F4E37"), "#6F4E37") >= 4.5
