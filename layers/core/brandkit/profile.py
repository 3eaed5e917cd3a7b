"""The brand profile: a brief interpreted through the Brand Knowledge Graph.

The industry is matched to an Industry vertex (exact, synonym, or nearest by word overlap; a close
runner-up lends half its weight); traits come from what the industry evokes plus the brief's values;
styles from the brief's style words (or what the industry typically takes); colour families from the
traits and the industry's conventions, minus the families it avoids; the harmony rule from the styles;
and a heading/body font pair from the traits and styles among the fonts that can set the brand's name
(with the next best pairings as options: `font_options`). Every graph association relied on is kept as a
`Fact` with its source.
"""

from __future__ import annotations

import re
import zlib
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache
from itertools import chain
from typing import Literal, get_args
from weakref import WeakKeyDictionary

from brandkit import fonts as font_catalog
from brandkit.artifacts import BrandProfile, Fact, FontChoice, FontOption, Harmony, IndustryMatch
from brandkit.bkg import BrandGraph, Font, default_graph
from brandkit.bkg.dataset import (
    ASSOCIATES_WITH,
    AVOIDS,
    EVOKES,
    EXPRESSED_BY,
    IMPLIES,
    SUGGESTS,
    SUITS,
    TYPICAL_STYLE,
)
from brandkit.bkg.match import Match, Matcher, resolve_words
from brandkit.brief import Brief
from brandkit.errors import OptionNotOffered
from brandkit.fonts.scripts import body_script
from brandkit.i18n import N_, Translator, for_tag
from brandkit.i18n.labels import term

GENERAL_INDUSTRY = "industry:general"
MIN_OVERLAP = 0.4  # an overlap match weaker than this is not trusted; the description is tried next
RUNNER_UP_SHARE = 0.85  # a second industry this close to the first blends in (e.g. "bakery and coffee")
MAX_TRAITS = 6
MAX_FAMILIES = 4
VALUE_WEIGHT = 0.9  # a value the brief states counts about as much as the industry's strongest trait
MAX_SYMBOLS = 6  # candidates handed to the logo designer
STYLE_TRAIT_WEIGHT = 0.4  # style words that are also trait words ("playful") nudge the traits
STYLE_FONT_WEIGHT = 0.8
HARMONY_ORDER: tuple[Harmony, ...] = get_args(Harmony)  # tie order
VALUE_SOURCE = "Aaker 1997; Brandkit curation"
FONT_OPTION_COUNT = 3

# A font option's reason, in the brand's language: whole sentences, one template per case; traits, styles and
# classifications from the label table (brandkit.i18n.labels), as in the rationale.
HEADING_EXPRESSING_SUITING = N_("font option", "{heading} ({classification}) sets the headings, expressing {traits} "
                                               "and suiting the {style} style.")
HEADING_EXPRESSING = N_("font option", "{heading} ({classification}) sets the headings, expressing {traits}.")
HEADING_SUITING = N_("font option", "{heading} ({classification}) sets the headings, suiting the {style} style.")
HEADING = N_("font option", "{heading} ({classification}) sets the headings.")
BODY_SAME = N_("font option", "It sets the text too: few faces can set this name.")
BODY_SUPERFAMILY = N_("font option", "{body} ({classification}) sets the text, from the same superfamily.")
BODY_CONTRASTING = N_("font option", "{body} ({classification}) sets the text, in contrast with the headings.")
BODY_AKIN = N_("font option", "{body} ({classification}) sets the text, akin to the headings.")



@dataclass
class _Matchers:
    industries: Matcher
    traits: Matcher
    styles: Matcher


_MATCHERS: WeakKeyDictionary[BrandGraph, _Matchers] = WeakKeyDictionary()


def _matchers(graph: BrandGraph) -> _Matchers:
    if graph not in _MATCHERS:
        _MATCHERS[graph] = _Matchers(Matcher(graph.industries()), Matcher(graph.traits()), Matcher(graph.styles()))
    return _MATCHERS[graph]


def _key(vertex_id: str) -> str:
    return vertex_id.split(":", 1)[1]


def match_industries(query: str, graph: BrandGraph | None = None, description: str = "") -> list[IndustryMatch]:
    """The industries nearest to `query`, best first; the general industry ("default") when none is near."""
    graph = graph or default_graph()
    matcher = _matchers(graph).industries
    ranked = matcher.rank(query)
    if not ranked or ranked[0].confidence < MIN_OVERLAP:
        # The industry words say too little: the description may name the trade ("we roast coffee...").
        from_description = [m for m in matcher.rank(description) if m.confidence >= 0.5]
        if from_description:
            ranked = [Match(m.node, "overlap", round(m.confidence * 0.6, 4)) for m in from_description]
    if not ranked or ranked[0].confidence < MIN_OVERLAP * 0.6:
        general = next(n for n in graph.industries() if n.id == GENERAL_INDUSTRY)
        return [IndustryMatch(query=query, industry=general.key, label=general.name, method="default", confidence=0.0)]
    return [IndustryMatch(query=query, industry=m.node.key, label=m.node.name, method=m.method,
                          confidence=m.confidence) for m in ranked]


def build_profile(brief: Brief, graph: BrandGraph | None = None, *, fonts: str | None = None) -> BrandProfile:
    """The brand profile; its `fonts` are the first font option, or the option whose id is `fonts`
    (OptionNotOffered if the brief offers none with that id)."""
    graph = graph or default_graph()
    return _ProfileBuilder(brief, graph, fonts).build()


class _ProfileBuilder:
    def __init__(self, brief: Brief, graph: BrandGraph, fonts: str | None = None) -> None:
        self.brief, self.graph, self.fonts_option = brief, graph, fonts
        self.matchers = _matchers(graph)
        self.facts: list[Fact] = []

    def build(self) -> BrandProfile:
        matches = match_industries(self.brief.industry, self.graph, self.brief.description)
        industry = matches[0]
        industries = [(f"industry:{industry.industry}", 1.0)]
        if (len(matches) > 1 and industry.method == "overlap"
                and matches[1].confidence >= RUNNER_UP_SHARE * industry.confidence):
            industries.append((f"industry:{matches[1].industry}", 0.5))

        traits = self._traits(industries)
        styles = self._styles(industries)
        avoid = self._avoid(industries)
        families = self._families(industries, traits, avoid)
        harmony = self._harmony(styles)
        script = font_catalog.script_of(self.brief.company_name)
        options = self._font_options(traits, styles, script)
        chosen = options[0] if self.fonts_option is None else choose_fonts(options, self.fonts_option)
        return BrandProfile(
            company_name=self.brief.company_name,
            industry=industry,
            traits=[(_key(t), w) for t, w in traits],
            style=[_key(s) for s in styles],
            harmony=harmony,
            hue_families=[_key(f) for f in families],
            avoid_families=[_key(f) for f in avoid],
            seed_color=self.brief.primary_color,
            script=script,
            fonts=[chosen.heading, chosen.body],
            facts=self.facts,
            language=self.brief.language,
            font_options=options,
            symbols=self._symbols(industries),
            tagline=self.brief.tagline,
        )

    def _traits(self, industries: list[tuple[str, float]]) -> list[tuple[str, float]]:
        weights: dict[str, float] = defaultdict(float)
        for industry_id, share in industries:
            for fact in self.graph.facts([industry_id], EVOKES):
                weights[fact.object] += share * fact.weight
                self.facts.append(fact)
        for words, weight in ((self.brief.values, VALUE_WEIGHT), (self.brief.style, STYLE_TRAIT_WEIGHT)):
            for word, match in resolve_words(words, self.matchers.traits):
                weights[match.node.id] += weight * match.confidence
                self.facts.append(Fact(subject=f"value:{word}", relation="maps_to", object=match.node.id,
                                       weight=round(match.confidence, 3), source=VALUE_SOURCE))
        top = max(weights.values(), default=1.0)
        ranked = sorted(((t, round(w / top, 3)) for t, w in weights.items()), key=lambda tw: (-tw[1], tw[0]))
        return ranked[:MAX_TRAITS]

    def _symbols(self, industries: list[tuple[str, float]]) -> list[Fact]:
        """The industries' symbols, a runner-up industry's at its share of the weight, strongest first."""
        share = dict(industries)
        weighted = [s.fact.model_copy(update={"weight": round(s.fact.weight * share[s.fact.subject], 3)})
                    for s in self.graph.symbols(list(share))]
        return sorted(weighted, key=lambda f: -f.weight)[:MAX_SYMBOLS]

    def _styles(self, industries: list[tuple[str, float]]) -> list[str]:
        styles = list(dict.fromkeys(m.node.id for _, m in resolve_words(self.brief.style, self.matchers.styles)))
        if styles:
            return styles
        typical = self.graph.facts([industries[0][0]], TYPICAL_STYLE)
        self.facts.extend(typical)
        return [f.object for f in typical]

    def _avoid(self, industries: list[tuple[str, float]]) -> list[str]:
        avoided = self.graph.facts([industries[0][0]], AVOIDS)
        self.facts.extend(avoided)
        return [f.object for f in avoided]

    def _families(self, industries: list[tuple[str, float]], traits: list[tuple[str, float]],
                  avoid: list[str]) -> list[str]:
        scores: dict[str, float] = defaultdict(float)
        contributions: dict[str, list[Fact]] = defaultdict(list)
        trait_weight = dict(traits)
        for fact in self.graph.facts(list(trait_weight), ASSOCIATES_WITH):
            scores[fact.object] += trait_weight[fact.subject] * fact.weight
            contributions[fact.object].append(fact)
        for industry_id, share in industries:
            for fact in self.graph.facts([industry_id], SUGGESTS):
                scores[fact.object] += share * fact.weight
                contributions[fact.object].append(fact)
        ranked = sorted((f for f in scores if f not in avoid), key=lambda f: (-scores[f], f))[:MAX_FAMILIES]
        for family in ranked:
            self.facts.extend(contributions[family])
        return ranked

    def _harmony(self, styles: list[str]) -> Harmony:
        scores: dict[str, float] = defaultdict(float)
        implied = self.graph.facts(styles, IMPLIES)
        for fact in implied:
            scores[_key(fact.object)] += fact.weight
        # The strongest implied harmony; ties go to the earlier in HARMONY_ORDER (min keeps the first).
        harmony = min((h for h in HARMONY_ORDER if h in scores), key=lambda h: -round(scores[h], 6), default=None)
        if harmony is None:
            return "analogous"
        self.facts.extend(f for f in implied if _key(f.object) == harmony)
        return harmony

    def _font_options(self, traits: list[tuple[str, float]], styles: list[str], script: str) -> list[FontOption]:
        chooser = FontChooser(self.graph, traits, styles, self.brief.company_name)
        language_script = body_script(self.brief.language)
        if script == "Han" and language_script in ("Hiragana", "Hangul"):
            script = language_script  # a name in kanji (hanja) is Japanese (Korean) when the brand's language is
        pairings = chooser.pairings(script, language_script, FONT_OPTION_COUNT)
        chosen = pairings[0]
        if self.fonts_option is not None:
            chosen = next((p for p in pairings if _pairing_id(*p) == self.fonts_option), chosen)
        self.facts.extend(chooser.facts_for(*chosen))
        t = for_tag(self.brief.language)[0]
        return [FontOption(id=_pairing_id(heading, body), rank=rank, heading=_choice(heading, "heading"),
                           body=_choice(body, "body"), reason=chooser.reason(heading, body, t))
                for rank, (heading, body) in enumerate(pairings, start=1)]


def choose_fonts(options: list[FontOption], option: str) -> FontOption:
    for candidate in options:
        if candidate.id == option:
            return candidate
    raise OptionNotOffered("fonts", option, [o.id for o in options])


def _choice(font: Font, role: Literal["heading", "body"]) -> FontChoice:
    return FontChoice(family=font.family, role=role, classification=font.classification, licence=font.licence,
                      scripts=list(font.scripts))


def _slug(family: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", family.lower()).strip("-")


def _pairing_id(heading: Font, body: Font) -> str:
    """"lato-with-roboto-slab": names the pairing, the same for the same brief, unchanged by re-ranking."""
    return f"{_slug(heading.family)}-with-{_slug(body.family)}"


SAME_FAMILY_PENALTY = 10.0  # larger than any score difference: another family wins whenever one can set the text


class FontChooser:
    """Scores the graph's fonts by how well their classification expresses the traits and suits the styles,
    then takes the best one that can set the brand's name (and, for the body, its language)."""

    def __init__(self, graph: BrandGraph, traits: list[tuple[str, float]], styles: list[str], name: str) -> None:
        self.fonts = graph.fonts()
        self.name = name
        self._covers: dict[str, bool] = {}  # family -> whether it draws the whole name
        self.trait_facts = graph.facts([t for t, _ in traits], EXPRESSED_BY)
        self.style_facts = graph.facts(styles, SUITS)
        trait_weight = dict(traits)
        self.score: dict[str, float] = defaultdict(float)
        for fact in self.trait_facts:
            self.score[fact.object] += trait_weight[fact.subject] * fact.weight
        for fact in self.style_facts:
            self.score[fact.object] += STYLE_FONT_WEIGHT * fact.weight
        # A face drawn for one script (Noto Serif Hebrew, M PLUS 1) that no trait or style scored takes the
        # best score of the Latin faces of its build: a classic brand's Hebrew name gets the serif.
        for font in self.fonts:
            if font.native and "Latin" not in font.native and not self.score[font.id]:
                self.score[font.id] = max((self.score[f.id] for f in self.fonts
                                           if "Latin" in f.native and f.serif == font.serif and f.body), default=0.0)

    def _tiebreak(self, font: Font) -> int:
        # Equal scores (fonts of one classification) go a different way for each brand, reproducibly.
        return zlib.crc32(f"{self.name}|{font.family}".encode())

    def _fits(self, ranked: list[tuple[float, Font]], script: str) -> Iterator[Font]:
        """The fonts that support the script and draw the whole name, best-ranked first: first those
        designed for the script, then any that carry it. Coverage is checked lazily (it reads cmaps)."""
        ranked = sorted(ranked, key=lambda sf: (-round(sf[0], 6), self._tiebreak(sf[1])))
        seen: set[str] = set()
        for native_only in (True, False):
            for _, font in ranked:
                if font.id in seen or script not in font.scripts or (native_only and script not in font.native):
                    continue
                if script not in font.native and font.classification in font_catalog.LOCKUP_EXCLUDED:
                    continue  # a monospace or fallback face only where it was chosen on purpose (Latin code brands)
                if self._sets_name(font.family):
                    seen.add(font.id)
                    yield font

    def _sets_name(self, family: str) -> bool:
        if family not in self._covers:
            try:
                self._covers[family] = font_catalog.covers(family, self.name)
            except KeyError:  # a font the local catalog lacks (an outdated Neptune load) cannot be shipped
                self._covers[family] = False
        return self._covers[family]

    def _pick(self, ranked: list[tuple[float, Font]], script: str) -> Font | None:
        return next(self._fits(ranked, script), None)

    def _fallback(self) -> Font:
        family = font_catalog.fallback_for(self.name, font_catalog.catalog()[0].family)
        return next(f for f in self.fonts if f.family == family)

    def heading(self, script: str) -> Font:
        return self._pick([(self.score[f.id], f) for f in self.fonts], script) or self._fallback()

    def body(self, heading: Font, script: str) -> Font:
        return next(self.bodies(heading, script))

    def bodies(self, heading: Font, script: str) -> Iterator[Font]:
        """Text faces that pair with the heading, best first: preferably one that contrasts with it (serif
        with sans); a second face of the heading's classification (two near-identical grotesques) is what
        designers avoid. Superfamilies (Noto Serif with Noto Sans, Roboto with Roboto Slab) were drawn to
        pair. The heading's own family (a one-family system) is the last resort, for scripts few fonts
        cover: the kit promises a pairing."""

        def pairing(font: Font) -> float:
            score = self.score[font.id]
            if font.family == heading.family:
                return score - SAME_FAMILY_PENALTY
            if font.classification == heading.classification:
                return score - 2.0
            if font.serif != heading.serif:
                score += 0.3
            if _superfamily(font, heading):
                score += 0.3
            return score

        ranked = [(pairing(f), f) for f in self.fonts]
        seen: set[str] = set()
        text_faces = self._fits([(s, f) for s, f in ranked if f.body], script)
        for font in chain(text_faces, self._fits(ranked, script), [heading]):
            if font.id not in seen:
                seen.add(font.id)
                yield font

    def pairings(self, script: str, body_script: str, count: int) -> list[tuple[Font, Font]]:
        """The best pairing (heading, then its body) and up to count-1 others, each as different from those
        already taken as the fonts allow: a heading of a new classification first (the name and titles
        are what people see), then a new heading face, then other bodies (headings in rank order)."""
        headings = list(self._fits([(self.score[f.id], f) for f in self.fonts], script)) or [self._fallback()]
        best = cache(lambda heading: self.body(heading, body_script))
        chosen = [(headings[0], best(headings[0]))]

        def faces_taken(heading: Font, body: Font) -> bool:  # the same two families, in either role
            return {heading.id, body.id} in [{h.id, b.id} for h, b in chosen]

        novelty: tuple[Callable[[Font], bool], ...] = (
            lambda h: h.classification not in {c.classification for c, _ in chosen},
            lambda h: h.family not in {c.family for c, _ in chosen})
        for new in novelty:
            for heading in headings:
                if len(chosen) < count and new(heading) and not faces_taken(heading, best(heading)):
                    chosen.append((heading, best(heading)))
        for heading in headings:  # few faces set this name: other bodies for the headings, in rank order
            for body in self.bodies(heading, body_script):
                if len(chosen) == count:
                    return chosen
                if (heading, body) not in chosen:
                    chosen.append((heading, body))
        return chosen

    def reason(self, heading: Font, body: Font, t: Translator) -> str:
        """Two sentences, from the graph, in `t`'s language: what the heading expresses (traits) and suits
        (styles), and how the body pairs with it."""
        traits = t.join([term("trait", f.subject, t) for f in self.trait_facts if f.object == heading.id][:2])
        styles = [term("style", f.subject, t) for f in self.style_facts if f.object == heading.id][:1]
        face = {"heading": heading.family, "classification": term("classification", heading.classification, t)}
        if traits and styles:
            first = t.say(*HEADING_EXPRESSING_SUITING, **face, traits=traits, style=styles[0])
        elif traits:
            first = t.say(*HEADING_EXPRESSING, **face, traits=traits)
        elif styles:
            first = t.say(*HEADING_SUITING, **face, style=styles[0])
        else:
            first = t.say(*HEADING, **face)
        if body.family == heading.family:
            return t.sentences(first, t.say(*BODY_SAME))
        text = {"body": body.family, "classification": term("classification", body.classification, t)}
        if _superfamily(body, heading):
            second = t.say(*BODY_SUPERFAMILY, **text)
        elif body.serif != heading.serif:
            second = t.say(*BODY_CONTRASTING, **text)
        else:
            second = t.say(*BODY_AKIN, **text)
        return t.sentences(first, second)

    def facts_for(self, *chosen: Font) -> list[Fact]:
        ids = {f.id for f in chosen}
        return [f for f in self.trait_facts + self.style_facts if f.object in ids]


def _superfamily(a: Font, b: Font) -> bool:
    return a.family.split()[0] == b.family.split()[0]
