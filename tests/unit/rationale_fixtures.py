"""Brand kits for the rationale tests, built directly from the contracts in brandkit.artifacts.

The palette and knowledge-graph engines are written elsewhere; these kits look like their
output (real OKLCH/CMYK values and WCAG ratios computed with coloraide from each hex), so
the writers are tested on realistic data without depending on those engines.
Also here: Messages API response bodies shaped like the real API's.
"""

from __future__ import annotations

import itertools
import re
from typing import Any

from coloraide import Color

from brandkit.artifacts import (
    BrandProfile,
    Fact,
    FontChoice,
    IndustryMatch,
    LogoConcept,
    Palette,
    PaletteColor,
    Rationale,
    TextPair,
)
from brandkit.brief import Brief
from brandkit.rationale import BANNED_WORDS

COFFEE_HEXES = {
    "primary": ("#8A4B2A", "Roasted Copper"),
    "secondary": ("#4F6B3A", "Leaf Green"),
    "accent": ("#D9A441", "Crema Gold"),
    "neutral-900": ("#1F1A17", "Espresso"),
    "neutral-700": ("#4A423D", "Dark Roast"),
    "neutral-500": ("#7D746E", "Ash"),
    "neutral-300": ("#B9B1AB", "Oat"),
    "neutral-100": ("#EDE8E4", "Milk Foam"),
    "neutral-50": ("#F8F5F2", "Paper"),
    "background": ("#FFFDFB", "Warm White"),
    "surface": ("#F8F5F2", "Paper"),
    "text": ("#1F1A17", "Espresso"),
    "text-muted": ("#5C534D", "Grounds"),
    "on-primary": ("#FFFFFF", "White"),
}

CLINIC_HEXES = {
    "primary": ("#2A7DA8", "Harbour Blue"),
    "secondary": ("#3FA39B", "Mint Teal"),
    "accent": ("#E56B5D", "Coral"),
    "neutral-900": ("#172026", "Ink"),
    "neutral-500": ("#6B7780", "Slate"),
    "neutral-100": ("#E9EEF1", "Mist"),
    "background": ("#FFFFFF", "White"),
    "text": ("#172026", "Ink"),
    "text-muted": ("#4E5A63", "Steel"),
    "on-primary": ("#FFFFFF", "White"),
}


def palette_color(role: str, hex_code: str, name: str) -> PaletteColor:
    color = Color(hex_code)
    lightness, chroma, hue = color.convert("oklch").coords()
    r, g, b = (round(v * 255) for v in color.convert("srgb").coords())
    k = 1 - max(r, g, b) / 255
    cmyk = (0, 0, 0, 100) if k == 1 else tuple(round(100 * (1 - v / 255 - k) / (1 - k)) for v in (r, g, b))
    return PaletteColor(
        role=role,
        hex=hex_code,
        rgb=(r, g, b),
        oklch=(round(lightness, 4), round(chroma, 4), round(0.0 if hue != hue else hue, 2)),
        cmyk=(*cmyk, round(k * 100)),
        name=name,
    )


def make_palette(hexes: dict[str, tuple[str, str]], harmony: str = "analogous") -> Palette:
    colors = [palette_color(role, h, n) for role, (h, n) in hexes.items()]
    by_role = {c.role: c.hex for c in colors}

    def ratio(fg: str, bg: str) -> float:
        return round(Color(by_role[fg]).contrast(Color(by_role[bg]), method="wcag21"), 2)

    pairs = [("text", "background", "body text", False), ("text-muted", "background", "captions", False),
             ("on-primary", "primary", "button labels", False), ("primary", "background", "headlines", True)]
    text_pairs = [TextPair(foreground=f, background=b, ratio=ratio(f, b), usage=u, large_text=large)
                  for f, b, u, large in pairs if f in by_role and b in by_role]
    matrix = {a: {b: ratio(a, b) for b in by_role} for a in by_role}
    return Palette(
        harmony=harmony,
        colors=colors,
        text_pairs=text_pairs,
        adjustments=["text-muted darkened from L 0.52 to 0.45 to reach 4.5:1 on background"],
        contrast_matrix=matrix,
        cvd={"normal": 0.214, "protan": 0.128, "deutan": 0.087, "tritan": 0.301},  # OKLab distances
    )


def coffee_kit(language: str = "en", **brief_fields: Any) -> tuple[Brief, BrandProfile, Palette, LogoConcept]:
    brief = Brief(
        company_name=brief_fields.pop("company_name", "Northwind Coffee"),
        industry=brief_fields.pop("industry", "specialty coffee roastery"),
        description=brief_fields.pop("description", "Small-batch roaster selling beans and brewing gear online."),
        values=brief_fields.pop("values", ["honest", "local", "innovative"]),
        style=brief_fields.pop("style", ["warm", "minimal"]),
        audience=brief_fields.pop("audience", "home brewers who weigh their coffee"),
        language=language,
        **brief_fields,
    )
    profile = BrandProfile(
        company_name=brief.company_name,
        industry=IndustryMatch(query=brief.industry, industry="coffee", label="Coffee & tea",
                               method="synonym", confidence=0.86),
        traits=[("down-to-earth", 1.0), ("honest", 0.85), ("wholesome", 0.61)],
        style=["warm", "minimal"],
        harmony="analogous",
        hue_families=["brown", "orange", "green"],
        avoid_families=["violet"],
        script="Latin",
        fonts=[
            FontChoice(family="Fraunces", role="heading", classification="old-style serif", licence="OFL-1.1",
                       scripts=["Latin"]),
            FontChoice(family="Inter", role="body", classification="neo-grotesque sans", licence="OFL-1.1",
                       scripts=["Latin", "Greek", "Cyrillic"]),
        ],
        # Ids and relations as brandkit.profile writes them (vertex-type prefixes, font slugs).
        facts=[
            Fact(subject="industry:coffee", relation="evokes", object="trait:down-to-earth", weight=0.8,
                 source="Aaker 1997, brand personality dimensions"),
            Fact(subject="value:honest", relation="maps_to", object="trait:honest", weight=1.0,
                 source="Aaker 1997; Brandkit curation"),
            Fact(subject="trait:down-to-earth", relation="associates_with", object="family:brown", weight=0.71,
                 source="Labrecque & Milne 2012"),
            Fact(subject="industry:coffee", relation="suggests", object="family:brown", weight=0.7,
                 source="Brandkit curation"),
            Fact(subject="trait:wholesome", relation="expressed_by", object="font:fraunces", weight=0.64,
                 source="Brandkit type classification tags"),
            Fact(subject="style:minimal", relation="implies", object="harmony:analogous", weight=0.6,
                 source="Itten 1961"),
            # Names a font the kit did not choose: must never reach the rationale or the prompt.
            Fact(subject="trait:honest", relation="expressed_by", object="font:montserrat", weight=0.9,
                 source="Brandkit type classification tags"),
        ],
        language=language,
    )
    concept = LogoConcept(id="lettermark", kind="lettermark", label="NC monogram", engine="vector", score=0.81,
                          spec={"letters": "NC", "corner_radius": 0.18, "stroke": 0.09, "shape": "circle"})
    return brief, profile, make_palette(COFFEE_HEXES), concept


def clinic_kit(language: str = "ja") -> tuple[Brief, BrandProfile, Palette, LogoConcept]:
    brief = Brief(company_name="さくら歯科クリニック", industry="歯科医院", description="駅前の家族向け歯科医院。",
                  values=["安心", "丁寧"], style=["clean", "friendly"], audience="子ども連れの家族", language=language)
    profile = BrandProfile(
        company_name=brief.company_name,
        industry=IndustryMatch(query=brief.industry, industry="dental", label="Dental care", method="overlap",
                               confidence=0.64),
        traits=[("reliable", 0.8), ("calm", 0.7), ("caring", 0.66)],
        style=["clean", "friendly"],
        harmony="complementary",
        hue_families=["blue", "teal"],
        script="Han",
        fonts=[
            FontChoice(family="Zen Maru Gothic", role="heading", classification="rounded sans", licence="OFL-1.1",
                       scripts=["Latin", "Han", "Hiragana", "Katakana"]),
            FontChoice(family="Noto Sans JP", role="body", classification="gothic", licence="OFL-1.1",
                       scripts=["Latin", "Han", "Hiragana", "Katakana"]),
        ],
        facts=[
            Fact(subject="industry:dental", relation="evokes", object="trait:reliable", weight=0.8,
                 source="Aaker 1997"),
            Fact(subject="trait:reliable", relation="associates_with", object="family:blue", weight=0.77,
                 source="Labrecque & Milne 2012"),
            Fact(subject="trait:calm", relation="expressed_by", object="font:zen-maru-gothic", weight=0.6,
                 source="Henderson, Giese & Cote 2004"),
        ],
        language=language,
    )
    concept = LogoConcept(id="emblem", kind="emblem", label="Sakura badge", engine="vector", score=0.7)
    return brief, profile, make_palette(CLINIC_HEXES, harmony="complementary"), concept


# ---------------------------------------------------------------- Messages API response bodies

_ids = itertools.count(1)


def message(content: list[dict[str, Any]], *, stop_reason: str = "tool_use", model: str = "claude-haiku-5-5",
            input_tokens: int = 4210, output_tokens: int = 1630) -> dict[str, Any]:
    n = next(_ids)
    return {
        "id": f"msg_01{n:022d}",
        "type": "message",
        "role": "assistant",
        "model": model,
        "content": content,
        "stop_reason": stop_reason,
        "stop_sequence": None,
        "usage": {
            "input_tokens": input_tokens,
            "output_tokens": output_tokens,
            "cache_creation_input_tokens": 0,
            "cache_read_input_tokens": 0,
            "service_tier": "standard",
        },
    }


def tool_use(tool_input: dict[str, Any], name: str = "record_rationale") -> dict[str, Any]:
    return {"type": "tool_use", "id": f"toolu_01{next(_ids):022d}", "name": name, "input": tool_input}


def api_error(kind: str, text: str) -> dict[str, Any]:
    return {"type": "error", "error": {"type": kind, "message": text}, "request_id": f"req_01{next(_ids):022d}"}


# ---------------------------------------------------------------- independent checks of a rationale

HEX6 = re.compile(r"#[0-9A-Fa-f]{6}\b")
KANA = re.compile(r"[\u3040-\u30ff]")
COMMON_WORDS = {
    "en": {"the", "and", "is", "for", "with", "of"},
    "es": {"el", "la", "y", "es", "con", "para", "los"},
    "fr": {"le", "la", "et", "est", "pour", "les", "des"},
    "de": {"der", "die", "und", "ist", "für", "mit", "das"},
    "it": {"il", "la", "e", "è", "per", "con", "di", "del"},
    "nl": {"de", "het", "en", "is", "voor", "met", "van"},
    "pt": {"o", "a", "e", "é", "para", "com", "do", "da"},
}
# Languages with their own script: that script's share of the letters.
SCRIPT_LETTERS = {
    "ar": re.compile(r"[\u0600-\u06ff]"), "he": re.compile(r"[\u0590-\u05ff]"), "hi": re.compile(r"[\u0900-\u097f]"),
    "ko": re.compile(r"[\uac00-\ud7af]"), "zh": re.compile(r"[\u4e00-\u9fff]"),
}


_BANNED = re.compile("|".join(
    re.escape(w.lower()) if lang == "ja" else rf"(?<![^\W\d_]){re.escape(w.lower())}(?![^\W\d_])"
    for lang, words in BANNED_WORDS.items() for w in words))


def prose(rationale: Rationale) -> str:
    return "\n".join([rationale.summary, rationale.logo, *(c.why for c in rationale.colors), rationale.typography,
                      rationale.voice, *rationale.voice_examples, *rationale.do, *rationale.dont])


def assert_grounded(rationale: Rationale, kit: tuple, language: str) -> None:
    """The issue's acceptance checks, written without the package's own grounding code."""
    brief, profile, palette, _concept = kit
    name = re.escape(brief.company_name)
    text = re.sub(rf"(?<![0-9A-Za-z#]){name}(?![0-9A-Za-z])", " ", prose(rationale))  # the brand's name is no citation
    palette_hexes = {c.hex.upper() for c in palette.colors}
    # Cites every palette colour, under its own role, and mentions no other hex.
    assert [(c.role, c.hex.upper()) for c in rationale.colors] == [(c.role, c.hex.upper()) for c in palette.colors]
    assert {h.upper() for h in HEX6.findall(text)} <= palette_hexes
    # Names both font families, and no other.
    families = {f.family for f in profile.fonts}
    for family in families:
        assert family in rationale.typography, family
    for other in ("Helvetica", "Arial", "Montserrat", "Roboto", "Futura", "Garamond", "Open Sans", "Times New Roman"):
        assert other in families or other not in text, other
    # No filler, in any language the writers support.
    lowered = text.lower()
    found = _BANNED.search(lowered)
    assert found is None, found
    # Written in the language asked for.
    assert rationale.language.split("-")[0] == language.split("-")[0]
    primary = language.split("-")[0]
    if primary == "ja":
        assert len(KANA.findall(text)) > 100
    elif primary in SCRIPT_LETTERS:
        letters = "".join(re.findall(r"[^\W\d_]", text))
        assert len(SCRIPT_LETTERS[primary].findall(letters)) > 0.6 * len(letters), primary
    elif primary in COMMON_WORDS:
        words = re.findall(r"[^\W\d_]+", lowered)
        hits = {lang: sum(w in common for w in words) for lang, common in COMMON_WORDS.items()}
        assert max(hits, key=hits.get) == primary, hits
