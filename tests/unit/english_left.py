"""Which English words of a message are left in its translation: the check the i18n tests share.

A translation may keep a word that is the same in both languages (a file format, a product, a code name): those
are `shared`. Everything else of three letters or more that the English message says and the translation
repeats is a word left untranslated.
"""

from __future__ import annotations

import re

# Words that stay as they are in every language: formats, products, identifiers and the project's own terms.
SHARED = {
    "png", "svg", "sdxl", "ihdr", "dtd", "viewbox", "https", "http", "url", "urls", "ipv4", "ipv6", "6to4", "teredo",
    "nat", "cgnat", "userinfo", "webhook", "webhooks", "batch", "gpu", "neptune", "existing_logo", "uploads",
    "brandkit", "logo", "json", "cli", "api", "aws", "usd", "kit", "kits", "brief", "more", "stage",
    # French spells these as English does
    "type", "pixels", "options", "image", "message", "format", "description", "local", "argument", "mode",
}


def words(text: str) -> set[str]:
    return {w.lower() for w in re.findall(r"(?<![\w'])[A-Za-z_][A-Za-z_']{2,}(?![\w'])", text)}


def english_left(english: str, translated: str, *, values: tuple[str, ...] = (), shared: set[str] = SHARED) -> set[str]:
    """The English words of `english` still in `translated`, apart from the values filled in and shared words."""
    from_values = set().union(*(words(v) for v in values)) if values else set()
    return (words(english) & words(translated)) - from_values - shared
