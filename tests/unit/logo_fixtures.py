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
    "long": ("The Extraordinarily Long Named International Consortium of Artisanal Bakers and Coffee Roasters Ltd")[
        :100
    ],
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
        lightness, ch, h = c.convert("oklch").coords(nans=False)
        entries.append(PaletteColor(role=role, hex=hex_.upper(), rgb=rgb, oklch=(lightness, ch, h), cmyk=(0, 0, 0, 0),
                                    name=role))
    return Palette(harmony="analogous", colors=entries, text_pairs=[])


def _font(family: str, role: str, scripts: list[str]) -> FontChoice:
    return FontChoice(family=family, role=role, classification="test", licence="OFL-1.1", scripts=scripts)


def profile(
    name: str = "Northwind Coffee",
    style: list[str] | None = None,
    traits: list[tuple[str, float]] | None = None,
    heading: str = "Inter",
    body: str = "Inter",
    script: str = "Latin",
) -> BrandProfile:
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


# ---------------------------------------------------------------- checks shared by the logo tests

def svg_problems(svg: str | bytes) -> list[str]:
    """Independent of brandkit.logo.svg: parse and look for text, scripts and outside references."""
    import re
    import xml.etree.ElementTree as ET

    text = svg.decode() if isinstance(svg, bytes) else svg
    problems = []
    if "<!DOCTYPE" in text or "<!ENTITY" in text:
        problems.append("DTD")
    root = ET.fromstring(text)
    for el in root.iter():
        tag = el.tag.rsplit("}", 1)[-1]
        if tag in ("text", "tspan", "textPath", "script", "foreignObject", "image", "style"):
            problems.append(tag)
        for key, value in el.attrib.items():
            name = key.rsplit("}", 1)[-1]
            if name.lower().startswith("on"):
                problems.append(name)
            if name == "href" and not value.startswith("#"):
                problems.append("href " + value)
            for ref in re.findall(r"url\(([^)]*)\)", value):
                if not ref.strip("'\" ").startswith("#"):
                    problems.append("url " + ref)
    return problems


def alpha_masks(svg: str, size: int = 256, longest: int = 2048):
    """The SVG's alpha channel rendered by resvg and by cairosvg, `size` px on the shorter side
    (the mark's height in a lockup; `longest` caps very wide names).

    Each renderer gets only the height and keeps the aspect itself, so that neither is asked to
    stretch; the two images are cropped to their common size (they differ by a rounding pixel
    at most)."""
    import io

    import cairosvg
    from PIL import Image

    from brandkit.logo import raster

    aspect = raster.aspect(svg)
    height = max(1, round(min(size / min(aspect, 1.0), longest / max(aspect, 1.0))))
    # resvg asked as cairosvg is: the root's height set, its width the aspect's (fractional: cut at the edge)
    from resvg import render, usvg

    root_size = f'width="{height * aspect:.4f}" height="{height}"'
    root = raster.sized(svg, 1, 1).replace('width="1" height="1"', root_size, 1)
    a = Image.open(io.BytesIO(bytes(render(usvg.Tree.from_str(root, usvg.Options.default()), (1, 0, 0, 0, 1, 0)))))
    b = Image.open(io.BytesIO(cairosvg.svg2png(bytestring=svg.encode(), output_height=height)))
    assert abs(a.width - b.width) <= 1 and abs(a.height - b.height) <= 1, (a.size, b.size)
    w, h = min(a.width, b.width), min(a.height, b.height)
    return (a.convert("RGBA").getchannel("A").crop((0, 0, w, h)),
            b.convert("RGBA").getchannel("A").crop((0, 0, w, h)))


def mask_agreement(a, b) -> tuple[float, float]:
    """(mean absolute alpha difference 0..1, that difference as a share of the ink).

    The second number is what the eye sees: anti-aliasing differs along every edge, so a
    1-px hairline may flip in a thresholded mask while the drawing is the same."""
    from PIL import ImageChops, ImageStat

    diff = ImageStat.Stat(ImageChops.difference(a, b)).mean[0] / 255
    ink = max(ImageStat.Stat(a).mean[0], ImageStat.Stat(b).mean[0]) / 255
    return diff, (diff / ink if ink else 0.0)


def assert_renderers_agree(svg: str, label: str = "") -> None:
    """resvg and cairosvg draw the same thing: alpha differs by < 2 % of the canvas and < 5 % of
    the ink (3 % and 12 % for names so wide that their height is capped below 256 px, where every
    glyph edge is a large share of thin strokes)."""
    from brandkit.logo import raster

    a, b = alpha_masks(svg)
    diff, share = mask_agreement(a, b)
    capped = min(a.size) < 250
    assert diff < (0.03 if capped else 0.02) and share < (0.12 if capped else 0.05), (
        label, a.size, round(diff, 4), round(share, 4), raster.aspect(svg))
