"""The kit as the rationale sees it: what it may cite (palette hexes, the two font families,
the logo concept) and the knowledge-graph facts it may rely on."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from brandkit.artifacts import BrandProfile, Fact, FontChoice, LogoConcept, Palette, PaletteColor
from brandkit.bkg import ColourFamily, colour_families
from brandkit.bkg.dataset import slug
from brandkit.brief import Brief
from brandkit.colour import hue_distance
from brandkit.rationale.banned import banned_words_in
from brandkit.rationale.grounding import foreign_mentions, normalise_hex


@dataclass(frozen=True)
class Kit:
    brief: Brief
    profile: BrandProfile
    palette: Palette
    concept: LogoConcept

    @property
    def company(self) -> str:
        return self.profile.company_name or self.brief.company_name

    @cached_property
    def colors(self) -> list[PaletteColor]:
        return [c.model_copy(update={"hex": normalise_hex(c.hex)}) for c in self.palette.colors]

    @cached_property
    def hexes(self) -> frozenset[str]:
        return frozenset(c.hex for c in self.colors)

    def color(self, role: str) -> PaletteColor | None:
        return next((c for c in self.colors if c.role == role), None)

    def _font(self, role: str, index: int) -> FontChoice:
        fonts = self.profile.fonts
        if not fonts:
            raise ValueError("the brand profile has no fonts; the rationale needs a heading and a body font")
        return next((f for f in fonts if f.role == role), fonts[min(index, len(fonts) - 1)])

    @property
    def heading(self) -> FontChoice:
        return self._font("heading", 0)

    @property
    def body(self) -> FontChoice:
        return self._font("body", 1)

    @cached_property
    def families(self) -> tuple[str, ...]:
        """The kit's font families, heading first (one entry when both roles share a family)."""
        return tuple(dict.fromkeys([self.heading.family, self.body.family]))

    @cached_property
    def facts(self) -> list[Fact]:
        """The graph facts the rationale may repeat, strongest first: none that names a colour or
        font outside the kit (e.g. "modern -> expressed by Montserrat" when the kit chose Inter)."""

        kit_fonts = {slug(f) for f in self.families}

        def usable(fact: Fact) -> bool:
            text = " ".join([fact.subject, fact.relation, fact.object, fact.source])
            fonts = [t.split(":", 1)[1] for t in (fact.subject, fact.object) if t.lower().startswith("font:")]
            return (
                fact.source.strip() != ""
                and all(slug(f) in kit_fonts for f in fonts)
                and not foreign_mentions(text, self)
                and not banned_words_in(text)
            )

        return sorted((f for f in self.profile.facts if usable(f)), key=lambda f: f.weight, reverse=True)


def hue_family(color: PaletteColor, preferred: list[str] | tuple[str, ...] = ()) -> str:
    """The graph colour family (its key) of an OKLCH colour; among overlapping families the profile's own
    win, then the one whose ranges fit best, then the one whose centre hue is nearest."""
    lightness, chroma, hue = color.oklch
    hue %= 360
    if chroma < 0.035:
        return "neutral"
    candidates = [f for f in colour_families() if f.contains_hue(hue)]
    for family in preferred:
        if any(f.key == family for f in candidates):
            return family
    if not candidates:
        raise LookupError(f"no colour family of the knowledge graph contains the hue {hue:.1f}")

    def misfit(f: ColourFamily) -> tuple[float, float]:
        (l0, l1), (c0, c1) = f.lightness, f.chroma
        outside = max(l0 - lightness, 0, lightness - l1) + max(c0 - chroma, 0, chroma - c1)
        return outside, hue_distance(hue, f.centre[2])

    return min(candidates, key=misfit).key
