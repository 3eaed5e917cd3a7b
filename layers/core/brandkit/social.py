"""Social-media assets: each canvas of data/social_sizes.json composed as SVG, then PNG and JPEG.

A canvas is more than the logo on white: a palette background, shapes in the brand's style
family (circles for playful/organic/minimal, diagonal bands for tech/rugged, fine rings for
luxury/vintage), a large cropped initial in the heading type, and the lockup that suits the
canvas (stacked, horizontal or icon) drawn for its ground, as large as the platform's safe area
allows. The brief's tagline, when it has one, is set under the logo on the canvases with room for
it; the kit never writes a tagline of its own. All text of a canvas is set by `_text` (outlines).
"""

from __future__ import annotations

import io
import json
import random
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from PIL import Image

from brandkit import fonts, forked
from brandkit.artifacts import BrandProfile, Palette
from brandkit.logo import art as artmod
from brandkit.logo import grounds, names, raster, shapes, textpath
from brandkit.logo.designer import heading_family
from brandkit.logo.look import look_for
from brandkit.logo.svg import add_path, add_rect, svg_root, to_string
from brandkit.logo.system import DARK, LogoSystem

SIZES_FILE = Path(__file__).resolve().parent / "data" / "social_sizes.json"
LOGO_SHARE = 0.8  # the logo fills at most this share of the safe area's width and height (a canvas may say more)...
TAGLINE_HEIGHT_SHARE = 0.7  # ...and this part of that share of its height when the tagline shares the safe area
TAGLINE_SIZE = 0.055  # the tagline's font size, as a share of the canvas's shorter side (35 px on a link
# image, 59 px on a feed post: read on a phone), at most half the logo's height
TAGLINE_MAX_LINES = 3
JPEG_QUALITY = 88


@dataclass(frozen=True)
class Canvas:
    name: str
    width: int
    height: int
    use: str
    safe: tuple[int, int, int, int]
    background: str  # "light", "dark" or "primary"
    lockup: str
    tagline: bool  # has room for the brief's tagline
    logo_share: float = LOGO_SHARE  # of the safe area the logo may fill (the story's tall one: all of its width)


@lru_cache(maxsize=1)
def canvases() -> tuple[Canvas, ...]:
    raw = json.loads(SIZES_FILE.read_text(encoding="utf-8"))
    return tuple(Canvas(s["name"], s["width"], s["height"], s["use"], tuple(s["safe"]), s["background"], s["lockup"],
                        s.get("tagline", False), s.get("logo_share", LOGO_SHARE))
                 for s in raw["sizes"])


@dataclass(frozen=True)
class Scheme:
    """How a canvas is coloured: its background, the logo variant drawn for it, the one colour the logo
    and type take on the primary ("" = the variant's full colour), the type's colour, the shapes' colours."""

    background: str
    variant_suffix: str
    ink: str
    text: str
    shapes: list[str]


def _scheme(palette: Palette, background: str) -> Scheme:
    full = artmod.full_colors(palette)
    light, dark = grounds.grounds(palette)
    if background == "light":
        return Scheme(light.background, "", "", grounds.text_on(palette, light.background),
                      [full["mark"], full["detail"], full["third"]])
    if background == "dark":
        return Scheme(dark.background, DARK, "", grounds.text_on(palette, dark.background),
                      [full["mark"], full["detail"], full["third"]])
    bg, ink = grounds.inverse_ground(palette)  # the primary, moved in lightness if its ink would not read
    return Scheme(bg, "", ink, ink, [full["detail"], full["third"], ink])


def _decorations(root: ET.Element, canvas: Canvas, family: str, colors: list[str], rng: random.Random) -> None:
    w, h = canvas.width, canvas.height
    unit = min(w, h)
    if family in ("tech", "rugged"):
        for i in range(3):
            x = w * (0.62 + 0.12 * i) + rng.uniform(-0.03, 0.03) * w
            band = unit * (0.09 - 0.02 * i)
            slant = h * 0.45
            pts = [(x, -10), (x + band, -10), (x + band - slant, h + 10), (x - slant, h + 10)]
            add_path(root, shapes.rounded_polygon(pts, 0), colors[i % len(colors)], opacity=0.9 - 0.25 * i)
    elif family in ("luxury", "vintage"):
        cx, cy = w * rng.uniform(0.8, 0.95), h * rng.uniform(0.75, 1.0)
        for i in range(5):
            r = unit * (0.25 + 0.13 * i)
            add_path(root, shapes.ring(cx, cy, r, max(unit * 0.004, 1.5)), colors[0], evenodd=True, opacity=0.55)
        inset = unit * 0.04
        frame = shapes.rounded_polygon(shapes.rect_points(inset, inset, w - 2 * inset, h - 2 * inset), 0)
        inner = shapes.rounded_polygon(shapes.rect_points(inset + 2, inset + 2, w - 2 * inset - 4, h - 2 * inset - 4),
                                       0)
        add_path(root, frame + inner, colors[0], evenodd=True, opacity=0.6)
    else:
        spots = [(w * rng.uniform(0.85, 1.05), h * rng.uniform(-0.1, 0.15), unit * rng.uniform(0.28, 0.38)),
                 (w * rng.uniform(-0.08, 0.1), h * rng.uniform(0.85, 1.05), unit * rng.uniform(0.22, 0.32)),
                 (w * rng.uniform(0.75, 0.95), h * rng.uniform(0.8, 1.0), unit * rng.uniform(0.08, 0.12))]
        for (x, y, r), color in zip(spots, colors, strict=False):
            add_path(root, shapes.circle(x, y, r), color, opacity=0.85)


def _big_initial(root: ET.Element, canvas: Canvas, profile: BrandProfile, color: str) -> None:
    """The name's initial as a large, faint, cropped letterform (type as texture). It sits where reading starts:
    at the left edge, or at the right edge for a right-to-left name or a kit in a right-to-left language."""
    from unicodedata import bidirectional

    from brandkit.i18n import negotiate, translator

    family = heading_family(profile)
    display, _ = names.display_text(profile.company_name, family)
    letter = names.cased(names.initials(display)[:1], True) if display else ""
    if not letter:
        return
    line = textpath.shape(letter, family, size=100.0, weight="bold")
    x0, y0, x1, y1 = line.bbox()
    if x1 <= x0 or y1 <= y0:
        return
    s = canvas.height * 1.1 / (y1 - y0)
    rtl = bidirectional(letter[0]) in ("R", "AL") or translator(negotiate(profile.language).locale).rtl
    dx = canvas.width * 0.98 - x1 * s if rtl else canvas.width * 0.02 - x0 * s
    dy = canvas.height * 0.18 - y0 * s
    add_path(root, line.path((s, 0, 0, s, dx, dy)), color, opacity=0.07)


def _text(root: ET.Element, text: str, family: str, size: float, color: str, centre_x: float, top: float,
          max_width: float) -> float:
    """Set `text` centred under `top`, wrapped into at most TAGLINE_MAX_LINES lines and shrunk until the
    widest fits `max_width`; returns the bottom of the block. Outlines only: the SVG carries no text."""
    lines = names.wrap(" ".join(text.split()), family, "regular", 0.0, max_lines=TAGLINE_MAX_LINES)
    shaped = [textpath.shape(line, family, size=100.0) for line in lines]
    widest = max((line.advance for line in shaped), default=0.0)
    scale = min(size, max_width * 100.0 / widest if widest else size) / 100.0
    leading = 1.3 * 100.0 * scale
    y = top
    for line in shaped:
        y += leading
        dx = centre_x - line.advance * scale / 2
        add_path(root, line.path((scale, 0, 0, scale, dx, y - 0.28 * leading)), color)
    return y


def _logo_art(canvas: Canvas, system: LogoSystem, scheme: Scheme) -> artmod.Art:
    layout = canvas.lockup if canvas.lockup in system.variants else "horizontal"
    name = layout + scheme.variant_suffix if scheme.variant_suffix and not scheme.ink else layout
    embedded = artmod.Embedded(system.variants.get(name, system.variants[layout]))
    return artmod.Art(embedded.box(), [embedded])


def _content(root: ET.Element, canvas: Canvas, profile: BrandProfile, system: LogoSystem, scheme: Scheme) -> None:
    """The logo, and the tagline under it where the canvas has room, centred together in the safe area."""
    sx, sy, sw, sh = canvas.safe
    mark = _logo_art(canvas, system, scheme)
    colors = artmod.one_color(scheme.ink) if scheme.ink else {}  # else the variant keeps its own colours
    if canvas.lockup == "icon":  # avatars: a faint disc behind the icon keeps it legible in the circle crop
        add_path(root, shapes.circle(sx + sw / 2, sy + sh / 2, sw * 0.72), scheme.ink or "#FFFFFF", opacity=0.12)
        placed = artmod.place_in(mark, (sx, sy, sx + sw, sy + sh))
        artmod.emit(root, artmod.Art(placed.box(), [placed]), colors)
        return
    tagline = profile.tagline if canvas.tagline else ""
    share = canvas.logo_share
    scale = min(sw * share / mark.width, sh * share * (TAGLINE_HEIGHT_SHARE if tagline else 1.0) / mark.height)
    logo_w, logo_h = mark.width * scale, mark.height * scale
    size = min(min(canvas.width, canvas.height) * TAGLINE_SIZE, logo_h * 0.5)
    block_h = logo_h + (size * (0.6 + 1.3 * 2) if tagline else 0.0)  # two lines' room, the usual case
    top = sy + (sh - block_h) / 2
    placed = artmod.place_in(mark, (sx + (sw - logo_w) / 2, top, sx + (sw + logo_w) / 2, top + logo_h))
    artmod.emit(root, artmod.Art(placed.box(), [placed]), colors)
    if tagline:
        family = next((c.family for c in profile.fonts if c.role == "body"), heading_family(profile))
        family = fonts.fallback_for(tagline, family)
        _text(root, tagline, family, size, scheme.text, sx + sw / 2, top + logo_h + size * 0.6, sw * 0.9)


def compose(canvas: Canvas, profile: BrandProfile, palette: Palette, system: LogoSystem) -> str:
    scheme = _scheme(palette, canvas.background)
    root = svg_root(canvas.width, canvas.height)
    add_rect(root, 0, 0, canvas.width, canvas.height, scheme.background)
    rng = random.Random(f"{canvas.name}:{profile.company_name}")
    look = look_for(profile)
    _decorations(root, canvas, look.family, scheme.shapes, rng)
    _big_initial(root, canvas, profile, scheme.ink or artmod.full_colors(palette)["mark"])
    _content(root, canvas, profile, system, scheme)
    return to_string(root)


def _jpeg(png: bytes) -> bytes:
    # Baseline, not progressive: progressive scans cost ~3x the encoding time (about 0.1 s a kit) for files
    # only ~4% smaller (measured 2026-12-02 on the sample kit: 431 KB against 450 KB for the twelve canvases).
    out = io.BytesIO()
    Image.open(io.BytesIO(png)).convert("RGB").save(out, "JPEG", quality=JPEG_QUALITY, optimize=True)
    return out.getvalue()


def render_social(profile: BrandProfile, palette: Palette, system: LogoSystem) -> dict[str, bytes]:
    """social/<name>.svg, .png and .jpg for every canvas in data/social_sizes.json, the canvases spread over
    the cores the function has (resvg and the JPEG encoding are most of the time; both grow with the pixels)."""
    def one(canvas: Canvas) -> dict[str, bytes]:
        svg = compose(canvas, profile, palette, system)
        png = raster.png(svg, canvas.width, canvas.height)
        return {f"social/{canvas.name}.svg": svg.encode(), f"social/{canvas.name}.png": png,
                f"social/{canvas.name}.jpg": _jpeg(png)}

    files: dict[str, bytes] = {}
    for rendered in forked.map_forked(one, canvases(), [c.width * c.height for c in canvases()], forked.cpus()):
        files.update(rendered)
    return files
