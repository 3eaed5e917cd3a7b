"""GuidelinesInput fixtures built directly from the contract models (no palette or logo engine needed)."""

from __future__ import annotations

import io

from coloraide import Color
from PIL import Image, ImageDraw

from brandkit.artifacts import (
    BrandProfile,
    ColorNote,
    Fact,
    FontChoice,
    IndustryMatch,
    Palette,
    PaletteColor,
    Rationale,
    TextPair,
)
from brandkit.brief import Brief
from brandkit.guidelines import GuidelinesInput, InventoryItem

COLORS = {
    "primary": "#1F4E79",
    "secondary": "#2E8B57",
    "accent": "#F2A541",
    "neutral-900": "#14171C",
    "neutral-200": "#D9DDE3",
    "neutral-50": "#F7F8FA",
    "background": "#FFFFFF",
    "surface": "#F7F8FA",
    "text": "#14171C",
    "text-muted": "#4A5361",
    "on-primary": "#FFFFFF",
}

# A mark (circle with a cut-out letterform drawn as a path) beside a "wordmark" of bars: shapes only.
LOGO = """<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 240 80" width="240" height="80">
  <g transform="translate(40 40)">
    <circle r="32" fill="{primary}"/>
    <path d="M-14 18 L-14 -18 L-6 -18 L8 6 L8 -18 L14 -18 L14 18 L6 18 L-8 -6 L-8 18 Z" fill="{on}"/>
  </g>
  <g fill="{text}">
    <rect x="86" y="26" width="120" height="10" rx="3"/>
    <rect x="86" y="44" width="80" height="10" rx="3" fill="{accent}"/>
    <polygon points="214,26 232,26 223,54"/>
    <ellipse cx="180" cy="49" rx="8" ry="5" style="fill:{secondary};opacity:0.8"/>
  </g>
</svg>"""


# guidelines_input() arguments for a kit in each script the PDF must set (tests and bench/bench_guidelines.py).
SCRIPT_KITS = {
    "latin": dict(company="Northwind Coffee"),
    "cjk": dict(company="東京珈琲焙煎所", heading="M PLUS 1", body="M PLUS 1", language="ja",
                script="Han", summary="東京珈琲焙煎所は、毎朝焙煎した豆をオフィスに届ける小さな焙煎所です。" * 4),
    "arabic": dict(company="قهوة الشمال", heading="Noto Kufi Arabic", body="Amiri", language="ar", script="Arabic",
                   summary="قهوة الشمال محمصة صغيرة تقدم قهوة طازجة كل صباح للمكاتب في المدينة. " * 4),
}


def logo(primary="#1F4E79", on="#FFFFFF", text="#14171C", accent="#F2A541", secondary="#2E8B57") -> str:
    return LOGO.format(primary=primary, on=on, text=text, accent=accent, secondary=secondary)


def icon(fill="#1F4E79", on="#FFFFFF") -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 80 80"><circle cx="40" cy="40" r="32" fill="{fill}"/>'
        f'<path d="M26 58 L26 22 L34 22 L48 46 L48 22 L54 22 L54 58 L46 58 L32 34 L32 58 Z" fill="{on}"/></svg>'
    )


def palette(colors: dict[str, str] = COLORS) -> Palette:
    entries = []
    for role, hex_ in colors.items():
        colour = Color(hex_)
        rgb = tuple(round(v * 255) for v in colour.convert("srgb").coords())
        lightness, chroma, hue = colour.convert("oklch").coords(nans=False)
        entries.append(PaletteColor(role=role, hex=hex_, rgb=rgb, oklch=(lightness, chroma, hue), cmyk=(80, 40, 0, 50),
                                    name=f"{role} name"))
    pairs = [TextPair(foreground="text", background="background", ratio=Color(colors["text"]).contrast(
        colors["background"], method="wcag21"), usage="body text"),
             TextPair(foreground="on-primary", background="primary", ratio=Color(colors["on-primary"]).contrast(
                 colors["primary"], method="wcag21"), usage="buttons", large_text=True)]
    return Palette(
        harmony="analogous", colors=entries, text_pairs=pairs, cvd={"protan": 21.3, "deutan": 18.0, "tritan": 30.2}
    )


def jpeg(width: int, height: int, colour: str = "#1F4E79") -> bytes:
    image = Image.new("RGB", (width, height), colour)
    ImageDraw.Draw(image).ellipse((width * 0.3, height * 0.2, width * 0.7, height * 0.8), fill="#F2A541")
    out = io.BytesIO()
    image.save(out, "JPEG", quality=88)
    return out.getvalue()


def guidelines_input(company: str = "Northwind Coffee", heading: str = "Inter", body: str = "Lato",
                     language: str = "en", script: str = "Latin", summary: str | None = None,
                     page_size: str = "A4", previews: bool = True) -> GuidelinesInput:
    brief = Brief(company_name=company, industry="specialty coffee roastery", language=language,
                  description="Roasts single-origin coffee for offices.", values=["honest", "warm"], style=["minimal"])
    profile = BrandProfile(
        company_name=company,
        industry=IndustryMatch(
            query="specialty coffee roastery", industry="coffee", label="Coffee", method="synonym", confidence=0.9
        ),
        traits=[("warm", 0.8), ("sincere", 0.6)],
        style=["minimal"],
        harmony="analogous",
        hue_families=["blue"],
        script=script,
        fonts=[
            FontChoice(
                family=heading, role="heading", classification="grotesque sans", licence="OFL-1.1", scripts=[script]
            ),
            FontChoice(family=body, role="body", classification="humanist sans", licence="OFL-1.1", scripts=[script]),
        ],
        facts=[Fact(subject="coffee", relation="evokes", object="warm", weight=0.8, source="Labrecque & Milne 2012")],
        language=language,
    )
    rationale = Rationale(
        language=language, writer="deterministic",
        summary=summary or f"{company} is a warm, sincere brand. The deep blue primary carries trust; the amber accent "
                           "brings the warmth of a fresh roast.",
        logo=f"A circular mark holding the initial of {company}, beside a calm wordmark.",
        colors=[ColorNote(role="primary", hex="#1F4E79", why="Deep blue reads as dependable.")],
        typography="Set headings in the heading face, bold, tight; body text in the body face at 11 pt.",
        voice="Plain, warm and exact.", voice_examples=["Fresh beans, every Monday.", "We know our farmers by name."],
        do=["Use the primary colour for calls to action."], dont=["Don't set body text in the accent colour."],
    )
    variants = {
        "horizontal": logo(), "stacked": logo(), "icon": icon(), "wordmark": logo(),
        "mono-black": logo("#000000", "#FFFFFF", "#000000", "#000000", "#000000"),
        "mono-white": logo("#FFFFFF", "#000000", "#FFFFFF", "#FFFFFF", "#FFFFFF"),
        "inverse": logo("#FFFFFF", "#1F4E79", "#FFFFFF", "#F2A541", "#FFFFFF"),
    }
    return GuidelinesInput(
        brief=brief,
        profile=profile,
        palette=palette(),
        rationale=rationale,
        logo_master_svg=logo(),
        logo_variants=variants,
        clear_space=16,
        clear_space_unit="units (the circle's radius / 2)",
        min_sizes={"screen_px": 96, "print_mm": 25},
        social_previews={"avatar": jpeg(400, 400), "cover": jpeg(1500, 500), "story": jpeg(1080, 1920)}
        if previews
        else {},
        inventory=[
            InventoryItem(path=f"logo/png/logo-{s}.png", kind="logo", bytes=s * 40)
            for s in (16, 32, 64, 128, 256, 512, 1024)
        ]
        + [
            InventoryItem(path="guidelines.pdf", kind="document", bytes=812_000),
            InventoryItem(path="fonts/Inter/OFL.txt", kind="licence", bytes=4_400),
        ],
        page_size=page_size,
    )
