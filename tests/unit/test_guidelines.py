"""The guidelines PDF, checked with the tools a printer or an agency would use: qpdf, pdffonts, pdftotext,
pdftoppm, pdfinfo (poppler-utils)."""

from __future__ import annotations

import re
import shutil
import subprocess
import unicodedata
import urllib.request
from pathlib import Path

import pytest
from reportlab import rl_config
from reportlab.lib import utils as rl_utils

from brandkit.guidelines import InventoryItem, build_guidelines_pdf
from brandkit.guidelines.logo_section import SYMBOL_LICENCE_FILE, symbol_credit
from brandkit.guidelines.sections import MAX_PREVIEW_PX, PREVIEW_PX_PER_PT
from brandkit.i18n import translator
from brandkit.logo.symbols import LICENCE_FILE
from tests.unit.guidelines_fixtures import SCRIPT_KITS, guidelines_input

pytestmark = pytest.mark.skipif(not all(map(shutil.which, ("qpdf", "pdffonts", "pdftotext", "pdftoppm", "pdfinfo"))),
                                reason="qpdf and poppler-utils are needed")

INJECTION = '<img src="/etc/passwd"/><a href="javascript:x">x</a><font size=99><b>Bold'
BRIEFS = {**SCRIPT_KITS, "injection": dict(company=INJECTION, previews=False)}


def run(*args: str) -> str:
    return subprocess.run(args, capture_output=True, text=True, check=True, timeout=60).stdout


def plain(text: str) -> str:
    """Extracted text compared as people read it: NFKC (Arabic presentation forms -> letters), no bidi marks."""
    return "".join(c for c in unicodedata.normalize("NFKC", text) if unicodedata.category(c) != "Cf")


class _Built(dict):
    """Each brief's PDF, built on first use (so no single test pays for all four builds)."""

    def __init__(self, folder: Path):
        super().__init__()
        self.folder = folder

    def __missing__(self, name: str) -> Path:
        path = self[name] = self.folder / f"{name}.pdf"
        path.write_bytes(build_guidelines_pdf(guidelines_input(**BRIEFS[name])))
        return path


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory) -> dict[str, Path]:
    return _Built(tmp_path_factory.mktemp("guidelines"))


@pytest.mark.parametrize("name", BRIEFS)
def test_pdf_is_structurally_valid(pdfs, name):
    assert "No syntax or stream encoding errors" in run("qpdf", "--check", str(pdfs[name]))


@pytest.mark.parametrize("name", BRIEFS)
def test_every_font_is_embedded_and_subset(pdfs, name):
    rows = run("pdffonts", str(pdfs[name])).splitlines()[2:]
    assert rows
    for row in rows:
        fields = row.split()
        emb, sub, uni = fields[-5:-2]
        assert (emb, sub, uni) == ("yes", "yes", "yes"), row
        assert re.match(r"[A-Z]{6}\+", fields[0]), row


@pytest.mark.parametrize("name", BRIEFS)
def test_company_name_is_extractable(pdfs, name):
    text = plain(run("pdftotext", str(pdfs[name]), "-"))
    company = BRIEFS[name]["company"]
    assert company in text or company.replace(" ", "") in text.replace(" ", "")


def test_arabic_is_shaped_and_extracts_in_logical_order(pdfs):
    text = run("pdftotext", str(pdfs["arabic"]), "-")
    assert "قهوة طازجة" in plain(text)  # from the wrapped, multi-line summary, set in Amiri
    # Shaped contextual forms are real glyphs, not the isolated letters an unshaped run would show.
    assert re.search("[\ufe70-\ufeff]", text) or "\ue000" not in text


def test_markup_in_the_brief_is_literal_and_fetches_nothing(monkeypatch, pdfs):
    text = plain(run("pdftotext", str(pdfs["injection"]), "-"))
    assert INJECTION in text.replace("\n", "")
    data = pdfs["injection"].read_bytes()
    assert b"/Subtype /Image" not in data
    for action in (b"/URI", b"/JavaScript", b"/JS", b"/Launch", b"/SubmitForm", b"/GoToR"):
        assert action not in data  # the brief's text is only text (it does appear in the Info title)
    assert rl_config.trustedHosts == []

    def refuse(*args, **kwargs):
        raise AssertionError(f"tried to open {args[:1]}")

    monkeypatch.setattr(rl_utils, "open_for_read", refuse)
    monkeypatch.setattr(urllib.request, "urlopen", refuse)
    build_guidelines_pdf(guidelines_input(company=INJECTION, previews=False))


def test_pages_render_and_metadata_is_set(pdfs, tmp_path):
    pdf = pdfs["latin"]
    info = run("pdfinfo", str(pdf))
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
    assert pages >= 9
    assert "Title:           Northwind Coffee: brand guidelines" in info
    assert "Author:          Northwind Coffee" in info and "Subject:         Logo, colour" in info
    assert re.search(r"Page size:\s+595.2\d* x 841.8\d* pts \(A4\)", info)
    run("pdftoppm", "-r", "20", "-png", str(pdf), str(tmp_path / "page"))
    assert len(list(tmp_path.glob("page-*.png"))) == pages


def test_every_section_is_present_in_order(pdfs):
    pages = run("pdftotext", str(pdfs["latin"]), "-").split("\f")
    assert "Contents" in pages[1] and all(t in pages[1] for t in ("Brand story", "Typography", "Kit inventory"))
    body = "\f".join(pages[2:])
    headings = ["Brand story", "Clear space", "Minimum size", "Logo system", "Misuse", "Contrast", "Colour-vision",
                "Type scale", "Social media", "Business card", "Kit inventory"]
    positions = [body.index(h) for h in headings]
    assert positions == sorted(positions)
    text = body
    for fact in ("#1F4E79", "31 78 121", "AAA", "Protanopia", "logo/png/logo-1024.png", "Lato", "Inter"):
        assert fact in text


@pytest.mark.parametrize("name", BRIEFS)
def test_size_stays_under_3_mb(pdfs, name):
    assert pdfs[name].stat().st_size < 3_000_000


def test_same_input_gives_the_same_bytes():
    doc = guidelines_input(previews=False)
    assert build_guidelines_pdf(doc) == build_guidelines_pdf(doc)


def test_letter_size_and_long_text_paginates(pdfs, tmp_path):
    summary = " ".join(f"Sentence {i} about the roastery's long history and its many farmers." for i in range(150))
    path = tmp_path / "long.pdf"
    path.write_bytes(build_guidelines_pdf(guidelines_input(summary=summary, page_size="Letter", previews=False)))
    info = run("pdfinfo", str(path))
    assert "(letter)" in info
    text = run("pdftotext", str(path), "-")
    assert "Sentence 149" in text and "Sentence 0 " in text
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
    assert pages > int(re.search(r"Pages:\s+(\d+)", run("pdfinfo", str(pdfs["latin"]))).group(1))


def test_long_names_and_paths_stay_inside_the_page(tmp_path):
    name = "Extraordinarilylongnamedinternationalconsortiumofartisanalbakersandcoffeeroasters" + "Ltd" * 6
    doc = guidelines_input(company=name[:100], previews=False).model_copy(update={"inventory": [
        InventoryItem(path="social/" + "very-long-folder-name/" * 8 + "cover.png", kind="social", bytes=1)]})
    path = tmp_path / "long.pdf"
    path.write_bytes(build_guidelines_pdf(doc))
    xhtml = run("pdftotext", "-bbox", str(path), "-")
    width, height = (float(v) for v in re.search(r'<page width="([\d.]+)" height="([\d.]+)"', xhtml).groups())
    boxes = [
        tuple(map(float, m))
        for m in re.findall(r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)"', xhtml)
    ]
    assert boxes
    margin = 18 * 72 / 25.4 - 0.5  # the layout's 18 mm margins, less rounding
    assert all(margin <= x0 and x1 <= width - margin and 0 <= y0 and y1 <= height for x0, y0, x1, y1 in boxes)
    assert name[:100][:20] in run("pdftotext", str(path), "-")


def test_the_icon_set_of_the_concepts_is_credited(tmp_path):
    credits = [{"set": "Material Design Icons", "name": "coffee", "licence": "Apache-2.0", "version": "7.4.47"},
               {"set": "Material Design Icons", "name": "cup", "licence": "Apache-2.0", "version": "7.4.47"}]
    doc = guidelines_input(previews=False).model_copy(update={"symbol_credits": credits})
    path = tmp_path / "credited.pdf"
    path.write_bytes(build_guidelines_pdf(doc))
    text = " ".join(plain(run("pdftotext", str(path), "-")).split())
    assert ("Symbols: coffee and cup from Material Design Icons 7.4.47 (Apache-2.0). "
            "Licence text: logo/LICENSE-symbols.txt.") in text
    assert SYMBOL_LICENCE_FILE == LICENCE_FILE  # the guidelines name the file the kit ships


def test_the_symbol_credit_is_written_in_the_kits_language():
    credits = [{"set": "Material Design Icons", "name": "coffee", "licence": "Apache-2.0", "version": "7.4.47"},
               {"set": "Tabler Icons", "name": "cup", "licence": "MIT", "version": "3.0"}]
    german = symbol_credit(translator("de"), credits)
    assert german.startswith("Symbole: coffee aus Material Design Icons 7.4.47 (Apache-2.0); cup aus Tabler Icons")
    assert "logo/LICENSE-symbols.txt" in german
    japanese = symbol_credit(translator("ja"), credits[:1])
    assert "Material Design Icons 7.4.47" in japanese and "Symbols" not in japanese


def test_social_previews_are_small_jpegs_captioned_with_the_assets_size(pdfs):
    """Each preview is embedded as a JPEG (decoded from the kit's JPEG at a reduced scale) made for the size it
    is shown at: PREVIEW_PX_PER_PT pixels a point (144 ppi), at most MAX_PREVIEW_PX on its longer side, in the
    asset's proportions; its caption gives the asset's own size."""
    listed = [line.split() for line in run("pdfimages", "-list", str(pdfs["latin"])).splitlines()[2:]]
    jpegs = {(int(row[3]), int(row[4])): (int(row[12]), int(row[13])) for row in listed if row[8] == "jpeg"}
    assets = [(400, 400), (1500, 500), (1080, 1920)]  # guidelines_fixtures' previews
    assert len(jpegs) == len(assets)
    for (w, h), ppi in jpegs.items():
        assert max(w, h) <= MAX_PREVIEW_PX
        assert ppi == (round(72 * PREVIEW_PX_PER_PT),) * 2, (w, h, ppi)
        assert any(abs(w / h - aw / ah) < 0.01 for aw, ah in assets), (w, h)
    text = run("pdftotext", str(pdfs["latin"]), "-")
    assert all(size in text for size in ("1500 × 500 px", "1080 × 1920 px", "400 × 400 px"))


def test_a_social_preview_that_is_not_a_jpeg_is_refused_by_name():
    doc = guidelines_input(previews=False)
    with pytest.raises(ValueError, match="social preview 'cover' is not a JPEG"):
        type(doc).model_validate({**dict(doc), "social_previews": {"cover": b"\x89PNG\r\n\x1a\n"}})
