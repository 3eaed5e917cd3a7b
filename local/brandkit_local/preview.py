"""`brandkit preview KITDIR`: one contact-sheet PNG of a generated kit, to look at it in one glance.

Rows: the logo concepts (the chosen one first), every variant of logo/logo.json on the background it
declares, the palette's swatches, and the social images. SVGs are rasterised by resvg (the kit's own
renderer); the company name is set with the kit's own shaping (any script), the labels in Pillow's
built-in font, so the sheet needs no installed fonts.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from brandkit import fonts
from brandkit.i18n import N_
from brandkit.i18n.said import Said
from brandkit.logo import raster, textpath
from brandkit.logo.svg import add_path, svg_root, to_string

WIDTH = 1600
MARGIN = 32
GAP = 20
LABEL = 22  # height of a caption line
SHEET_BG = "#FFFFFF"
MUTED = "#6B6B6B"


class PreviewError(ValueError):
    """The directory is not a kit (what is missing is said): English by str(), any language by `said.say(t)`."""

    def __init__(self, said: Said) -> None:
        super().__init__(str(said))
        self.said = said


def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    return ImageFont.load_default(size)


def _svg_image(path: Path, box: tuple[int, int]) -> Image.Image:
    svg = path.read_text(encoding="utf-8")
    width, height = raster.fit_size(svg, max(box))
    scale = min(box[0] / width, box[1] / height, 1.0)
    return raster.image(svg, max(1, round(width * scale)), max(1, round(height * scale))).convert("RGBA")


def _fit(img: Image.Image, box: tuple[int, int]) -> Image.Image:
    img = img.copy()
    img.thumbnail(box, Image.Resampling.LANCZOS)
    return img


def _tile(img: Image.Image, box: tuple[int, int], background: str, caption: str) -> Image.Image:
    tile = Image.new("RGB", (box[0], box[1] + LABEL), SHEET_BG)
    ground = Image.new("RGB", box, background)
    ground.paste(img, ((box[0] - img.width) // 2, (box[1] - img.height) // 2), img if img.mode == "RGBA" else None)
    tile.paste(ground, (0, 0))
    ImageDraw.Draw(tile).text((2, box[1] + 4), caption, fill=MUTED, font=_font(15))
    return tile


class Sheet:
    def __init__(self) -> None:
        self.rows: list[Image.Image] = []

    def heading(self, text: str, name: str = "") -> None:
        row = Image.new("RGB", (WIDTH - 2 * MARGIN, 48), SHEET_BG)
        x = 0
        if name:
            title = _name_image(name, 34)
            row.paste(title, (0, 6), title)
            x = title.width + 16
        ImageDraw.Draw(row).text((x, 12), text, fill="#111111", font=_font(24))
        self.rows.append(row)

    def tiles(self, tiles: list[Image.Image]) -> None:
        """Tiles left to right, wrapping onto new rows."""
        inner = WIDTH - 2 * MARGIN
        row: list[Image.Image] = []
        for tile in tiles:
            if row and sum(t.width + GAP for t in row) + tile.width > inner:
                self._row(row)
                row = []
            row.append(tile)
        if row:
            self._row(row)

    def _row(self, tiles: list[Image.Image]) -> None:
        out = Image.new("RGB", (WIDTH - 2 * MARGIN, max(t.height for t in tiles) + GAP), SHEET_BG)
        x = 0
        for tile in tiles:
            out.paste(tile, (x, 0))
            x += tile.width + GAP
        self.rows.append(out)

    def image(self) -> Image.Image:
        height = sum(r.height for r in self.rows) + 2 * MARGIN
        out = Image.new("RGB", (WIDTH, height), SHEET_BG)
        y = MARGIN
        for row in self.rows:
            out.paste(row, (MARGIN, y))
            y += row.height
        return out


def _name_image(name: str, height: int) -> Image.Image:
    """The name in a face that draws it, as an RGBA image `height` px tall (bidi and shaping included)."""
    line = textpath.shape(name, fonts.fallback_for(name, "Inter"), size=100.0)
    x0, y0, x1, y1 = line.bbox()
    if x1 <= x0:
        return Image.new("RGBA", (1, height))
    root = svg_root(x1 - x0, y1 - y0, (x0, y0, x1 - x0, y1 - y0))
    add_path(root, line.path(), "#111111")
    svg = to_string(root)
    return raster.image(svg, max(1, round(height * (x1 - x0) / (y1 - y0))), height).convert("RGBA")


def _concepts(kit: Path) -> list[Image.Image]:
    box = (230, 230)
    out = [_tile(_svg_image(kit / "logo" / "master.svg", box), box, "#FFFFFF", "chosen (master)")]
    concepts = kit / "logo" / "concepts"
    for path in sorted(concepts.glob("*.svg")) if concepts.is_dir() else []:
        out.append(_tile(_svg_image(path, box), box, "#FFFFFF", path.stem))
    return out


def _variants(kit: Path) -> list[Image.Image]:
    index = json.loads((kit / "logo" / "logo.json").read_text(encoding="utf-8"))
    out = []
    for entry in index["variants"]:
        box = (230, 230) if entry["layout"] == "icon" else (480, 230)
        img = _svg_image(kit / entry["file"], (box[0] - 40, box[1] - 40))
        out.append(_tile(img, box, entry["background"], f"{entry['variant']} on {entry['background']}"))
    return out


def _palette(kit: Path) -> list[Image.Image]:
    data = json.loads((kit / "palette" / "palette.json").read_text(encoding="utf-8"))
    out = []
    for colour in data["colors"]:
        swatch = Image.new("RGBA", (118, 80), colour["hex"])
        out.append(_tile(swatch, (118, 80), colour["hex"], f"{colour['role']} {colour['hex']}"[:16]))
    return out


def _social(kit: Path) -> list[Image.Image]:
    out = []
    for path in sorted((kit / "social").glob("*.png")):
        img = Image.open(path).convert("RGBA")
        box = (380, 300) if img.width >= img.height else (200, 300)
        out.append(_tile(_fit(img, box), box, "#EEEEEE", f"{path.stem} {img.width}x{img.height}"))
    return out


def contact_sheet(kit: Path) -> bytes:
    """PNG of the kit in KITDIR: concepts, variants on their grounds, palette, social images."""
    for needed in ("logo/logo.json", "logo/master.svg", "palette/palette.json"):
        if not (kit / needed).is_file():
            raise PreviewError(Said(N_("cli preview", "{kit} is not a brand kit: {file} is missing"),
                                    {"kit": kit, "file": needed}))
    manifest = kit / "manifest.json"
    name = json.loads(manifest.read_text(encoding="utf-8")).get("company_name", "") if manifest.is_file() else ""
    sheet = Sheet()
    sheet.heading("logo concepts", name or kit.name)
    sheet.tiles(_concepts(kit))
    sheet.heading("Logo variants, each on the background logo.json declares")
    sheet.tiles(_variants(kit))
    sheet.heading("Palette")
    sheet.tiles(_palette(kit))
    sheet.heading("Social images")
    sheet.tiles(_social(kit))
    out = io.BytesIO()
    sheet.image().save(out, "PNG", optimize=True)
    return out.getvalue()
