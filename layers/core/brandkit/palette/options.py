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
from brandkit.i18n import N_, SOURCE, Translator, for_tag
from brandkit.i18n.labels import term
from brandkit.palette.access import seen_as
from brandkit.palette.assemble import assemble
from brandkit.palette.design import Design
from brandkit.profile import HARMONY_ORDER

Lab = tuple[float, float, float]

OPTION_COUNT = 3
# OKLab distance below which two options' brand colours read as the same palette (as CVD_MIN_DELTA:
# about five just-noticeable differences).
MIN_DISTANCE = 0.1

# An option's reason, in the brand's language: whole sentences, one template per case; graph words come from
# the label table (brandkit.i18n.labels), as in the rationale.
HARMONY_IMPLIED = N_("palette option", "The {style} style implies the {harmony} harmony.")
HARMONY_DEFAULT = N_("palette option", "The {harmony} harmony is the default: none of the brand's styles implies one.")
HARMONY_FOR_RANGE = N_("palette option",
                       "The {harmony} harmony is offered for range: none of the brand's styles implies it.")
AROUND_PROFILE = N_("palette option", "The palette is built around {color}.")
AROUND_PROFILE_NAMED = N_("palette option", "The palette is built around {name} {hex}.")
AROUND_BRIEF = N_("palette option", "The palette is built around your primary colour {given}.")
AROUND_BRIEF_ADJUSTED = N_("palette option",
                           "The palette is built around your primary colour {given}, set as {hex} for contrast.")
AROUND_LOGO = N_("palette option", "The palette is built around your logo's colour {given}.")
AROUND_LOGO_ADJUSTED = N_("palette option",
                          "The palette is built around your logo's colour {given}, set as {hex} for contrast.")
FAMILY = N_("palette option", "Its hue comes from the {family} family.")
FAMILY_TRAIT = N_("palette option", "Its hue comes from the {family} family, which goes with {trait}.")
FAMILY_INDUSTRY = N_("palette option", "Its hue comes from the {family} family, which {industry} conventionally uses.")
FAMILY_UNKNOWN = N_("palette option", "Its hue is the brand's own.")


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
    """A few sentences, from the graph, in the brand's language: the harmony and the style implying it, the
    primary colour and where it comes from, and (unless the brief's or logo's colour fixes the hue) the
    family that leads."""
    t = for_tag(profile.language)[0]
    harmony = term("harmony", variant.harmony, t)
    if variant.harmony_fact is not None:
        first = t.say(*HARMONY_IMPLIED, harmony=harmony, style=term("style", variant.harmony_fact.subject, t))
    else:
        first = t.say(*(HARMONY_DEFAULT if variant.harmony == profile.harmony else HARMONY_FOR_RANGE), harmony=harmony)
    primary = next(c for c in palette.colors if c.role == "primary")
    if design.source == "profile":
        # Palette colour names are English only: other languages name the colour by its hex (as the rationale does).
        around = t.say(*AROUND_PROFILE_NAMED, name=t.quote(primary.name), hex=primary.hex) \
            if t.locale == SOURCE and primary.name else t.say(*AROUND_PROFILE, color=primary.hex)
        return t.sentences(first, around, _family_sentence(design.lead, profile, graph, t))
    given = design.fixed.get("primary") or design.tones["primary"].hex
    if design.source == "brief":
        around = t.say(*AROUND_BRIEF, given=given) if primary.hex == given \
            else t.say(*AROUND_BRIEF_ADJUSTED, given=given, hex=primary.hex)
    else:
        around = t.say(*AROUND_LOGO, given=given) if primary.hex == given \
            else t.say(*AROUND_LOGO_ADJUSTED, given=given, hex=primary.hex)
    # A grey primary fixes no hue: the lead family still gives the palette its colour.
    family = _family_sentence(design.lead, profile, graph, t) if design.tones["primary"].is_grey else ""
    return t.sentences(first, around, family)


def _family_sentence(lead: str, profile: BrandProfile, graph: BrandGraph, t: Translator) -> str:
    """"Its hue comes from the brown family, which goes with honesty.": the family and its strongest edge
    into the profile."""
    try:
        graph.colour_family(f"family:{lead}")
    except KeyError:
        return t.say(*FAMILY_UNKNOWN)
    family = term("family", lead, t)
    support = [f for f in profile.facts if f.object == f"family:{lead}" and f.relation in (ASSOCIATES_WITH, SUGGESTS)]
    if not support:
        return t.say(*FAMILY, family=family)
    fact = max(support, key=lambda f: f.weight)  # the first of equals: facts keep the graph's order
    if fact.relation == ASSOCIATES_WITH:
        return t.say(*FAMILY_TRAIT, family=family, trait=term("trait", fact.subject, t))
    return t.say(*FAMILY_INDUSTRY, family=family, industry=t.quote(term("industry", fact.subject, t)))
