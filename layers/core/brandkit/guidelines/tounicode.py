"""Keep shaped text extractable: map private-use glyph codes back to the characters they stand for.

When HarfBuzz picks a glyph that has no Unicode value (an Arabic contextual form, a ligature),
reportlab gives it a private-use code, and its ToUnicode CMap maps that code to itself, so pdftotext,
search and screen readers see U+E000... instead of the word. We record, per font face, which
characters each private glyph came from (its HarfBuzz cluster) and write those into the CMap.

This is the one place that reaches into reportlab internals (`ttfonts.makeToUnicodeCMap`, called by
name when a font's subsets are written); tests/unit/test_guidelines_text.py checks it still works.
"""

from __future__ import annotations

import threading

from reportlab.pdfbase import pdfmetrics, ttfonts

_PRIVATE: dict[str, dict[int, str]] = {}  # face key -> private code -> characters
_LOCK = threading.Lock()
_original = ttfonts.makeToUnicodeCMap


def _is_private(code: int) -> bool:
    return 0xE000 <= code <= 0xF8FF or 0xF0000 <= code <= 0x10FFFD


def _face_key(font: str) -> str:
    face = pdfmetrics.getFont(font).face
    return (face.name + face.subfontNameX).decode("latin-1")


def remember(font: str, text: str, glyphs: str) -> None:
    """Record the characters behind each private-use glyph of a shaped run (glyphs: a ShapedStr)."""
    data = getattr(glyphs, "__shapeData__", None) or []
    private = [(ord(g), d.cluster) for g, d in zip(glyphs, data) if _is_private(ord(g))]
    if not private:
        return
    bounds = sorted({d.cluster for d in data} | {len(text)})
    key = _face_key(font)
    with _LOCK:
        table = _PRIVATE.setdefault(key, {})
        for code, cluster in private:
            if code not in table and 0 <= cluster < len(text):
                table[code] = text[cluster : bounds[bounds.index(cluster) + 1]]


def _utf16(text: str) -> str:
    return text.encode("utf-16-be").hex().upper()


def make_to_unicode_cmap(fontname: str, subset: list[int]) -> str:
    cmap = _original(fontname, subset)
    table = _PRIVATE.get(fontname.split("+", 1)[-1])
    if not table:
        return cmap
    lines = cmap.split("\n")
    for index, code in enumerate(subset):
        if code in table:
            old = "<%02X> <%04X>" % (index, code)
            lines = [f"<{index:02X}> <{_utf16(table[code])}>" if line == old else line for line in lines]
    return "\n".join(lines)


def install() -> None:
    ttfonts.makeToUnicodeCMap = make_to_unicode_cmap
