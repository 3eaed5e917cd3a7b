"""Is a text written in the language it should be? Cheap checks, good enough to catch a model
that answered a Japanese brief in English or a German one in Spanish.

Languages with their own script are checked by script; the Latin-script languages the
writers support (en, es, fr, de, it, nl, pt) are told apart by counting their commonest short words.
"""

from __future__ import annotations

import re

# Scripts by Unicode block: enough to tell languages whose text is mostly one script.
_SCRIPTS = {
    "ja": r"[\u3040-\u30ff\u4e00-\u9fff]",  # kana and kanji
    "zh": r"[\u4e00-\u9fff]",
    "ko": r"[\uac00-\ud7af]",
    "ru": r"[\u0400-\u04ff]",
    "uk": r"[\u0400-\u04ff]",
    "bg": r"[\u0400-\u04ff]",
    "el": r"[\u0370-\u03ff]",
    "ar": r"[\u0600-\u06ff]",
    "fa": r"[\u0600-\u06ff]",
    "he": r"[\u0590-\u05ff]",
    "th": r"[\u0e00-\u0e7f]",
    "hi": r"[\u0900-\u097f]",
}
_KANA = re.compile(r"[\u3040-\u30ff]")

STOPWORDS = {
    "en": {"the", "and", "of", "to", "is", "for", "with", "on", "its", "it", "this", "that", "are", "in", "a", "be"},
    "es": {"el", "la", "los", "las", "del", "y", "es", "con", "para", "por", "su", "sus", "una", "que", "se", "en"},
    "fr": {"le", "la", "les", "des", "du", "et", "est", "pour", "avec", "sur", "une", "qui", "sa", "son", "ses", "au"},
    "de": {"der", "die", "das", "und", "ist", "mit", "für", "auf", "ein", "eine", "den", "dem", "zu", "von", "im", "sich"},
    "it": {"il", "lo", "gli", "della", "delle", "e", "è", "per", "con", "una", "che", "del", "nel", "sono", "di", "si"},
    "nl": {"de", "het", "een", "en", "is", "van", "voor", "met", "op", "dat", "die", "zijn", "te", "niet", "wordt", "bij"},
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
    if lang in _SCRIPTS:
        chars = "".join(letters)
        share = len(re.findall(_SCRIPTS[lang], chars)) / len(chars)
        if lang == "ja" and not _KANA.search(chars):
            return False  # kanji alone could be Chinese
        return share >= 0.3
    if lang in STOPWORDS:
        return detect_latin(text) in (lang, None)
    return True
