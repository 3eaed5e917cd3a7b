"""Keep shaped text extractable: map every shaped glyph's code back to the logical characters it stands for.

reportlab encodes each glyph by a Unicode value the font's cmap gives it, and its ToUnicode CMap maps that
code to itself. Two kinds of shaped glyph then extract wrongly:
- a glyph with no Unicode value (an Arabic contextual form or a ligature in most fonts) gets a private-use
  code, so pdftotext, search and screen readers see U+E000...; we record, per font face, the characters of
  the HarfBuzz cluster each private glyph came from and write those into the CMap;
- a glyph the font's cmap also lists under a presentation form (Noto Sans Arabic's initial noon is
  U+FEE7, the lam-alef ligature U+FEFB, "fi" U+FB01) would extract as that presentation form; its
  compatibility decomposition is exactly the logical text it stands for ("ن", "لا", "fi"), whatever the
  context, so the CMap maps it there.
One glyph that stands for several right-to-left characters (the lam-alef ligature) is written in visual
order: extractors (poppler's pdftotext) spread a multi-character mapping left to right across the glyph
and then put the right-to-left line back into logical order, which would turn "لا" into "ال".

This is the one place that reaches into reportlab internals (`ttfonts.makeToUnicodeCMap`, called by
name when a font's subsets are written); tests/unit/test_guidelines_text.py checks it still works.
"""

from __future__ import annotations

import threading
import unicodedata

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


# Compatibility tags of presentation forms: positional Arabic (and Syriac) forms and ligatures.
_PRESENTATION = ("<initial>", "<medial>", "<final>", "<isolated>", "<compat>")
_PRESENTATION_BLOCKS = ((0xFB00, 0xFB4F), (0xFB50, 0xFDFF), (0xFE70, 0xFEFF))


def logical(code: int) -> str | None:
    """The logical characters of a presentation-form code point, None for any other code."""
    if not any(low <= code <= high for low, high in _PRESENTATION_BLOCKS):
        return None
    char = chr(code)
    if not unicodedata.decomposition(char).startswith(_PRESENTATION):
        return None
    return unicodedata.normalize("NFKC", char)


def _utf16(text: str) -> str:
    return text.encode("utf-16-be").hex().upper()


def make_to_unicode_cmap(fontname: str, subset: list[int]) -> str:
    cmap = _original(fontname, subset)
    table = _PRIVATE.get(fontname.split("+", 1)[-1], {})
    replace = {}
    for index, code in enumerate(subset):
        text = table.get(code) or logical(code)
        if text and len(text) > 1 and all(unicodedata.bidirectional(c) in ("R", "AL", "NSM") for c in text):
            text = text[::-1]  # visual order, see above
        if text:
            replace["<%02X> <%04X>" % (index, code)] = f"<{index:02X}> <{_utf16(text)}>"
    if not replace:
        return cmap
    return "\n".join(replace.get(line, line) for line in cmap.split("\n"))


def install() -> None:
    ttfonts.makeToUnicodeCMap = make_to_unicode_cmap
