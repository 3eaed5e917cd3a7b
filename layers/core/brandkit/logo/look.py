"""From the brand profile's style words and traits to drawing parameters.

A profile's words are matched against seven families; the strongest family sets the shapes
(containers, motifs), the blend of all of them sets the numbers (corner rounding, weight,
letter-spacing), so "minimal + luxury" sits between the two rather than picking one.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from brandkit.artifacts import BrandProfile

# Word stems that point to each family: a stem matches the start of a word of a style or trait id
# ("elegan" matches "elegant"); a stem ending in "$" must be the whole word ("fun$" is not "functional").
# Covers the knowledge graph's style ids and Aaker-style trait ids, and common brief words.
FAMILY_WORDS: dict[str, tuple[str, ...]] = {
    "minimal": ("minimal", "clean", "simple", "modern", "calm", "clear", "precise", "swiss", "flat", "scandi",
                "corporate", "reliable", "honest", "professional"),
    "playful": ("playful", "fun$", "friendly", "whimsical", "youthful", "cheer", "quirky", "bright", "energetic",
                "approachable", "kid", "vibrant", "spirited", "imagina", "colourful", "colorful"),
    "luxury": ("luxur", "elegan", "premium", "sophisticat", "refined", "exclusive", "high-end", "glamo",
               "timeless", "upscale", "upper-class", "charm", "successful"),
    "vintage": ("vintage", "retro", "classic", "heritage", "traditional", "nostalg", "crafted", "artisan",
                "authentic", "rustic", "old$", "established"),
    "tech": ("tech", "futur", "digital", "innovat", "cyber", "data", "smart", "geometric", "scientific", "sleek",
             "up-to-date", "intellig", "edgy"),
    "organic": ("organic", "natural", "eco", "sustainab", "warm", "handmade", "earthy", "green", "botanic",
                "wellness", "gentle", "caring", "care$", "down-to-earth", "wholesome"),
    "rugged": ("rugged", "bold", "strong", "industrial", "outdoor", "tough", "adventur", "durable", "powerful",
               "athletic", "confident", "daring", "edgy"),
}


def _matches(stem: str, word: str) -> bool:
    tokens = [word] + word.replace("_", "-").replace(" ", "-").split("-")
    if stem.endswith("$"):
        return stem[:-1] in tokens
    return any(token.startswith(stem) for token in tokens)


# Numbers per family: corner rounding (0..0.5 of a shape's size), outline weight (share of the mark),
# heading weight, letter-spacing (em), upper-casing, and the shapes the family draws with.
FAMILY_PARAMS: dict[str, dict[str, Any]] = {
    "minimal": dict(corner=0.18, stroke=0.045, bold=0.3, tracking=0.03, upper=0.2, corner_mode="round",
                    containers=("circle", "square"), motifs=("split-circle", "orbit"), detail="dot"),
    "playful": dict(corner=0.45, stroke=0.07, bold=0.9, tracking=0.0, upper=0.0, corner_mode="round",
                    containers=("blob", "circle"), motifs=("bubbles", "petals"), detail="first-letter"),
    "luxury": dict(corner=0.0, stroke=0.022, bold=0.0, tracking=0.2, upper=1.0, corner_mode="round",
                   containers=("diamond", "circle"), motifs=("facets", "orbit"), detail="rules"),
    "vintage": dict(corner=0.06, stroke=0.04, bold=0.7, tracking=0.12, upper=1.0, corner_mode="round",
                    containers=("circle", "octagon"), motifs=("sunburst", "facets"), detail="rules"),
    "tech": dict(corner=0.14, stroke=0.055, bold=0.8, tracking=0.08, upper=0.8, corner_mode="chamfer",
                 containers=("hexagon", "square"), motifs=("blocks", "chevrons"), detail="bar"),
    "organic": dict(corner=0.5, stroke=0.045, bold=0.2, tracking=0.02, upper=0.0, corner_mode="round",
                    containers=("blob", "circle"), motifs=("petals", "bubbles"), detail="dot"),
    "rugged": dict(corner=0.04, stroke=0.09, bold=1.0, tracking=0.06, upper=1.0, corner_mode="chamfer",
                   containers=("shield", "octagon"), motifs=("peaks", "chevrons"), detail="bar"),
}
DEFAULT_FAMILY = "minimal"

# How well each concept kind suits a family, by convention of the genre (vintage and rugged brands
# wear badges, luxury houses monograms and wordmarks, tech companies abstract symbols). Symbol kinds: symbol
# + name suits minimal brands, the symbol alone tech and luxury ones (a refined sign, like a monogram),
# a symbol in a soft shape playful and organic ones; vintage and rugged keep the emblem (which then
# carries the symbol). The favoured kind gets the graph's strongest symbol (designer._symbol_specs).
KIND_FIT: dict[str, dict[str, float]] = {
    "minimal": {"wordmark": 1.0, "lettermark": 0.9, "geometric": 0.8, "combination": 0.7, "letter-in-shape": 0.6,
                "emblem": 0.3, "symbol-combination": 1.0, "symbol": 0.9, "symbol-in-shape": 0.7},
    "playful": {"combination": 1.0, "geometric": 0.9, "letter-in-shape": 0.8, "lettermark": 0.6, "wordmark": 0.6,
                "emblem": 0.4, "symbol-in-shape": 1.0, "symbol-combination": 0.85, "symbol": 0.8},
    "luxury": {"lettermark": 1.0, "wordmark": 0.95, "emblem": 0.6, "letter-in-shape": 0.5, "geometric": 0.5,
               "combination": 0.5, "symbol": 1.0, "symbol-combination": 0.9, "symbol-in-shape": 0.55},
    "vintage": {"emblem": 1.0, "lettermark": 0.7, "wordmark": 0.7, "combination": 0.6, "letter-in-shape": 0.6,
                "geometric": 0.4, "symbol-in-shape": 0.8, "symbol-combination": 0.7, "symbol": 0.6},
    "tech": {"geometric": 1.0, "combination": 0.9, "letter-in-shape": 0.8, "lettermark": 0.7, "wordmark": 0.6,
             "emblem": 0.3, "symbol": 1.0, "symbol-in-shape": 0.9, "symbol-combination": 0.8},
    "organic": {"combination": 1.0, "geometric": 0.9, "wordmark": 0.7, "letter-in-shape": 0.6, "emblem": 0.6,
                "lettermark": 0.5, "symbol-in-shape": 1.0, "symbol-combination": 0.9, "symbol": 0.85},
    "rugged": {"emblem": 1.0, "letter-in-shape": 0.85, "combination": 0.8, "lettermark": 0.7, "wordmark": 0.6,
               "geometric": 0.6, "symbol-in-shape": 0.75, "symbol-combination": 0.7, "symbol": 0.7},
}


@dataclass(frozen=True)
class Look:
    family: str
    second: str  # the next strongest family, for the second motif and container
    corner: float
    corner_mode: str
    stroke: float
    weight: str  # "bold" or "regular"
    tracking: float
    upper: bool
    containers: tuple[str, ...]
    motifs: tuple[str, ...]
    detail: str

    def fit(self, kind: str) -> float:
        """How well a concept kind suits this look (0..1): the main family counts 70 %, the second 30 %."""
        return 0.7 * KIND_FIT[self.family].get(kind, 0.5) + 0.3 * KIND_FIT[self.second].get(kind, 0.5)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Look:
        data = dict(data)
        data["containers"] = tuple(data["containers"])
        data["motifs"] = tuple(data["motifs"])
        return cls(**data)


def family_weights(profile: BrandProfile) -> dict[str, float]:
    """How strongly the profile's words point to each family (style words count double)."""
    weights = {family: 0.0 for family in FAMILY_WORDS}
    words = [(word, 2.0) for word in profile.style] + [(trait, float(w)) for trait, w in profile.traits]
    for word, weight in words:
        word = word.lower()
        for family, stems in FAMILY_WORDS.items():
            if any(_matches(stem, word) for stem in stems):
                weights[family] += max(weight, 0.0)
    return weights


def look_for(profile: BrandProfile) -> Look:
    weights = family_weights(profile)
    ranked = sorted(weights.items(), key=lambda kv: (-kv[1], kv[0]))
    total = sum(weights.values())
    if total <= 0:
        ranked = [(DEFAULT_FAMILY, 1.0)] + [(f, 0.0) for f in FAMILY_WORDS if f != DEFAULT_FAMILY]
        weights = {DEFAULT_FAMILY: 1.0}
        total = 1.0
    first, second = ranked[0][0], (ranked[1][0] if ranked[1][1] > 0 else ranked[0][0])

    def blend(key: str) -> float:
        return float(sum(FAMILY_PARAMS[f][key] * w for f, w in weights.items() if w) / total)

    params = FAMILY_PARAMS[first]
    motifs = params["motifs"] + tuple(m for m in FAMILY_PARAMS[second]["motifs"] if m not in params["motifs"])
    containers = params["containers"] + tuple(c for c in FAMILY_PARAMS[second]["containers"]
                                              if c not in params["containers"])
    return Look(
        family=first,
        second=second,
        corner=round(blend("corner"), 3),
        corner_mode=params["corner_mode"],
        stroke=round(blend("stroke"), 4),
        weight="bold" if blend("bold") >= 0.5 else "regular",
        tracking=round(blend("tracking"), 3),
        upper=blend("upper") >= 0.5,
        containers=containers,
        motifs=motifs,
        detail=params["detail"],
    )
