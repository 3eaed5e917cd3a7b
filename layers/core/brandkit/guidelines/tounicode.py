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

A per-glyph map cannot be right where one HarfBuzz cluster has several glyphs or puts them out of
logical order: Devanagari draws the i-matra before its consonant ("दि" is drawn ि + द), Thai splits
sara am into two glyphs. For those clusters the text is marked with /ActualText (PDF 32000-1 14.9.4,
honoured by poppler, pdf.js, MuPDF and Acrobat), which replaces the glyphs' own mapping: `pieces` cuts
a shaped run into the glyph ranges to draw plainly and those to draw inside such a span. A private
glyph of such a cluster is still mapped to its own share of the cluster (the characters the cluster's
other glyphs do not stand for), so a reader that ignores ActualText gets no duplicated letters.

A glyph with no Unicode value also needs its width in the font's /Widths right: reportlab 5.1 records the
width of such a glyph (TTFont's private-code hook) in font units where every other width is in thousandths of
an em, so in a font of 2048 or 2000 units per em (Lato, Inter) a ligature ("ti", "fi") is twice as wide in
/Widths as it is drawn. The page looks right (the TJ array pulls the next glyph back), but extractors place
the characters by /Widths: the next glyph then starts inside the ligature, and pdftotext breaks the word
("Applicati" / "ons", so a search for "Applications" fails). `install` scales that width like the others.

This is the one place that reaches into reportlab internals (`ttfonts.makeToUnicodeCMap`, called by
name when a font's subsets are written, and TTFont's private-code hook); tests/unit/test_guidelines_text.py
and tests/unit/test_guidelines_contents.py check they still work.
"""

from __future__ import annotations

import threading
import unicodedata
from functools import lru_cache

from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.pdfbase.ttfonts import ShapedStr

_PRIVATE: dict[str, dict[int, str]] = {}  # face key -> private code -> characters
_LOCK = threading.Lock()
_original = ttfonts.makeToUnicodeCMap
_original_add_private = ttfonts.TTFont._TTFont__addPrivate  # type: ignore[attr-defined]


def _is_private(code: int) -> bool:
    return 0xE000 <= code <= 0xF8FF or 0xF0000 <= code <= 0x10FFFD


def _face_key(font: str) -> str:
    registered = pdfmetrics.getFont(font)
    assert isinstance(registered, ttfonts.TTFont)  # only shaped TrueType text gets a ToUnicode map
    face = registered.face
    return str((face.name + face.subfontNameX).decode("latin-1"))


def clusters(text: str, glyphs: str) -> list[tuple[int, int, str]]:
    """(first glyph, end glyph, characters) of each HarfBuzz cluster of a shaped run, in glyph order."""
    data = getattr(glyphs, "__shapeData__", None) or []
    bounds = sorted({d.cluster for d in data if 0 <= d.cluster < len(text)} | {len(text)})
    after = dict(zip(bounds, bounds[1:], strict=False))
    out: list[tuple[int, int, str]] = []
    for i, d in enumerate(data):
        if out and data[out[-1][0]].cluster == d.cluster:
            out[-1] = (out[-1][0], i + 1, out[-1][2])
        else:
            out.append((i, i + 1, text[d.cluster : after.get(d.cluster, d.cluster)]))
    return out


def _share(characters: str, others: list[str]) -> str:
    """The characters of a cluster that its other glyphs do not stand for (each taken away once)."""
    left = list(characters)
    for char in "".join(others):
        if char in left:
            left.remove(char)
    return "".join(left) or characters


def remember(font: str, text: str, glyphs: str) -> None:
    """Record the characters behind each private-use glyph of a shaped run (glyphs: a ShapedStr)."""
    if not any(_is_private(ord(g)) for g in glyphs):
        return
    key = _face_key(font)
    every = [ord(g) for g in glyphs]
    with _LOCK:
        table = _PRIVATE.setdefault(key, {})
        for start, end, characters in clusters(text, glyphs):
            codes = every[start:end]
            for code in codes:
                if _is_private(code) and code not in table and characters:
                    others = [chr(c) for c in codes if c != code and not _is_private(c)]
                    table[code] = _share(characters, others)


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


def _right_to_left(text: str) -> bool:
    return len(text) > 1 and all(unicodedata.bidirectional(c) in ("R", "AL", "NSM") for c in text)


@lru_cache(maxsize=8192)
def _mapped(code: int) -> str:
    """What the ToUnicode CMap says a glyph code other than a private one stands for, in logical order."""
    return logical(code) or chr(code)


def _words(text: str, glyphs: str) -> list[tuple[int, int, list[str], bool]]:
    """(first glyph, end glyph, each cluster's characters, is spaces) of the words and spaces of a run."""
    out: list[tuple[int, int, list[str], bool]] = []
    for start, end, characters in clusters(text, glyphs):
        space = characters.isspace()
        if out and out[-1][3] == space and not space:
            out[-1] = (out[-1][0], end, [*out[-1][2], characters], space)
        else:
            out.append((start, end, [characters], space))
    return out


def pieces(font: str, text: str, glyphs: str, size: float, rtl: bool) -> list[tuple[str, float, str | None]]:
    """A shaped run cut for drawing: (glyphs, width in points, ActualText or None) in drawing order. A word
    whose glyphs would not extract as its characters becomes a piece of its own with the word as its
    ActualText: a cluster of several glyphs or out of logical order, or a mark drawn with no advance over
    its neighbour (extractors order those by position and break the word around them). The rest of the run
    stays in as few pieces as it can. `rtl`: HarfBuzz shaped the run right to left (glyphs in visual order)."""
    data = getattr(glyphs, "__shapeData__", None)
    if not data:
        return [(glyphs, pdfmetrics.stringWidth(glyphs, font, size), None)]
    table = _PRIVATE.get(_face_key(font), {})
    codes = [ord(g) for g in glyphs]  # iterating, not slicing: ShapedStr's __getitem__ is slow
    cuts: list[tuple[int, int, str | None]] = []
    for start, end, characters, _space in _words(text, glyphs):
        word = "".join(characters[::-1] if rtl else characters)  # logical order
        drawn = [table.get(c) or _mapped(c) for c in codes[start:end]]
        plain = "".join(drawn[::-1] if rtl else drawn) == word and all(d.x_advance for d in data[start:end])
        if plain and cuts and cuts[-1][2] is None:
            cuts[-1] = (cuts[-1][0], end, None)
        else:
            cuts.append((start, end, None if plain else word))
    if len(cuts) == 1 and cuts[0][2] is None:
        return [(glyphs, sum(d.x_advance for d in data) * size / 1000, None)]
    return [(ShapedStr("".join(map(chr, codes[a:b])), shapeData=data[a:b]),
             sum(d.x_advance for d in data[a:b]) * size / 1000,
             actual[::-1] if actual and _right_to_left(actual) else actual)  # visual order, see above
            for a, b, actual in cuts]


def begin_actual_text(text: str) -> str:
    """The marked-content operator that opens a span whose text is `text` (a hex string: no escaping)."""
    return f"/Span <</ActualText <FEFF{_utf16(text)}>>> BDC"


def make_to_unicode_cmap(fontname: str, subset: list[int]) -> str:
    cmap = _original(fontname, subset)
    table = _PRIVATE.get(fontname.split("+", 1)[-1], {})
    replace = {}
    for index, code in enumerate(subset):
        text = table.get(code) or logical(code)
        if text and _right_to_left(text):
            text = text[::-1]  # visual order, see above
        if text:
            replace[f"<{index:02X}> <{code:04X}>"] = f"<{index:02X}> <{_utf16(text)}>"
    if not replace:
        return cmap
    return "\n".join(replace.get(line, line) for line in cmap.split("\n"))


def _add_private(font: ttfonts.TTFont, name: str, gid: int, advance: float) -> int:
    """reportlab's hook with the glyph's HarfBuzz advance (font units) scaled to thousandths of an em."""
    return int(_original_add_private(font, name, gid, advance * 1000 / font.face.unitsPerEm))


def install() -> None:
    ttfonts.makeToUnicodeCMap = make_to_unicode_cmap
    ttfonts.TTFont._TTFont__addPrivate = _add_private  # type: ignore[attr-defined]
