"""Setting untrusted text in any script: font fallback per character, bidi, HarfBuzz shaping, wrapping.

Brief and model-written strings never reach reportlab's Paragraph markup parser: they are laid out here
and drawn with canvas.drawString, so markup-like text is just text. Each line is
  1. split into runs of one font (the preferred family where its cmap covers a character, else
     brandkit.fonts.fallback_for) and one bidi level (python-bidi's implementation of UAX #9),
  2. broken at spaces and between CJK characters (never inside a run of Arabic letters unless a word
     alone is wider than the line),
  3. reordered run by run (UAX #9 rule L2) and shaped with HarfBuzz through reportlab's shaping support.
Characters no vendored font covers (emoji) are left out rather than drawn as missing-glyph boxes.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache, lru_cache

from bidi import algorithm as uba
from bidi.mirror import MIRRORED
from reportlab.lib.abag import ABag
from reportlab.lib.colors import Color, HexColor
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import ShapedStr, TTFont, shapeFragWord
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable

from brandkit import fonts
from brandkit.fonts.scripts import char_script
from brandkit.guidelines import tounicode

tounicode.install()

BREAK_BETWEEN = {"Han", "Hiragana", "Katakana"}  # scripts written without spaces: any character boundary breaks
FEATURES = {"kern": True, "liga": True}  # no discretionary ligatures in body text
UNBOUNDED = 1e6  # a line width nothing reaches: "do not wrap"
_INVISIBLE_BIDI = {"BN", "RLE", "LRE", "RLO", "LRO", "PDF", "LRI", "RLI", "FSI", "PDI"}
# A colour's hex code (#C2410C): its "#" is a neutral that UAX #9 sends to the far end of the code in
# right-to-left text ("C2410C#"); read as part of the code (a strong left-to-right character) it stays in front.
_HEX_CODE_HASH = re.compile(r"#(?=[0-9A-Fa-f]{3,8}\b)")


@cache
def font_name(family: str, weight: str = "regular") -> str:
    """Register a catalog family's weight with reportlab (embedded, subset, shapable) and return its name.
    A family without a bold answers "bold" with its regular font (registered once)."""
    info = fonts.font_info(family)
    if weight == "bold" and not info.files.bold:
        return font_name(family)
    name = f"BK-{info.family.replace(' ', '')}-{weight}"
    pdfmetrics.registerFont(TTFont(name, str(info.path(weight)), shapable=True))  # type: ignore[arg-type]
    return name


@lru_cache(maxsize=256)
def _rl_colour(hex_colour: str) -> Color:
    return HexColor(hex_colour)  # reportlab parses colour strings on every call; parse each once


@lru_cache(maxsize=4096)
def _family_for_char(char: str, preferred: str) -> str | None:
    if fonts.covers(preferred, char):
        return preferred
    family = fonts.fallback_for(char, preferred)
    return family if fonts.covers(family, char) else None


def _needs_glyph(char: str) -> bool:
    return not char.isspace() and unicodedata.category(char) != "Cf"


@dataclass(frozen=True)
class TextStyle:
    family: str
    size: float
    weight: str = "regular"
    leading: float | None = None
    color: str = "#000000"
    align: str = "start"  # start (left for LTR, right for RTL), center, end
    direction: str = "auto"  # paragraph direction: auto (first strong character, UAX #9 P2-P3), ltr or rtl

    @property
    def line_height(self) -> float:
        return self.leading or self.size * 1.3


@dataclass
class Run:
    text: str  # logical order
    font: str  # registered reportlab font name
    level: int  # bidi embedding level; odd is right-to-left
    end: int = 0  # index after its last character in the source text
    glyphs: str = ""  # what drawString receives (a ShapedStr when HarfBuzz changed anything)
    width: float = 0.0

    def pieces(self, size: float) -> list[tuple[str, float, str | None]]:
        """The glyphs cut for drawing, with the ActualText extractors need where their own mapping would
        garble the text (tounicode.pieces); worked out only for lines that are drawn."""
        rtl = bool(self.level % 2)
        text = _shaping_text(self.text, rtl)  # a right-to-left run of neutrals is shaped left to right
        return tounicode.pieces(self.font, text, self.glyphs, size, rtl and text == self.text)


@dataclass
class Line:
    runs: list[Run] = field(default_factory=list)  # visual order, left to right
    width: float = 0.0
    rtl: bool = False


def is_rtl(text: str) -> bool:
    """Paragraph direction by UAX #9 rules P2-P3: the first strong character decides."""
    return bool(uba.get_base_level(text) == 1)


def _levels(text: str, rtl: bool) -> list[int]:
    if not rtl and not any(unicodedata.bidirectional(c) in ("R", "AL") for c in text):
        return [0] * len(text)
    # python-bidi drops explicit embeddings and boundary neutrals (X9); stand them in with a neutral so
    # levels stay aligned with characters (they are invisible and shaped with their neighbours).
    probe = "".join("*" if unicodedata.bidirectional(c) in _INVISIBLE_BIDI else c for c in text)
    probe = _HEX_CODE_HASH.sub("A", probe)
    storage = uba.get_empty_storage()
    storage["base_level"] = 1 if rtl else 0
    storage["base_dir"] = "R" if rtl else "L"
    uba.get_embedding_levels(probe, storage)
    uba.explicit_embed_and_overrides(storage)
    uba.resolve_weak_types(storage)
    uba.resolve_neutral_types(storage, False)
    uba.resolve_implicit_levels(storage, False)
    levels = [c["level"] for c in storage["chars"]]
    if len(levels) != len(text):  # astral characters on a narrow build, never on CPython 3.11
        return [1 if rtl else 0] * len(text)
    return levels


def _fonts(text: str, family: str, weight: str) -> list[str | None]:
    """A registered font per character (None: no vendored font has it, the character is left out)."""
    out: list[str | None] = []
    current: str | None = None
    for char in text:
        if not _needs_glyph(char):
            out.append(current or font_name(family, weight))
            continue
        if current and char_script(char) is None and ord(char) in _cmap_of(current):
            out.append(current)  # punctuation and digits stay in the surrounding font
            continue
        chosen = _family_for_char(char, family)
        current = font_name(chosen, weight) if chosen else None
        out.append(current)
    return out


@cache
def _cmap_of(registered: str) -> frozenset[int]:
    font = pdfmetrics.getFont(registered)
    assert isinstance(font, TTFont)  # font_name() registers TrueType faces only
    return frozenset(font.face.charToGlyph)


def _shaping_text(text: str, rtl: bool) -> str:
    if rtl and not any(unicodedata.bidirectional(c) in ("R", "AL") for c in text):
        # A right-to-left run of neutrals only: HarfBuzz would guess left-to-right, so reorder here.
        return "".join(MIRRORED.get(c, c) for c in reversed(text))
    return text


def shape(text: str, font: str, size: float, rtl: bool) -> tuple[str, float]:
    """(glyph string for drawString, width in points) of one run of one font and direction."""
    text = _shaping_text(text, rtl)
    width = pdfmetrics.stringWidth(text, font, size)
    shaped = shapeFragWord([width, (ABag(fontName=font, fontSize=size), text)], features=FEATURES)
    if len(shaped) < 2:
        return text, width
    glyphs = "".join(s for _, s in shaped[1:])
    data = [d for _, s in shaped[1:] for d in (getattr(s, "__shapeData__", None) or [])]
    if data:
        # types-reportlab says one ShapeData; reportlab takes (and shapeFragWord gives) the list of them.
        glyphs = ShapedStr(glyphs, shapeData=data)  # type: ignore[arg-type]
        tounicode.remember(font, text, glyphs)
    return glyphs, shaped[0]


@lru_cache(maxsize=8192)
def _shaped(text: str, font: str, size: float, rtl: bool) -> tuple[str, float]:
    """shape(), remembered: a run measured while filling lines is often a whole line (a label, a caption, a
    table cell), which is then drawn with the same glyphs. Safe to share: the result depends only on the
    arguments and the process's registered fonts, and tounicode's table is per process too."""
    return shape(text, font, size, rtl)


def _measure(text: str, font: str, size: float, rtl: bool) -> float:
    return _shaped(text, font, size, rtl)[1]


def _runs(text: str, fonts_: list[str | None], levels: list[int], start: int, end: int) -> list[Run]:
    runs: list[Run] = []
    for i in range(start, end):
        font = fonts_[i]
        if font is None:
            continue
        if runs and runs[-1].font == font and runs[-1].level == levels[i] and runs[-1].end == i:
            runs[-1].text += text[i]
            runs[-1].end = i + 1
        else:
            runs.append(Run(text[i], font, levels[i], i + 1))
    return runs


def _reorder(runs: list[Run]) -> list[Run]:
    """UAX #9 rule L2 over runs: from the highest level down to the lowest odd one, reverse every
    maximal sequence of runs at that level or higher."""
    if not runs:
        return runs
    highest = max(r.level for r in runs)
    lowest_odd = min((r.level for r in runs if r.level % 2), default=highest + 1)
    for level in range(highest, lowest_odd - 1, -1):
        out: list[Run] = []
        i = 0
        while i < len(runs):
            if runs[i].level >= level:
                j = i
                while j < len(runs) and runs[j].level >= level:
                    j += 1
                out.extend(reversed(runs[i:j]))
                i = j
            else:
                out.append(runs[i])
                i += 1
        runs = out
    return runs


_BREAK = re.compile(r"\n|[^\S\n\u00a0\u202f]+")  # no-break spaces (UAX #14 class GL) join their neighbours


def _words(text: str) -> list[tuple[int, int]]:
    """Break opportunities as (start, end) spans of unbreakable pieces; spaces end a piece, '\\n' is a
    piece of its own (a forced break)."""
    spans: list[tuple[int, int]] = []
    pos = 0
    for match in _BREAK.finditer(text):
        spans.extend(_split_cjk(text, pos, match.start()))
        if match.group() == "\n":
            spans.append((match.start(), match.end()))
            pos = match.end()
        else:
            if spans and spans[-1][1] == match.start() and text[spans[-1][0]] != "\n":
                spans[-1] = (spans[-1][0], match.end())  # trailing spaces belong to the word before
            pos = match.end()
    spans.extend(_split_cjk(text, pos, len(text)))
    return [s for s in spans if s[1] > s[0]]


def _split_cjk(text: str, start: int, end: int) -> list[tuple[int, int]]:
    out, piece = [], start
    for i in range(start + 1, end):
        if char_script(text[i]) in BREAK_BETWEEN or char_script(text[i - 1]) in BREAK_BETWEEN:
            if unicodedata.category(text[i]) not in ("Po", "Pe", "Mn"):  # keep closing punctuation attached
                out.append((piece, i))
                piece = i
    out.append((piece, end))
    return out


class Typesetter:
    """Lays out one string in one style: lines of shaped runs that fit a width."""

    def __init__(self, text: str, style: TextStyle) -> None:
        self.text = unicodedata.normalize("NFC", text)
        self.style = style
        self.rtl = style.direction == "rtl" or (style.direction == "auto" and is_rtl(self.text))
        self.levels = _levels(self.text, self.rtl)
        self.fonts = _fonts(self.text, style.family, style.weight)
        self._widths: dict[tuple[int, int], float] = {}

    def _width(self, start: int, end: int, trailing: bool = False) -> float:
        end = end if trailing else self._trim(start, end)
        # Line filling asks for each piece's width two or three times (and again for each frame width a
        # flowable is wrapped to): split it into runs and measure them once per span.
        if (start, end) not in self._widths:
            self._widths[start, end] = sum(_measure(r.text, r.font, self.style.size, bool(r.level % 2))
                                           for r in _runs(self.text, self.fonts, self.levels, start, end))
        return self._widths[start, end]

    def _trim(self, start: int, end: int) -> int:
        while end > start and self.text[end - 1].isspace():
            end -= 1
        return end

    def lines(self, width: float) -> list[Line]:
        spans = self._fit_spans(width)
        return [self._line(a, b) for a, b in spans]

    def _fit_spans(self, width: float) -> list[tuple[int, int]]:
        """Greedy line filling. A line's width is the sum of its pieces' widths (kerning across a break
        opportunity is ignored), its trailing spaces hanging past the edge as in any typesetter."""
        lines: list[tuple[int, int]] = []
        line: tuple[int, int] | None = None  # (start, end) of the line being filled
        used = 0.0  # width of the line so far, trailing spaces included
        for a, b in self._pieces(width):
            if self.text[a] == "\n":
                lines.append(line or (a, a))
                line = None
                continue
            if line is not None and used + self._width(a, b) <= width:
                line = (line[0], b)
                used += self._width(a, b, trailing=True)
                continue
            if line is not None:
                lines.append(line)
            line, used = (a, b), self._width(a, b, trailing=True)
        if line is not None:
            lines.append(line)
        return lines or [(0, 0)]

    def _pieces(self, width: float) -> Iterator[tuple[int, int]]:
        for a, b in _words(self.text):
            if self.text[a] == "\n" or self._width(a, b) <= width:
                yield a, b
                continue
            # A piece wider than the line (a very long name): break between characters, keeping marks.
            piece = a
            for i in range(a + 1, b):
                if unicodedata.category(self.text[i]).startswith("M"):
                    continue
                if self._width(piece, i + 1) > width:
                    yield piece, i
                    piece = i
            yield piece, b

    def _line(self, start: int, end: int) -> Line:
        end = self._trim(start, end)
        runs = _reorder(_runs(self.text, self.fonts, self.levels, start, end))
        for run in runs:
            run.glyphs, run.width = _shaped(run.text, run.font, self.style.size, bool(run.level % 2))
        return Line(runs, sum(r.width for r in runs), self.rtl)


def draw_line(canvas: Canvas, line: Line, x: float, y: float, width: float, style: TextStyle) -> None:
    """Draw one laid-out line with its baseline at y, aligned inside [x, x + width]."""
    align = style.align
    if align == "start":
        align = "right" if line.rtl else "left"
    elif align == "end":
        align = "left" if line.rtl else "right"
    left = {"left": x, "center": x + (width - line.width) / 2, "right": x + width - line.width}[align]
    canvas.setFillColor(_rl_colour(style.color))
    for run in line.runs:
        canvas.setFont(run.font, style.size)
        for glyphs, width, actual in run.pieces(style.size):
            if actual:  # the characters of a cluster its glyphs' own mapping would garble (tounicode.pieces)
                canvas.addLiteral(tounicode.begin_actual_text(actual))
            canvas.drawString(left, y, glyphs)
            if actual:
                canvas.addLiteral("EMC")
            left += width


def draw_text(canvas: Canvas, text: str, x: float, y: float, style: TextStyle, width: float | None = None,
              max_lines: int | None = None) -> float:
    """Draw text with the first baseline at y, wrapped and aligned inside [x, x + width] (unwrapped and
    starting at x when width is None), at most max_lines lines; returns the height used."""
    lines = Typesetter(text, style).lines(width or UNBOUNDED)[:max_lines]
    for i, line in enumerate(lines):
        draw_line(canvas, line, x, y - i * style.line_height, width or line.width, style)
    return len(lines) * style.line_height


def text_width(text: str, style: TextStyle) -> float:
    return max((line.width for line in Typesetter(text, style).lines(UNBOUNDED)), default=0.0)


class TextBlock(Flowable):
    """A flowable paragraph of untrusted text: wraps, splits across pages, any script, no markup."""

    def __init__(self, text: str, style: TextStyle, space_after: float = 0.0, space_before: float = 0.0) -> None:
        super().__init__()
        self.text = text
        self.style = style
        self.spaceAfter = space_after
        self.spaceBefore = space_before
        self._setter = Typesetter(text, style)
        self._lines: list[Line] | None = None
        self._for_width: float | None = None

    def _ensure(self, width: float) -> list[Line]:
        if self._lines is None or self._for_width != width:
            self._lines = self._setter.lines(width)
            self._for_width = width
        return self._lines

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803 - reportlab's signature
        self.width = availWidth
        self.height = len(self._ensure(availWidth)) * self.style.line_height
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803
        lines = self._ensure(availWidth)
        fit = int(availHeight // self.style.line_height)
        if fit <= 0 or fit >= len(lines):
            return []
        return [_Lines(lines[:fit], self.style, availWidth), _Lines(lines[fit:], self.style, availWidth)]

    def draw(self) -> None:
        _draw_lines(self.canv, self._ensure(self.width), self.style, self.width)


class _Lines(Flowable):
    """Already laid-out lines (what TextBlock.split hands back)."""

    def __init__(self, lines: list[Line], style: TextStyle, width: float) -> None:
        super().__init__()
        self.lines, self.style, self.width = lines, style, width

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        return self.width, len(self.lines) * self.style.line_height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803
        fit = int(availHeight // self.style.line_height)
        if fit <= 0 or fit >= len(self.lines):
            return []
        return [_Lines(self.lines[:fit], self.style, self.width), _Lines(self.lines[fit:], self.style, self.width)]

    def draw(self) -> None:
        _draw_lines(self.canv, self.lines, self.style, self.width)


def _draw_lines(canvas: Canvas, lines: list[Line], style: TextStyle, width: float) -> None:
    height = len(lines) * style.line_height
    # Each line is a box of line_height with the font's em centred in it; the baseline sits 0.8 em down.
    top_to_baseline = (style.line_height - style.size) / 2 + 0.8 * style.size
    for i, line in enumerate(lines):
        draw_line(canvas, line, 0, height - top_to_baseline - i * style.line_height, width, style)
