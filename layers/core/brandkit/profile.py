"""The brand profile: a brief interpreted through the Brand Knowledge Graph.

The industry is matched to an Industry vertex (exact, synonym, or nearest by word overlap; a close
runner-up lends half its weight); traits come from what the industry evokes plus the brief's values;
styles from the brief's style words (or what the industry typically takes); colour families from the
traits and the industry's conventions, minus the families it avoids; the harmony rule from the styles;
and a heading/body font pair from the traits and styles among the fonts that can set the brand's name.
Every graph association relied on is kept as a `Fact` with its source.
"""

from __future__ import annotations

import zlib
from collections import defaultdict
from dataclasses import dataclass
from weakref import WeakKeyDictionary

from brandkit import fonts as font_catalog
from brandkit.artifacts import BrandProfile, Fact, FontChoice, IndustryMatch
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

GENERAL_INDUSTRY = "industry:general"
MIN_OVERLAP = 0.4  # an overlap match weaker than this is not trusted; the description is tried next
RUNNER_UP_SHARE = 0.85  # a second industry this close to the first blends in (e.g. "bakery and coffee")
MAX_TRAITS = 6
MAX_FAMILIES = 4
VALUE_WEIGHT = 0.9  # a value the brief states counts about as much as the industry's strongest trait
STYLE_TRAIT_WEIGHT = 0.4  # style words that are also trait words ("playful") nudge the traits
STYLE_FONT_WEIGHT = 0.8
HARMONY_ORDER = ("analogous", "complementary", "split-complementary", "triad", "monochrome")  # tie order
VALUE_SOURCE = "Aaker 1997; Brandkit curation"

# The script body text is set in, from the BCP 47 language (its script subtag wins when present).
# Japanese asks for kana: a font with kana carries kanji too, not always the other way round.
LANGUAGE_SCRIPTS = {
    "zh": "Han", "ja": "Hiragana", "ko": "Hangul", "ar": "Arabic", "fa": "Arabic", "ur": "Arabic", "he": "Hebrew",
    "ru": "Cyrillic", "uk": "Cyrillic", "bg": "Cyrillic", "sr": "Cyrillic", "el": "Greek", "th": "Thai",
    "hi": "Devanagari", "mr": "Devanagari", "ne": "Devanagari", "ta": "Tamil", "gu": "Gujarati",
}
SCRIPT_SUBTAGS = {"Hans": "Han", "Hant": "Han", "Jpan": "Hiragana", "Kore": "Hangul", "Arab": "Arabic", "Cyrl": "Cyrillic",
                  "Latn": "Latin", "Grek": "Greek", "Hebr": "Hebrew"}


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


def body_script(language: str) -> str:
    """The script running text in this language is set in."""
    subtags = language.split("-")
    for tag in subtags[1:]:
        if tag.title() in SCRIPT_SUBTAGS:
            return SCRIPT_SUBTAGS[tag.title()]
    return LANGUAGE_SCRIPTS.get(subtags[0].lower(), "Latin")


def build_profile(brief: Brief, graph: BrandGraph | None = None) -> BrandProfile:
    graph = graph or default_graph()
    return _ProfileBuilder(brief, graph).build()


class _ProfileBuilder:
    def __init__(self, brief: Brief, graph: BrandGraph):
        self.brief, self.graph = brief, graph
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
        fonts = self._fonts(traits, styles, script)
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
            fonts=fonts,
            facts=self.facts,
            language=self.brief.language,
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

    def _harmony(self, styles: list[str]) -> str:
        scores: dict[str, float] = defaultdict(float)
        implied = self.graph.facts(styles, IMPLIES)
        for fact in implied:
            scores[_key(fact.object)] += fact.weight
        if not scores:
            return "analogous"
        harmony = min(scores, key=lambda h: (-round(scores[h], 6), HARMONY_ORDER.index(h)))
        self.facts.extend(f for f in implied if _key(f.object) == harmony)
        return harmony

    def _fonts(self, traits: list[tuple[str, float]], styles: list[str], script: str) -> list[FontChoice]:
        chooser = FontChooser(self.graph, traits, styles, self.brief.company_name)
        language_script = body_script(self.brief.language)
        if script == "Han" and language_script in ("Hiragana", "Hangul"):
            script = language_script  # a name in kanji (hanja) is Japanese (Korean) when the brand's language is
        heading = chooser.heading(script)
        body = chooser.body(heading, language_script)
        self.facts.extend(chooser.facts_for(heading, body))
        return [_choice(heading, "heading"), _choice(body, "body")]


def _choice(font: Font, role: str) -> FontChoice:
    return FontChoice(family=font.family, role=role, classification=font.classification, licence=font.licence,
                      scripts=list(font.scripts))


SAME_FAMILY_PENALTY = 10.0  # larger than any score difference: another family wins whenever one can set the text


class FontChooser:
    """Scores the graph's fonts by how well their classification expresses the traits and suits the styles,
    then takes the best one that can set the brand's name (and, for the body, its language)."""

    def __init__(self, graph: BrandGraph, traits: list[tuple[str, float]], styles: list[str], name: str):
        self.fonts = graph.fonts()
        self.name = name
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

    def _pick(self, ranked: list[tuple[float, Font]], script: str) -> Font | None:
        """The best-ranked font that supports the script and draws the whole name: first among fonts
        designed for the script, then among any that carry it. Coverage is checked lazily (it reads cmaps)."""
        ranked = sorted(ranked, key=lambda sf: (-round(sf[0], 6), self._tiebreak(sf[1])))
        for native_only in (True, False):
            for _, font in ranked:
                if script not in font.scripts or (native_only and script not in font.native):
                    continue
                if script not in font.native and font.classification in font_catalog.LOCKUP_EXCLUDED:
                    continue  # a monospace or fallback face only where it was chosen on purpose (Latin code brands)
                try:
                    if font_catalog.covers(font.family, self.name):
                        return font
                except KeyError:  # a font the local catalog lacks (an outdated Neptune load) cannot be shipped
                    continue
        return None

    def _fallback(self) -> Font:
        family = font_catalog.fallback_for(self.name, font_catalog.catalog()[0].family)
        return next(f for f in self.fonts if f.family == family)

    def heading(self, script: str) -> Font:
        return self._pick([(self.score[f.id], f) for f in self.fonts], script) or self._fallback()

    def body(self, heading: Font, script: str) -> Font:
        """A text face that pairs with the heading: preferably one that contrasts with it (serif with sans);
        a second face of the heading's classification (two near-identical grotesques) is what designers
        avoid. Superfamilies (Noto Serif with Noto Sans, Roboto with Roboto Slab) were drawn to pair. The
        heading's own family (a one-family system) is the last resort, for scripts few fonts cover: the kit
        promises a pairing."""

        def pairing(font: Font) -> float:
            score = self.score[font.id]
            if font.family == heading.family:
                return score - SAME_FAMILY_PENALTY
            if font.classification == heading.classification:
                return score - 2.0
            if font.serif != heading.serif:
                score += 0.3
            if font.family.split()[0] == heading.family.split()[0]:
                score += 0.3
            return score

        ranked = [(pairing(f), f) for f in self.fonts]
        return (self._pick([(s, f) for s, f in ranked if f.body], script)
                or self._pick(ranked, script) or heading)

    def facts_for(self, *chosen: Font) -> list[Fact]:
        ids = {f.id for f in chosen}
        return [f for f in self.trait_facts + self.style_facts if f.object in ids]
