"""Text to outlines: shaping, direction, fallback, emoji."""

from __future__ import annotations

from brandkit import fonts
from brandkit.logo import names, textpath


def _families(line):
    return {g.font.parent.name for g in line.glyphs}


def test_latin_kerning_and_bbox():
    av = textpath.shape("AV", "Inter", size=100)
    a = textpath.shape("A", "Inter", size=100)
    v = textpath.shape("V", "Inter", size=100)
    assert av.advance < a.advance + v.advance  # kerned
    x0, y0, x1, y1 = av.bbox()
    assert y0 < -60 and abs(y1) < 2 and x1 > x0  # caps above the baseline (y down)
    assert av.path().startswith("M") and "Z" in av.path()


def test_arabic_is_joined_and_right_to_left():
    word = "سلام"
    line = textpath.shape(word, "Noto Sans Arabic", size=100)
    isolated = [textpath.shape(ch, "Noto Sans Arabic", size=100).glyphs[0].gid for ch in word]
    clusters = [g.cluster for g in line.glyphs]
    assert clusters == sorted(clusters, reverse=True)  # first letter is drawn rightmost
    assert [g.gid for g in sorted(line.glyphs, key=lambda g: g.cluster)] != isolated  # contextual forms
    assert line.advance < sum(textpath.shape(ch, "Noto Sans Arabic").advance for ch in word)


def test_arabic_name_with_digits_keeps_digits_left_to_right():
    line = textpath.shape("شركة 42", "Noto Sans Arabic", size=100)
    by_cluster = {g.cluster: g.x for g in line.glyphs}
    assert by_cluster[5] < by_cluster[6]  # "4" left of "2"
    assert by_cluster[0] > by_cluster[5]  # the Arabic word is to the right of the number


def test_cjk_falls_back_per_character_from_a_latin_family():
    assert not fonts.covers("Inter", "東京")
    line = textpath.shape("Tokyo 東京", "Inter", size=100)
    assert len(_families(line)) == 2
    assert all(g.gid != 0 for g in line.glyphs)  # no .notdef boxes
    assert not line.notes


def test_emoji_are_dropped_with_a_note_and_joiners_go_with_them():
    line = textpath.shape("Rocket 🚀 Labs 👩‍🚀", "Inter")
    assert line.text == "Rocket Labs"
    assert line.notes and "rocket" in line.notes[0]
    assert all(g.gid != 0 for g in line.glyphs)


def test_name_of_only_emoji_is_spelled_out():
    text, notes = names.display_text("🚀🌙", "Inter")
    assert text == "Rocket Crescent Moon"
    assert any("spelled out" in n for n in notes)


def test_tracking_widens_latin_but_not_arabic():
    assert textpath.shape("ABC", "Inter", tracking=0.2).advance > textpath.shape("ABC", "Inter").advance + 30
    arabic = "سلام"
    assert textpath.shape(arabic, "Noto Sans Arabic", tracking=0.2).advance == textpath.shape(
        arabic, "Noto Sans Arabic").advance


def test_markup_in_a_name_is_only_outlines():
    line = textpath.shape("<svg onload=alert(1)>", "Inter")
    d = line.path()
    assert "<" not in d and "onload" not in d and set(d) <= set("MLHVQCZ0123456789.- ")


def test_initials_and_wrapping_rules():
    assert names.initials("The Northwind Coffee Company") == "NC"
    assert names.initials("Q") == "Q"
    assert names.initials("3M") == "3M" and names.initials("Acme") == "A"
    assert names.initials("東京珈琲") == "東"
    assert names.initials("شركة النور") == "ش"
    assert names.initials('<script>alert("x")</script>') == "SA"
    long = "The Extraordinarily Long Named International Consortium of Artisanal Bakers and Coffee Roasters"
    lines = names.wrap(long, "Inter", "regular", 0.0)
    assert 2 <= len(lines) <= 3 and " ".join(lines) == long
    assert names.wrap("Q", "Inter", "regular", 0.0) == ["Q"]
    assert names.wrap("東京珈琲焙煎所東京珈琲焙煎所東京珈琲焙煎所", "Inter", "regular", 0.0, max_lines=2)[0] != ""
