"""Text to SVG outlines with real shaping.

HarfBuzz (uharfbuzz) shapes each run, so Arabic joins and runs right to left, marks
attach, and kerning/ligatures apply; fontTools pens draw the shaped glyphs. Characters the
chosen family lacks fall back per character to a family from `brandkit.fonts` that has
them; runs are put in visual order with a small bidi rule (runs of the other direction are
reversed as blocks), which is what names need.

Emoji: no colour emoji font ships with the kit. A character that no catalogue font covers
(most emoji) is dropped, together with the joiners, variation selectors and skin-tone
modifiers that only make sense with it, and the drop is reported in `notes`. Symbols that a
text font does cover (such as U+2615 in some families) are drawn as monochrome outlines.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import uharfbuzz as hb
from fontTools.pens.boundsPen import BoundsPen
from fontTools.pens.recordingPen import DecomposingRecordingPen
from fontTools.pens.svgPathPen import SVGPathPen
from fontTools.pens.transformPen import TransformPen
from fontTools.ttLib import TTFont

from brandkit import fonts

from .svg import fmt

Affine = tuple[float, float, float, float, float, float]
Outline = tuple[tuple[str, tuple[Any, ...]], ...]  # a recording pen's (operator, arguments)
IDENTITY: Affine = (1, 0, 0, 1, 0, 0)

# Scripts whose letters join: letter-spacing would tear them apart.
CURSIVE_SCRIPTS = {"Arab", "Syrc", "Nkoo", "Mong", "Adlm", "Rohg", "Mand"}
# Code points that only modify a neighbouring emoji; dropped along with it.
EMOJI_COMPANIONS = {0x200D, 0xFE0E, 0xFE0F, 0x20E3} | set(range(0x1F3FB, 0x1F400)) | set(range(0xE0020, 0xE0080))


@dataclass(frozen=True)
class PlacedGlyph:
    font: Path
    gid: int
    x: float  # pen position of the glyph origin, in text units (font size = `size`)
    y: float
    scale: float  # font units -> text units
    cluster: int


@dataclass
class ShapedText:
    """A shaped line. Coordinates are SVG-like: baseline at y=0, y grows downwards."""

    text: str
    size: float
    glyphs: list[PlacedGlyph]
    advance: float
    notes: list[str] = field(default_factory=list)
    _plain: str | None = field(default=None, repr=False, compare=False)

    @property
    def empty(self) -> bool:
        return not self.glyphs

    def path(self, transform: Affine = IDENTITY) -> str:
        """Outline of the whole line as path data, after `transform` (applied last)."""
        if transform == IDENTITY:
            if self._plain is None:
                self._plain = self._path(IDENTITY)
            return self._plain
        return self._path(transform)

    def _path(self, transform: Affine) -> str:
        pen = SVGPathPen(None, ntos=fmt)
        for g in self.glyphs:
            _draw_glyph(g, _compose(transform, (g.scale, 0, 0, -g.scale, g.x, g.y)), pen)
        return str(pen.getCommands())

    def glyph_paths(self, place: Callable[[PlacedGlyph, float], Affine]) -> str:
        """Outline with a per-glyph transform: `place(glyph, centre_x) -> Affine` (text on a curve)."""
        pen = SVGPathPen(None, ntos=fmt)
        for g in self.glyphs:
            x0, _, x1, _ = _glyph_bounds(g.font, g.gid)
            centre = g.x + (x0 + x1) / 2 * g.scale
            local = (g.scale, 0, 0, -g.scale, g.x - centre, g.y)
            _draw_glyph(g, _compose(place(g, centre), local), pen)
        return str(pen.getCommands())

    def bbox(self) -> tuple[float, float, float, float]:
        """Ink bounds (xmin, ymin, xmax, ymax) in text units, y down; zeros for empty text."""
        boxes = []
        for g in self.glyphs:
            x0, y0, x1, y1 = _glyph_bounds(g.font, g.gid)
            if x0 == x1 == 0:
                continue
            boxes.append((g.x + x0 * g.scale, g.y - y1 * g.scale, g.x + x1 * g.scale, g.y - y0 * g.scale))
        if not boxes:
            return (0.0, 0.0, 0.0, 0.0)
        return (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))

    def node_count(self) -> int:
        return sum(_glyph_nodes(g.font, g.gid) for g in self.glyphs)


def _compose(outer: Affine, inner: Affine) -> Affine:
    a1, b1, c1, d1, e1, f1 = outer
    a2, b2, c2, d2, e2, f2 = inner
    return (a1 * a2 + c1 * b2, b1 * a2 + d1 * b2, a1 * c2 + c1 * d2, b1 * c2 + d1 * d2,
            a1 * e2 + c1 * f2 + e1, b1 * e2 + d1 * f2 + f1)


def rotation(angle_rad: float, cx: float = 0.0, cy: float = 0.0) -> Affine:
    c, s = math.cos(angle_rad), math.sin(angle_rad)
    return (c, s, -s, c, cx, cy)


# ---------------------------------------------------------------- font access (cached)

@lru_cache(maxsize=64)
def _ttfont(path: Path) -> TTFont:
    return TTFont(path, lazy=True)


@lru_cache(maxsize=64)
def _hb_font(path: Path) -> hb.Font:
    return hb.Font(hb.Face(hb.Blob.from_file_path(str(path))))


@lru_cache(maxsize=64)
def _upem(path: Path) -> int:
    return int(_ttfont(path)["head"].unitsPerEm)


@lru_cache(maxsize=8192)
def _outline(path: Path, gid: int) -> Outline:
    font = _ttfont(path)
    glyph_set = font.getGlyphSet()
    pen = DecomposingRecordingPen(glyph_set)
    glyph_set[font.getGlyphOrder()[gid]].draw(pen)
    return tuple(pen.value)


@lru_cache(maxsize=8192)
def _glyph_bounds(path: Path, gid: int) -> tuple[float, float, float, float]:
    pen = BoundsPen(None)
    _replay(_outline(path, gid), pen)
    return pen.bounds or (0.0, 0.0, 0.0, 0.0)


@lru_cache(maxsize=8192)
def _glyph_nodes(path: Path, gid: int) -> int:
    return sum(len(args) for op, args in _outline(path, gid) if op != "closePath")


def _replay(value: Outline, pen: Any) -> None:  # any fontTools pen
    for op, args in value:
        getattr(pen, op)(*args)


def _draw_glyph(g: PlacedGlyph, transform: Affine, pen: Any) -> None:
    _replay(_outline(g.font, g.gid), TransformPen(pen, transform))


@lru_cache(maxsize=256)
def font_path(family: str, weight: str = "regular") -> Path:
    """The file of a family at a weight, or its regular when that weight is not shipped."""
    try:
        return Path(fonts.font_file(family, "bold" if weight == "bold" else "regular"))
    except (KeyError, FileNotFoundError, LookupError, ValueError):
        return Path(fonts.font_file(family, "regular"))


# ---------------------------------------------------------------- which characters can be drawn

def _is_mark_or_ignorable(ch: str) -> bool:
    return unicodedata.category(ch) in ("Mn", "Me", "Cf") or ord(ch) in EMOJI_COMPANIONS


@lru_cache(maxsize=4096)
def _family_for(ch: str, preferred: str) -> str | None:
    if fonts.covers(preferred, ch):
        return preferred
    other = fonts.fallback_for(ch, preferred)
    return other if other and fonts.covers(other, ch) else None


def drawable(text: str, family: str) -> tuple[str, list[str]]:
    """The part of `text` some catalogue font can draw, and notes about what was dropped.

    A dropped character takes the joiners, selectors, modifiers and marks after it with it.
    """
    kept: list[str] = []
    dropped: list[str] = []
    dropping = False  # the last base character was dropped
    for ch in text:
        code = ord(ch)
        if ch.isspace():
            kept.append(" ")
            dropping = False
        elif code in EMOJI_COMPANIONS:
            # joiners and variation selectors are invisible after a drawn character; the rest need emoji
            if not dropping and code in (0x200D, 0xFE0E, 0xFE0F) and kept:
                kept.append(ch)
            elif not dropping and code not in (0x200D, 0xFE0E, 0xFE0F):
                dropped.append(ch)
        elif unicodedata.category(ch) in ("Mn", "Me", "Cf"):
            if not dropping and (unicodedata.category(ch) == "Cf" or _family_for(ch, family) is not None):
                kept.append(ch)
            elif not dropping:
                dropped.append(ch)
        elif _family_for(ch, family) is None:
            dropped.append(ch)
            dropping = True
        else:
            kept.append(ch)
            dropping = False
    result = " ".join("".join(kept).split())
    notes = []
    if dropped:
        names = sorted({unicodedata.name(c, f"U+{ord(c):04X}").lower() for c in dropped})
        notes.append(f"dropped {len(dropped)} character(s) no shipped font can draw: {', '.join(names)}")
    return result, notes


# ---------------------------------------------------------------- shaping

def _direction(ch: str) -> str | None:
    """rtl, ltr, num (digits: set left to right, but count as rtl for the neutrals next to them) or None."""
    bidi = unicodedata.bidirectional(ch)
    if bidi in ("R", "AL"):
        return "rtl"
    if bidi == "L":
        return "ltr"
    if bidi in ("EN", "AN"):
        return "num"
    return None


def _resolved_directions(text: str) -> list[str]:
    """Direction of every character: strong ones their own, marks their base's, other neutrals
    that of the strong characters around them when both agree, else the paragraph's (UAX #9 N1/N2)."""
    strong = [_direction(ch) for ch in text]
    paragraph = next((d for d in strong if d in ("ltr", "rtl")), "ltr")
    as_neighbour = ["rtl" if d == "num" else d for d in strong]
    out: list[str] = []
    for i, ch in enumerate(text):
        own = strong[i]
        if own:
            out.append(own)
        elif out and unicodedata.category(ch) in ("Mn", "Me"):
            out.append(out[-1])
        else:
            before = next((d for d in reversed(as_neighbour[:i]) if d), paragraph)
            after = next((d for d in as_neighbour[i + 1:] if d), paragraph)
            out.append(before if before == after else paragraph)
    return out


Run = tuple[str, str, str, int]  # text, family, direction, index of its first character


def _runs(text: str, family: str) -> list[Run]:
    """Split into runs of one family and direction; spaces and marks keep the family before them."""
    runs: list[list[Any]] = []
    for i, (ch, direction) in enumerate(zip(text, _resolved_directions(text), strict=True)):
        fam = None if (_is_mark_or_ignorable(ch) or ch.isspace()) else _family_for(ch, family)
        if runs and (fam is None or fam == runs[-1][1]) and direction == runs[-1][2]:
            runs[-1][0] += ch
        else:
            runs.append([ch, fam or (runs[-1][1] if runs else family), direction, i])
    return [tuple(r) for r in runs]


def _visual_order(runs: list[Run]) -> list[Run]:
    """Runs left to right: in a right-to-left paragraph the order flips, and a block of runs
    of the other direction reads the other way inside it."""
    paragraph = next((r[2] for r in runs if r[2] != "num" and any(_direction(c) for c in r[0])), "ltr")
    ordered = list(reversed(runs)) if paragraph == "rtl" else list(runs)
    out: list[Any] = []
    block: list[Any] = []
    for run in ordered:
        if run[2] != paragraph:
            block.append(run)
            continue
        out.extend(reversed(block))
        block = []
        out.append(run)
    out.extend(reversed(block))
    return out


def shape(text: str, family: str, *, size: float = 100.0, weight: str = "regular", tracking: float = 0.0) -> ShapedText:
    """Shape one line of `text` in `family` at `size` user units; tracking is in em.

    Undrawable characters are dropped first (see `drawable`), so the result may be shorter
    than the input, or empty; `notes` says why.
    """
    clean, notes = drawable(text, family)
    glyphs: list[PlacedGlyph] = []
    pen_x = 0.0
    trailing = 0.0
    for run_text, run_family, _, offset in _visual_order(_runs(clean, family)):
        path = font_path(run_family, weight)
        scale = size / _upem(path)
        buf = hb.Buffer()
        buf.add_str(run_text)
        buf.guess_segment_properties()
        cursive = buf.script in CURSIVE_SCRIPTS
        hb.shape(_hb_font(path), buf, {"kern": True, "liga": True})
        infos, positions = buf.glyph_infos, buf.glyph_positions
        for i, (info, pos) in enumerate(zip(infos, positions, strict=True)):
            glyphs.append(PlacedGlyph(path, info.codepoint, pen_x + pos.x_offset * scale, -pos.y_offset * scale,
                                      scale, offset + info.cluster))
            pen_x += pos.x_advance * scale
            next_cluster = infos[i + 1].cluster if i + 1 < len(infos) else None
            if tracking and not cursive and next_cluster != info.cluster:
                pen_x += tracking * size
        trailing = tracking * size if tracking and not cursive and infos else 0.0
    if glyphs:
        pen_x -= trailing  # no letter-spacing after the last glyph
    return ShapedText(clean, size, glyphs, max(pen_x, 0.0), notes)
