"""Setting untrusted text: fallback fonts, bidi order, wrapping, and text that extracts as it was written."""

from __future__ import annotations

import shutil
import subprocess
import unicodedata

import pytest
from reportlab.pdfgen import canvas

from brandkit.guidelines.typeset import TextBlock, TextStyle, Typesetter, draw_text, font_name, text_width


def visual(text: str, family: str = "Inter", width: float = 10_000) -> list[list[tuple[str, str]]]:
    """Each line's runs, left to right, as (family registered name, logical text)."""
    return [[(r.font, r.text) for r in line.runs] for line in Typesetter(text, TextStyle(family, 12)).lines(width)]


def test_fallback_font_per_script_in_one_line():
    (line,) = visual("Tokyo 東京 قهوة")
    fonts = [font for font, _ in line]
    assert fonts[0] == font_name("Inter")
    assert font_name("M PLUS 1") in fonts and any("Arabic" in f for f in fonts)


def test_right_to_left_runs_are_ordered_right_to_left_and_latin_words_keep_their_order():
    (line,) = visual("شركة Northwind Coffee للقهوة", "Amiri")
    texts = [t.strip() for _, t in line if t.strip()]
    # Visual order, left to right: the last Arabic word, the Latin name (in reading order), the first word.
    assert texts[0] == "للقهوة" and texts[-1] == "شركة"
    assert "Northwind Coffee" in " ".join(texts)


def test_wrapped_lines_fit_and_break_only_between_words_or_cjk_characters():
    style = TextStyle("Inter", 11)
    text = "Roasted fresh every Monday for offices across the city. " * 6
    lines = Typesetter(text, style).lines(200)
    assert len(lines) > 3 and all(line.width <= 200 + 0.01 for line in lines)
    assert all(not run.text.startswith(" ") for line in lines for run in line.runs[:1])
    cjk = Typesetter("東京珈琲焙煎所は毎朝焙煎します。" * 5, TextStyle("M PLUS 1", 11)).lines(120)
    assert len(cjk) > 3 and all(line.width <= 120.01 for line in cjk)


def test_an_unbreakable_name_wider_than_the_line_is_broken_between_characters():
    lines = Typesetter("A" * 120, TextStyle("Inter", 12)).lines(100)
    assert len(lines) > 5 and all(0 < line.width <= 100.01 for line in lines)
    assert "".join(r.text for line in lines for r in line.runs) == "A" * 120


def test_emoji_is_left_out_instead_of_drawn_as_a_missing_glyph():
    (line,) = visual("Rocket 🚀 Labs")
    assert "🚀" not in "".join(t for _, t in line) and "Labs" in "".join(t for _, t in line)


def test_markup_is_laid_out_as_text():
    assert text_width("<b>bold", TextStyle("Inter", 10)) > text_width("bold", TextStyle("Inter", 10))


def test_text_block_splits_across_frames():
    block = TextBlock("word " * 400, TextStyle("Inter", 10, leading=12))
    _, height = block.wrap(200, 10_000)
    first, rest = block.split(200, 120)
    assert first.wrap(200, 120)[1] <= 120 and rest.wrap(200, 10_000)[1] == pytest.approx(height - 120)


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils needed")
def test_shaped_arabic_and_ligatures_extract_as_the_original_text(tmp_path):
    path = tmp_path / "t.pdf"
    pdf = canvas.Canvas(str(path), initialFontName=font_name("Inter"))
    # Amiri has no presentation forms in its cmap: every contextual form is a private-use glyph that
    # only the ToUnicode patch maps back to its letter.
    draw_text(pdf, "لا إله السلام عليكم", 72, 700, TextStyle("Amiri", 20))
    draw_text(pdf, "office fifty", 72, 650, TextStyle("EB Garamond", 20))
    pdf.save()
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    text = "".join(c for c in unicodedata.normalize("NFKC", text) if unicodedata.category(c) != "Cf")
    assert "لا إله السلام عليكم" in text and "office fifty" in text
    assert not any(0xE000 <= ord(c) <= 0xF8FF for c in text)


def _pieces(text: str, family: str) -> list[tuple[str | None, float]]:
    line = Typesetter(text, TextStyle(family, 20)).lines(10_000)[0]
    assert sum(w for r in line.runs for _g, w, _a in r.pieces(20)) == pytest.approx(line.width)  # drawn where measured
    return [(actual, width) for run in line.runs for _g, width, actual in run.pieces(20)]


def test_only_words_whose_glyphs_would_extract_wrongly_get_actual_text():
    assert [a for a, _w in _pieces("office fifty", "EB Garamond")] == [None]  # ligatures map through ToUnicode
    assert [a for a, _w in _pieces("さくら珈琲", "M PLUS 1")] == [None]
    # The i-matra is drawn before its consonant: the word is marked with its logical text; the space is not.
    assert [a for a, _w in _pieces("किट दिशा", "Noto Sans Devanagari")] == ["किट", None, "दिशा"]
    assert [a for a, _w in _pieces("น้ำ", "Noto Sans Thai")] == ["น้ำ"]  # sara am is two glyphs


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils needed")
def test_reordered_and_multi_glyph_clusters_extract_in_logical_order(tmp_path):
    """Devanagari reorders the i-matra and builds conjuncts, Thai splits sara am and stacks tone marks,
    Hebrew and Arabic put zero-advance points over letters: pdftotext gets each line back as written."""
    lines = [("ब्रांड दिशानिर्देश किट हिन्दी क्षत्रिय", "Noto Sans Devanagari"), ("ब्रांड दिशानिर्देश", "Noto Serif Devanagari"),
             ("น้ำ กำลัง ผู้ใหญ่ ภาษาไทย", "Noto Sans Thai"), ("שָׁלוֹם עוֹלָם", "Noto Sans Hebrew"),
             ("مُحَمَّد لا إله", "Noto Sans Arabic"), ("Mixed दिशा and น้ำ", "Inter")]
    path = tmp_path / "t.pdf"
    pdf = canvas.Canvas(str(path), initialFontName=font_name("Inter"))
    for i, (text, family) in enumerate(lines):
        draw_text(pdf, text, 72, 750 - 40 * i, TextStyle(family, 20))
    pdf.save()
    out = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    found = ["".join(c for c in unicodedata.normalize("NFC", line) if unicodedata.category(c) != "Cf")
             for line in out.splitlines() if line.strip()]
    assert found == [unicodedata.normalize("NFC", text) for text, _family in lines]


def test_a_hex_code_in_right_to_left_text_keeps_its_hash_in_front():
    # UAX #9 alone puts the neutral "#" after the code ("C2410C#"); a colour code reads as one left-to-right word.
    (line,) = Typesetter("اللون الأساسي #C2410C للشعار", TextStyle("Noto Kufi Arabic", 12, direction="rtl")).lines(
        10_000)
    assert any("#C2410C" in run.text for run in line.runs), [run.text for run in line.runs]
    (hashtag,) = Typesetter("وسم #مخبز", TextStyle("Noto Kufi Arabic", 12, direction="rtl")).lines(10_000)
    assert not any("#" in run.text and "مخبز" not in run.text for run in hashtag.runs if run.text.strip("# "))


def test_a_no_break_space_joins_its_neighbours_on_one_line():
    style = TextStyle("Lato", 12)
    width = max(text_width("ABC 0123456789", style), text_width("0123456789 &?!", style)) + 1

    def lines(text: str) -> list[str]:
        return ["".join(r.text for r in line.runs).strip() for line in Typesetter(text, style).lines(width)]

    assert lines("ABC 0123456789 &?!") == ["ABC 0123456789", "&?!"]  # an ordinary space: "&?!" left alone
    assert lines("ABC 0123456789\u00a0&?!") == ["ABC", "0123456789\u00a0&?!"]
