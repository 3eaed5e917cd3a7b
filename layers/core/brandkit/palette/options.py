"""Palette options: the brand's palette and the alternatives its profile also supports, ranked.

Each option is a whole palette, made the one way every palette is (accessible by construction), from the
profile with one thing changed: the harmony rule (another one the brand's styles imply) or the colour
family that leads (another of the profile's families; only when the primary is not fixed by the brief's
or the logo's colour). Variants are tried in order of support, the harmony's rank plus the family's, and
one too close to an option already taken (`distance`) is passed over: no two options look alike.

Ids are "<harmony>-<lead family>" ("analogous-brown", "triad-yellow"): they say what the option is, the
same brief always gives the same ones, and an id keeps its meaning if the ranking changes (a rank-based
"p2" would silently point at another palette).
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

from brandkit.artifacts import BRAND_ROLES, BrandProfile, Fact, Palette, PaletteOption
from brandkit.bkg import BrandGraph
from brandkit.bkg.dataset import ASSOCIATES_WITH, IMPLIES, SUGGESTS
from brandkit.palette.access import seen_as
from brandkit.palette.assemble import assemble
from brandkit.palette.design import Design
from brandkit.profile import HARMONY_ORDER

Lab = tuple[float, float, float]

OPTION_COUNT = 3
# OKLab distance below which two options' brand colours read as the same palette (as CVD_MIN_DELTA:
# about five just-noticeable differences).
MIN_DISTANCE = 0.1


@dataclass(frozen=True)
class Variant:
    harmony: str
    harmony_fact: Fact | None  # the style -> harmony edge that supports it; None for one offered only for range
    families: tuple[str, ...]  # the profile's colour families, the one tried as lead first


def distance(a: Palette, b: Palette) -> float:
    """How different two palettes look: the Hausdorff distance, in OKLab, between their brand colours
    (primary, secondary, accent). Every colour of one must have a near twin in the other for the two to be
    close, so the same colours in swapped roles are close and one new accent alone is far."""
    labs_a = [seen_as(a.hex(role), "normal") for role in BRAND_ROLES]
    labs_b = [seen_as(b.hex(role), "normal") for role in BRAND_ROLES]

    def directed(xs: list[Lab], ys: list[Lab]) -> float:
        return max(min(math.dist(x, y) for y in ys) for x in xs)

    return round(max(directed(labs_a, labs_b), directed(labs_b, labs_a)), 4)


def palette_options(profile: BrandProfile, logo_colors: list[str] | None, graph: BrandGraph,
                    count: int = OPTION_COUNT) -> list[PaletteOption]:
    """Up to `count` options, best supported first; the first is the palette the profile gives as it is.
    `logo_colors` are the ones that lead the palette (see assemble.leading_logo_colours)."""
    options: list[PaletteOption] = []
    first = assemble(profile, logo_colors, graph)
    for variant in _variants(profile, first[1], graph):
        if variant.harmony == profile.harmony and list(variant.families) == profile.hue_families:
            palette, design = first  # the profile as it is: built already
        else:
            palette, design = assemble(profile.model_copy(update={"harmony": variant.harmony,
                                                                  "hue_families": list(variant.families)}),
                                       logo_colors, graph)
        option_id = f"{variant.harmony}-{design.lead}"
        if any(o.id == option_id or distance(o.palette, palette) < MIN_DISTANCE for o in options):
            continue
        options.append(PaletteOption(id=option_id, rank=len(options) + 1, harmony=variant.harmony, lead=design.lead,
                                     reason=_reason(variant, design, palette, profile, graph), palette=palette))
        if len(options) == count:
            break
    return options


def _variants(profile: BrandProfile, first: Design, graph: BrandGraph) -> Iterator[Variant]:
    """The profile itself (whose design is `first`) first, then harmonies and lead families in order of
    support (the sum of their ranks, a new family before a new harmony on ties: it changes more),
    harmonies no style implies last (but for the profile's own, which always comes first)."""
    harmonies = _ranked_harmonies(profile, graph)
    families = tuple(profile.hue_families)
    # A brief's or logo's chromatic primary fixes the hue: only the harmony can change.
    fixed = first.source != "profile" and not first.tones["primary"].is_grey
    leads = [families] if fixed or not families else [
        (family, *(f for f in families if f != family)) for family in families
    ]
    ranked = sorted(
        ((h, f) for h in range(len(harmonies)) for f in range(len(leads))),
        key=lambda hf: (hf[0] > 0 and harmonies[hf[0]][1] is None, hf[0] + hf[1], -hf[1]),
    )
    for h, f in ranked:
        yield Variant(harmonies[h][0], harmonies[h][1], leads[f])


def _ranked_harmonies(profile: BrandProfile, graph: BrandGraph) -> list[tuple[str, Fact | None]]:
    """(harmony, its strongest supporting fact): the profile's own first, then the others its styles imply
    by total weight, then the rest (no support) in the usual order."""
    facts = graph.facts([f"style:{s}" for s in profile.style], IMPLIES)
    score: dict[str, float] = defaultdict(float)
    best: dict[str, Fact] = {}
    for fact in facts:
        harmony = fact.object.split(":", 1)[1]
        score[harmony] += fact.weight
        best.setdefault(harmony, fact)  # facts come strongest first
    order = sorted(HARMONY_ORDER, key=lambda h: (h != profile.harmony, h not in score,
                                                 -round(score.get(h, 0.0), 6), HARMONY_ORDER.index(h)))
    return [(h, best.get(h)) for h in order]


def _reason(variant: Variant, design: Design, palette: Palette, profile: BrandProfile, graph: BrandGraph) -> str:
    """One line, from the graph: the harmony and the style implying it, and where the lead colour comes from."""
    name = variant.harmony.replace("-", " ").capitalize()
    if variant.harmony_fact is not None:
        harmony = f"{name} harmony (the {_key(variant.harmony_fact.subject)} style implies it)"
    elif variant.harmony == profile.harmony:
        harmony = f"{name} harmony (the default: none of the brand's styles implies one)"
    else:
        harmony = f"{name} harmony (for range: none of the brand's styles implies it)"
    primary = next(c for c in palette.colors if c.role == "primary")
    family = _family_phrase(design.lead, profile, graph)
    if design.source == "profile":
        return f"{harmony} around {primary.name} {primary.hex}, from {family}"
    given = design.fixed.get("primary") or design.tones["primary"].hex
    whose = ("your primary colour " if design.source == "brief" else "your logo's colour ") + given
    if primary.hex != given:
        whose += f" (as {primary.hex}, for contrast)"
    if design.tones["primary"].is_grey:
        return f"{harmony} on {whose}, with colour from {family}"
    return f"{harmony} around {whose}, {primary.name}"


def _family_phrase(lead: str, profile: BrandProfile, graph: BrandGraph) -> str:
    """"the Brown family (associated with the down-to-earth trait)": the family and its strongest edge
    into the profile."""
    try:
        label = f"the {graph.colour_family(f'family:{lead}').name} family"
    except KeyError:
        return "the brand's hue"
    support = [f for f in profile.facts if f.object == f"family:{lead}" and f.relation in (ASSOCIATES_WITH, SUGGESTS)]
    if not support:
        return label
    fact = max(support, key=lambda f: f.weight)  # the first of equals: facts keep the graph's order
    if fact.relation == ASSOCIATES_WITH:
        return f"{label} (associated with the {_key(fact.subject)} trait)"
    return f"{label} (usual in the {_key(fact.subject)} industry)"


def _key(vertex_id: str) -> str:
    return vertex_id.split(":", 1)[1]
