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
