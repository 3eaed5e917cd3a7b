"""The deterministic writer: a rationale assembled from the kit itself, with no model.

Every sentence is a template filled with facts of this kit (its palette hexes, contrast
ratios, fonts, logo concept, the knowledge-graph facts with their sources and the brief's
own words), so the text is specific to the brief and cannot name anything outside the kit.
Brief text is used only after the same checks Claude's output gets (no filler words, no
colour or font names): a value such as "innovative" is dropped rather than repeated.

One piece of code for every language: sentences are whole templates from the message catalogues
(brandkit.i18n, templates.py), graph words come from the dataset's label table, lists, numbers and
percentages from CLDR. The palette's own colour names ("Dark Brown") are English-only generated
names, so they appear in English kits only; other languages name a colour by its hex and family.
"""

from __future__ import annotations

from collections.abc import Callable

from brandkit.artifacts import ColorNote, Fact, PaletteColor, Rationale, TextPair
from brandkit.bkg.dataset import slug
from brandkit.i18n import SOURCE, for_tag
from brandkit.i18n.labels import concept_key, label, term
from brandkit.rationale.banned import banned_words_in
from brandkit.rationale.grounding import foreign_mentions
from brandkit.rationale.kit import Kit, hue_family
from brandkit.rationale.templates import TEMPLATES
from brandkit.rationale.voices import DIMENSIONS, TRAIT_DIMENSION

# Relation ids (brandkit.bkg.dataset: evokes, suggests, avoids, typical_style, associates_with, expressed_by,
# implies, suits; the profile adds maps_to) -> template; keywords so a renamed relation still reads well.
_RELATIONS = (
    ("maps_to", "maps"), ("suits", "suits"), ("typical", "typical"), ("suggest", "suggests"),
    ("conflict", "conflicts"), ("avoid", "conflicts"), ("clash", "conflicts"),
    ("evoke", "evokes"),
    ("express", "expresses"), ("font", "expresses"), ("typeface", "expresses"),
    ("impl", "implies"), ("harmony", "implies"), ("rule", "implies"),
    ("associat", "associates"), ("hue", "associates"), ("colo", "associates"),
)
_CMYK_ROLES = ("primary", "secondary", "accent")
# Palette.cvd holds OKLab distances (deltaE OK) among primary, secondary and accent, per simulation;
# below this the palette engine itself calls them hard to tell apart (brandkit.palette.access).
CVD_WEAK = 0.1


def _ident(term: str) -> str:
    return term.split(":")[-1].strip().lower()


class DeterministicWriter:
    def __init__(self, kit: Kit) -> None:
        self.kit = kit
        self.lang, self.choice = for_tag(kit.brief.language)
        self.used_facts: set[int] = set()
        self._last_relation = ""

    # ------------------------------------------------------------------ language
    def say(self, key: str, **values: object) -> str:
        return self.lang.say(key, TEMPLATES[key], **values)

    def term(self, kind: str, ident: str) -> str:
        return term(kind, ident, self.lang)

    # ------------------------------------------------------------------ brief words, made safe
    def _clean(self, text: str) -> bool:
        return bool(text.strip()) and not banned_words_in(text) and not foreign_mentions(text, self.kit)

    def _words(self, words: list[str]) -> list[str]:
        return [self.lang.quote(w) for w in words if self._clean(w)]

    @property
    def industry(self) -> str:
        industry = self.kit.brief.industry
        return industry if self._clean(industry) else self.industry_label

    @property
    def industry_label(self) -> str:
        match = self.kit.profile.industry
        return label("industry", match.industry, self.lang.locale) or match.label

    @property
    def concept_label(self) -> str:
        """The concept's name: its own label in English or for an imported or traced logo, else the label
        table's name of the designer's kind (the designer labels its concepts in English)."""
        concept = self.kit.concept
        translate = concept.engine == "vector" and self.lang.locale != SOURCE
        known = label("concept", self.concept_key, self.lang.locale) if translate else None
        return self.lang.quote(known or (concept.label if self._clean(concept.label) else concept.kind))

    @property
    def concept_key(self) -> str:
        return concept_key(self.kit.concept.kind, self.kit.concept.symbol)

    def _traits(self, limit: int = 3) -> list[str]:
        names = []
        for trait, _weight in self.kit.profile.traits:
            name = self.term("trait", trait)
            if self._clean(name):
                names.append(name)
        return names[:limit]

    def _entity(self, term: str) -> str:
        # Graph ids carry their vertex type ("trait:warm", "family:brown", "font:roboto-slab").
        kind, ident = (term.split(":", 1)[0].strip().lower(), _ident(term)) if ":" in term else ("", _ident(term))
        lang, kit = self.lang, self.kit
        if kind == "font":
            return next((f for f in kit.families if slug(f) == ident), lang.quote(ident))
        if kind == "industry":
            return lang.quote(self.term("industry", ident))
        if kind == "style":
            return lang.quote(label("style", ident, lang.locale) or ident)
        if kind in ("family", "hue", "colour", "color"):
            return self.say("entity.hue", hue=self.term("family", ident))
        if kind in ("trait", "harmony", "classification"):
            return self.term(kind, ident)
        return self.term(kind, term)

    def _fact(self, fact: Fact) -> str:
        relation = fact.relation.lower()
        kind = next((k for key, k in _RELATIONS if key in relation), "other")
        return self.say(
            f"fact.{kind}",
            subject=self._entity(fact.subject),
            object=self._entity(fact.object),
            relation=fact.relation.replace("_", " "),
            source=fact.source,
        )

    def _take_fact(self, wanted: Callable[[Fact], bool]) -> str | None:
        for index, fact in enumerate(self.kit.facts):
            if index not in self.used_facts and wanted(fact):
                self.used_facts.add(index)
                self._last_relation = fact.relation
                return self._fact(fact)
        return None

    # ------------------------------------------------------------------ sections
    def summary(self) -> str:
        lang, kit, profile = self.lang, self.kit, self.kit.profile
        hues = lang.join([self.term("family", h) for h in profile.hue_families[:3]])
        harmony = self.term("harmony", profile.harmony)
        style = self._words(kit.brief.style)
        method = f"method.{profile.industry.method}"
        parts = [
            self.say("summary.intro", company=kit.company, industry=self.industry),
            self.say(
                "summary.match",
                label=lang.quote(self.industry_label),
                method=self.say(method) if method in TEMPLATES else profile.industry.method,
                confidence=lang.percent(profile.industry.confidence),
                traits=lang.join(self._traits()),
            ),
            self.say("summary.style", style=lang.join(style), harmony=harmony, hues=hues)
            if style
            else self.say("summary.nostyle", harmony=harmony, hues=hues),
        ]
        if profile.seed_color:
            parts.append(self.say("summary.seed"))
        values = self._words(kit.brief.values)
        if values:
            parts.append(self.say("summary.values", values=lang.join(values)))
        if self._audience():
            parts.append(self.say("summary.audience", audience=self._audience()))
        if self.kit.palette.adjustments:
            parts.append(self.say("summary.adjusted", count=len(self.kit.palette.adjustments)))
        facts, relations = [], set()
        for _ in range(3):  # the strongest fact of each kind, so the summary shows how the kit was reasoned
            fact = self._take_fact(lambda f: f.relation not in relations)
            if fact is None:
                break
            facts.append(fact)
            relations.add(self._last_relation)
        if facts:
            parts.append(self.say("summary.facts", facts=self.say("join.clauses", first="", second="").join(facts)))
        return lang.sentences(*parts)

    def _audience(self) -> str:
        audience = self.kit.brief.audience.strip().rstrip(".。")
        return audience if len(audience) <= 200 and self._clean(audience) else ""

    def logo(self) -> str:
        lang, kit, concept = self.lang, self.kit, self.kit.concept
        label = self.concept_label
        key = self.concept_key
        kind = key if f"logo.{key}" in TEMPLATES else "other"
        primary = kit.color("primary")
        parts = [
            self.say(f"logo.{kind}", label=label, company=kit.company, heading=kit.heading.family,
                     kind=self.term("concept", key)),
            self.say(f"logo.engine.{concept.engine}"),
        ]
        if primary:
            parts.append(self.say("logo.color", primary=primary.hex, heading=kit.heading.family))
        on_primary = kit.color("on-primary")
        if on_primary:
            parts.append(self.say("logo.inverse", on_primary=on_primary.hex))
        return lang.sentences(*parts)

    def colors(self) -> list[ColorNote]:
        return [ColorNote(role=c.role, hex=c.hex, why=self.color_why(c)) for c in self.kit.colors]

    def color_why(self, color: PaletteColor) -> str:
        lang, kit = self.lang, self.kit
        named = lang.locale == SOURCE and self._clean(color.name)  # palette names are English (see above)
        primary = kit.color("primary")
        values = {
            "color": self.say("color.named", name=lang.quote(color.name), hex=color.hex) if named else color.hex,
            "hex": color.hex,
            "role": color.role,
            "harmony": self.term("harmony", kit.profile.harmony),
            "primary": primary.hex if primary else "",
        }
        if color.role.startswith("neutral-") and color.role[8:].isdigit():
            step = int(color.role[8:])
            band = "dark" if step >= 700 else "mid" if step >= 400 else "light"
            parts = [self.say(f"color.neutral.{band}", step=step, **values)]
        elif f"color.{color.role}" in TEMPLATES:
            parts = [self.say(f"color.{color.role}", **values)]
        else:
            parts = [self.say("color.other", **values)]
        if color.role == "primary":
            parts += self._primary_hue(color)
        pair = self._pair_for(color.role)
        if pair:
            background = kit.color(pair.background)
            parts.append(
                self.say(
                    "color.contrast",
                    background=self._role(pair.background),
                    background_hex=background.hex if background else "",
                    ratio=lang.number(pair.ratio),
                    size=self.say("size.large" if pair.large_text else "size.normal"),
                )
            )
        if color.role in _CMYK_ROLES:
            parts.append(self.say("color.cmyk", cmyk="/".join(str(v) for v in color.cmyk)))
        return lang.sentences(*parts)

    def _primary_hue(self, color: PaletteColor) -> list[str]:
        lang, profile = self.lang, self.kit.profile
        families = [_ident(h) for h in profile.hue_families]
        family = hue_family(color, preferred=families)
        hue = self.term("family", family)
        if profile.seed_color:
            parts = [self.say("color.hue_seed")]
        elif families and families[0] == family:
            parts = [self.say("color.hue_first", hue=hue, company=self.kit.company)]
        elif family in families:
            hues = lang.join([self.term("family", h) for h in profile.hue_families[:3]])
            parts = [self.say("color.hue_listed", hue=hue, hues=hues)]
        else:
            parts = []
        fact = self._take_fact(lambda f: family in {_ident(f.subject), _ident(f.object)})
        if fact:
            parts.append(self.say("color.fact", fact=fact))
        return parts

    def _role(self, role: str) -> str:
        if role.startswith("neutral-") and role[8:].isdigit():
            return self.say("role.neutral", step=role[8:])
        return self.say(f"role.{role}") if f"role.{role}" in TEMPLATES else role

    def _pair_for(self, role: str) -> TextPair | None:
        pairs = [p for p in self.kit.palette.text_pairs if p.foreground == role and self.kit.color(p.background)]
        preferred = [p for p in pairs if p.background in ("background", "surface")]
        return next(iter(preferred or pairs), None)

    def typography(self) -> str:
        lang, kit = self.lang, self.kit
        heading, body = kit.heading, kit.body
        h_class = label("classification", heading.classification, lang.locale) or heading.classification
        b_class = label("classification", body.classification, lang.locale) or body.classification
        if heading.family == body.family:
            parts = [self.say("type.single", heading=heading.family, heading_class=h_class)]
        else:
            parts = [
                self.say(
                    "type.pair", heading=heading.family, heading_class=h_class, body=body.family, body_class=b_class
                ),
                self.say(
                    "type.same_class" if h_class == b_class else "type.contrast",
                    heading_class=h_class,
                    body_class=b_class,
                ),
            ]
        if heading.family == body.family:
            parts.append(self.say("type.licence_single", licence=heading.licence))
        elif heading.licence == body.licence:
            parts.append(self.say("type.licence_same", licence=heading.licence))
        else:
            parts.append(self.say("type.licence_diff", heading=heading.family, heading_licence=heading.licence,
                                  body=body.family, body_licence=body.licence))
        script = kit.profile.script
        scripts = list(dict.fromkeys([*heading.scripts, *body.scripts]))
        if script and script != "Latin" and script in scripts:
            parts.append(
                self.say(
                    "type.script",
                    scripts=lang.join([label("script", s, lang.locale) or s for s in scripts]),
                    script=label("script", script, lang.locale) or script,
                    company=kit.company,
                )
            )
        words = {slug(heading.family), slug(body.family), heading.classification.lower(),
                 body.classification.lower()}
        fact = self._take_fact(lambda f: bool({_ident(f.subject), _ident(f.object)} & words))
        if fact:
            parts.append(self.say("type.fact", fact=fact))
        return lang.sentences(*parts)

    def _dimensions(self) -> list[str]:
        dims = [TRAIT_DIMENSION.get(_ident(t)) for t, _w in self.kit.profile.traits]
        found = [d for d in dict.fromkeys(dims) if d in DIMENSIONS]
        return found[:2] or ["sincerity"]

    def voice(self) -> str:
        lang = self.lang
        parts = [self.say("voice.traits", traits=lang.join(self._traits()))]
        parts += [self.say(f"voice.{d}.description", company=self.kit.company) for d in self._dimensions()]
        values = self._words(self.kit.brief.values)
        if values:
            parts.append(self.say("voice.values", values=lang.join(values)))
        if self._audience():
            parts.append(self.say("voice.audience", audience=self._audience()))
        return lang.sentences(*parts)

    def voice_examples(self) -> list[str]:
        dims = self._dimensions()
        keys = [f"voice.{dims[0]}.example.1", f"voice.{dims[0]}.example.2"]
        if len(dims) > 1:
            keys.append(f"voice.{dims[1]}.example.1")
        return [self.say(key, company=self.kit.company, industry=self.industry) for key in keys]

    def do(self) -> list[str]:
        lang, kit = self.lang, self.kit
        items = []
        primary = kit.color("primary")
        if primary:
            items.append(self.say("do.primary", primary=primary.hex))
        if kit.heading.family == kit.body.family:
            items.append(self.say("do.fonts_single", heading=kit.heading.family))
        else:
            items.append(self.say("do.fonts", heading=kit.heading.family, body=kit.body.family))
        pair = self._body_pair()
        fg, bg = (kit.color(pair.foreground), kit.color(pair.background)) if pair else (None, None)
        if pair and fg and bg:  # _body_pair only picks pairs whose colours the palette has
            items.append(self.say("do.text_pair", foreground=fg.hex, background=bg.hex, ratio=lang.number(pair.ratio)))
        items.append(self.say("do.logo", label=self.concept_label))
        simulations = {k: v for k, v in kit.palette.cvd.items() if k != "normal"}
        if simulations:
            simulation, delta = min(simulations.items(), key=lambda kv: kv[1])
            key = next(
                (f"sim.{s}" for s in ("protan", "deutan", "tritan") if simulation.lower().startswith(s[:4])), None
            )
            name = self.say(key) if key else simulation
            items.append(self.say("do.cvd_label" if delta < CVD_WEAK else "do.cvd_ok", simulation=name,
                                  delta=lang.number(delta, 2)))
        items.append(self.say(f"voice.{self._dimensions()[0]}.do", company=kit.company))
        return items

    def _body_pair(self) -> TextPair | None:
        pairs = [p for p in self.kit.palette.text_pairs
                 if not p.large_text and self.kit.color(p.foreground) and self.kit.color(p.background)]
        best = [p for p in pairs if (p.foreground, p.background) == ("text", "background")]
        return next(iter(best or pairs), None)

    def dont(self) -> list[str]:
        lang, kit = self.lang, self.kit
        items = [self.say("dont.recolor", label=self.concept_label)]
        muted, primary, on_primary, accent = (kit.color(r) for r in ("text-muted", "primary", "on-primary", "accent"))
        if muted and primary and on_primary:
            items.append(self.say("dont.on_primary", muted=muted.hex, primary=primary.hex, on_primary=on_primary.hex))
        elif accent:
            items.append(self.say("dont.accent_text", accent=accent.hex))
        items.append(self.say("dont.fonts", families=lang.join(list(kit.families))))
        items.append(self.say("dont.distort"))
        items.append(self.say(f"voice.{self._dimensions()[0]}.dont", company=kit.company))
        return items

    def write(self) -> Rationale:
        # The colour and type sections claim the facts that fit them first; the summary gets the rest.
        colors, typography = self.colors(), self.typography()
        return Rationale(
            language=self.choice.tag,
            language_choice=self.choice.to_dict(),
            writer="deterministic",
            summary=self.summary(),
            logo=self.logo(),
            colors=colors,
            typography=typography,
            voice=self.voice(),
            voice_examples=self.voice_examples(),
            do=self.do(),
            dont=self.dont(),
            notes=[f"Language: {self.choice.reason}."] if self.choice.fallback else [],
        )


def write_deterministic(kit: Kit) -> Rationale:
    """A complete rationale for `kit` in the brief's language, or the nearest catalogue's (brandkit.i18n.negotiate)."""
    return DeterministicWriter(kit).write()


