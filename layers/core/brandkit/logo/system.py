"""The logo system: every file a business needs, from one concept (parametric, traced or imported).

Variants: horizontal and stacked lockups, icon and wordmark, each for a light and a dark ground
(grounds.py: every element reads on the ground it is declared for), one-colour black and white,
and inverse on the primary colour. Each is an SVG (text as outlines) and transparent PNGs at
16-1024 px on its longer side; plus favicon.ico (16/32/48) and apple-touch-icon.png (180).
logo/logo.json lists every variant with its file, its declared background and its minimum size.
In the lockups the name's outlines are the group `wordmark` and the mark's the group `symbol`.

PNGs: each full-colour variant is rendered by resvg at every size; the one-colour variants take the
master's alpha (one 1024 px render) reduced by area averaging on premultiplied alpha.
"""

from __future__ import annotations

import io
import json
import math
from dataclasses import dataclass, field
from typing import Any

from PIL import Image

from brandkit import forked
from brandkit.artifacts import BrandProfile, LogoConcept, Palette

from . import art as artmod
from . import grounds, marks, raster
from .designer import make_specs
from .importer import recolor, sanitize_svg, snap_to_palette
from .svg import unsafe_parts

DARK = "-dark"  # suffix of the variants drawn for the dark ground
VARIANTS = ("horizontal", "stacked", "icon", "wordmark", *(layout + DARK for layout in marks.LAYOUTS),
            "mono-black", "mono-white", "inverse")
PART_IDS = {"icon": "symbol", "wordmark": "wordmark"}  # a lockup groups its parts itself (marks.lockup)
PNG_SIZES = (16, 32, 48, 64, 128, 256, 512, 1024)
FAVICON_SIZES = (16, 32, 48)
APPLE_TOUCH = 180
PAD = 0.08  # margin inside every file, as a share of the artwork's height

CLEAR_SPACE_SHARE = 0.25  # free space on every side: a quarter of the mark's height (or the name's cap height)
MIN_CAP_PX, MIN_CAP_MM = 7.0, 1.6  # smallest capital height at which the name still reads
MIN_ICON_PX, MIN_ICON_MM = 16, 6.0
WIDE_IMPORT = 1.8  # an imported logo wider than this already holds its name: used as every lockup
ASSUMED_CAP_SHARE = 0.3  # capital height of such a logo's lettering, as a share of its height


@dataclass
class LogoSystem:
    concept_id: str
    master_svg: str
    variants: dict[str, str]  # variant -> SVG text
    files: dict[str, bytes]  # kit-relative path -> content
    clear_space: float  # in the master SVG's user units (viewBox units)
    clear_space_unit: str  # that length in words
    min_sizes: dict[str, float]  # the master's smallest width: {"screen_px": ..., "print_mm": ...}
    variant_min_sizes: dict[str, dict[str, float]] = field(default_factory=dict)  # the same, per variant
    backgrounds: dict[str, str] = field(default_factory=dict)  # variant -> the background it is drawn for
    notes: list[str] = field(default_factory=list)


def _palette_hexes(palette: Palette) -> list[str]:
    roles = ("primary", "secondary", "accent", "text", "neutral-900", "neutral-50", "background")
    return list(dict.fromkeys(grounds.palette_hexes(palette, roles)))


def _arts(concept: LogoConcept, profile: BrandProfile, palette: Palette, source_svg: str | None,
          ground: grounds.Ground | None = None) -> tuple[dict[str, artmod.Art], str, list[str]]:
    """Artwork per layout, the master layout, notes. An imported logo keeps its own colours, so for a
    ground each of them is moved in lightness until it reads there."""
    if source_svg is None:
        if concept.spec is None:
            raise ValueError(f"concept {concept.id} has no spec and no source SVG was given")
        spec = concept.spec
        return {layout: marks.lockup(spec, layout) for layout in marks.LAYOUTS}, spec["layout"], []
    clean, notes = sanitize_svg(source_svg)
    snapped = snap_to_palette(clean, _palette_hexes(palette))
    if ground is not None:
        # its lettering cannot be told from its graphics: every colour reads as a name must
        snapped = recolor(snapped, lambda hex_: grounds.readable(hex_, ground.background, grounds.NAME_CONTRAST))
    embedded = artmod.Embedded(snapped)
    mark = artmod.Art(embedded.box(), [embedded])
    specs, text_notes = make_specs(profile, seed=0)
    notes = notes + ["colours snapped to the palette"]
    if mark.width / mark.height > WIDE_IMPORT:
        mark.cap = mark.height * ASSUMED_CAP_SHARE  # its lettering cannot be measured; assume it
        # The upload is a full lockup: keep it whole; the icon is a letter in a shape, in the brand's type.
        notes.append("the upload is wide, so it is used as every lockup; the icon is its initial in a shape")
        icon = marks.lockup(specs["letter-in-shape"], "icon")
        arts = {"icon": icon, "horizontal": mark, "stacked": mark, "wordmark": mark}
        return arts, "horizontal", notes + text_notes
    spec = specs["combination"]
    arts = {layout: marks.lockup(spec, layout, mark=mark) for layout in ("icon", "horizontal", "stacked")}
    arts["wordmark"] = marks.lockup(specs["wordmark"], "wordmark")
    return arts, "icon", notes + text_notes


def _svg(art: artmod.Art, colors: dict[str, str], layout: str, background: str | None = None) -> str:
    if layout in PART_IDS:
        art = artmod.Art(art.box, [artmod.Placed(art, id=PART_IDS[layout])], cap=art.cap)
    return artmod.write_svg(art, colors, pad=PAD, background=background, square=layout == "icon")


def _levels(img: Image.Image, svg: str) -> dict[int, Image.Image]:
    """The image at every PNG size, each reduced by area averaging from the next larger one."""
    out: dict[int, Image.Image] = {}
    current = img
    for size in sorted(PNG_SIZES, reverse=True):
        target = raster.fit_size(svg, size)
        if current.size != target:
            current = current.resize(target, Image.Resampling.BOX)
        out[size] = current
    return out


def _full_color_pngs(name: str, svg: str) -> dict[str, bytes]:
    """PNGs of a variant at every size, each drawn by resvg at its size. Since the resvg binding's PNG output
    became cheap, this beats one 1024 px render reduced by Pillow: 0.16 against 0.26-0.30 s of CPU for five
    variants (no decode, resize or Pillow encoding), in files 25% smaller (268 against 354 KB), measured
    2026-12-02; resvg's own anti-aliasing at each size is what the reductions approximated."""
    return {f"logo/png/{name}-{size}.png": raster.png(svg, *raster.fit_size(svg, size)) for size in PNG_SIZES}


def _one_color_pngs(
    name: str, svg: str, alpha: Image.Image, color: str, background: str | None = None
) -> dict[str, Any]:
    """PNGs of a one-colour variant of the same artwork: identical coverage, so the alpha of the
    full-colour render is the one-colour render's alpha (one resvg pass serves three variants)."""
    out = {}
    for size, mask in _levels(alpha, svg).items():
        ink = Image.new("RGBA", mask.size, color)
        if background is None:
            ink.putalpha(mask)
            img = ink
        else:
            img = Image.new("RGBA", mask.size, background)
            img.paste(ink, (0, 0), mask)
        out[f"logo/png/{name}-{size}.png"] = raster.encode_png(img)
    return out


def _favicon(icon_svg: str) -> bytes:
    img = raster.image(icon_svg, 48, 48)
    out = io.BytesIO()
    img.save(out, "ICO", sizes=[(s, s) for s in FAVICON_SIZES])
    return out.getvalue()


def _apple_touch(icon_art: artmod.Art, colors: dict[str, str], background: str) -> bytes:
    # iOS fills transparency with black: the touch icon is opaque, on the light background.
    svg = artmod.write_svg(icon_art, colors, pad=0.16, background=background, square=True)
    return raster.encode_png(raster.image(svg, APPLE_TOUCH, APPLE_TOUCH))


def _min_sizes(arts: dict[str, artmod.Art], svgs: dict[str, str], layouts: dict[str, str]) -> dict[str, Any]:
    out: dict[str, dict[str, float]] = {}
    for variant in svgs:
        art = arts[layouts[variant]]
        width_units = art.width + 2 * PAD * max(art.height, art.width if layouts[variant] == "icon" else art.height)
        if art.cap:  # the name must keep a readable capital height
            share = art.cap / width_units
            out[variant] = {"screen_px": math.ceil(MIN_CAP_PX / share), "print_mm": round(MIN_CAP_MM / share, 1)}
        else:
            out[variant] = {"screen_px": MIN_ICON_PX, "print_mm": MIN_ICON_MM}
    return out


@dataclass
class Variants:
    """The SVG of every variant, before any rasterising."""

    svgs: dict[str, str]
    arts: dict[str, artmod.Art]
    master_layout: str
    layouts: dict[str, str]  # variant -> the layout it draws
    backgrounds: dict[str, str]  # variant -> the background it is drawn for
    notes: list[str]

    @property
    def master(self) -> str:
        return self.svgs[self.master_layout]


def build_variants(concept: LogoConcept, profile: BrandProfile, palette: Palette,
                   source_svg: str | None = None) -> Variants:
    light, dark = grounds.grounds(palette)
    arts, master_layout, notes = _arts(concept, profile, palette, source_svg, light if source_svg else None)
    dark_arts = _arts(concept, profile, palette, source_svg, dark)[0] if source_svg else arts
    layouts = {layout: layout for layout in marks.LAYOUTS} | {layout + DARK: layout for layout in marks.LAYOUTS}
    layouts |= {"mono-black": master_layout, "mono-white": master_layout, "inverse": master_layout}
    inverse_bg, inverse_ink = grounds.inverse_ground(palette)
    backgrounds = {layout: light.background for layout in marks.LAYOUTS}
    backgrounds |= {layout + DARK: dark.background for layout in marks.LAYOUTS}
    backgrounds |= {"mono-black": grounds.INK_LIGHT, "mono-white": "#000000", "inverse": inverse_bg}
    on_light, on_dark = (grounds.colors_on(palette, g, _name_roles(arts)) for g in (light, dark))
    svgs = {layout: _svg(arts[layout], on_light, layout) for layout in marks.LAYOUTS}
    svgs |= {layout + DARK: _svg(dark_arts[layout], on_dark, layout) for layout in marks.LAYOUTS}
    master = arts[master_layout]
    svgs["mono-black"] = _svg(master, artmod.one_color("#000000"), master_layout)
    svgs["mono-white"] = _svg(master, artmod.one_color("#FFFFFF"), master_layout)
    svgs["inverse"] = _svg(master, artmod.one_color(inverse_ink), master_layout, background=inverse_bg)
    for name, svg in svgs.items():
        if unsafe_parts(svg):
            raise RuntimeError(f"{name} is not safe: {unsafe_parts(svg)}")  # a bug, never user error
    all_arts = arts | {layout + DARK: dark_arts[layout] for layout in marks.LAYOUTS}
    return Variants(svgs, all_arts, master_layout, layouts, backgrounds, notes)


def _name_roles(arts: dict[str, artmod.Art]) -> frozenset[str]:
    """Colour roles that draw the name in any layout: the wordmark, and a lockup's `wordmark` part."""
    roles = set(arts["wordmark"].roles()) if "wordmark" in arts else set()
    for art in arts.values():
        roles |= {r for item in art.items if isinstance(item, artmod.Placed) and item.id == "wordmark"
                  for r in item.art.roles()}
    return frozenset(roles)


def _concept_svg(spec: dict[str, Any], palette: Palette) -> str:
    """An alternate concept in its own layout, in the colours its lockup has on the light ground."""
    layout = spec["layout"]
    art = marks.lockup(spec, layout)
    return _svg(art, grounds.colors_on(palette, grounds.grounds(palette)[0], _name_roles({layout: art})), layout)


def logo_json(v: Variants, sizes: dict[str, dict[str, float]]) -> dict[str, Any]:
    """logo/logo.json: every variant's file, the background it is drawn for and its smallest size."""
    return {"master": f"logo/{v.master_layout}.svg", "variants": [
        {"variant": name, "file": f"logo/{name}.svg", "png": f"logo/png/{name}-{{size}}.png",
         "layout": v.layouts[name], "background": v.backgrounds[name],
         "transparent": name != "inverse", "min_size": sizes[name]}
        for name in VARIANTS]}


def build_logo_system(concept: LogoConcept, profile: BrandProfile, palette: Palette, source_svg: str | None = None,
                      alternates: list[LogoConcept] | tuple[LogoConcept, ...] = ()) -> LogoSystem:
    """Every logo file of the kit from the chosen concept.

    `source_svg` is the traced or imported logo (any SVG; it is sanitised again here and its
    colours are snapped to the palette). `alternates` are drawn to logo/concepts/<id>.svg.
    """
    v = build_variants(concept, profile, palette, source_svg)
    files: dict[str, bytes] = {"logo/master.svg": v.master.encode()}
    for name in VARIANTS:
        files[f"logo/{name}.svg"] = v.svgs[name].encode()
    names = (*marks.LAYOUTS, *(layout + DARK for layout in marks.LAYOUTS))
    rendered = forked.map_forked(lambda name: _full_color_pngs(name, v.svgs[name]), names, [1.0] * len(names),
                                 forked.cpus())  # the same sizes for each variant: about equal costs
    for pngs in rendered:
        files.update(pngs)
    big = files[f"logo/png/{v.master_layout}-{max(PNG_SIZES)}.png"]
    alpha = Image.open(io.BytesIO(big)).convert("RGBA").getchannel("A")
    files.update(_one_color_pngs("mono-black", v.master, alpha, "#000000"))
    files.update(_one_color_pngs("mono-white", v.master, alpha, "#FFFFFF"))
    inverse_bg, inverse_ink = grounds.inverse_ground(palette)
    files.update(_one_color_pngs("inverse", v.master, alpha, inverse_ink, inverse_bg))
    files["logo/favicon.ico"] = _favicon(v.svgs["icon"])
    light = grounds.grounds(palette)[0]
    files["logo/apple-touch-icon.png"] = _apple_touch(v.arts["icon"], grounds.colors_on(palette, light),
                                                      light.background)
    for alt in alternates:
        if alt.spec is not None:
            svg = _concept_svg(alt.spec, palette)
            if unsafe_parts(svg):
                raise RuntimeError(f"concept {alt.id} is not safe: {unsafe_parts(svg)}")
            files[f"logo/concepts/{alt.id}.svg"] = svg.encode()
    sizes = _min_sizes(v.arts, v.svgs, v.layouts)
    files["logo/logo.json"] = json.dumps(logo_json(v, sizes), indent=2).encode()
    space, unit = _clear_space(v.arts[v.master_layout], v.master_layout)
    return LogoSystem(concept_id=concept.id, master_svg=v.master, variants=dict(v.svgs), files=files,
                      clear_space=space, clear_space_unit=unit, min_sizes=sizes[v.master_layout],
                      variant_min_sizes=sizes, backgrounds=v.backgrounds, notes=v.notes)


def _clear_space(master: artmod.Art, layout: str) -> tuple[float, str]:
    """Clear space in the master SVG's own units: a quarter of the mark's height, or the capital
    height of the name for a wordmark (which has no mark)."""
    if layout == "wordmark" and master.cap:
        return round(master.cap, 2), "units of the logo's drawing grid (the height of the name's capitals)"
    return round(marks.SIZE * CLEAR_SPACE_SHARE, 2), "units of the logo's drawing grid (a quarter of the mark's height)"
