"""`brandkit preview KITDIR`: one contact-sheet PNG of a generated kit, to look at it in one glance.

Rows: the logo concepts (the chosen one first), every variant of logo/logo.json on the background it
declares, the palette's swatches, and the social images. SVGs are rasterised by resvg (the kit's own
renderer). The company name and the labels are set with the kit's own shaping, in a face of the layer that
draws their script (right-to-left included), so the sheet needs no installed fonts and speaks the reader's
language.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

from PIL import Image

from brandkit import fonts
from brandkit.i18n import N_, SOURCE, Translator, translator
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
    label = _text_image(caption, 15, MUTED)
    tile.paste(label, (2, box[1] + 4), label)
    return tile


class Sheet:
    def __init__(self) -> None:
        self.rows: list[Image.Image] = []

    def heading(self, text: str, name: str = "") -> None:
        row = Image.new("RGB", (WIDTH - 2 * MARGIN, 48), SHEET_BG)
        x = 0
        if name:
            title = _text_image(name, 44)
            row.paste(title, (0, max(0, 40 - title.height)), title)
            x = title.width + 16
        words = _text_image(text, 22)
        row.paste(words, (x, max(0, 38 - words.height)), words)
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


def _text_image(text: str, size: float, colour: str = "#111111") -> Image.Image:
    """The text set at `size` px in a face that draws it, as an RGBA image of its ink (bidi and shaping included):
    the same size gives the same type size in every script, whatever its ink's height."""
    em = 100.0
    line = textpath.shape(text, fonts.fallback_for(text, "Inter"), size=em)
    x0, y0, x1, y1 = line.bbox()
    if x1 <= x0:
        return Image.new("RGBA", (1, max(1, round(size))))
    root = svg_root(x1 - x0, y1 - y0, (x0, y0, x1 - x0, y1 - y0))
    add_path(root, line.path(), colour)
    svg = to_string(root)
    scale = size / em
    return raster.image(svg, max(1, round((x1 - x0) * scale)), max(1, round((y1 - y0) * scale))).convert("RGBA")


def _concepts(kit: Path, t: Translator) -> list[Image.Image]:
    box = (230, 230)
    chosen = t.pgettext("preview sheet", "chosen (master)")
    out = [_tile(_svg_image(kit / "logo" / "master.svg", box), box, "#FFFFFF", chosen)]
    concepts = kit / "logo" / "concepts"
    for path in sorted(concepts.glob("*.svg")) if concepts.is_dir() else []:
        out.append(_tile(_svg_image(path, box), box, "#FFFFFF", path.stem))
    return out


def _variants(kit: Path, t: Translator) -> list[Image.Image]:
    index = json.loads((kit / "logo" / "logo.json").read_text(encoding="utf-8"))
    out = []
    for entry in index["variants"]:
        box = (230, 230) if entry["layout"] == "icon" else (480, 230)
        img = _svg_image(kit / entry["file"], (box[0] - 40, box[1] - 40))
        caption = t.pgettext("preview sheet", "{variant} on {background}").format(
            variant=entry["variant"], background=entry["background"])
        out.append(_tile(img, box, entry["background"], caption))
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


def contact_sheet(kit: Path, t: Translator | None = None) -> bytes:
    """PNG of the kit in KITDIR: concepts, variants on their grounds, palette, social images; labelled in t's
    language (English by default)."""
    t = t or translator(SOURCE)
    for needed in ("logo/logo.json", "logo/master.svg", "palette/palette.json"):
        if not (kit / needed).is_file():
            raise PreviewError(Said(N_("cli preview", "{kit} is not a brand kit: {file} is missing"),
                                    {"kit": kit, "file": needed}))
    manifest = kit / "manifest.json"
    name = json.loads(manifest.read_text(encoding="utf-8")).get("company_name", "") if manifest.is_file() else ""
    sheet = Sheet()
    sheet.heading(t.pgettext("preview sheet", "logo concepts"), name or kit.name)
    sheet.tiles(_concepts(kit, t))
    sheet.heading(t.pgettext("preview sheet", "Logo variants, each on the background logo.json declares"))
    sheet.tiles(_variants(kit, t))
    sheet.heading(t.pgettext("preview sheet", "Palette"))
    sheet.tiles(_palette(kit))
    sheet.heading(t.pgettext("preview sheet", "Social images"))
    sheet.tiles(_social(kit))
    out = io.BytesIO()
    sheet.image().save(out, "PNG", optimize=True)
    return out.getvalue()
