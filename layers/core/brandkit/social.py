"""Social-media assets: each canvas of data/social_sizes.json composed as SVG, then PNG.

A canvas is more than the logo on white: a palette background, shapes in the brand's style
family (circles for playful/organic/minimal, diagonal bands for tech/rugged, fine rings for
luxury/vintage), a large cropped initial in the heading type, and the lockup that suits the
canvas (stacked, horizontal or icon) inside the platform's safe area. No taglines: the kit
carries no copy that a person has not approved.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from brandkit.artifacts import BrandProfile, Palette
from brandkit.logo import art as artmod
from brandkit.logo import names, raster, shapes, textpath
from brandkit.logo.designer import heading_family
from brandkit.logo.look import look_for
from brandkit.logo.svg import add_path, add_rect, svg_root, to_string
from brandkit.logo.system import LogoSystem

SIZES_FILE = Path(__file__).resolve().parent / "data" / "social_sizes.json"
LOGO_SHARE = 0.62  # the logo fills at most this share of the safe area's width or height


@dataclass(frozen=True)
class Canvas:
    name: str
    width: int
    height: int
    use: str
    safe: tuple[int, int, int, int]
    background: str
    lockup: str


@lru_cache(maxsize=1)
def canvases() -> tuple[Canvas, ...]:
    raw = json.loads(SIZES_FILE.read_text(encoding="utf-8"))
    return tuple(Canvas(s["name"], s["width"], s["height"], s["use"], tuple(s["safe"]), s["background"], s["lockup"])
                 for s in raw["sizes"])


def _colors(palette: Palette, background_role: str) -> tuple[str, str, list[str]]:
    """Background, the logo's single colour on it (None = full colour), and shape colours."""
    full = artmod.full_colors(palette)
    if background_role == "light":
        return artmod.light_background(palette), "", [full["mark"], full["detail"], full["third"]]
    bg = palette.hex(background_role)
    ink = artmod.on_primary(palette) if background_role == "primary" else artmod.ink_on(bg)
    return bg, ink, [full["detail"], full["third"], ink]


def _decorations(root, canvas: Canvas, family: str, colors: list[str], rng: random.Random) -> None:
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
        for (x, y, r), color in zip(spots, colors):
            add_path(root, shapes.circle(x, y, r), color, opacity=0.85)


def _big_initial(root, canvas: Canvas, profile: BrandProfile, color: str) -> None:
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


def _logo(root, canvas: Canvas, system: LogoSystem, ink: str) -> None:
    svg = system.variants[canvas.lockup if canvas.lockup in system.variants else "horizontal"]
    embedded = artmod.Embedded(svg)
    mark = artmod.Art(embedded.box(), [embedded])
    sx, sy, sw, sh = canvas.safe
    limit = LOGO_SHARE if canvas.lockup != "icon" else 1.0
    box = (sx + sw * (1 - limit) / 2, sy + sh * (1 - limit) / 2, sx + sw * (1 + limit) / 2, sy + sh * (1 + limit) / 2)
    placed = artmod.place_in(mark, box)
    if canvas.lockup == "icon":  # avatars: a light disc behind the icon keeps it legible in the circle crop
        add_path(root, shapes.circle(sx + sw / 2, sy + sh / 2, sw * 0.72), ink or "#FFFFFF", opacity=0.12)
    colors = artmod.one_color(ink) if ink else {}  # full colour: the variant's SVG has its own colours
    artmod.emit(root, artmod.Art(placed.box(), [placed]), colors)


def compose(canvas: Canvas, profile: BrandProfile, palette: Palette, system: LogoSystem) -> str:
    background, ink, shape_colors = _colors(palette, canvas.background)
    root = svg_root(canvas.width, canvas.height)
    add_rect(root, 0, 0, canvas.width, canvas.height, background)
    rng = random.Random(f"{canvas.name}:{profile.company_name}")
    look = look_for(profile)
    _decorations(root, canvas, look.family, shape_colors, rng)
    _big_initial(root, canvas, profile, ink or artmod.full_colors(palette)["mark"])
    _logo(root, canvas, system, ink)
    return to_string(root)


def render_social(profile: BrandProfile, palette: Palette, system: LogoSystem) -> dict[str, bytes]:
    """social/<name>.svg and social/<name>.png for every canvas in data/social_sizes.json."""
    files: dict[str, bytes] = {}
    for canvas in canvases():
        svg = compose(canvas, profile, palette, system)
        files[f"social/{canvas.name}.svg"] = svg.encode()
        files[f"social/{canvas.name}.png"] = raster.png(svg, canvas.width, canvas.height)
    return files

