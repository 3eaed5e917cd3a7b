"""Industry symbols: icons of a vendored open icon set, redrawn as logo marks.

The icons (path data on the set's grid, with measures taken when they were vendored: ink box, ink
share, line weight) come from brandkit/data/symbols-<set>.json, written by scripts/vendor_symbols.py;
which icon suits which industry is the knowledge graph's (depicted_by facts in the brand profile).
A symbol is fitted to a concept by its optical size (dense glyphs are drawn a little smaller than airy
ones) and thickened to the concept's line weight with a stroke in its own colour.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from typing import Any

from fontTools.pens.svgPathPen import SVGPathPen
from fontTools.pens.transformPen import TransformPen
from fontTools.svgLib.path import parse_path

from brandkit.artifacts import BrandProfile

SETS = ("mdi",)
REFERENCE_INK = 0.55  # ink share at which a glyph is drawn at the nominal size
OPTICAL_RANGE = (0.88, 1.08)
CENTRING_ROOM = 1.12  # optical centring may move the ink this far past the fitted box (a share of it)
MAX_THICKEN = 4.0  # at most this much stroke is added (mark units), so counters stay open


@dataclass(frozen=True)
class SymbolRef:
    """One icon as a concept records it: enough to redraw it and to credit it."""

    set_id: str
    icon: str
    weight: float  # of the graph's depicted_by edge: 1 is the category's most recognisable sign
    source: str

    def credit(self) -> dict[str, Any]:
        lib = library(self.set_id)
        return {"set": lib["set"], "name": self.icon, "licence": lib["licence"], "version": lib["version"],
                "package": lib["package"], "source": self.source}


@cache
def library(set_id: str) -> dict[str, Any]:
    if set_id not in SETS:
        raise KeyError(f"unknown symbol set {set_id!r}")
    text = files("brandkit").joinpath(f"data/symbols-{set_id}.json").read_text(encoding="utf-8")
    lib: dict[str, Any] = json.loads(text)
    return lib


LICENCE_FILE = "logo/LICENSE-symbols.txt"  # in the kit, beside the logo files


def licence_text(set_id: str) -> str:
    return files("brandkit").joinpath(f"data/symbols-{set_id}-LICENSE.txt").read_text(encoding="utf-8")


def licence_file(set_names: list[str]) -> bytes:
    """The kit's LICENSE-symbols.txt: the licence of every icon set whose icons the kit draws."""
    ids = [s for s in SETS if library(s)["set"] in set_names]
    return "\n\n".join(licence_text(s) for s in ids).encode("utf-8")


def candidates(profile: BrandProfile) -> list[SymbolRef]:
    """The profile's industry symbols that this layer has vendored, strongest first."""
    out = []
    for fact in profile.symbols:
        key = fact.object.removeprefix("symbol:")
        set_id, _, icon = key.partition("-")
        if set_id in SETS and icon in library(set_id)["icons"]:
            out.append(SymbolRef(set_id, icon, fact.weight, fact.source))
    return out


def glyph(set_id: str, icon: str) -> dict[str, Any]:
    entry: dict[str, Any] = library(set_id)["icons"][icon]
    return entry


def knocks_out(ref: SymbolRef) -> bool:
    """Whether the icon fills alike under the even-odd rule, so it can be cut out of a shape."""
    return bool(glyph(ref.set_id, ref.icon)["evenodd"])


def fitted_path(set_id: str, icon: str, centre: tuple[float, float], size: float) -> tuple[str, float]:
    """The icon's path data with its ink fitted optically into a `size` box around `centre`, and the
    scale it was drawn at (mark units per grid unit). Optical size: dense glyphs a little smaller;
    optical centring: the ink's centre of mass moves towards `centre`, as far as the box allows."""
    g = glyph(set_id, icon)
    x0, y0, x1, y1 = g["box"]
    optical = min(max((REFERENCE_INK / max(g["ink"], 0.05)) ** 0.25, OPTICAL_RANGE[0]), OPTICAL_RANGE[1])
    s = size * optical / max(x1 - x0, y1 - y0)
    dx, dy = centre[0] - (x0 + x1) / 2 * s, centre[1] - (y0 + y1) / 2 * s
    mx, my = g["centre"]
    room = size * CENTRING_ROOM
    slack_x, slack_y = max((room - (x1 - x0) * s) / 2, 0.0), max((room - (y1 - y0) * s) / 2, 0.0)
    dx += min(max(((x0 + x1) / 2 - mx) * s, -slack_x), slack_x)
    dy += min(max(((y0 + y1) / 2 - my) * s, -slack_y), slack_y)
    pen = SVGPathPen(None, ntos=lambda v: f"{v:.2f}".rstrip("0").rstrip("."))
    parse_path(g["d"], TransformPen(pen, (s, 0, 0, s, dx, dy)))
    return pen.getCommands(), s


def thickening(set_id: str, icon: str, scale: float, target: float) -> float:
    """Stroke width (mark units) that brings the icon's drawn line weight up to `target`; 0 if it is there."""
    drawn = glyph(set_id, icon)["stroke"] * scale
    return float(round(min(max(target - drawn, 0.0), MAX_THICKEN), 2))
