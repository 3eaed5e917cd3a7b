"""The Logo section's first page: filled to its foot (the primary logo on its declared grounds, the clear space
measured, the minimum sizes), mirrored in a right-to-left document; the grounds come from logo/logo.json."""

from __future__ import annotations

import io
import re
import shutil
import subprocess

import pytest
from PIL import Image
from pydantic import ValidationError

from brandkit.guidelines import build_guidelines_pdf
from brandkit.guidelines.model import GuidelinesInput, logo_json_facts
from tests.unit.guidelines_fixtures import SCRIPT_KITS, guidelines_input, logo

pytestmark = pytest.mark.skipif(not all(map(shutil.which, ("pdftotext", "pdftoppm"))), reason="poppler-utils needed")

LIGHT, DARK = "#FAF7F2", "#1B1F24"  # grounds no palette role of the fixture has: they can only come from logo.json
LOGO_TEXT = "A circular mark holding the initial"  # the fixture rationale's logo paragraph opens the section


def declared(doc: GuidelinesInput) -> GuidelinesInput:
    """The fixture kit with a dark twin of each lockup and the logo.json a logo system writes for it."""
    variants = dict(doc.logo_variants) | {
        f"{name}-dark": logo("#8DB8E0", "#14171C", "#FFFFFF") for name in ("horizontal", "stacked", "wordmark")}
    entries = [{"variant": name, "file": f"logo/{name}.svg", "layout": name.removesuffix("-dark"),
                "background": DARK if name.endswith("-dark") or name == "mono-white" else LIGHT,
                "min_size": {"screen_px": 96, "print_mm": 25} if name != "icon" else {"screen_px": 16, "print_mm": 6}}
               for name in variants]
    master, facts = logo_json_facts({"master": "logo/horizontal.svg", "variants": entries})
    return doc.model_copy(update={"logo_variants": variants, "master_variant": master, "variant_facts": facts})


def logo_page(pdf: bytes) -> int:
    """The 1-based number of the page whose text opens with the section's logo paragraph."""
    text = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True, timeout=60).stdout
    pages = [re.sub(r"\s+", " ", page) for page in text.decode("utf-8").split("\f")]
    return next(i + 1 for i, page in enumerate(pages) if LOGO_TEXT in page)


def ink(pdf: bytes, page: int, top: float, bottom: float) -> float:
    """The share of non-white pixels between two heights of a page (fractions from its top), rasterised."""
    png = subprocess.run(["pdftoppm", "-f", str(page), "-l", str(page), "-r", "30", "-gray", "-png", "-"],
                         input=pdf, capture_output=True, check=True, timeout=60).stdout
    image = Image.open(io.BytesIO(png)).convert("L")
    band = image.crop((0, round(image.height * top), image.width, round(image.height * bottom)))
    return sum(band.histogram()[:235]) / (band.width * band.height)


def word_x(pdf: bytes, page: int, word: str) -> list[float]:
    """Where a word starts on a page, as a share of the page's width (pdftotext -bbox)."""
    html = subprocess.run(["pdftotext", "-bbox", "-f", str(page), "-l", str(page), "-", "-"], input=pdf,
                          capture_output=True, check=True, timeout=60).stdout.decode("utf-8")
    width = float(re.search(r'<page width="([\d.]+)"', html).group(1))
    return [float(x) / width for x, text in re.findall(r'<word xMin="([\d.]+)"[^>]*>([^<]*)</word>', html)
            if text == word]


@pytest.mark.parametrize("script", ["latin", "arabic"])
def test_the_logo_pages_lower_half_is_filled(script):
    pdf = build_guidelines_pdf(declared(guidelines_input(**SCRIPT_KITS[script], previews=False)))
    page = logo_page(pdf)
    # The lower half down to the footer rule (the footer is 18 mm + 12 pt from the foot of an A4 page).
    assert ink(pdf, page, 0.5, 0.9) > 0.04, "the Logo page's lower half is (nearly) empty"
    assert ink(pdf, page, 0.75, 0.9) > 0.01, "the Logo page ends before its last quarter"


@pytest.mark.parametrize(("script", "start_on_the_left"), [("latin", True), ("arabic", False)])
def test_the_primary_logo_sits_on_its_declared_grounds_light_first_in_reading_order(script, start_on_the_left):
    pdf = build_guidelines_pdf(declared(guidelines_input(**SCRIPT_KITS[script], previews=False)))
    page = logo_page(pdf)
    (light,), (dark,) = word_x(pdf, page, LIGHT), word_x(pdf, page, DARK)  # each tile's ground, noted beneath it
    assert (light < 0.5 < dark) if start_on_the_left else (dark < 0.5 < light), (light, dark)


def test_logo_json_facts_name_the_master_and_reject_a_ground_that_is_no_colour():
    entry = {"variant": "icon", "file": "logo/icon.svg", "layout": "icon", "background": "#FFFFFF",
             "min_size": {"screen_px": 16, "print_mm": 6.0}}
    master, facts = logo_json_facts({"master": "logo/icon.svg", "variants": [entry]})
    assert master == "icon" and facts["icon"].background == "#FFFFFF" and facts["icon"].min_size["print_mm"] == 6.0
    assert logo_json_facts({"master": "logo/gone.svg", "variants": [entry]})[0] is None  # not among the variants
    with pytest.raises(ValidationError, match="background"):
        logo_json_facts({"variants": [entry | {"background": "url(javascript:x)"}]})


@pytest.mark.parametrize(("master", "named"), [("horizontal", False), ("icon", True)])
def test_the_cover_spells_the_name_only_when_the_logo_does_not(master, named):
    doc = declared(guidelines_input(previews=False))
    doc = doc.model_copy(update={"master_variant": master, "logo_master_svg": doc.logo_variants[master]})
    cover = subprocess.run(["pdftotext", "-f", "1", "-l", "1", "-", "-"], input=build_guidelines_pdf(doc),
                           capture_output=True, check=True, timeout=60).stdout.decode("utf-8")
    assert "Brand guidelines" in cover and ("Northwind Coffee" in cover) is named, cover
