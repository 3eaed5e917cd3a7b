"""The web page's text in the reader's language, from the same gettext catalogues as the kit and the API.

The page's messages have the context "web page": app.js says them through `pgettext("web page", ...)`
(Babel's JavaScript extractor finds them) and index.html marks its own text with `data-i18n` (the element's
first text) and `data-i18n-attrs` (attributes such as placeholder), which `extract_html` below finds.
`scripts/i18n.py compile` then writes web/i18n/<tag>.json for every catalogue plus web/i18n/index.json (which
catalogue a primary language subtag gets, as brandkit.i18n.negotiate decides); app.js reads them. The JSON files
are generated, never edited: tests/unit/test_web_catalogues.py fails when they differ from the catalogues.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import IO, Any

from babel import Locale
from babel.messages.pofile import read_po

from brandkit.i18n import CATALOGUES, DOMAIN, LOCALE_DIR, SOURCE, negotiate

CONTEXT = "web page"
WEB_DIR = Path(__file__).resolve().parents[2] / "web"
# Void elements never get an end tag: they must not count as open while looking for an element's first text.
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


def message_id(text: str) -> str:
    """index.html's text as a msgid: whitespace collapsed, as app.js's translatePage collapses it."""
    return re.sub(r"\s+", " ", text).strip()


class _MarkedText(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[int, str]] = []
        self._depth = 0
        self._waiting: list[int] = []  # depths of data-i18n elements whose first text is still to come

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        named = dict(attrs)
        line = self.getpos()[0]
        for name in (named.get("data-i18n-attrs") or "").split():
            if named.get(name):
                self.found.append((line, message_id(named[name] or "")))
        if tag in _VOID:
            return
        self._depth += 1
        if "data-i18n" in named:
            self._waiting.append(self._depth)

    def handle_endtag(self, tag: str) -> None:
        if tag in _VOID:
            return
        if self._waiting and self._waiting[-1] == self._depth:
            self._waiting.pop()  # an element marked but with no text of its own: nothing to translate
        self._depth -= 1

    def handle_data(self, data: str) -> None:
        if self._waiting and self._waiting[-1] == self._depth and data.strip():
            self.found.append((self.getpos()[0], message_id(data)))
            self._waiting.pop()


def extract_html(fileobj: IO[bytes], keywords: Any, comment_tags: Any, options: Any
                 ) -> Iterator[tuple[int, str, tuple[str, str], list[str]]]:
    """Babel extraction method for index.html (named in the i18n folder's babel.cfg)."""
    parser = _MarkedText()
    parser.feed(fileobj.read().decode("utf-8"))
    parser.close()
    for line, text in parser.found:
        yield line, "pgettext", (CONTEXT, text), []


def page_catalogue(locale: str) -> dict[str, Any]:
    """One language's page messages as app.js reads them (only translated, non-fuzzy entries)."""
    with (LOCALE_DIR / locale / "LC_MESSAGES" / f"{DOMAIN}.po").open("rb") as f:
        catalogue = read_po(f, locale=locale)
    messages = {m.id: m.string for m in catalogue
                if m.context == CONTEXT and isinstance(m.id, str) and m.string and not m.fuzzy}
    return {"language": CATALOGUES[locale], "dir": Locale.parse(locale).text_direction,
            "messages": {CONTEXT: dict(sorted(messages.items()))}}


def page_files() -> dict[str, str]:
    """Every file of web/i18n/ by name, with its text."""
    locales = [locale for locale in CATALOGUES if locale != SOURCE]
    index = {"source": SOURCE,
             "languages": {primary: CATALOGUES[negotiate(primary).locale]
                           for primary in sorted({CATALOGUES[locale].split("-")[0] for locale in locales} | {"iw"})}}
    files = {f"{CATALOGUES[locale]}.json": page_catalogue(locale) for locale in locales}
    files["index.json"] = index
    return {name: json.dumps(data, ensure_ascii=False, indent=1) + "\n" for name, data in sorted(files.items())}


def write(web_dir: Path = WEB_DIR) -> None:
    folder = web_dir / "i18n"
    folder.mkdir(exist_ok=True)
    for name, text in page_files().items():
        (folder / name).write_text(text, encoding="utf-8")


def stale(web_dir: Path = WEB_DIR) -> list[str]:
    """The files of web/i18n/ that are missing or differ from what the catalogues give now."""
    folder = web_dir / "i18n"
    return [f"web/i18n/{name} is not generated from the current catalogues (run scripts/i18n.py compile)"
            for name, text in page_files().items()
            if not (folder / name).exists() or (folder / name).read_text(encoding="utf-8") != text]
