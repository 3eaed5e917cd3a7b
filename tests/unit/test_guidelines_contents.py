"""The guidelines' contents page, read back from the PDF (poppler): every entry's page number is the page its
section's heading is on, in a left-to-right, a right-to-left, a Devanagari and a Japanese document."""

from __future__ import annotations

import re
import shutil
import subprocess
from functools import cache

import pytest

from brandkit.guidelines.strings import SECTIONS
from brandkit.i18n import negotiate, translator
from tests.unit.test_guidelines_i18n import _kit_pdf, _needs_font, _squeezed, _text

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils (pdftotext) not installed")


@cache
def pdf_of(tag: str) -> bytes:
    return _kit_pdf(tag)[0]


def page_count(pdf: bytes) -> int:
    info = subprocess.run(["pdfinfo", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    found = re.search(r"^Pages:\s+(\d+)", info, re.M)
    assert found is not None
    return int(found.group(1))


def listed_pages(pdf: bytes, titles: dict[str, str]) -> dict[str, int]:
    """Each section's page number as the contents page (page 2) gives it. pdftotext -layout keeps each entry on
    one line (in either direction): the entry's two-digit index, its title and its page number."""
    listed = {}
    for line in _text(pdf, "-layout", "-f", "2", "-l", "2").splitlines():
        title = _squeezed(re.sub(r"\d", "", line))
        for key in [k for k, t in titles.items() if _squeezed(t) == title]:
            numbers = [n for n in re.findall(r"\d+", line) if not (len(n) == 2 and n.startswith("0"))]
            assert len(numbers) == 1, (key, line)
            listed[key] = int(numbers[0])
    return listed


def heading_pages(pdf: bytes, titles: dict[str, str]) -> dict[str, int]:
    """The page each section's heading is on: the page whose first line of text is the heading."""
    first_lines = {}
    for page in range(3, page_count(pdf) + 1):
        text = _text(pdf, "-f", str(page), "-l", str(page)).strip()
        first_lines[page] = _squeezed(text.split("\n")[0]) if text else ""
    return {key: page for key, title in titles.items() for page, line in first_lines.items()
            if line == _squeezed(title)}


@pytest.mark.parametrize("tag", ["en", "hi", "ar", "ja"])
def test_every_contents_entry_gives_the_page_its_heading_is_on(tag):
    _needs_font(tag)
    pdf = pdf_of(tag)
    t = translator(negotiate(tag).locale)
    titles = {key: t.pgettext(context, message) for key, (context, message) in SECTIONS}
    listed, actual = listed_pages(pdf, titles), heading_pages(pdf, titles)
    assert set(listed) == set(titles) and set(actual) == set(titles), (listed, actual)
    assert listed == actual
    assert list(actual.values()) == sorted(actual.values())  # the sections in their order, one heading each


def test_a_ligature_extracts_inside_its_word():
    """Lato draws "ti" as one glyph; its /Widths entry must be its drawn advance (brandkit.guidelines.tounicode),
    or pdftotext starts the next glyph inside it and breaks "Applications" into "Applicati" and "ons"."""
    pdf = pdf_of("en")
    contents = _text(pdf, "-f", "2", "-l", "2")
    assert "Applications" in contents.split() and "Applicati" not in contents.split()
    assert not re.search(r"ti\n(ons|on|ves)\b", _text(pdf))
