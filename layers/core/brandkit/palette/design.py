"""The palette's design before accessibility: which primary, which hues the harmony rule adds, the neutral
ramp, and whether the kit is light or dark.

Where the colours come from, in order: the brief's primary_color; otherwise the logo's most chromatic
colour; otherwise the strongest colour family of the profile that can carry text on a light background.
Secondary and accent hues follow the harmony rule, taking their lightness and chroma from the colour
family they fall in (yellows are light, blues deep), moving out of families the industry avoids, and
snapping to the logo's own colours when one is near.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from brandkit.artifacts import BrandProfile
from brandkit.bkg import BrandGraph, ColourFamily
from brandkit.colour import hue_distance
from brandkit.palette.colour import Tone, reach_contrast

Theme = Literal["light", "dark"]

# (secondary, accent) hue offsets from the base hue, in degrees. Complementary keeps the secondary on
# the primary's hue (a deeper shade) so that the complement, as accent, is the one contrasting colour.
HARMONY_OFFSETS = {
    "analogous": (-30.0, 30.0),
    "complementary": (0.0, 180.0),
    "split-complementary": (150.0, 210.0),
    "triad": (120.0, 240.0),
    "monochrome": (0.0, 0.0),
}
NEUTRAL_STEPS = (
    ("neutral-900", 0.21), ("neutral-800", 0.29), ("neutral-700", 0.37), ("neutral-600", 0.46),
    ("neutral-500", 0.55), ("neutral-400", 0.65), ("neutral-300", 0.77), ("neutral-200", 0.87),
    ("neutral-100", 0.93), ("neutral-50", 0.975),
)
SHADE_FAMILIES = ("brown", "burgundy", "navy", "charcoal")  # darker variants of a hue, not hues of their own
DEFAULT_FAMILY = ColourFamily("family:blue", "Blue", (240, 266), (0.12, 0.21), (0.42, 0.6), (0.52, 0.17, 258))
MAX_DEEPEN = 0.2  # how far below its family's lightness range a profile primary may go to carry UI on white
OLIVE_HUES = (40.0, 135.0)  # oranges, golds, yellows and limes turn brown or olive when deepened
MUTED_TEXT_LIGHTNESS = 0.5  # between neutral-600 and -500: reads as quieter than text, still 4.5:1 on surfaces
LOGO_SNAP_DEGREES = 40.0  # a logo colour this close in hue to a harmony target replaces it
LIGHT_BACKGROUND = "#FFFFFF"
# A seed this light and vivid would lose its character if darkened to carry UI on white: go dark instead.
DARK_THEME_MIN_CHROMA = 0.1
DARK_THEME_MIN_DELTA_L = 0.2


@dataclass
class Design:
    theme: Theme
    tones: dict[str, Tone]  # role -> tone, for every role but on-primary
    fixed: dict[str, str] = field(default_factory=dict)  # role -> exact hex the brief asked for (kept as is)
    notes: list[str] = field(default_factory=list)
    source: str = "profile"  # where the primary came from: "brief", "logo" or "profile"
    lead: str = DEFAULT_FAMILY.key  # the colour family the palette's hue comes from (see Designer.lead)


class Designer:
    def __init__(self, profile: BrandProfile, graph: BrandGraph, logo_colors: list[str] | None) -> None:
        by_key = {f.key: f for f in graph.colour_families()}
        self.all_families = list(by_key.values())
        self.families = [by_key[k] for k in profile.hue_families if k in by_key] or [DEFAULT_FAMILY]
        self.avoid = [by_key[k] for k in profile.avoid_families if k in by_key]
        self.profile = profile
        self.mood = _mood(profile.traits, graph.trait_tones())
        self.harmony = profile.harmony if profile.harmony in HARMONY_OFFSETS else "analogous"
        self.logo = [Tone.of(h) for h in _valid_hexes(logo_colors or [])]
        self.notes: list[str] = []

    def family_tone(self, family: ColourFamily, d_lightness: float = 0.0, d_chroma: float = 0.0,
                    hue: float | None = None) -> Tone:
        """The point of a family's lightness and chroma ranges that the brand's traits pull towards."""
        t_l = min(max(self.mood[0] + d_lightness, 0.0), 1.0)
        t_c = min(max(self.mood[1] + d_chroma, 0.0), 1.0)
        (l_lo, l_hi), (c_lo, c_hi) = family.lightness, family.chroma
        return Tone(l_lo + t_l * (l_hi - l_lo), c_lo + t_c * (c_hi - c_lo), family.centre[2] if hue is None else hue)

    # Primary -------------------------------------------------------------------------------------

    def primary(self) -> tuple[Tone, str, str | None]:
        """(primary tone, where it came from, exact background hex the brief implied or None)."""
        seed = self.profile.seed_color
        background = None
        if seed:
            tone = Tone.of(seed)
            if tone.is_grey and tone.l > 0.9:
                background = seed
                self.notes.append(f"primary_color {seed} is white or nearly, which cannot carry text or controls "
                                  f"on a light kit: it is the background, and the primary comes from the brand profile")
            else:
                return tone, "brief", None
        chromatic_logo = [t for t in self.logo if not t.is_grey]
        if chromatic_logo:
            return max(chromatic_logo, key=lambda t: t.c), "logo", background
        return self._primary_from_families()[0], "profile", background

    def _primary_from_families(self) -> tuple[Tone, ColourFamily]:
        """The first family whose colour can be UI on white once deepened a little (pinks become roses);
        families whose deep shades change name (yellows turn olive, oranges brown) are passed over."""
        for family in self.families:
            tone = self.family_tone(family)
            fix = reach_contrast(tone, LIGHT_BACKGROUND, 3.0)
            if fix is None:
                return tone, family
            floor = family.lightness[0] - (0.0 if OLIVE_HUES[0] <= tone.h <= OLIVE_HUES[1] else MAX_DEEPEN)
            if fix.delta < 0 and fix.after.l >= floor - 1e-9:
                return fix.after, family
        return self.family_tone(self.families[0]), self.families[0]

    def lead(self, primary: Tone, source: str) -> str:
        """The colour family (key) the palette's hue comes from: the one the profile's primary was drawn
        from; for a brief's or logo's colour the family it falls in; for a grey one, the family of the base."""
        if source == "profile":
            return self._primary_from_families()[1].key
        if primary.is_grey:
            return self.base_family().key
        family = self._family_at(primary.h)
        return family.key if family else f"hue-{round(primary.h) % 360}"

    def theme_for(self, primary: Tone, source: str) -> Theme:
        if source == "profile" or primary.c < DARK_THEME_MIN_CHROMA:
            return "light"
        fix = reach_contrast(primary, LIGHT_BACKGROUND, 3.0)
        if fix is not None and abs(fix.delta) > DARK_THEME_MIN_DELTA_L:
            self.notes.append(f"primary {primary.hex} is too light to carry controls on white without losing "
                              f"its character (lightness {primary.l:.2f} would fall to {fix.after.l:.2f}): "
                              f"the kit is dark, so the colour is kept")
            return "dark"
        return "light"

    # Secondary and accent ---------------------------------------------------------------------------

    def base(self, primary: Tone) -> Tone:
        """The hue the harmony rule turns from: the primary's, or for a grey primary the profile's first hue."""
        if not primary.is_grey:
            return primary
        return self.family_tone(self.base_family())

    def base_family(self) -> ColourFamily:
        return next((f for f in self.families if f.key != "charcoal"), DEFAULT_FAMILY)

    def companions(self, primary: Tone) -> tuple[Tone, Tone]:
        base = self.base(primary)
        if self.harmony == "monochrome":
            secondary, accent = self._monochrome(base)
        elif primary.is_grey:
            # A grey primary leaves the colour to the others: the base itself, and the rule's partner of it.
            offset = HARMONY_OFFSETS[self.harmony][1]
            secondary, accent = base, self._tone_for_hue(base.h + offset, "accent")
        else:
            sec_offset, acc_offset = HARMONY_OFFSETS[self.harmony]
            secondary = (self._shade(primary) if sec_offset == 0
                         else self._tone_for_hue(primary.h + sec_offset, "secondary"))
            accent = self._tone_for_hue(primary.h + acc_offset, "accent")
        return self._snap_to_logo(primary, secondary, accent)

    @staticmethod
    def olive_prone(tone: Tone) -> bool:
        return not tone.is_grey and OLIVE_HUES[0] + 20 <= tone.h <= OLIVE_HUES[1]

    def for_theme(self, secondary: Tone, accent: Tone, theme: Theme) -> tuple[Tone, Tone]:
        """On a light kit the accent carries links (4.5:1), which turns yellows and limes olive; the
        secondary needs only 3:1, so a yellow-ish accent trades places with a secondary that is not."""
        if theme == "light" and self.olive_prone(accent) and not self.olive_prone(secondary):
            return accent, secondary
        return secondary, accent

    @staticmethod
    def _shade(tone: Tone) -> Tone:
        """A deeper (or, for a dark colour, lighter) version of the same hue."""
        lightness = tone.l - 0.16 if tone.l > 0.45 else tone.l + 0.2
        return Tone(lightness, tone.c * 0.8, tone.h)

    @staticmethod
    def _monochrome(base: Tone) -> tuple[Tone, Tone]:
        """One hue: a quieter shade away from the base's lightness, and a more vivid mid tone."""
        if base.l > 0.4:
            quieter = Tone(max(base.l - 0.18, 0.2), base.c * 0.75, base.h)
        else:
            quieter = Tone(base.l + 0.22, base.c * 0.7, base.h)
        vivid = Tone(min(max(base.l + 0.1, 0.45), 0.7), max(base.c * 1.25, 0.1), base.h)
        return quieter, vivid

    def _family_at(self, hue: float) -> ColourFamily | None:
        containing = [f for f in self.all_families if f.contains_hue(hue) and f.chroma[1] > 0.05]
        for family in self.families:  # the profile's own families first (its browns, its navies)
            if family in containing:
                return family
        pure = [f for f in containing if f.key not in SHADE_FAMILIES]
        return max(pure or containing, key=lambda f: f.chroma[1], default=None)

    def _tone_for_hue(self, hue: float, role: str) -> Tone:
        """The harmony's colour at `hue`, stepping the hue away (up to 60 degrees) from any colour family
        the industry avoids."""
        hue %= 360
        for step in (0, 15, -15, 30, -30, 45, -45, 60, -60):
            tone = self._family_colour((hue + step) % 360, role)
            if not any(f.contains(tone.l, tone.c, tone.h) for f in self.avoid):
                if step:
                    self.notes.append(f"{role}: hue {hue:.0f} deg would fall in a colour family this industry "
                                      f"avoids; moved to {tone.h:.0f} deg")
                return tone
        return self._family_colour(hue, role)

    def _family_colour(self, hue: float, role: str) -> Tone:
        family = self._family_at(hue)
        if family is None:
            return Tone(0.55, 0.12, hue)
        if role == "secondary":  # a little deeper and quieter than the brand's mood
            return self.family_tone(family, -0.2, -0.1, hue)
        return self.family_tone(family, 0.0, 0.3, hue)  # the accent is the one that pops

    def _snap_to_logo(self, primary: Tone, secondary: Tone, accent: Tone) -> tuple[Tone, Tone]:
        """Use the logo's own colours where the harmony asks for a hue the logo already has."""
        unused = [t for t in self.logo if not t.is_grey and hue_distance(t.h, primary.h) > 10]
        out = []
        for target in (secondary, accent):
            near = [t for t in unused if hue_distance(t.h, target.h) <= LOGO_SNAP_DEGREES]
            if near and not target.is_grey:
                pick = min(near, key=lambda t: (hue_distance(t.h, target.h), t.hex))
                unused.remove(pick)
                out.append(pick)
            else:
                out.append(target)
        return out[0], out[1]

    # Neutrals and surfaces ------------------------------------------------------------------------

    def neutrals(self, primary: Tone, theme: Theme, background: str | None) -> tuple[dict[str, Tone], dict[str, str]]:
        base = self.base(primary)
        tint = min(0.014, 0.25 * max(primary.c, base.c))
        tones = {role: Tone(lightness, tint, base.h) for role, lightness in NEUTRAL_STEPS}
        fixed: dict[str, str] = {}
        if theme == "light":
            tones["background"] = Tone(0.995, tint * 0.3, base.h)
            tones["surface"] = Tone(0.96, tint * 0.8, base.h)
            tones["text"] = tones["neutral-900"]
            tones["text-muted"] = Tone(MUTED_TEXT_LIGHTNESS, tint, base.h)
            if background:
                fixed["background"] = background.upper()
        else:
            tones["background"] = Tone(0.17, tint, base.h)
            tones["surface"] = Tone(0.22, tint, base.h)
            tones["text"] = tones["neutral-50"]
            tones["text-muted"] = tones["neutral-300"]
        return tones, fixed

    def design(self) -> Design:
        primary, source, background = self.primary()
        theme = self.theme_for(primary, source)
        secondary, accent = self.for_theme(*self.companions(primary), theme)
        tones, fixed = self.neutrals(primary, theme, background)
        tones.update(primary=primary, secondary=secondary, accent=accent)
        seed = self.profile.seed_color
        if source == "brief" and seed:
            fixed["primary"] = seed.upper()
        return Design(theme=theme, tones=tones, fixed=fixed, notes=self.notes, source=source,
                      lead=self.lead(primary, source))


def _valid_hexes(colors: list[str]) -> list[str]:
    out = []
    for color in colors:
        text = str(color).strip()
        if len(text) == 4 and text.startswith("#"):
            text = "#" + "".join(c * 2 for c in text[1:])
        if len(text) == 7 and text.startswith("#") and all(c in "0123456789abcdefABCDEF" for c in text[1:]):
            out.append(text.upper())
    return out


def _mood(traits: list[tuple[str, float]], tones: dict[str, tuple[float, float]]) -> tuple[float, float]:
    """Where the brand sits in a family's ranges (0 = darkest / least chroma, 1 = lightest / most chroma):
    the middle, pulled by each trait's tone in proportion to its weight."""
    known = [(tones[t], w) for t, w in traits if t in tones and w > 0]
    total = sum(w for _, w in known)
    if not total:
        return 0.5, 0.5
    pull_l = sum(tone[0] * w for tone, w in known) / total
    pull_c = sum(tone[1] * w for tone, w in known) / total
    return min(max(0.5 + pull_l, 0.05), 0.95), min(max(0.5 + pull_c, 0.05), 0.95)
