"""The vendored font catalog: files, licences, scripts from the cmaps, coverage and fallback."""

from __future__ import annotations

import json

import pytest
from fontTools.ttLib import TTFont

from brandkit import fonts
from brandkit.fonts import FONTS_DIR, catalog, covers, fallback_for, font_file, font_info, licence_file, script_of
from brandkit.fonts.scripts import is_cjk, scripts_supported
from brandkit_local import checkout

LICENCE_TEXT = {"OFL-1.1": "SIL OPEN FONT LICENSE Version 1.1", "Apache-2.0": "Apache License"}
ENTRIES = catalog()


def test_catalog_is_large_enough_and_covers_latin_cjk_arabic():
    assert len(ENTRIES) >= 25
    scripts = {s for info in ENTRIES for s in info.scripts}
    assert {"Latin", "Greek", "Cyrillic", "Arabic", "Han", "Hiragana", "Katakana", "Hangul"} <= scripts
    assert len({info.family for info in ENTRIES}) == len(ENTRIES)


def test_catalog_json_and_dataclasses_agree():
    raw = json.loads((FONTS_DIR / "catalog.json").read_text(encoding="utf-8"))
    assert [e["family"] for e in raw] == [info.family for info in ENTRIES]
    assert catalog() is not catalog()  # callers get their own list; the parsed entries are shared
    assert catalog()[0] is catalog()[0]


@pytest.mark.parametrize("info", ENTRIES, ids=lambda i: i.family)
def test_entry_files_licence_and_scripts(info):
    assert info.licence in LICENCE_TEXT
    text = licence_file(info.family).read_text(encoding="utf-8")
    assert LICENCE_TEXT[info.licence].upper() in text.upper()
    assert (licence_file(info.family).parent / "copyright.debian").is_file()
    assert info.source.startswith("Debian bookworm fonts-")
    for weight in ("regular", "bold"):
        rel = getattr(info.files, weight)
        if rel is None:
            assert weight == "bold" and "No bold" in info.notes
            continue
        with TTFont(FONTS_DIR / rel, lazy=True) as font:
            assert "glyf" in font and "CFF " not in font and "fvar" not in font
            if weight == "regular":
                assert list(info.scripts) == scripts_supported(font.getBestCmap())


def test_total_size_stays_small():
    total = sum(p.stat().st_size for p in (FONTS_DIR / "files").rglob("*") if p.is_file())
    # 37 MB: the faces drawn for Hebrew, Devanagari, Thai, Japanese and Chinese came with issue 14. What
    # ships is the layer (xz, less the asset faces the kit bucket holds: tests/iac/test_iac_sam_build.py).
    assert total < 40_000_000


def test_lookup_is_case_insensitive_and_unknown_family_is_named():
    assert font_info("inter").family == "Inter"
    with pytest.raises(KeyError, match="Comic Sans.*Inter"):
        font_info("Comic Sans")


def test_font_file_falls_back_to_regular_without_bold():
    assert font_file("Lato", "bold").name == "Lato-Bold.ttf"
    assert font_file("EB Garamond", "bold") == font_file("EB Garamond")
    with pytest.raises(ValueError):
        font_file("Lato", "heavy")


@pytest.mark.parametrize(
    ("text", "script"),
    [
        ("Northwind Coffee", "Latin"),
        ("東京珈琲", "Han"),
        ("قهوة الشمال", "Arabic"),
        ("서울 커피", "Hangul"),
        ("コーヒー", "Katakana"),
        ("Кофе & Co", "Cyrillic"),
        ("Café 東京珈琲", "Latin"),  # four Latin letters beat four Han ones: the first seen wins a tie
        ("2024 ☕ !", "Latin"),  # nothing but neutral characters
    ],
)
def test_script_of(text, script):
    assert script_of(text) == script


def test_covers_latin_cjk_arabic():
    assert covers("Inter", "Northwind Coffee")
    assert not covers("Inter", "東京珈琲")
    assert covers("WenKai GB", "东京咖啡") and covers("M PLUS 1", "東京珈琲")
    assert not covers("Lato", "قهوة الشمال")
    assert covers("Amiri", "قهوة الشمال")
    assert covers("Inter", "  \u200d ")  # whitespace and format characters need no glyph


def test_fallback_keeps_preferred_when_it_covers():
    assert fallback_for("Northwind Coffee", "lato") == "Lato"


def test_fallback_for_cjk_and_arabic_names_a_covering_family():
    han = fallback_for("東京珈琲", "Inter")
    assert font_info(han).classification == "japanese gothic" and covers(han, "東京珈琲")
    arabic = fallback_for("قهوة الشمال", "Inter")
    assert "Arabic" in font_info(arabic).scripts and covers(arabic, "قهوة الشمال")
    # Latin and Arabic together: a family with both (Amiri, Scheherazade) beats an Arabic-only one.
    assert covers(fallback_for("Café قهوة", "Inter"), "Café قهوة")


def test_emoji_is_covered_by_no_family_but_fallback_still_answers():
    text = "Northwind ☕🙂"
    assert not any(covers(info.family, text) for info in ENTRIES)
    assert fonts.missing("Inter", text) == ["☕", "🙂"]
    chosen = fallback_for(text, "Inter")
    assert covers(chosen, "Northwind")  # the family missing the fewest characters: only the emoji
    assert fallback_for("🙂", "Inter") in {info.family for info in ENTRIES}


# ---------------------------------------------------------------- stored coverage and script data


def _font_data():
    """scripts/font_data.py, which writes coverage.json and unicode_scripts.json from the fonts and fontTools."""
    return checkout.load_file("scripts/font_data.py", "font_data")


def test_stored_coverage_is_what_the_font_files_map():
    """coverage.json cannot go stale: it equals each family's regular cmap as fontTools reads it now."""
    stored = json.loads((FONTS_DIR / "coverage.json").read_text(encoding="utf-8"))
    assert list(stored) == [info.family for info in ENTRIES]
    for info in ENTRIES:
        with TTFont(info.path("regular"), lazy=True) as font:
            cmap = set(font.getBestCmap())
        points = {cp for first, last in stored[info.family] for cp in range(first, last + 1)}
        assert points == cmap, f"{info.family}: coverage.json differs from the font; run scripts/font_data.py"
        assert list(info.scripts) == scripts_supported(points)


def test_stored_script_table_is_fonttools_table():
    from fontTools import unicodedata as ucd
    from fontTools.unicodedata import Scripts

    stored = json.loads((FONTS_DIR / "unicode_scripts.json").read_text(encoding="utf-8"))
    assert stored == _font_data().script_table()
    assert stored["starts"] == list(Scripts.RANGES) and stored["codes"] == list(Scripts.VALUES)
    from brandkit.fonts.scripts import char_script

    for cp in [0, 0x41, 0x3A9, 0x627, 0x30A2, 0x4E00, 0xAC00, 0x1F642, 0x10FFFF, *Scripts.RANGES[::50]]:
        code = ucd.script(chr(cp))
        assert char_script(chr(cp)) == (None if code in {"Zyyy", "Zinh", "Zzzz"} else ucd.script_name(code))


def test_coverage_ranges_are_inclusive_at_both_ends():
    inter = json.loads((FONTS_DIR / "coverage.json").read_text(encoding="utf-8"))["Inter"]
    first, last = inter[1]  # a range after the first, so the code point before it is unmapped
    for cp, mapped in [(first - 1, False), (first, True), (last, True), (last + 1, inter[2][0] == last + 1)]:
        assert fonts.missing("Inter", "a" + chr(cp)) == ([] if mapped or not fonts._needs_glyph(chr(cp)) else [chr(cp)])
    assert fonts.missing("Inter", "\U0010fffd") == ["\U0010fffd"]  # past the last range


def test_coverage_questions_load_neither_fonttools_nor_font_files():
    """ValidateBrief and Palette ship without the fonts layer: brandkit.fonts must not need it to answer."""
    import subprocess
    import sys

    code = (
        "import sys\n"
        "opened = []\n"
        "sys.addaudithook(lambda event, args: event == 'open' and opened.append(str(args[0])))\n"
        "from brandkit.fonts import covers, fallback_for, script_of\n"
        "assert covers('Inter', 'Northwind') and fallback_for('東京珈琲', 'Inter') and script_of('قهوة') == 'Arabic'\n"
        "assert not any(m.startswith('fontTools') for m in sys.modules), 'fontTools imported'\n"
        "assert any(f.endswith('coverage.json') for f in opened), opened\n"
        "assert not any(f.endswith('.ttf') for f in opened), opened\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def test_compressed_font_files_are_unpacked_once_into_the_cache(tmp_path, monkeypatch):
    """The fonts layer ships name.ttf.xz (layers/build_layer.py): font_file() hands back the same bytes, unpacked
    once into the cache folder, and a file in neither form is named in the error."""
    import lzma

    source = font_file("Lato", "bold")
    layer = tmp_path / "layer"
    packed = layer / "files" / "Lato" / (source.name + ".xz")
    packed.parent.mkdir(parents=True)
    packed.write_bytes(lzma.compress(source.read_bytes()))
    monkeypatch.setattr(fonts, "FONTS_DIR", layer)
    monkeypatch.setattr(fonts, "FONT_CACHE_DIR", tmp_path / "cache")
    fonts._readable.cache_clear()
    try:
        unpacked = font_file("Lato", "bold")
        assert unpacked == tmp_path / "cache" / "files" / "Lato" / source.name
        assert unpacked.read_bytes() == source.read_bytes()
        assert [p.name for p in unpacked.parent.iterdir()] == [source.name]  # no partial file left behind
        fonts._readable.cache_clear()  # another process of the container: reuses the unpacked file
        packed.unlink()
        assert font_file("Lato", "bold") == unpacked
        with pytest.raises(FileNotFoundError, match="Lato-Regular.ttf"):
            font_file("Lato", "regular")
    finally:
        fonts._readable.cache_clear()


def test_cjk_characters_by_name_include_ideographic_punctuation():
    assert all(map(is_cjk, "漢かなカナ한。々ㄅ")) and not any(map(is_cjk, "Aé1 ,Ж"))


SCRIPT_NAMES = {  # a name in each script, and the classification a designer would set it in
    "Hebrew": ("אור ירושלים", {"hebrew sans", "hebrew serif"}),
    "Devanagari": ("प्राण योग", {"devanagari sans", "devanagari serif"}),
    "Thai": ("บ้านไทย", {"thai sans", "thai serif"}),
    "Japanese": ("さくら珈琲", {"japanese gothic"}),
    "Korean": ("하늘 디자인", {"korean gothic"}),
    "Chinese": ("山水茶舍", {"chinese kai"}),
    "Greek": ("Ελιά Αρώματα", None),
    "Cyrillic": ("Москва Строй", None),
}


@pytest.mark.parametrize("script", sorted(SCRIPT_NAMES))
def test_every_script_falls_back_to_a_designed_face(script):
    name, classes = SCRIPT_NAMES[script]
    family = fallback_for(name, "Inter")
    info = font_info(family)
    assert covers(family, name) and info.classification not in fonts.LOCKUP_EXCLUDED, (script, family)
    if classes:
        assert info.classification in classes, (script, family, info.classification)


def test_no_fallback_or_monospace_face_stands_in_for_a_script():
    # Cousine (monospace) carries Hebrew, but never stands in; a serif brand gets a Hebrew serif.
    assert font_info(fallback_for("שלום", "Noto Serif")).classification == "hebrew serif"
    assert fallback_for("שלום", "Fira Code") != "Cousine"


def test_undrawable_names_the_script():
    assert fonts.undrawable("Northwind Coffee ☕") == {}
    assert fonts.undrawable("प्राण योग") == {}
    assert set(fonts.undrawable("ᏣᎳᎩ Coffee")) == {"Cherokee"}
