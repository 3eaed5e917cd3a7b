"""Small builders for BrandProfile and Palette objects, so logo tests need no other stage."""

from __future__ import annotations

from coloraide import Color

from brandkit.artifacts import BrandProfile, FontChoice, IndustryMatch, Palette, PaletteColor

DEFAULT_COLORS = {
    "primary": "#1F4E79",
    "secondary": "#2E8B57",
    "accent": "#F2A541",
    "neutral-900": "#14171C",
    "neutral-50": "#F7F8FA",
    "background": "#FFFFFF",
    "text": "#14171C",
    "on-primary": "#FFFFFF",
}

# Names that break naive logo code: one letter, 100 characters, CJK, Arabic, markup, emoji.
HARD_NAMES = {
    "latin": "Northwind Coffee",
    "one-letter": "Q",
    "long": ("The Extraordinarily Long Named International Consortium of Artisanal Bakers and Coffee Roasters Ltd")[:100],
    "cjk": "東京珈琲焙煎所",
    "arabic": "شركة النور للتقنية",
    "markup": '<script>alert("x")</script><svg onload=alert(1)>&amp;',
    "emoji": "Rocket 🚀 Labs 👩‍🚀",
    "only-emoji": "🚀🌙",
}


def palette(colors: dict[str, str] | None = None) -> Palette:
    entries = []
    for role, hex_ in (colors or DEFAULT_COLORS).items():
        c = Color(hex_)
        srgb = c.convert("srgb")
        rgb = tuple(round(v * 255) for v in srgb.coords())
        l, ch, h = c.convert("oklch").coords(nans=False)
        entries.append(PaletteColor(role=role, hex=hex_.upper(), rgb=rgb, oklch=(l, ch, h), cmyk=(0, 0, 0, 0),
                                    name=role))
    return Palette(harmony="analogous", colors=entries, text_pairs=[])


def _font(family: str, role: str, scripts: list[str]) -> FontChoice:
    return FontChoice(family=family, role=role, classification="test", licence="OFL-1.1", scripts=scripts)


def profile(name: str = "Northwind Coffee", style: list[str] | None = None, traits: list[tuple[str, float]] | None = None,
            heading: str = "Inter", body: str = "Inter", script: str = "Latin") -> BrandProfile:
    return BrandProfile(
        company_name=name,
        industry=IndustryMatch(query="coffee", industry="coffee", label="Coffee", method="exact", confidence=1.0),
        traits=traits if traits is not None else [("warm", 0.8), ("honest", 0.5)],
        style=style if style is not None else ["minimal"],
        harmony="analogous",
        hue_families=["blue"],
        script=script,
        fonts=[_font(heading, "heading", [script]), _font(body, "body", [script])],
        facts=[],
        language="en",
    )
