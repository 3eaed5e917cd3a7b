"""The restricted logo SVG (text already converted to paths) as reportlab vector graphics.

Supported: <svg> (viewBox/width/height), <g>, <path>, <rect>, <circle>, <ellipse>, <polygon>, with
fill, stroke, stroke-width, fill-rule, opacity, fill-opacity, stroke-opacity and transform (attributes
or the same properties in a style attribute). Anything else (text, image, use, gradients, external
references) is ignored: nothing is fetched or read. Shapes become path data through fontTools' SVG
path builder and are drawn through a pen into reportlab Path objects, so the logo stays vector.
"""

from __future__ import annotations

import math
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from coloraide import Color
from fontTools.misc.transform import Identity, Transform
from fontTools.pens.basePen import BasePen
from fontTools.svgLib.path import parse_path
from fontTools.svgLib.path.shapes import PathBuilder

# types-reportlab leaves out the fill-rule constants (reportlab.graphics.shapes defines both).
from reportlab.graphics.shapes import FILL_EVEN_ODD, FILL_NON_ZERO, Drawing, Group, Path  # type: ignore[attr-defined]
from reportlab.lib import colors

MAX_SVG_BYTES = 2_000_000
SHAPES = {"path", "rect", "circle", "ellipse", "polygon"}
PAINT_PROPS = ("fill", "stroke", "stroke-width", "fill-rule", "opacity", "fill-opacity", "stroke-opacity")
_NUMBER = re.compile(r"[-+]?(?:\d*\.\d+|\d+\.?)(?:[eE][-+]?\d+)?")
_TRANSFORM = re.compile(r"(matrix|translate|scale|rotate|skewX|skewY)\s*\(([^)]*)\)")

Recolour = Callable[[str], str]  # hex -> hex, used by the misuse and colour-vision previews


class SvgError(ValueError):
    pass


@dataclass(frozen=True)
class Shape:
    """One painted outline, in viewBox units (y down), with its paint resolved."""

    ops: tuple[tuple[str, tuple[float, ...]], ...]  # ("M"|"L"|"C"|"Z", coordinates)
    fill: str | None  # hex
    stroke: str | None
    stroke_width: float
    fill_opacity: float
    stroke_opacity: float
    even_odd: bool


@dataclass(frozen=True)
class Logo:
    """A parsed logo: its outlines (parsed once) and its size in SVG user units."""

    shapes: tuple[Shape, ...]
    width: float
    height: float
    view_box: tuple[float, float, float, float]

    def drawing(self, width: float | None = None, height: float | None = None, recolour: Recolour | None = None,
                opacity: float = 1.0) -> Drawing:
        """A Drawing of the logo scaled to fit width x height points (keeping its aspect ratio)."""
        scale = _fit(self.width, self.height, width, height)
        vx, vy, vw, vh = self.view_box
        drawing = Drawing(self.width * scale, self.height * scale)
        # SVG's y axis points down; map viewBox units to points and flip.
        sx, sy = self.width * scale / vw, self.height * scale / vh
        group = Group(transform=(sx, 0, 0, -sy, -vx * sx, (vy + vh) * sy))
        for shape in self.shapes:
            group.add(_path(shape, recolour, opacity))
        drawing.add(group)
        return drawing

    def ink_box(self) -> tuple[float, float, float, float]:
        """The outlines' extent in viewBox units (y down) as x0, y0, x1, y1: control points included, so it never
        cuts a curve. The whole viewBox when the logo draws nothing."""
        xs = [args[i] for shape in self.shapes for _, args in shape.ops for i in range(0, len(args), 2)]
        ys = [args[i] for shape in self.shapes for _, args in shape.ops for i in range(1, len(args), 2)]
        if not xs:
            vx, vy, vw, vh = self.view_box
            return vx, vy, vx + vw, vy + vh
        return min(xs), min(ys), max(xs), max(ys)

    def colours(self) -> list[str]:
        """The distinct fill and stroke colours the logo uses, as hex, in drawing order."""
        found: list[str] = []
        for shape in self.shapes:
            for hexed in (shape.fill, shape.stroke):
                if hexed and hexed not in found:
                    found.append(hexed)
        return found


_PATH_OPS = {"M": "moveTo", "L": "lineTo", "C": "curveTo", "Z": "closePath"}  # recorded op -> reportlab Path method

def _path(shape: Shape, recolour: Recolour | None, opacity: float) -> Path:
    path = Path(
        fillColor=_colour(shape.fill, recolour),
        strokeColor=_colour(shape.stroke, recolour),
        strokeWidth=shape.stroke_width,
        fillOpacity=_unit(opacity * shape.fill_opacity),
        strokeOpacity=_unit(opacity * shape.stroke_opacity),
        fillMode=FILL_EVEN_ODD if shape.even_odd else FILL_NON_ZERO,
        autoclose="svg",  # open subpaths are filled as if closed, stroked as drawn (SVG semantics)
    )
    for op, args in shape.ops:
        getattr(path, _PATH_OPS[op])(*args)
    return path


def _fit(w: float, h: float, width: float | None, height: float | None) -> float:
    scales = [s for s in ((width / w) if width else None, (height / h) if height else None) if s]
    return min(scales) if scales else 1.0


def parse_logo(svg: str) -> Logo:
    if len(svg.encode("utf-8")) > MAX_SVG_BYTES:
        raise SvgError("logo SVG is larger than 2 MB")
    if "<!ENTITY" in svg or "<!DOCTYPE" in svg:
        raise SvgError("logo SVG must not declare a DOCTYPE or entities")
    try:
        root = ET.fromstring(svg)
    except ET.ParseError as exc:
        raise SvgError(f"logo SVG is not well-formed XML: {exc}") from None
    if _tag(root) != "svg":
        raise SvgError("logo SVG must have <svg> at its root")
    box = [float(n) for n in _NUMBER.findall(root.get("viewBox", ""))]
    width, height = _length(root.get("width")), _length(root.get("height"))
    if len(box) != 4:
        if not (width and height):
            raise SvgError("logo SVG needs a viewBox or a width and height")
        box = [0.0, 0.0, width, height]
    if box[2] <= 0 or box[3] <= 0:
        raise SvgError("logo SVG viewBox must have a positive size")
    shapes: list[Shape] = []
    _collect(root, shapes, Identity, dict(_DEFAULT_PAINT))
    return Logo(tuple(shapes), width or box[2], height or box[3], tuple(box))  # type: ignore[arg-type]


def _length(value: str | None) -> float | None:
    if not value or value.strip().endswith("%"):
        return None
    match = _NUMBER.match(value.strip())
    return float(match.group()) if match else None


def _tag(el: ET.Element) -> str:
    return el.tag.split("}", 1)[-1] if isinstance(el.tag, str) else ""


_DEFAULT_PAINT = {"fill": "#000000", "stroke": "none", "stroke-width": "1", "fill-rule": "nonzero",
                  "opacity": 1.0, "fill-opacity": "1", "stroke-opacity": "1"}


def _props(el: ET.Element) -> dict[str, str]:
    props = {k: el.get(k) for k in (*PAINT_PROPS, "transform") if el.get(k) is not None}
    for decl in (el.get("style") or "").split(";"):
        key, _, value = decl.partition(":")
        if key.strip() in PAINT_PROPS:
            props[key.strip()] = value.strip()
    return props  # type: ignore[return-value]


@lru_cache(maxsize=512)
def _hex(value: str) -> str | None:
    value = value.strip()
    if value in ("none", "transparent") or value.startswith("url("):
        return None
    if value == "currentColor":
        return "#000000"
    try:
        return Color(value).convert("srgb").fit().to_string(hex=True, alpha=False).upper()
    except ValueError:
        return None


def parse_transform(value: str) -> Transform:
    result = Identity
    for name, args in _TRANSFORM.findall(value or ""):
        n = [float(x) for x in _NUMBER.findall(args)]
        if name == "matrix" and len(n) == 6:
            t = Transform(*n)
        elif name == "translate" and n:
            t = Identity.translate(n[0], n[1] if len(n) > 1 else 0)
        elif name == "scale" and n:
            t = Identity.scale(n[0], n[1] if len(n) > 1 else n[0])
        elif name == "rotate" and n:
            cx, cy = (n[1], n[2]) if len(n) == 3 else (0, 0)
            t = Identity.translate(cx, cy).rotate(math.radians(n[0])).translate(-cx, -cy)
        elif name == "skewX" and n:
            t = Identity.skew(math.radians(n[0]), 0)
        elif name == "skewY" and n:
            t = Identity.skew(0, math.radians(n[0]))
        else:
            continue
        result = result.transform(t)
    return result


class _RecordingPen(BasePen):  # type: ignore[misc]  # fontTools ships no type information
    """fontTools pen protocol -> M/L/C/Z operations in viewBox units (quadratics become cubics in BasePen)."""

    def __init__(self, transform: Transform) -> None:
        super().__init__(None)
        self.t = transform
        self.ops: list[tuple[str, tuple[float, ...]]] = []

    def _moveTo(self, pt: tuple[float, float]) -> None:
        self.ops.append(("M", self.t.transformPoint(pt)))

    def _lineTo(self, pt: tuple[float, float]) -> None:
        self.ops.append(("L", self.t.transformPoint(pt)))

    def _curveToOne(self, p1: tuple[float, float], p2: tuple[float, float], p3: tuple[float, float]) -> None:
        self.ops.append(("C", (*self.t.transformPoint(p1), *self.t.transformPoint(p2), *self.t.transformPoint(p3))))

    def _closePath(self) -> None:
        self.ops.append(("Z", ()))

    def _endPath(self) -> None:
        pass


def _collect(el: ET.Element, shapes: list[Shape], transform: Transform, inherited: dict[str, Any]) -> None:
    props = _props(el)
    paint = dict(inherited)
    for key, value in props.items():
        if key == "opacity":
            paint["opacity"] = inherited["opacity"] * _float(value, 1.0)
        elif key != "transform":
            paint[key] = value
    transform = transform.transform(parse_transform(props.get("transform", "")))
    tag = _tag(el)
    if tag in SHAPES:
        _add_shape(el, shapes, transform, paint)
    elif tag in ("svg", "g"):
        for child in el:
            _collect(child, shapes, transform, paint)


def _float(value: str | float | None, default: float) -> float:
    if value is None:
        return default
    try:
        return float(value)
    except (TypeError, ValueError):
        return default


@lru_cache(maxsize=512)
def _rl_colour(hex_colour: str) -> colors.Color:
    return colors.HexColor(hex_colour)


def _colour(hex_colour: str | None, recolour: Recolour | None) -> colors.Color | None:
    if hex_colour is None:
        return None
    return _rl_colour(recolour(hex_colour) if recolour else hex_colour)


def _unit(value: float) -> float:
    return max(0.0, min(1.0, value))


def _add_shape(el: ET.Element, shapes: list[Shape], transform: Transform, paint: dict[str, Any]) -> None:
    builder = PathBuilder()
    # Geometry only: transforms are composed here (fontTools' builder knows only matrix()).
    geometry = ET.Element(el.tag, {k: v for k, v in el.attrib.items() if k != "transform"})
    try:
        builder.add_path_from_element(geometry)
    except (TypeError, ValueError, NotImplementedError):
        return  # a shape missing its geometry draws nothing, as in a browser
    for d in builder.paths:
        pen = _RecordingPen(transform)
        try:
            parse_path(d, pen)
        except (ValueError, IndexError, AssertionError):
            continue
        if pen.ops:
            shapes.append(Shape(
                ops=tuple(pen.ops),
                fill=_hex(paint["fill"]),
                stroke=_hex(paint["stroke"]),
                stroke_width=_float(paint["stroke-width"], 1.0) * _scale(transform),
                fill_opacity=paint["opacity"] * _float(paint["fill-opacity"], 1.0),
                stroke_opacity=paint["opacity"] * _float(paint["stroke-opacity"], 1.0),
                even_odd=paint["fill-rule"] == "evenodd",
            ))


def _scale(t: Transform) -> float:
    return math.sqrt(abs(t.xx * t.yy - t.xy * t.yx)) or 1.0
