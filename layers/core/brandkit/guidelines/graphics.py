"""Vector illustrations: logo tiles, the misuse gallery, swatches,
colour-vision previews and the business card. All drawn from the real logo and palette."""

from __future__ import annotations

from reportlab.graphics import renderPDF
from reportlab.graphics.shapes import Drawing, Group, Line, Rect
from reportlab.lib.colors import Color, HexColor
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable

from brandkit.artifacts import BRAND_ROLES
from brandkit.guidelines import colours
from brandkit.guidelines.kit import Kit
from brandkit.guidelines.svgdraw import Logo, Recolour
from brandkit.guidelines.typeset import TextStyle, draw_text, font_name

DONT_RED = "#C62828"


def draw_drawing(drawing: Drawing, canvas: Canvas, x: float, y: float) -> None:
    """renderPDF.draw, starting from the canvas's current (embedded) font instead of Helvetica, so the
    PDF never references an unembedded font even though logos contain no text."""
    # The canvas's current font: an attribute the stubs leave out (reportlab has no public getter).
    drawing.initialFontName = canvas._fontname  # type: ignore[attr-defined]
    renderPDF.draw(drawing, canvas, x, y)
PX_TO_PT = 0.75  # CSS pixel at 96 dpi


class Tile(Flowable):
    """A logo drawn centred in a box of the given ground colour, with a caption underneath."""

    CAPTION = 22

    def __init__(self, kit: Kit, logo: Logo, caption: str, width: float, height: float, ground: str,
                 recolour: Recolour | None = None, note: str = "", note_style: TextStyle | None = None) -> None:
        super().__init__()
        self.kit, self.logo, self.caption, self.note = kit, logo, caption, note
        self.note_style = note_style or kit.style("small")
        self.width, self.box, self.ground, self.recolour = width, height, ground, recolour

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        return self.width, self.box + self.CAPTION

    def draw(self) -> None:
        canvas = self.canv
        top = self.CAPTION
        canvas.setFillColor(self.ground)
        canvas.setStrokeColor(self.kit.colours.rule)
        canvas.rect(0, top, self.width, self.box, stroke=1, fill=1)
        self.paint(canvas, 0, top, self.width, self.box)
        draw_text(canvas, self.caption, 0, top - 10, self.kit.style("label"), width=self.width)
        if self.note:
            draw_text(canvas, self.note, 0, top - 19, self.note_style, width=self.width)

    def paint(self, canvas: Canvas, x: float, y: float, w: float, h: float) -> None:
        drawing = self.logo.drawing(w * 0.75, h * 0.7, recolour=self.recolour)
        draw_drawing(drawing, canvas, x + (w - drawing.width) / 2, y + (h - drawing.height) / 2)


class MisuseTile(Tile):
    """A deliberately wrong use of the logo, crossed out."""

    def __init__(self, kit: Kit, kind: str, caption: str, width: float, height: float) -> None:
        super().__init__(kit, kit.logo, caption, width, height, kit.colours.background)
        self.kind = kind

    def paint(self, canvas: Canvas, x: float, y: float, w: float, h: float) -> None:
        primary = self.kit.colours.primary
        drawing = self.logo.drawing(w * 0.6, h * 0.55)
        cx, cy = x + w / 2, y + h / 2
        canvas.saveState()
        path = canvas.beginPath()
        path.rect(x, y, w, h)
        canvas.clipPath(path, stroke=0, fill=0)
        if self.kind == "busy":
            _stripes(canvas, x, y, w, h, [primary, colours.rotate_hue(primary, 120), colours.rotate_hue(primary, 240)])
        canvas.translate(cx, cy)
        if self.kind == "stretched":
            canvas.scale(1.55, 0.65)
        elif self.kind == "rotated":
            canvas.rotate(24)
        if self.kind == "effects":  # drop shadow and glow-like offset copies
            for dx, dy, alpha in ((4, -4, 0.35), (2, -2, 0.5)):
                shadow = self.logo.drawing(w * 0.6, h * 0.55, recolour=lambda _: "#000000", opacity=alpha)
                draw_drawing(shadow, canvas, dx - shadow.width / 2, dy - shadow.height / 2)
        recolour = {
            "recoloured": lambda c: colours.rotate_hue(c, 150),
            "low-contrast": lambda c: colours.with_lightness(c, 0.9),
        }.get(self.kind)
        if recolour:
            drawing = self.logo.drawing(w * 0.6, h * 0.55, recolour=recolour)
        draw_drawing(drawing, canvas, -drawing.width / 2, -drawing.height / 2)
        canvas.restoreState()
        _cross(canvas, x + w - 16, y + h - 16, 9)


def _stripes(canvas: Canvas, x: float, y: float, w: float, h: float, palette: list[str]) -> None:
    step = 9
    for i, offset in enumerate(range(int(-h), int(w), step)):
        canvas.setStrokeColor(palette[i % len(palette)])
        canvas.setLineWidth(5)
        canvas.line(x + offset, y, x + offset + h, y + h)


def _cross(canvas: Canvas, cx: float, cy: float, r: float) -> None:
    canvas.saveState()
    canvas.setFillColor(DONT_RED)
    canvas.circle(cx, cy, r, stroke=0, fill=1)
    canvas.setStrokeColor("#FFFFFF")
    canvas.setLineWidth(1.8)
    d = r * 0.45
    canvas.line(cx - d, cy - d, cx + d, cy + d)
    canvas.line(cx - d, cy + d, cx + d, cy - d)
    canvas.restoreState()


def swatch_drawing(kit: Kit, hex_colour: str, width: float, height: float, outline: str) -> Drawing:
    drawing = Drawing(width, height, initialFontName=font_name(kit.ui_family))
    # Properties set after construction: types-reportlab types Rect's **kw as one TypedDict, not Unpack[...].
    swatch = Rect(0, 0, width, height)
    swatch.fillColor, swatch.strokeColor, swatch.strokeWidth = _hexcolor(hex_colour), _hexcolor(outline), 0.5
    drawing.add(swatch)
    return drawing


def cvd_strip(kit: Kit, kind: str, width: float, height: float) -> Drawing:
    """The brand colours and the logo as seen with one colour-vision deficiency."""
    roles = [c for c in kit.input.palette.colors if c.role in BRAND_ROLES] or kit.input.palette.colors[:3]
    drawing = Drawing(width, height, initialFontName=font_name(kit.ui_family))
    cell = min(height, (width - height * 1.6) / max(1, len(roles)))
    for i, colour in enumerate(roles):
        cell_rect = Rect(i * cell, 0, cell - 3, height)  # properties set after, as in swatch_drawing
        cell_rect.fillColor, cell_rect.strokeColor = _hexcolor(colours.simulate(colour.hex, kind)), None
        drawing.add(cell_rect)
    logo = kit.logo.drawing(height * 1.5, height, recolour=lambda c: colours.simulate(c, kind))
    group = Group(*logo.contents, transform=(1, 0, 0, 1, width - logo.width, 0))
    drawing.add(group)
    drawing.add(Line(0, -2, width, -2, strokeColor=_hexcolor(kit.colours.rule), strokeWidth=0.3))
    return drawing


def _hexcolor(hex_colour: str) -> Color:
    return HexColor(hex_colour)


class BusinessCard(Flowable):
    """Front above back of an 85 x 55 mm card at true size (side by side would not fit an A4 frame)."""

    W, H, GAP, CAPTION = 85 * mm, 55 * mm, 6 * mm, 14

    def __init__(self, kit: Kit) -> None:
        super().__init__()
        self.kit = kit
        self.hAlign = "RIGHT" if kit.rtl else "LEFT"  # at the start margin, mirrored right to left

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        return self.W, 2 * self.H + self.GAP + self.CAPTION

    def draw(self) -> None:
        kit, canvas = self.kit, self.canv
        c = kit.colours
        back_y, front_y = self.CAPTION, self.CAPTION + self.H + self.GAP
        # Front: the logo on the primary colour.
        canvas.setFillColor(c.primary)
        canvas.roundRect(0, front_y, self.W, self.H, 4, stroke=0, fill=1)
        front = kit.logo_for_dark().drawing(self.W * 0.6, self.H * 0.45)
        draw_drawing(front, canvas, (self.W - front.width) / 2, front_y + (self.H - front.height) / 2)
        # Back: sample contact details in the brand fonts.
        canvas.setFillColor(c.background)
        canvas.setStrokeColor(c.rule)
        canvas.roundRect(0, back_y, self.W, self.H, 4, stroke=1, fill=1)
        mark = kit.variants.get("icon", kit.logo).drawing(self.W * 0.22, self.H * 0.22)
        mark_x = self.W - 10 - mark.width if kit.rtl else 10  # the mark at the card's start corner
        draw_drawing(mark, canvas, mark_x, back_y + self.H - 10 - mark.height)
        heading = TextStyle(kit.heading_family, 9, "bold", 11, c.text)
        details = TextStyle(kit.ui_family, 7, "regular", 9, c.muted)
        y = back_y + 30
        draw_text(canvas, kit.company, 10, y + 8, heading, width=self.W - 20, max_lines=2)
        draw_text(canvas, kit.t.gettext("Alex Example · Founder"), 10, y - 4 - 11, details, width=self.W - 20)
        draw_text(canvas, "hello@example.com · +00 000 000 000", 10, y - 14 - 11, details, width=self.W - 20)
        draw_text(
            canvas,
            kit.t.gettext("Front and back, 85 × 55 mm, true size; contact details are placeholders."),
            -self.W if kit.rtl else 0,  # the caption runs on from the card's start edge, past its end
            4,
            kit.style("small"),
            width=self.W * 2,
        )
