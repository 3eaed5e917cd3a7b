"""Unicode scripts of text and of fonts, by the Unicode Script property.

The property's table is fontTools.unicodedata's, stored in unicode_scripts.json by scripts/font_data.py
(so this module needs no fontTools; tests/unit/test_fonts.py checks the copy against fontTools).

Names are the Unicode long names ("Latin", "Han", "Arabic", "Hiragana", "Hangul"). Japanese kana are
reported as their own scripts ("Hiragana", "Katakana"), not folded into "Han": a font can carry kanji
without kana, so callers pick fonts by coverage of the actual text (see brandkit.fonts.fallback_for),
and the label only guides the first guess. Characters of the Common and Inherited scripts (digits,
punctuation, spaces, emoji, combining marks) are neutral.
"""

from __future__ import annotations

import json
import unicodedata
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable
from functools import cache, lru_cache
from pathlib import Path

NEUTRAL = {"Zyyy", "Zinh", "Zzzz"}
DEFAULT_SCRIPT = "Latin"  # for text with no letters at all (e.g. "123", an emoji): every Latin font has digits
# Characters of the scripts written without spaces between words (line breaks may fall between any two),
# by character name so that ideographic punctuation and iteration marks count too.
CJK_NAME_PREFIXES = ("CJK", "HIRAGANA", "KATAKANA", "HANGUL", "IDEOGRAPHIC", "BOPOMOFO")

# The script body text is set in, from the BCP 47 language (its script subtag wins when present).
# Japanese asks for kana: a font with kana carries kanji too, not always the other way round.
LANGUAGE_SCRIPTS = {
    "zh": "Han", "ja": "Hiragana", "ko": "Hangul", "ar": "Arabic", "fa": "Arabic", "ur": "Arabic", "he": "Hebrew",
    "ru": "Cyrillic", "uk": "Cyrillic", "bg": "Cyrillic", "sr": "Cyrillic", "el": "Greek", "th": "Thai",
    "hi": "Devanagari", "mr": "Devanagari", "ne": "Devanagari", "ta": "Tamil", "gu": "Gujarati",
}
SCRIPT_SUBTAGS = {
    "Hans": "Han",
    "Hant": "Han",
    "Jpan": "Hiragana",
    "Kore": "Hangul",
    "Arab": "Arabic",
    "Cyrl": "Cyrillic",
    "Latn": "Latin",
    "Grek": "Greek",
    "Hebr": "Hebrew",
}


def _ranges(*spans: tuple[int, int]) -> frozenset[int]:
    return frozenset(cp for lo, hi in spans for cp in range(lo, hi + 1))


# The letters a font must have to be said to support a script, with the share of them required.
# Basic alphabets must be complete; for Han and Hangul a font "supports" the script when it carries a
# practical repertoire (GB 2312 level 1 has 3755 hanzi; KS X 1001 has 2350 syllables).
SCRIPT_REQUIREMENTS: dict[str, tuple[frozenset[int], float]] = {
    "Latin": (_ranges((0x41, 0x5A), (0x61, 0x7A)), 1.0),
    "Greek": (_ranges((0x391, 0x3A1), (0x3A3, 0x3A9), (0x3B1, 0x3C9)), 1.0),
    "Cyrillic": (_ranges((0x410, 0x44F)), 1.0),
    "Hebrew": (_ranges((0x5D0, 0x5EA)), 1.0),
    "Arabic": (_ranges((0x621, 0x63A), (0x641, 0x64A)), 1.0),
    "Devanagari": (_ranges((0x905, 0x939)), 0.9),
    "Gujarati": (_ranges((0xA85, 0xAB9)), 0.8),
    "Tamil": (_ranges((0xB85, 0xBB9)), 0.8),
    "Thai": (_ranges((0xE01, 0xE2E)), 1.0),
    "Hiragana": (_ranges((0x3041, 0x3093)), 1.0),
    "Katakana": (_ranges((0x30A1, 0x30F6)), 1.0),
    "Hangul": (_ranges((0xAC00, 0xD7A3)), 2350 / 11172),
    "Han": (_ranges((0x4E00, 0x9FFF)), 3500 / 20992),
}


@cache
def _script_table() -> tuple[list[int], list[str], dict[str, str]]:
    data = json.loads((Path(__file__).resolve().parent / "unicode_scripts.json").read_text(encoding="utf-8"))
    return data["starts"], data["codes"], data["names"]


@lru_cache(maxsize=65536)
def char_script(char: str) -> str | None:
    """The Unicode script name of one character, or None if it is neutral (Common/Inherited)."""
    starts, codes, names = _script_table()
    code = codes[bisect_right(starts, ord(char)) - 1]  # the range starting at or before the character
    if code in NEUTRAL:
        return None
    return names[code].replace("_", " ")


def script_counts(text: str) -> Counter[str]:
    return Counter(s for s in map(char_script, text) if s is not None)


def script_of(text: str) -> str:
    """The dominant script of text: the script with most letters, ties going to the first seen.

    Neutral characters (digits, punctuation, emoji, marks) are ignored; text with none but neutral
    characters is "Latin".
    """
    counts = script_counts(text)
    if not counts:
        return DEFAULT_SCRIPT
    best = max(counts.values())
    return next(script for script in counts if counts[script] == best)


def scripts_supported(codepoints: Iterable[int]) -> list[str]:
    """Scripts whose required letters a cmap (its code points) carries, in SCRIPT_REQUIREMENTS order."""
    have = set(codepoints)
    return [
        script
        for script, (letters, share) in SCRIPT_REQUIREMENTS.items()
        if len(letters & have) >= share * len(letters)
    ]


def is_cjk(char: str) -> bool:
    return unicodedata.name(char, "").startswith(CJK_NAME_PREFIXES)


def body_script(language: str) -> str:
    """The script running text in this language is set in."""
    subtags = language.split("-")
    for tag in subtags[1:]:
        if tag.title() in SCRIPT_SUBTAGS:
            return SCRIPT_SUBTAGS[tag.title()]
    return LANGUAGE_SCRIPTS.get(subtags[0].lower(), "Latin")
