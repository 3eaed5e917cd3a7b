"""The kit as the rationale sees it: what it may cite (palette hexes, the two font families,
the logo concept) and the knowledge-graph facts it may rely on."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from brandkit.artifacts import BrandProfile, Fact, FontChoice, LogoConcept, Palette, PaletteColor
from brandkit.brief import Brief
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

        def usable(fact: Fact) -> bool:
            text = " ".join([fact.subject, fact.relation, fact.object, fact.source])
            return fact.source.strip() != "" and not foreign_mentions(text, self) and not banned_words_in(text)

        return sorted((f for f in self.profile.facts if usable(f)), key=lambda f: f.weight, reverse=True)


def hue_family(color: PaletteColor) -> str:
    """The colour family of an OKLCH colour, in the graph's usual ids (red, orange, ... neutral)."""
    lightness, chroma, hue = color.oklch
    if chroma < 0.035:
        return "neutral"
    hue %= 360
    if 20 <= hue < 80 and lightness < 0.5:
        return "brown"
    bins = ((10, "pink"), (45, "red"), (75, "orange"), (115, "yellow"), (165, "green"), (215, "teal"),
            (275, "blue"), (320, "purple"), (360, "pink"))
    return next(name for upper, name in bins if hue < upper)
