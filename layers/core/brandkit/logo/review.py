"""The design review: every concept rendered and measured, then ranked; weak or duplicate ones rejected.

Figures (all recorded in the concept's `review`, so the ranking can be read back):
- legibility_16 / legibility_32: the icon rendered by resvg at 16 and 32 px against a 64 px render
  (what survives at favicon size; hairlines and small counters do not);
- contrast: each element's colour against the background the concept is declared for (the palette's
  light background), WCAG 2.1 ratio; graphics need 3:1 (WCAG 1.4.11), the name in a lockup 4.5:1;
- centring: the icon's centre of mass against the centre of its square canvas (optical centring);
- complexity: path commands (many cost reproduction and recall);
- relevance: a symbol the knowledge graph matched to the industry outranks an abstract or letter
  mark, unless the brief's style words ask for abstraction;
- fit: how well the kind suits the look's style family (look.KIND_FIT), the one judged term;
- primitive: a mark of a few plain circles and nothing else is never the primary;
- distance: a perceptual distance (difference hash and 32 px coverage, of the icon and of the whole
  master, the larger counts) to every better-ranked concept; below DUPLICATE it is a near-duplicate
  and is rejected.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from PIL import Image, ImageChops, ImageStat

from brandkit.artifacts import Palette
from brandkit.colour import contrast
from brandkit.design_review import ABOVE, GRAPHIC_CONTRAST, MIN_LEGIBILITY_16, why

from . import art as artmod
from . import marks, raster, scoring
from .art import Art, Layer, Placed

# Relevance and the look's fit lead; the measured figures separate concepts of like relevance and fit,
# and the hard limits (may_lead) keep a concept that fails them from being the primary at all.
WEIGHTS = {"legibility": 0.2, "centring": 0.05, "complexity": 0.05, "contrast": 0.1, "fit": 0.3, "relevance": 0.3}
NAME_CONTRAST = 4.5  # GRAPHIC_CONTRAST and MIN_LEGIBILITY_16 are in brandkit.design_review, which says them
PRIMITIVE_MAX_CIRCLES = 4  # a ring is two circles: "a ring and a dot" is a primitive cluster too
DUPLICATE = 0.12  # perceptual distance under which two concepts are the same idea
ABSTRACT_WORDS = ("abstract", "geometric", "non-figurative")
_CIRCLE = re.compile(r"M[^A-Za-z]*A[^A-Za-z]*A[^A-Za-z]*Z")


@dataclass
class Candidate:
    id: str
    spec: dict[str, Any]
    symbol_weight: float | None  # the graph edge's weight when the concept draws an industry symbol


def _alpha(svg: str, height: int) -> Image.Image:
    return raster.image(svg, max(1, round(height * raster.aspect(svg))), height).getchannel("A")


def _paths(art: Art) -> list[str]:
    out = []
    for item in art.items:
        if isinstance(item, Layer):
            out.append(item.d)
        elif isinstance(item, Placed):
            out += _paths(item.art)
    return out


def primitive_cluster(icon: Art) -> bool:
    """Whether the mark is only a few plain circles (rings included), with nothing else drawn."""
    subpaths = [p for d in _paths(icon) for p in re.split(r"(?=M)", d) if p]
    return 0 < len(subpaths) <= PRIMITIVE_MAX_CIRCLES and all(_CIRCLE.fullmatch(p) for p in subpaths)


def centring(alpha: Image.Image) -> float:
    """1 when the ink's centre of mass is the canvas centre, 0 when it is an eighth of the side away."""
    cols = list(alpha.resize((alpha.width, 1), Image.Resampling.BOX).tobytes())
    rows = list(alpha.resize((1, alpha.height), Image.Resampling.BOX).tobytes())
    if not sum(cols):
        return 0.0
    cx = sum((i + 0.5) * v for i, v in enumerate(cols)) / sum(cols) / alpha.width
    cy = sum((i + 0.5) * v for i, v in enumerate(rows)) / sum(rows) / alpha.height
    return float(max(0.0, 1.0 - 8.0 * ((cx - 0.5) ** 2 + (cy - 0.5) ** 2) ** 0.5))


def _dhash(img: Image.Image) -> int:
    small = img.resize((9, 8), Image.Resampling.BOX).tobytes()
    bits = 0
    for row in range(8):
        for col in range(8):
            bits = (bits << 1) | (small[row * 9 + col] > small[row * 9 + col + 1])
    return bits


def distance(a: Image.Image, b: Image.Image) -> float:
    """Perceptual distance of two 32 px coverage images: mean of the difference-hash distance (share of
    64 bits) and the mean coverage difference; 0 is identical."""
    hamming = bin(_dhash(a) ^ _dhash(b)).count("1") / 64
    pixels = ImageStat.Stat(ImageChops.difference(a, b)).mean[0] / 255
    return round((hamming + pixels) / 2, 4)


def _thumb(svg: str) -> Image.Image:
    """The concept's master as 32 x 32 coverage, letterboxed (lockups of other shapes stay comparable)."""
    w, h = raster.fit_size(svg, 32)
    canvas = Image.new("L", (32, 32))
    canvas.paste(raster.image(svg, w, h).getchannel("A"), ((32 - w) // 2, (32 - h) // 2))
    return canvas


def asks_for_abstract(style_words: list[str] | tuple[str, ...]) -> bool:
    return any(w in word.lower() for word in style_words for w in ABSTRACT_WORDS)


def measure(
    c: Candidate, palette: Palette, fit: float, abstract: bool
) -> tuple[dict[str, Any], tuple[Image.Image, ...]]:
    colors = artmod.full_colors(palette)
    background = artmod.light_background(palette)
    icon, icon_svg, master, master_svg = _drawn(c.spec, colors)
    ref = _alpha(icon_svg, 64)
    ratios = {role: round(contrast(colors[role], background), 2) for role in sorted(master.roles())}
    needs = {role: NAME_CONTRAST if role == "text" else GRAPHIC_CONTRAST for role in ratios}
    contrast_score = min((min(r / needs[role], 1.0) for role, r in ratios.items()), default=0.0)
    if c.symbol_weight is not None:  # asked for abstraction, a pictogram is the less relevant answer
        relevance = 0.6 + (0.2 if abstract else 0.4) * c.symbol_weight
    else:
        relevance = 1.0 if abstract else 0.4
    figures: dict[str, Any] = {
        "legibility_16": round(scoring.legibility(ref, _alpha(icon_svg, 16)), 4),
        "legibility_32": round(scoring.legibility(ref, _alpha(icon_svg, 32)), 4),
        "contrast": ratios,
        "background": background,
        "contrast_ok": all(r >= needs[role] for role, r in ratios.items()),
        "centring": round(centring(ref), 4),
        "complexity": round(scoring.complexity(master.node_count()), 4),
        "relevance": round(relevance, 4),
        "fit": round(fit, 4),
        "primitive": primitive_cluster(icon),
    }
    parts = {"legibility": (figures["legibility_16"] + figures["legibility_32"]) / 2, "centring": figures["centring"],
             "complexity": figures["complexity"], "contrast": contrast_score, "fit": fit, "relevance": relevance}
    figures["total"] = round(sum(parts[k] * w for k, w in WEIGHTS.items()), 4)
    figures["may_lead"] = (figures["contrast_ok"] and not figures["primitive"]
                           and figures["legibility_16"] >= MIN_LEGIBILITY_16)
    return figures, (_thumb(icon_svg), _thumb(master_svg))


def _drawn(spec: dict[str, Any], colors: dict[str, str]) -> tuple[Art, str, Art, str]:
    """The concept's icon and master lockup, as art and as SVG."""
    icon = marks.lockup(spec, "icon")
    master = marks.lockup(spec, spec["layout"])
    return (icon, artmod.write_svg(icon, colors, pad=0.04, square=True),
            master, artmod.write_svg(master, colors, pad=0.04))


def thumbs(spec: dict[str, Any], palette: Palette) -> tuple[Image.Image, Image.Image]:
    """The small renders two concepts are compared by: icon and master."""
    _, icon_svg, _, master_svg = _drawn(spec, artmod.full_colors(palette))
    return _thumb(icon_svg), _thumb(master_svg)


def apart(a: tuple[Image.Image, ...], b: tuple[Image.Image, ...]) -> float:
    """How far apart two concepts are: distinct if the icon (the favicon, the avatar) or the whole master differs."""
    return max(distance(x, y) for x, y in zip(a, b, strict=True))


def rank(candidates: list[Candidate], palette: Palette, fits: dict[str, float],
         abstract: bool) -> tuple[list[tuple[Candidate, dict[str, Any]]], list[tuple[Candidate, dict[str, Any]]]]:
    """(kept, rejected), each (candidate, figures); kept in rank order. A concept that may not lead
    (contrast, favicon legibility, primitive) ranks below every one that may."""
    measured = [(c, *measure(c, palette, fits[c.id], abstract)) for c in candidates]
    measured.sort(key=lambda m: (not m[1]["may_lead"], -m[1]["total"], m[0].id))
    kept: list[tuple[Candidate, dict[str, Any], tuple[Image.Image, ...]]] = []
    rejected = []
    for c, figures, small in measured:
        nearest = min(((apart(small, t), k.id) for k, _, t in kept),
                      default=(1.0, None))
        figures["distance"] = nearest[0]
        if nearest[0] < DUPLICATE:
            figures["rejected"] = f"a near-duplicate of {nearest[1]} (perceptual distance {nearest[0]} < {DUPLICATE})"
            rejected.append((c, figures))
            continue
        # the figures of the concept ranked just above, kept so the ranking can be said again in another language
        figures["above"] = {k: kept[-1][1][k] for k in ABOVE} if kept else None
        figures["why"] = why(figures, figures["above"])
        kept.append((c, figures, small))
    return [(c, f) for c, f, _ in kept], rejected
