"""Artwork as a small tree of coloured paths, placed by transforms, written as SVG.

Paths carry colour *roles* (mark, detail, third, text), never colours: the same artwork is
written in full colour, one colour or inverse by choosing what the roles resolve to.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass, field

from brandkit.artifacts import Palette
from brandkit.colour import contrast

from .importer import recolor
from .svg import add_path, add_rect, fmt, parse_plain, svg_root, to_string

Box = tuple[float, float, float, float]  # x0, y0, x1, y1

ROLES = ("mark", "detail", "third", "text")


@dataclass
class Layer:
    d: str
    role: str
    evenodd: bool = False
    stroke: float = 0.0  # a stroke in the fill's colour that thickens the shape (symbols at a heavier weight)


@dataclass
class Placed:
    art: Art
    dx: float = 0.0
    dy: float = 0.0
    scale: float = 1.0
    id: str | None = None  # written as the group's id ("symbol", "wordmark") so tools can find the part

    def box(self) -> Box:
        x0, y0, x1, y1 = self.art.box
        s = self.scale
        return (self.dx + x0 * s, self.dy + y0 * s, self.dx + x1 * s, self.dy + y1 * s)


@dataclass
class Embedded:
    """A sanitised SVG (an imported or traced logo) used as a mark, scaled to `height` units."""

    svg: str
    height: float = 100.0

    def view_box(self) -> tuple[float, float, float, float]:
        vx, vy, vw, vh = (float(v) for v in (parse_plain(self.svg).get("viewBox") or "").split())
        return vx, vy, vw, vh

    def box(self) -> Box:
        _, _, vw, vh = self.view_box()
        return (0.0, 0.0, self.height * vw / vh, self.height)


@dataclass
class Art:
    box: Box
    items: list[Layer | Placed | Embedded] = field(default_factory=list)
    cap: float | None = None  # height of capitals of the name in this artwork's units, if it has text

    @property
    def width(self) -> float:
        return self.box[2] - self.box[0]

    @property
    def height(self) -> float:
        return self.box[3] - self.box[1]

    def node_count(self) -> int:
        total = 0
        for item in self.items:
            if isinstance(item, Layer):
                total += sum(item.d.count(op) for op in "MLHVCSQTAZ")
            elif isinstance(item, Embedded):
                total += sum(item.svg.count(op) for op in "MLHVCSQTAZ")
            else:
                total += item.art.node_count()
        return total

    def roles(self) -> set[str]:
        out: set[str] = set()
        for item in self.items:
            if isinstance(item, Layer):
                out.add(item.role)
            elif isinstance(item, Placed):
                out |= item.art.roles()
        return out


def place_in(art: Art, box: Box) -> Placed:
    """Scale `art` uniformly to fit `box`, centred."""
    x0, y0, x1, y1 = box
    if art.width <= 0 or art.height <= 0:
        return Placed(art, x0, y0, 1.0)
    s = min((x1 - x0) / art.width, (y1 - y0) / art.height)
    dx = x0 + ((x1 - x0) - art.width * s) / 2 - art.box[0] * s
    dy = y0 + ((y1 - y0) - art.height * s) / 2 - art.box[1] * s
    return Placed(art, dx, dy, s)


def group(*placed: Placed) -> Art:
    boxes = [p.box() for p in placed]
    box = (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))
    return Art(box, list(placed))


# ---------------------------------------------------------------- colours

def _first(palette: Palette, roles: tuple[str, ...], default: str) -> str:
    for role in roles:
        try:
            return palette.hex(role)
        except KeyError:
            continue
    return default


def ink_on(background: str) -> str:
    """White or near-black, whichever reads better on background (text and one-colour marks on a fill)."""
    return "#FFFFFF" if contrast("#FFFFFF", background) >= contrast("#111111", background) else "#111111"


def full_colors(palette: Palette) -> dict[str, str]:
    primary = palette.hex("primary")
    secondary = _first(palette, ("secondary",), primary)
    return {
        "mark": primary,
        "detail": _first(palette, ("accent", "secondary"), primary),
        "third": secondary,
        "text": _first(palette, ("text", "neutral-900"), "#111111"),
    }


def one_color(color: str) -> dict[str, str]:
    """Every role in one colour; "all" also recolours embedded (imported) artwork."""
    return {role: color for role in ROLES} | {"all": color}


def light_background(palette: Palette) -> str:
    return _first(palette, ("background", "neutral-50", "surface"), "#FFFFFF")


def dark_background(palette: Palette) -> str:
    return _first(palette, ("neutral-900", "text"), "#111111")


def on_primary(palette: Palette) -> str:
    primary = palette.hex("primary")
    try:
        return palette.hex("on-primary")
    except KeyError:
        return ink_on(primary)


# ---------------------------------------------------------------- writing

def emit(parent: ET.Element, art: Art, colors: dict[str, str]) -> None:
    """Write `art` into `parent` with roles resolved by `colors`."""
    for item in art.items:
        if isinstance(item, Layer):
            path = add_path(parent, item.d, colors[item.role], evenodd=item.evenodd)
            if path is not None and item.stroke > 0:
                path.attrib.update({"stroke": colors[item.role], "stroke-width": fmt(item.stroke),
                                    "stroke-linejoin": "round"})
            continue
        if isinstance(item, Embedded):
            _emit_embedded(parent, item, colors)
            continue
        attrs = {"id": item.id} if item.id else {}
        if not (item.dx == item.dy == 0 and item.scale == 1):
            attrs["transform"] = f"translate({fmt(item.dx)} {fmt(item.dy)}) scale({_fmt_scale(item.scale)})"
        emit(ET.SubElement(parent, "g", attrs) if attrs else parent, item.art, colors)


def _emit_embedded(parent: ET.Element, item: Embedded, colors: dict[str, str]) -> None:
    svg = item.svg
    if colors.get("all"):  # one-colour variants: every colour of the logo becomes that colour
        svg = recolor(svg, lambda _hex: colors["all"])
    root = parse_plain(svg)
    vx, vy, vw, vh = item.view_box()
    s = item.height / vh
    g = ET.SubElement(parent, "g", {"transform": f"scale({_fmt_scale(s)}) translate({fmt(-vx)} {fmt(-vy)})"})
    for child in list(root):
        g.append(child)


def _fmt_scale(value: float) -> str:
    return f"{value:.5f}".rstrip("0").rstrip(".")


def write_svg(art: Art, colors: dict[str, str], *, pad: float = 0.0, background: str | None = None,
              height: float | None = None, square: bool = False) -> str:
    """SVG of `art` with `pad` (share of its height) around it, optionally on a background.

    `height` sets the document's nominal pixel height (the viewBox keeps the art's units);
    `square` centres the art in a square canvas (icons).
    """
    x0, y0, x1, y1 = art.box
    p = pad * max(art.height, art.width if square else art.height)
    vx, vy, vw, vh = x0 - p, y0 - p, art.width + 2 * p, art.height + 2 * p
    if square:
        side = max(vw, vh)
        vx -= (side - vw) / 2
        vy -= (side - vh) / 2
        vw = vh = side
    h = height or 256.0
    root = svg_root(h * vw / vh, h, (vx, vy, vw, vh))
    if background:
        add_rect(root, vx, vy, vw, vh, background)
    emit(root, art, colors)
    return to_string(root)
