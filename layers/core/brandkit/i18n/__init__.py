"""The kit's languages: gettext catalogues managed with Babel, BCP 47 negotiation, CLDR formats.

Every sentence a person reads is a catalogue message: English msgids in the code, one catalogue per
language in `locale/<locale>/LC_MESSAGES/brandkit.po`, compiled to `.mo` beside it (both ship in the
layer). English is the source language and needs no catalogue. Workflow (scripts/i18n.py wraps it):
`pybabel extract -F babel.cfg -k N_:1c,2` -> brandkit.pot, `pybabel update`, translate, `pybabel compile`;
tests/unit/test_i18n_catalogues.py fails on any message missing, untranslated or fuzzy.

Graph labels (industries, traits, colour families, styles, harmonies, classifications, concept kinds,
scripts) are data, not code: their translations are in the dataset's label table (brandkit.i18n.labels).

Negotiation (`negotiate`) maps any BCP 47 tag to the nearest catalogue and says why:
- a catalogue for the language: used, whatever the region ("es-MX" -> es, "en-GB" -> en);
- Portuguese other than pt-BR ("pt", "pt-PT", "pt-AO"): the pt-BR catalogue, the only Portuguese one
  (European readers see Brazilian spelling; the reason says so);
- Chinese: one catalogue in Simplified characters (zh-Hans). "zh-Hant", "zh-TW", "zh-HK" and "zh-MO"
  fall back to it, with that said in the reason: there is no Traditional catalogue yet;
- "iw" (the withdrawn code for Hebrew) -> he;
- anything else: English, with the reason.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, cached_property, lru_cache
from pathlib import Path

from babel import Locale
from babel.lists import format_list
from babel.numbers import format_decimal, format_percent
from babel.support import NullTranslations, Translations

DOMAIN = "brandkit"
LOCALE_DIR = Path(__file__).parent / "locale"
SOURCE = "en"
# Catalogue locales (Babel/gettext spelling) and their BCP 47 tags.
CATALOGUES: dict[str, str] = {
    "en": "en", "es": "es", "fr": "fr", "de": "de", "ja": "ja", "ar": "ar", "zh_Hans": "zh-Hans",
    "pt_BR": "pt-BR", "it": "it", "nl": "nl", "ko": "ko", "hi": "hi", "he": "he",
}
_BY_LANGUAGE = {locale.split("_")[0]: locale for locale in CATALOGUES}
_TRADITIONAL = {"hant", "tw", "hk", "mo"}


def N_(context: str, message: str) -> tuple[str, str]:  # noqa: N802 - gettext's name for "mark only"
    """Mark a message for extraction without translating it (keyword N_:1c,2 in babel.cfg's command)."""
    return context, message


@dataclass(frozen=True)
class Choice:
    """Which catalogue a requested language tag gets, and why."""

    requested: str
    locale: str  # a key of CATALOGUES
    reason: str
    fallback: bool = False  # the catalogue is not in the requested language (or variety)

    @property
    def tag(self) -> str:
        """The BCP 47 tag of what the reader gets: the request itself when the catalogue's language is the
        requested one (es-MX stays es-MX), else the catalogue's tag (pt-PT gets pt-BR)."""
        return CATALOGUES[self.locale] if self.fallback else self.requested

    def to_dict(self) -> dict[str, str]:
        return {"requested": self.requested, "used": CATALOGUES[self.locale], "reason": self.reason}


def negotiate(tag: str) -> Choice:
    subtags = [s.lower() for s in (tag or SOURCE).replace("_", "-").split("-") if s]
    primary, rest = (subtags[0] if subtags else SOURCE), set(subtags[1:])
    if primary == "iw":
        return Choice(tag, "he", "'iw' is the withdrawn code for Hebrew", fallback=True)
    if primary == "pt":
        if rest & {"br"}:
            return Choice(tag, "pt_BR", "catalogue for the requested language and region")
        return Choice(
            tag,
            "pt_BR",
            f"no European Portuguese catalogue; Brazilian Portuguese (pt-BR) is used instead of {tag!r}",
            fallback=True,
        )
    if primary == "zh":
        if rest & _TRADITIONAL:
            return Choice(
                tag,
                "zh_Hans",
                f"no Traditional Chinese catalogue yet; Simplified Chinese (zh-Hans) is used instead of {tag!r}",
                fallback=True,
            )
        return Choice(tag, "zh_Hans", "catalogue for the requested language (Simplified characters)")
    if primary in _BY_LANGUAGE:
        return Choice(tag, _BY_LANGUAGE[primary], "catalogue for the requested language")
    return Choice(tag, SOURCE, f"no catalogue for {tag!r}; English is used instead", fallback=True)


class Translator:
    """One catalogue with the CLDR formats of its locale."""

    def __init__(self, locale: str) -> None:
        self.locale = locale
        self.cldr = Locale.parse(locale)
        self.tag = CATALOGUES[locale]
        if locale == SOURCE:
            self._t: NullTranslations = NullTranslations()
        else:
            self._t = Translations.load(str(LOCALE_DIR), [locale], DOMAIN)
            if not isinstance(self._t, Translations):
                raise FileNotFoundError(f"the compiled catalogue for {locale} is missing from {LOCALE_DIR}")

    @property
    def rtl(self) -> bool:
        return self.cldr.text_direction == "rtl"

    def gettext(self, message: str) -> str:
        return str(self._t.gettext(message))

    def pgettext(self, context: str, message: str) -> str:
        return str(self._t.pgettext(context, message))

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self._t.ngettext(singular, plural, n)

    def say(self, context: str, message: str, **values: object) -> str:
        """A whole sentence template of this language, its named placeholders filled."""
        return self.pgettext(context, message).format(**values)

    def number(self, value: float, digits: int = 1) -> str:
        return _number(self.locale, value, digits)

    def percent(self, share: float) -> str:
        return _percent(self.locale, share)

    def join(self, items: list[str]) -> str:
        items = [i for i in items if i]
        return _join(self.locale, tuple(items)) if items else ""

    def quote(self, text: str) -> str:
        return self.pgettext("punctuation", "“{text}”").format(text=text)

    @cached_property
    def sentence_gap(self) -> str:
        # Chinese and Japanese put no space between sentences: the catalogue says so in a template.
        return self.pgettext("punctuation", "{first} {second}").format(first="", second="")

    def sentences(self, *parts: str) -> str:
        return self.sentence_gap.join(p for p in parts if p)


# CLDR formatting parses its patterns on every call; a kit formats the same few values many times.
@lru_cache(maxsize=4096)
def _number(locale: str, value: float, digits: int) -> str:
    return format_decimal(value, format="0." + "0" * digits if digits else "0", locale=translator(locale).cldr)


@lru_cache(maxsize=1024)
def _percent(locale: str, share: float) -> str:
    return format_percent(share, locale=translator(locale).cldr)


@lru_cache(maxsize=1024)
def _join(locale: str, items: tuple[str, ...]) -> str:
    return format_list(list(items), locale=translator(locale).cldr)


@cache
def translator(locale: str) -> Translator:
    return Translator(locale)


def for_tag(tag: str) -> tuple[Translator, Choice]:
    choice = negotiate(tag)
    return translator(choice.locale), choice


def preferred_tags(value: str) -> list[str]:
    """The language tags of an Accept-Language value, a POSIX locale ("de_DE.UTF-8") or a LANGUAGE list
    ("de:en"), most preferred first (by q, then order); "*", q=0 and malformed entries are left out."""
    ranked = []
    for index, item in enumerate(value.replace(":", ",").split(",")):
        tag, _, params = item.strip().partition(";")
        tag = tag.split(".")[0].split("@")[0].strip()
        try:
            q = float(params.strip().removeprefix("q=")) if params.strip().startswith("q=") else 1.0
        except ValueError:
            continue
        if tag and tag != "*" and q > 0 and all(part.isalnum() for part in tag.replace("_", "-").split("-")):
            ranked.append((-q, index, tag))
    return [tag for _q, _i, tag in sorted(ranked)]


def for_reader(*preferences: str | None) -> Translator:
    """The catalogue for a person reading messages (CLI output, API errors): the first preference that names
    a language with a catalogue (another variety counts: pt-PT reads pt-BR), else English. Preferences
    are Accept-Language values, POSIX locales or plain tags, most important first; None is skipped."""
    for preference in preferences:
        for tag in preferred_tags(preference or ""):
            choice = negotiate(tag)
            if choice.locale != SOURCE or tag.replace("_", "-").split("-")[0].lower() == SOURCE:
                return translator(choice.locale)
    return translator(SOURCE)
