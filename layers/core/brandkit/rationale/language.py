"""Is a text written in the language it should be? Cheap checks, good enough to catch a model
that answered a Japanese brief in English or a German one in Spanish.

Languages with their own script are checked by script; the Latin-script languages the
writers support (en, es, fr, de, it, nl, pt) are told apart by counting their commonest short words.
"""

from __future__ import annotations

import re

from brandkit.fonts.scripts import body_script, char_script

# Japanese mixes kanji with both kana; every other language is checked against its one body script.
_WRITTEN_WITH = {"Hiragana": frozenset({"Hiragana", "Katakana", "Han"})}
_KANA = frozenset({"Hiragana", "Katakana"})

STOPWORDS = {
    "en": {"the", "and", "of", "to", "is", "for", "with", "on", "its", "it", "this", "that", "are", "in", "a", "be"},
    "es": {"el", "la", "los", "las", "del", "y", "es", "con", "para", "por", "su", "sus", "una", "que", "se", "en"},
    "fr": {"le", "la", "les", "des", "du", "et", "est", "pour", "avec", "sur", "une", "qui", "sa", "son", "ses", "au"},
    "de": {"der", "die", "das", "und", "ist", "mit", "für", "auf", "ein", "eine", "den", "dem", "zu", "von", "im",
           "sich"},
    "it": {"il", "lo", "gli", "della", "delle", "e", "è", "per", "con", "una", "che", "del", "nel", "sono", "di", "si"},
    "nl": {"de", "het", "een", "en", "is", "van", "voor", "met", "op", "dat", "die", "zijn", "te", "niet", "wordt",
           "bij"},
    "pt": {"o", "os", "as", "do", "da", "dos", "e", "é", "com", "para", "uma", "que", "no", "na", "em", "se"},
}
_WORD = re.compile(r"[^\W\d_]+")


def detect_latin(text: str) -> str | None:
    """The supported Latin-script language whose common words dominate `text`, or None if unclear."""
    words = [w.lower() for w in _WORD.findall(text)]
    scores = {lang: sum(w in stop for w in words) for lang, stop in STOPWORDS.items()}
    ranked = sorted(scores.items(), key=lambda kv: kv[1], reverse=True)
    (best, top), (_, second) = ranked[0], ranked[1]
    if top < 3 or top < 1.5 * second:
        return None
    return best


def written_in(text: str, language: str) -> bool:
    """False only when `text` is clearly not in `language` (a BCP 47 tag); unknown languages pass."""
    lang = language.split("-")[0].lower()
    letters = _WORD.findall(text)
    if not letters:
        return False
    script = body_script(language)
    if script != "Latin":
        scripts = [char_script(c) for c in "".join(letters)]
        share = sum(s in _WRITTEN_WITH.get(script, {script}) for s in scripts) / len(scripts)
        if script == "Hiragana" and not _KANA.intersection(scripts):
            return False  # kanji alone could be Chinese
        return share >= 0.3
    if lang in STOPWORDS:
        return detect_latin(text) in (lang, None)
    return True
