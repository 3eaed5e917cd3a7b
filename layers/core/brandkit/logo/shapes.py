"""Geometric path data for marks: circles, rounded or chamfered polygons, shields, blobs, rays.

Everything is plain path data (M/L/Q/C/A/Z) so shapes and glyph outlines can be combined into
one even-odd path: that is how letters are knocked out of shapes, which keeps knock-outs
transparent in one-colour and inverse variants.
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence

from .svg import fmt

Point = tuple[float, float]


def _p(x: float, y: float) -> str:
    return f"{fmt(x)} {fmt(y)}"


def circle(cx: float, cy: float, r: float) -> str:
    return f"M{_p(cx - r, cy)}A{fmt(r)} {fmt(r)} 0 1 0 {_p(cx + r, cy)}A{fmt(r)} {fmt(r)} 0 1 0 {_p(cx - r, cy)}Z"


def ring(cx: float, cy: float, r: float, width: float) -> str:
    """A band between two circles (draw with even-odd)."""
    return circle(cx, cy, r) + circle(cx, cy, r - width)


def regular_polygon(n: int, cx: float, cy: float, r: float, rotation_deg: float = -90.0) -> list[Point]:
    step = 2 * math.pi / n
    start = math.radians(rotation_deg)
    return [(cx + r * math.cos(start + i * step), cy + r * math.sin(start + i * step)) for i in range(n)]


def rounded_polygon(points: Sequence[Point], radius: float, mode: str = "round") -> str:
    """Closed polygon with each corner rounded (quadratic through the vertex) or chamfered."""
    if radius <= 0:
        return "M" + "L".join(_p(*pt) for pt in points) + "Z"
    n = len(points)
    parts: list[str] = []
    for i in range(n):
        prev, cur, nxt = points[i - 1], points[i], points[(i + 1) % n]
        la = math.dist(prev, cur)
        lb = math.dist(cur, nxt)
        r = min(radius, la / 2, lb / 2)
        a = (cur[0] + (prev[0] - cur[0]) * r / la, cur[1] + (prev[1] - cur[1]) * r / la)
        b = (cur[0] + (nxt[0] - cur[0]) * r / lb, cur[1] + (nxt[1] - cur[1]) * r / lb)
        parts.append(("M" if i == 0 else "L") + _p(*a))
        parts.append(("Q" + _p(*cur) + " " if mode == "round" else "L") + _p(*b))
    return "".join(parts) + "Z"


def rect_points(x: float, y: float, w: float, h: float) -> list[Point]:
    return [(x, y), (x + w, y), (x + w, y + h), (x, y + h)]


def shield(cx: float, cy: float, w: float, h: float) -> str:
    """Flat top, straight sides, two curves meeting in a point at the bottom."""
    x0, x1, top = cx - w / 2, cx + w / 2, cy - h / 2
    side = top + h * 0.45
    tip = cy + h / 2
    return (f"M{_p(x0, top)}L{_p(x1, top)}L{_p(x1, side)}"
            f"C{_p(x1, side + h * 0.3)} {_p(cx + w * 0.18, tip - h * 0.08)} {_p(cx, tip)}"
            f"C{_p(cx - w * 0.18, tip - h * 0.08)} {_p(x0, side + h * 0.3)} {_p(x0, side)}Z")


def smooth_closed(points: list[Point], tension: float = 1.0) -> str:
    """Closed Catmull-Rom spline through the points, as cubic Béziers."""
    n = len(points)
    parts = ["M" + _p(*points[0])]
    for i in range(n):
        p0, p1, p2, p3 = points[i - 1], points[i], points[(i + 1) % n], points[(i + 2) % n]
        c1 = (p1[0] + (p2[0] - p0[0]) * tension / 6, p1[1] + (p2[1] - p0[1]) * tension / 6)
        c2 = (p2[0] - (p3[0] - p1[0]) * tension / 6, p2[1] - (p3[1] - p1[1]) * tension / 6)
        parts.append("C" + " ".join(_p(*c) for c in (c1, c2, p2)))
    return "".join(parts) + "Z"


def blob(cx: float, cy: float, r: float, rng: random.Random, lobes: int = 6, wobble: float = 0.08) -> str:
    pts = []
    for i in range(lobes):
        angle = 2 * math.pi * i / lobes + rng.uniform(-0.15, 0.15)
        rr = r * (1 + rng.uniform(-wobble, wobble))
        pts.append((cx + rr * math.cos(angle), cy + rr * math.sin(angle)))
    return smooth_closed(pts)


def leaf(cx: float, cy: float, length: float, width: float, angle_deg: float) -> str:
    """A vesica (two arcs) pointing along angle, its base at (cx, cy)."""
    a = math.radians(angle_deg)
    tip = (cx + length * math.cos(a), cy + length * math.sin(a))
    half = length / 2
    # radius of the arcs through base and tip with the given bulge
    r = (half ** 2 + (width / 2) ** 2) / width
    return f"M{_p(cx, cy)}A{fmt(r)} {fmt(r)} 0 0 1 {_p(*tip)}A{fmt(r)} {fmt(r)} 0 0 1 {_p(cx, cy)}Z"


def star(n: int, cx: float, cy: float, r_outer: float, r_inner: float, rotation_deg: float = -90.0) -> str:
    pts = []
    for i in range(2 * n):
        r = r_outer if i % 2 == 0 else r_inner
        a = math.radians(rotation_deg) + math.pi * i / n
        pts.append((cx + r * math.cos(a), cy + r * math.sin(a)))
    return rounded_polygon(pts, 0)


def rays(n: int, cx: float, cy: float, r_in: float, r_out: float, spread: float = 0.5) -> str:
    """n wedge-shaped rays between two radii; spread is the share of each step a ray fills."""
    out = []
    step = 2 * math.pi / n
    for i in range(n):
        a0 = i * step - step * spread / 2
        a1 = i * step + step * spread / 2
        pts = [(cx + r_in * math.cos(a0), cy + r_in * math.sin(a0)),
               (cx + r_out * math.cos(a0), cy + r_out * math.sin(a0)),
               (cx + r_out * math.cos(a1), cy + r_out * math.sin(a1)),
               (cx + r_in * math.cos(a1), cy + r_in * math.sin(a1))]
        out.append(rounded_polygon(pts, 0))
    return "".join(out)


def container(kind: str, cx: float, cy: float, size: float, corner: float, corner_mode: str,
              rng: random.Random | None = None) -> str:
    """The outline a letter or badge sits in; `size` is the width of its box, corner a 0..0.5 ratio."""
    r = size / 2
    if kind == "circle":
        return circle(cx, cy, r)
    if kind == "hexagon":
        return rounded_polygon(regular_polygon(6, cx, cy, r, -90), corner * r, corner_mode)
    if kind == "diamond":
        return rounded_polygon(regular_polygon(4, cx, cy, r, -90), corner * r, corner_mode)
    if kind == "shield":
        return shield(cx, cy, size * 0.86, size)
    if kind == "blob":
        return blob(cx, cy, r * 0.96, rng or random.Random(0))
    if kind == "octagon":
        return rounded_polygon(regular_polygon(8, cx, cy, r, -112.5), corner * r, corner_mode)
    # square (rounded or chamfered)
    return rounded_polygon(rect_points(cx - r, cy - r, size, size), corner * size, corner_mode)


def inner_container(kind: str, cx: float, cy: float, size: float, inset: float, corner: float,
                    corner_mode: str) -> str:
    """The same outline inset by `inset` (for the thin inner line of a badge)."""
    if kind in ("blob", "circle"):
        return circle(cx, cy, size / 2 - inset)
    if kind == "shield":
        return shield(cx, cy - inset * 0.2, size * 0.86 - 2 * inset, size - 2.3 * inset)
    return container(kind, cx, cy, size - 2 * inset, corner, corner_mode)
