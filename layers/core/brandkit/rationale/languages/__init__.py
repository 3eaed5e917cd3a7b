"""One module per language the deterministic writer speaks; other languages fall back to English."""

from __future__ import annotations

from brandkit.rationale.languages import de, en, es, fr, ja
from brandkit.rationale.languages.base import Language

LANGUAGES: dict[str, Language] = {m.LANGUAGE.code: m.LANGUAGE for m in (en, es, fr, de, ja)}


def language_for(tag: str) -> tuple[Language, str | None]:
    """The templates for a BCP 47 tag, and a note when they had to fall back to English."""
    primary = tag.split("-")[0].lower()
    if primary in LANGUAGES:
        return LANGUAGES[primary], None
    return LANGUAGES["en"], f"The deterministic writer has no templates for language {tag!r}; this rationale is in English."
