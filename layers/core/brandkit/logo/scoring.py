"""Measured scores for a concept: legibility at 16 px, balance, complexity, contrast.

- legibility: the concept rendered 16 px high, scaled back up, against a 64 px render; what
  survives at favicon size (thin hairlines and small counters do not) scores high;
- balance: distance of the ink's centre of mass from the centre of its bounding box;
- complexity: path commands, many nodes cost reproduction (embroidery, signage) and recall;
- contrast: the concept's colours against the palette's light and dark backgrounds;
- fit: how well the kind suits the brand's style family (look.KIND_FIT), the one judged term.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from PIL import Image, ImageChops, ImageStat

from brandkit.colour import contrast

from . import raster

WEIGHTS = {"legibility": 0.3, "balance": 0.15, "complexity": 0.15, "contrast": 0.2, "fit": 0.2}
SMALL, REFERENCE = 16, 48
SIMPLE_NODES, NODE_SCALE = 120, 500  # nodes up to SIMPLE_NODES cost nothing


@dataclass(frozen=True)
class Scores:
    legibility: float
    balance: float
    complexity: float
    contrast: float
    fit: float

    @property
    def total(self) -> float:
        return float(round(sum(getattr(self, k) * w for k, w in WEIGHTS.items()), 4))

    def to_dict(self) -> dict[str, Any]:
        return {k: round(v, 4) for k, v in asdict(self).items()} | {"total": self.total}


def _alpha(svg: str, height: int) -> Image.Image:
    a = raster.aspect(svg)
    return raster.image(svg, max(1, round(height * a)), height).getchannel("A")


def legibility(ref: Image.Image, small: Image.Image) -> float:
    small = small.resize(ref.size, Image.Resampling.BILINEAR)
    ink = ImageStat.Stat(ref).mean[0]
    if ink <= 0:
        return 0.0
    lost = ImageStat.Stat(ImageChops.difference(ref, small)).mean[0]
    return max(0.0, 1.0 - lost / ink)


def balance(alpha: Image.Image) -> float:
    box = alpha.getbbox()
    if not box:
        return 0.0
    # Centre of mass from the column and row profiles (box-filtered to one row / one column).
    cols = list(alpha.resize((alpha.width, 1), Image.Resampling.BOX).tobytes())
    rows = list(alpha.resize((1, alpha.height), Image.Resampling.BOX).tobytes())
    if not sum(cols) or not sum(rows):
        return 0.0
    cx = sum(i * v for i, v in enumerate(cols)) / sum(cols)
    cy = sum(i * v for i, v in enumerate(rows)) / sum(rows)
    bx, by = (box[0] + box[2] - 1) / 2, (box[1] + box[3] - 1) / 2
    half_w, half_h = max((box[2] - box[0]) / 2, 1), max((box[3] - box[1]) / 2, 1)
    off = ((cx - bx) / half_w) ** 2 + ((cy - by) / half_h) ** 2
    return float(max(0.0, 1.0 - 2.0 * off ** 0.5))


def complexity(nodes: int) -> float:
    return 1.0 / (1.0 + max(0, nodes - SIMPLE_NODES) / NODE_SCALE)


def contrast_score(colors: list[str], light: str, dark: str) -> float:
    """Mean over the concept's colours of how well each reads on light and on dark (3:1 is full marks)."""
    if not colors:
        return 0.0
    per = [(min(contrast(c, light), 3.0) + min(contrast(c, dark), 3.0)) / 6.0 for c in colors]
    return sum(per) / len(per)


def score(svg: str, nodes: int, colors: list[str], light: str, dark: str, fit: float) -> Scores:
    ref, small = _alpha(svg, REFERENCE), _alpha(svg, SMALL)
    return Scores(legibility(ref, small), balance(ref), complexity(nodes), contrast_score(colors, light, dark), fit)
