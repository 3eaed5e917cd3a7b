"""Drawing a concept's spec: its mark, its wordmark and the lockups that combine them.

A spec (a plain dict, stored in LogoConcept.spec) holds every choice; drawing is a pure
function of it, so the render stage re-draws a concept with the final palette exactly.
Marks are drawn in a 100 x 100 box; text is shaped at 100 units per em.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import Any

from . import names, shapes, symbols, textpath
from .art import Art, Embedded, Layer, Placed, group, place_in
from .shapes import Point
from .textpath import Affine, PlacedGlyph, ShapedText

SIZE = 100.0
LAYOUTS = ("icon", "wordmark", "horizontal", "stacked")


# ---------------------------------------------------------------- text

def shaped(text: str, spec: dict[str, Any], *, weight: str | None = None, tracking: float | None = None) -> ShapedText:
    t = spec["text"]
    return _shaped(text, t["family"], weight or t["weight"], t["tracking"] if tracking is None else tracking)


@lru_cache(maxsize=256)
def _shaped(text: str, family: str, weight: str, tracking: float) -> ShapedText:
    # Lockups and scoring set the same lines many times; shaped text is never mutated.
    return textpath.shape(text, family, size=SIZE, weight=weight, tracking=tracking)


def _subset(line: ShapedText, keep: Callable[[PlacedGlyph], bool]) -> ShapedText:
    return ShapedText(line.text, line.size, [g for g in line.glyphs if keep(g)], line.advance)


def line_art(line: ShapedText, role: str) -> Art:
    return Art(line.bbox(), [Layer(line.path(), role)])


def text_block(
    lines: list[str], spec: dict[str, Any], role: str, align: str = "center"
) -> tuple[Art, list[ShapedText]]:
    """Lines stacked at 1.2 em, aligned by their ink; baseline of the first line at y=0."""
    shaped_lines = [shaped(line, spec) for line in lines]
    shaped_lines = [s for s in shaped_lines if not s.empty]
    widths = [s.bbox()[2] - s.bbox()[0] for s in shaped_lines]
    widest = max(widths, default=0.0)
    items: list[Any] = []
    for i, (line, w) in enumerate(zip(shaped_lines, widths, strict=True)):
        shift = {"start": 0.0, "end": widest - w}.get(align, (widest - w) / 2)
        items.append(Placed(line_art(line, role), shift - line.bbox()[0], i * 1.2 * SIZE, 1.0))
    if not items:
        return Art((0, 0, 0, 0), []), []
    return group(*items), shaped_lines


def _dot(x: float, y: float, r: float, corner: float) -> str:
    if corner >= 0.3:
        return shapes.circle(x, y, r)
    return shapes.rounded_polygon(shapes.rect_points(x - r, y - r, 2 * r, 2 * r), corner * 2 * r)


def _bar(x0: float, y0: float, x1: float, y1: float, corner: float, mode: str = "round") -> str:
    return shapes.rounded_polygon(shapes.rect_points(x0, y0, x1 - x0, y1 - y0), corner * (y1 - y0), mode)


def decorated_text(lines: list[str], spec: dict[str, Any], role: str, detail: str, align: str = "center") -> Art:
    """Text with the look's detail: a full stop dot, a bar beneath, hairline rules or a coloured first letter."""
    look = spec["look"]
    rtl = spec["text"]["rtl"]
    if detail == "first-letter" and len(lines) == 1:
        line = shaped(lines[0], spec)
        if len({g.cluster for g in line.glyphs}) > 1:
            first = min(g.cluster for g in line.glyphs)
            lead = _subset(line, lambda g: g.cluster == first)
            rest = _subset(line, lambda g: g.cluster != first)
            art = Art(line.bbox(), [Layer(rest.path(), role), Layer(lead.path(), "detail")])
            return art
    block, shaped_lines = text_block(lines, spec, role, align)
    if not shaped_lines:
        return block
    x0, y0, x1, y1 = block.box
    cap = -shaped_lines[0].bbox()[1] or 70.0
    if detail == "dot":
        r = cap * 0.1
        last = shaped_lines[-1].bbox()
        lw = last[2] - last[0]
        widest = block.width
        shift = {"start": 0.0, "end": widest - lw}.get(align, (widest - lw) / 2)
        base_y = (len(shaped_lines) - 1) * 1.2 * SIZE
        x = (x0 + shift - r * 1.8) if rtl else (x0 + shift + lw + r * 1.9)
        items: list[Layer | Placed | Embedded] = [
            Placed(block),
            Layer(_dot(x, base_y - r, r, look["corner"]), "detail"),
        ]
        return Art((min(x0, x - r), y0, max(x1, x + r), y1), items)
    if detail == "bar":
        h = max(cap * 0.09, 3.0)
        w = block.width * (0.28 if block.width > 3 * cap else 0.6)
        top = y1 + cap * 0.16
        bx0 = x1 - w if rtl else x0
        bar = _bar(bx0, top, bx0 + w, top + h, 0.5 if look["corner_mode"] == "round" else 0.0)
        return Art((x0, y0, x1, top + h), [Placed(block), Layer(bar, "detail")])
    if detail == "rules":
        h = max(cap * 0.035, 1.2)
        gap = cap * 0.22
        if len(shaped_lines) == 1:
            length = cap * 0.9
            mid = (y0 + y1) / 2
            left = _bar(x0 - gap - length, mid - h / 2, x0 - gap, mid + h / 2, 0)
            right = _bar(x1 + gap, mid - h / 2, x1 + gap + length, mid + h / 2, 0)
            return Art((x0 - gap - length, y0, x1 + gap + length, y1),
                       [Placed(block), Layer(left + right, "detail")])
        above = _bar(x0, y0 - gap - h, x1, y0 - gap, 0)
        below = _bar(x0, y1 + gap, x1, y1 + gap + h, 0)
        return Art((x0, y0 - gap - h, x1, y1 + gap + h), [Placed(block), Layer(above + below, "detail")])
    return block


# ---------------------------------------------------------------- marks

def monogram(spec: dict[str, Any], letters: str) -> Art:
    mark = spec["mark"]
    art = decorated_text([letters], {**spec, "text": {**spec["text"], "weight": mark.get("weight", "bold"),
                                                      "tracking": -0.02}},
                         "mark", mark.get("detail", "none"))
    return Art((0, 0, SIZE, SIZE), [place_in(art, (8, 8, 92, 92))])


def _knockout(letter: str, spec: dict[str, Any], centre: tuple[float, float], fit: float, weight: str) -> str:
    """Path data of `letter` centred at `centre` with its ink fitted into a fit x fit box."""
    line = shaped(letter, spec, weight=weight, tracking=0.0)
    x0, y0, x1, y1 = line.bbox()
    w, h = max(x1 - x0, 1e-6), max(y1 - y0, 1e-6)
    s = min(fit / w, fit / h)
    cx, cy = centre
    return line.path((s, 0, 0, s, cx - (x0 + w / 2) * s, cy - (y0 + h / 2) * s))


def _container(spec: dict[str, Any]) -> tuple[str, float]:
    """The container outline of a knocked-out mark, and the height its content centres on (a shield's
    optical centre sits above its geometric one)."""
    mark, look = spec["mark"], spec["look"]
    outline = shapes.container(mark["container"], 50, 50, SIZE, look["corner"], look["corner_mode"],
                               random.Random(mark.get("blob_seed", 0)))
    return outline, 46.0 if mark["container"] == "shield" else 50.0


def letter_in_shape(spec: dict[str, Any]) -> Art:
    mark = spec["mark"]
    outline, cy = _container(spec)
    letter = _knockout(mark["letter"], spec, (50, cy), mark.get("fit", 52.0), mark.get("weight", "bold"))
    return Art((0, 0, SIZE, SIZE), [Layer(outline + letter, "mark", evenodd=True)])


def _arc_text(spec: dict[str, Any], text: str, radius: float, band: float) -> str:
    """Glyphs set along the top of a circle (centred on `radius`), from 12 o'clock outwards, clockwise."""
    line = shaped(text, spec, tracking=spec["text"]["tracking"] + 0.08)
    x0, y0, x1, y1 = line.bbox()
    cap = max(-y0, 1e-6)
    scale = min(band * 0.58 / cap, (math.pi * 0.95 * radius) / max(line.advance, 1e-6))
    baseline_r = radius - cap * scale / 2
    span = line.advance * scale / baseline_r

    def place(glyph: PlacedGlyph, centre_x: float) -> Affine:
        theta = -math.pi / 2 - span / 2 + centre_x * scale / baseline_r
        px, py = 50 + baseline_r * math.cos(theta), 50 + baseline_r * math.sin(theta)
        rot = textpath.rotation(theta + math.pi / 2, px, py)
        return textpath._compose(rot, (scale, 0, 0, scale, 0, 0))

    return line.glyph_paths(place)


def emblem(spec: dict[str, Any]) -> Art:
    mark = spec["mark"]
    look = spec["look"]
    kind = mark["container"]
    outer = shapes.container(kind, 50, 50, SIZE, look["corner"], look["corner_mode"])
    band = mark["band"]
    line_w = max(look["stroke"] * SIZE * 0.5, 1.2)
    inner = (shapes.inner_container(kind, 50, 50, SIZE, band, look["corner"], look["corner_mode"])
             + shapes.inner_container(kind, 50, 50, SIZE, band + line_w, look["corner"], look["corner_mode"]))
    holes = ""
    if mark.get("arc_text"):
        holes += _arc_text(spec, mark["arc_text"], 50 - band / 2, band)
        star_r = band * 0.16
        for angle in (150, 90, 30):  # three small stars along the bottom of the band
            a = math.radians(angle)
            holes += shapes.star(5, 50 + (50 - band / 2) * math.cos(a), 50 + (50 - band / 2) * math.sin(a),
                                 star_r, star_r * 0.45)
    inner_size = SIZE - 2 * (band + line_w)
    fit = inner_size * (0.5 if kind in ("circle", "octagon", "blob") else 0.46)
    cy = 46.0 if kind == "shield" else 50.0
    if mark.get("icon"):  # an emblem carrying the industry's symbol instead of the initials
        holes += symbols.fitted_path(mark["set"], mark["icon"], (50, cy), fit * 1.25)[0]
    else:
        holes += _knockout(mark["letters"], spec, (50, cy), fit, "bold")
    return Art((0, 0, SIZE, SIZE), [Layer(outer + inner + holes, "mark", evenodd=True)])


def symbol_mark(spec: dict[str, Any]) -> Art:
    """The industry's icon on its own, fitted optically and brought up to the look's line weight. With
    `wide` (beside a name), a wide glyph (a car, a truck) may grow that much wider than the square, so
    it is not drawn a third of the name's height."""
    mark = spec["mark"]
    x0, y0, x1, y1 = symbols.glyph(mark["set"], mark["icon"])["box"]
    stretch = min(max((x1 - x0) / (y1 - y0), 1.0), mark.get("wide", 1.0))
    width = SIZE * stretch
    d, scale = symbols.fitted_path(mark["set"], mark["icon"], (width / 2, 50), mark.get("fit", 88.0) * stretch)
    stroke = symbols.thickening(mark["set"], mark["icon"], scale, mark["weight"])
    return Art((0, 0, width, SIZE), [Layer(d, "mark", stroke=stroke)])


def symbol_in_shape(spec: dict[str, Any]) -> Art:
    """The icon knocked out of a container (transparent in one-colour and inverse variants too)."""
    mark = spec["mark"]
    outline, cy = _container(spec)
    icon = symbols.fitted_path(mark["set"], mark["icon"], (50, cy), mark.get("fit", 54.0))[0]
    return Art((0, 0, SIZE, SIZE), [Layer(outline + icon, "mark", evenodd=True)])


def motif(spec: dict[str, Any]) -> Art:
    m = spec["mark"]
    look = spec["look"]
    name = m["motif"]
    layers: list[Layer | Placed | Embedded] = []
    if name == "split-circle":
        a = math.radians(m["angle"])
        gap = max(look["stroke"] * SIZE * 0.6, 2.5)
        nx, ny = -math.sin(a) * gap / 2, math.cos(a) * gap / 2
        r = 46.0
        ax, ay, bx, by = 50 + r * math.cos(a), 50 + r * math.sin(a), 50 - r * math.cos(a), 50 - r * math.sin(a)
        half1 = f"M{ax + nx:.2f} {ay + ny:.2f}A{r} {r} 0 0 1 {bx + nx:.2f} {by + ny:.2f}Z"
        half2 = f"M{bx - nx:.2f} {by - ny:.2f}A{r} {r} 0 0 1 {ax - nx:.2f} {ay - ny:.2f}Z"
        layers += [Layer(half1, "mark"), Layer(half2, "detail")]
    elif name == "orbit":
        w = max(look["stroke"] * SIZE * 2.2, 5.0)
        layers.append(Layer(shapes.ring(50, 50, 40, w), "mark", evenodd=True))
        a = math.radians(m["angle"])
        layers.append(Layer(shapes.circle(50 + (40 - w / 2) * math.cos(a), 50 + (40 - w / 2) * math.sin(a),
                                          w * 1.25), "detail"))
        layers.append(Layer(shapes.circle(50, 50, 40 - w * 2.6), "third"))
    elif name == "bubbles":
        roles = ("mark", "detail", "third")
        for (cx, cy, r), role in zip(m["circles"], roles, strict=False):
            layers.append(Layer(shapes.circle(cx, cy, r), role))
    elif name == "petals":
        n = m["count"]
        for i in range(n):
            angle = m["angle"] + 360 * i / n
            layers.append(Layer(shapes.leaf(50, 50, 46, 46 * m["width"], angle), "mark" if i % 2 == 0 else "detail"))
    elif name == "facets":
        gap = max(look["stroke"] * SIZE * 0.5, 1.5)
        top, right, bottom, left, c = (50, 4), (96, 50), (50, 96), (4, 50), (50, 50 + m["offset"])
        tris = [(top, right, c), (right, bottom, c), (bottom, left, c), (left, top, c)]
        for i, tri in enumerate(tris):
            shrunk = _shrink(tri, gap)
            layers.append(Layer(shapes.rounded_polygon(shrunk, 0), "mark" if i % 2 == 0 else "detail"))
    elif name == "sunburst":
        layers.append(Layer(shapes.rays(m["count"], 50, 50, 24, 48, 0.45), "detail"))
        layers.append(Layer(shapes.circle(50, 50, 20), "mark"))
    elif name == "blocks":
        cell = 30.0
        gap = 5.0
        for idx in m["cells"]:
            row, col = divmod(idx, 3)
            x, y = 2.5 + col * (cell + gap), 2.5 + row * (cell + gap)
            role = "detail" if idx == m["accent"] else "mark"
            layers.append(Layer(shapes.rounded_polygon(shapes.rect_points(x, y, cell, cell), look["corner"] * cell,
                                                       look["corner_mode"]), role))
    elif name == "chevrons":
        # Stacked and centred in the box (three deep chevrons used to run past its bottom edge).
        step, thick = 26.0, 20.0
        height = (m["count"] - 1) * step + m["depth"] + thick
        top = (SIZE - height) / 2
        for i in range(m["count"]):
            layers.append(
                Layer(_chevron(50, top + i * step, 84, thick, m["depth"]), "mark" if i % 2 == 0 else "detail")
            )
    elif name == "peaks":
        layers.append(Layer(shapes.circle(m["sun"][0], m["sun"][1], 11), "detail"))
        layers.append(Layer(shapes.rounded_polygon([(2, 92), (40, 22), (78, 92)], look["corner"] * 20,
                                                   look["corner_mode"]), "mark"))
        layers.append(Layer(shapes.rounded_polygon([(42, 92), (70, 44), (98, 92)], look["corner"] * 20,
                                                   look["corner_mode"]), "third"))
    return Art((0, 0, SIZE, SIZE), layers)


def _shrink(points: Sequence[Point], gap: float) -> list[Point]:
    cx = sum(p[0] for p in points) / len(points)
    cy = sum(p[1] for p in points) / len(points)
    out = []
    for x, y in points:
        d = math.hypot(x - cx, y - cy) or 1.0
        out.append((x + (cx - x) * gap / d, y + (cy - y) * gap / d))
    return out


def _chevron(cx: float, top: float, width: float, thick: float, depth: float) -> str:
    x0, x1 = cx - width / 2, cx + width / 2
    pts = [(x0, top + depth), (cx, top), (x1, top + depth), (x1, top + depth + thick), (cx, top + thick),
           (x0, top + depth + thick)]
    return shapes.rounded_polygon(pts, 0)


MARKS = {"monogram": lambda spec: monogram(spec, spec["mark"]["letters"]), "letter-in-shape": letter_in_shape,
         "emblem": emblem, "motif": motif, "symbol": symbol_mark, "symbol-in-shape": symbol_in_shape}


# ---------------------------------------------------------------- lockups

def mark_art(spec: dict[str, Any]) -> Art:
    mark = spec.get("mark") or {}
    if mark.get("type") in MARKS:
        return MARKS[mark["type"]](spec)
    # A wordmark's icon: its initial in the wordmark's type and detail.
    return monogram({**spec, "mark": {"detail": spec["text"].get("detail", "none"), "weight": spec["text"]["weight"]}},
                    spec["text"]["initial"])


def wordmark_art(spec: dict[str, Any], role: str) -> Art:
    t = spec["text"]
    return decorated_text(t["lines"], spec, role, t.get("detail", "none"))


def _cap(spec: dict[str, Any], line: str) -> float:
    return -shaped(line, spec).bbox()[1] if line else 0.0


def lockup(spec: dict[str, Any], layout: str, mark: Art | None = None) -> Art:
    """The concept drawn in one of the four layouts (mark height 100); `mark` replaces the spec's mark
    (an imported logo). The result's `cap` is the name's capital height, for minimum sizes."""
    t = spec["text"]
    if layout == "icon":
        return mark or mark_art(spec)
    role = t.get("role", "text")
    if layout == "wordmark":
        words = wordmark_art(spec, role)
        words.cap = _cap(spec, t["lines"][0])
        return words
    mark = mark or mark_art(spec)
    rtl = t["rtl"]
    if layout == "horizontal":
        lines = t["lines"] if len(t["lines"]) <= 2 else names.wrap(t["name"], t["family"], t["weight"],
                                                                   t["tracking"], max_lines=2)
        words = decorated_text(lines, spec, role, "none", "end" if rtl else "start")
        target_h = min(SIZE * 0.42 * (1 + 0.85 * (len(lines) - 1)), SIZE * 0.9)
        s = target_h / max(words.height, 1e-6)
        gap = SIZE * 0.24
        text_w = words.width * s
        mark_p = Placed(mark, (text_w + gap) if rtl else 0.0, 0.0, 1.0)
        tx = 0.0 if rtl else mark.width + gap
        text_p = Placed(words, tx - words.box[0] * s, mark.height / 2 - target_h / 2 - words.box[1] * s, s)
    else:
        lines = t["lines"]
        words = decorated_text(lines, spec, role, "none", "center")
        target_h = SIZE * 0.3 * (1 + 0.85 * (len(lines) - 1))
        s = target_h / max(words.height, 1e-6)
        text_w = words.width * s
        width = max(mark.width, text_w)
        mark_p = Placed(mark, (width - mark.width) / 2, 0.0, 1.0)
        text_p = Placed(words, (width - text_w) / 2 - words.box[0] * s, mark.height + SIZE * 0.2 - words.box[1] * s, s)
    mark_p.id, text_p.id = "symbol", "wordmark"
    out = group(mark_p, text_p)
    out.cap = _cap(spec, lines[0]) * s
    return out
