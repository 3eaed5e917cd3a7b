"""The guidelines PDF in the brief's language: text extracted with poppler (pdftotext) finds the company's name
and the localised headings (after NFC, never NFKC) and none of the English ones; Arabic and Hebrew documents
are laid out right to left; the PDF's metadata carries the localised title and the language."""

from __future__ import annotations

import re
import shutil
import subprocess
import unicodedata
import xml.etree.ElementTree as ET

import pytest

from brandkit import fonts
from brandkit.artifacts import LogoConcept
from brandkit.guidelines import build_guidelines_pdf
from brandkit.guidelines.kit import MARGIN
from brandkit.guidelines.strings import SECTIONS
from brandkit.i18n import CATALOGUES, negotiate, translator
from brandkit.rationale import Kit, write_deterministic
from tests.unit.guidelines_fixtures import guidelines_input

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils (pdftotext) not installed")

# A company name in each language's script, and fonts that cover it (vendored in brandkit/fonts).
NAMES = {
    "ar": ("نخلة للقهوة", "Noto Kufi Arabic", "Noto Sans Arabic", "Arabic"),
    "he": ("תמר קפה", "Noto Sans Hebrew", "Noto Serif Hebrew", "Hebrew"),
    "ja": ("さくら珈琲", "M PLUS 1", "M PLUS 1", "Han"),
    "zh-Hans": ("北风咖啡", "WenKai GB", "WenKai GB", "Han"),
    "ko": ("북풍 커피", "NanumSquare", "NanumSquare", "Hangul"),
    "hi": ("उत्तर कॉफ़ी", "Noto Sans Devanagari", "Noto Serif Devanagari", "Devanagari"),
}
LATIN = ("Northwind Coffee", "Inter", "Lato", "Latin")
BIDI_MARKS = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")  # pdftotext wraps RTL lines in RLE/PDF


def _kit_pdf(tag: str) -> tuple[bytes, str]:
    company, heading, body, script = NAMES.get(tag, LATIN)
    doc = guidelines_input(company=company, heading=heading, body=body, language=tag, script=script, previews=False)
    profile = doc.profile.model_copy(update={"traits": [("honest", 0.8), ("caring", 0.6)], "hue_families": ["blue"]})
    concept = LogoConcept(id="lettermark", kind="lettermark", label="Lettermark", engine="vector")
    rationale = write_deterministic(Kit(brief=doc.brief, profile=profile, palette=doc.palette, concept=concept))
    return build_guidelines_pdf(doc.model_copy(update={"profile": profile, "rationale": rationale})), company


def _text(pdf: bytes, *args: str) -> str:
    out = subprocess.run(["pdftotext", *args, "-", "-"], input=pdf, capture_output=True, check=True).stdout
    return unicodedata.normalize("NFC", BIDI_MARKS.sub("", out.decode("utf-8")))


def _squeezed(text: str) -> str:
    # pdftotext guesses word breaks from glyph gaps; cursive attachment (Arabic) and CJK spacing move glyphs
    # enough to make it insert spaces inside words, so words are compared with whitespace removed.
    return re.sub(r"\s+", "", text)


def _headings(tag: str) -> dict[str, str]:
    t = translator(negotiate(tag).locale)
    english = {message: message for _key, (_ctx, message) in SECTIONS} | {"Contents": "Contents"}
    return {message: (t.pgettext("section", message) if message != "Contents" else t.gettext(message))
            for message in english}


def _needs_font(tag: str) -> None:
    company, _heading, _body, _script = NAMES.get(tag, LATIN)
    if not all(fonts.covers(fonts.fallback_for(c, "Noto Sans"), c) for c in company if not c.isspace()):
        pytest.skip(f"no vendored font covers {company!r} yet (branch lockups vendors it)")


@pytest.mark.parametrize("tag", sorted(CATALOGUES.values()))
def test_pdf_text_is_in_the_briefs_language(tag):
    _needs_font(tag)
    pdf, company = _kit_pdf(tag)
    text = _text(pdf)
    assert not re.search("[\ufb50-\ufdff\ufe70-\ufeff]", text), "presentation forms: ToUnicode mapped shaped glyphs"
    assert _squeezed(company) in _squeezed(text)
    for english, localised in _headings(tag).items():
        assert _squeezed(localised) in _squeezed(text), (tag, localised)
        if tag != "en" and localised != english:
            assert not re.search(rf"\b{re.escape(english)}\b", text), (tag, english)


@pytest.mark.parametrize("tag", sorted(CATALOGUES.values()))
def test_pdf_metadata_has_the_localised_title_and_language(tag):
    _needs_font(tag)
    pdf, company = _kit_pdf(tag)
    info = subprocess.run(["pdfinfo", "-enc", "UTF-8", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    title = translator(negotiate(tag).locale).gettext("{company}: brand guidelines").format(company=company)
    assert re.search(rf"^Title:\s+{re.escape(title)}$", info, re.M), info
    assert f"/Lang ({tag})".encode() in pdf


def _words(pdf: bytes, page: int) -> tuple[float, list[tuple[str, float, float]]]:
    """The page width and (word, xMin, xMax) of each word on one page, from pdftotext -bbox."""
    xhtml = _text(pdf, "-bbox", "-f", str(page), "-l", str(page))
    root = ET.fromstring(re.sub(r"<!DOCTYPE[^>]*>", "", xhtml).replace('xmlns="http://www.w3.org/1999/xhtml"', ""))
    width = float(next(root.iter("page")).get("width"))
    return width, [(w.text or "", float(w.get("xMin")), float(w.get("xMax"))) for w in root.iter("word")]


def _visual(word: str) -> str:
    """-bbox gives right-to-left words in visual order (poppler's XHTML keeps glyph order): read them back."""
    return word[::-1] if any(unicodedata.bidirectional(c) in ("R", "AL") for c in word) else word


@pytest.mark.parametrize("tag", ["ar", "he"])
def test_right_to_left_documents_are_laid_out_from_the_right_margin(tag):
    pdf, company = _kit_pdf(tag)
    page_width, words = _words(pdf, 3)  # cover, contents, then the brand story
    right = page_width - MARGIN
    story = _headings(tag)["Brand story"]
    heading_words = [w for w in words if _visual(w[0]) in story.split()]
    assert heading_words, words[:10]
    # The section heading ends at the right margin; body lines end there too and start anywhere to the left.
    assert max(x1 for _w, _x0, x1 in heading_words) == pytest.approx(right, abs=2)
    line_ends = [x1 for _w, _x0, x1 in words if x1 > right - 2]
    assert len(line_ends) >= 5
    assert min(x0 for _w, x0, _x1 in words) >= MARGIN - 1
    # Contents: the section titles are right-aligned beside their numbers; the page numbers are on the left.
    _width, contents = _words(pdf, 2)
    numbers = [x0 for w, x0, _x1 in contents if w.isdigit() and len(w) <= 2 and not w.startswith("0")]
    assert numbers and max(numbers) < page_width / 2
    # Footer: the company's name at the right, the page label at the left.
    first_word = company.split()[0]
    footer = [x1 for w, _x0, x1 in words if _visual(w) == first_word]
    assert footer and max(footer) == pytest.approx(right, abs=2)


def test_left_to_right_documents_keep_the_left_margin():
    pdf, _company = _kit_pdf("en")
    _width, words = _words(pdf, 3)
    story = [w for w in words if w[0] in ("Brand", "story")]
    assert min(x0 for _w, x0, _x1 in story) == pytest.approx(MARGIN, abs=2)


def test_every_social_canvas_and_logo_variant_has_a_catalogue_caption():
    """The applications page captions each social preview, and the logo page each variant, from the catalogue."""
    from brandkit.guidelines.strings import SOCIAL_FORMATS, VARIANTS
    from brandkit.logo.system import VARIANTS as SYSTEM_VARIANTS
    from brandkit.social import canvases

    assert {canvas.name for canvas in canvases()} <= set(SOCIAL_FORMATS)
    assert set(SYSTEM_VARIANTS) <= set(VARIANTS)
    japanese = translator("ja")
    assert japanese.pgettext(*SOCIAL_FORMATS["story"]) != "story"
    assert japanese.pgettext(*VARIANTS["icon-dark"]) != VARIANTS["icon-dark"][1]


@pytest.mark.parametrize("tag", ["hi", "ar", "he"])
def test_table_cells_in_scripts_that_need_shaping_are_drawn_and_extract(tag):
    """Role names and grades in the contrast tables go through the typesetter: reportlab's own cells would
    draw Devanagari with missing glyphs and Arabic unshaped, left to right."""
    _needs_font(tag)
    pdf, _company = _kit_pdf(tag)
    text = _squeezed(_text(pdf))
    t = translator(negotiate(tag).locale)
    for role in ("muted text", "surface", "on primary"):
        assert _squeezed(t.pgettext("palette role", role)) in text, (tag, role)
    if not t.rtl:  # poppler reorders "AAA (...)" in a right-to-left line its own way
        assert _squeezed(t.gettext("{level} (large text)").format(level="AAA")) in text


def test_variants_drawn_for_dark_grounds_are_shown_on_a_dark_ground():
    from brandkit.guidelines.logo_section import for_dark_ground as _for_dark_ground
    from brandkit.guidelines.svgdraw import parse_logo
    from tests.unit.guidelines_fixtures import logo

    brown = parse_logo(logo(primary="#6C3E1D", text="#6C3E1D", accent="#6C3E1D", secondary="#6C3E1D"))
    assert _for_dark_ground("horizontal-dark", brown) and _for_dark_ground("mono-white", brown)
    assert not _for_dark_ground("horizontal", brown)
