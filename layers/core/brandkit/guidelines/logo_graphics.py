"""The logo section's measured diagrams, drawn from the real logo and what logo/logo.json declares: the clear
space around the master, each lockup at its smallest print width, the icon at its small pixel sizes."""

from __future__ import annotations

from reportlab.graphics.shapes import Drawing
from reportlab.lib.units import mm
from reportlab.platypus import Flowable

from brandkit.guidelines import colours, measure
from brandkit.guidelines.blocks import GUTTER, cell_width
from brandkit.guidelines.graphics import PX_TO_PT, draw_drawing
from brandkit.guidelines.kit import Kit
from brandkit.guidelines.svgdraw import Logo
from brandkit.guidelines.typeset import draw_text

LOCKUPS = ("horizontal", "stacked", "icon", "wordmark")
DIMENSION_ROOM = 18  # above a drawing, for its dimension line and label


def size_label(kit: Kit, value: float, unit: str) -> str:
    if unit == "mm":
        return kit.t.gettext("{size} mm").format(size=kit.t.number(value, 1))
    return kit.t.gettext("{size} px").format(size=kit.t.number(value, 0))


class ClearSpace(Flowable):
    """The master on its ground inside its exclusion zone, drawn to scale, with the clear space x measured
    on all four sides."""

    def __init__(self, kit: Kit, width: float, height: float) -> None:
        super().__init__()
        self.kit, self.width, self.height = kit, width, height

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        return self.width, self.height

    def draw(self) -> None:
        kit, canvas, logo = self.kit, self.canv, self.kit.logo
        space = kit.input.clear_space  # in viewBox units, like the outlines
        ix0, iy0, ix1, iy1 = logo.ink_box()
        room = 2 * measure.LABEL_ROOM / 4  # beside the zone, for the side dimensions' labels
        k = min((self.width - 2 * room) / (ix1 - ix0 + 2 * space), (self.height - 2 * DIMENSION_ROOM)
                / (iy1 - iy0 + 2 * space))
        pad, ink_w, ink_h = space * k, (ix1 - ix0) * k, (iy1 - iy0) * k
        zx, zy = (self.width - ink_w) / 2 - pad, (self.height - ink_h) / 2 - pad
        zone_w, zone_h = ink_w + 2 * pad, ink_h + 2 * pad
        ground = kit.ground(kit.master_name or "") or kit.colours.background
        primary = kit.colours.primary
        canvas.saveState()
        canvas.setFillColor(colours.tint(primary, ground, 0.16))  # the zone nothing may enter
        canvas.setStrokeColor(primary)
        canvas.setDash(3, 2)
        canvas.rect(zx, zy, zone_w, zone_h, stroke=1, fill=1)
        canvas.setDash()
        canvas.setFillColor(ground)  # the zone's inner edge is the artwork's own extent: no line to touch it
        canvas.rect(zx + pad, zy + pad, ink_w, ink_h, stroke=0, fill=1)
        canvas.restoreState()
        vx, vy, vw, vh = logo.view_box
        drawing = logo.drawing(vw * k, vh * k)
        draw_drawing(drawing, canvas, zx + pad - (ix0 - vx) * k, zy + pad - (vy + vh - iy1) * k)
        label = kit.style("label", size=9, color=primary)
        middle_x, middle_y = zx + zone_w / 2, zy + zone_h / 2
        measure.horizontal(canvas, zx, zx + pad, middle_y, "x", label, primary)
        measure.horizontal(canvas, zx + zone_w - pad, zx + zone_w, middle_y, "x", label, primary)
        measure.vertical(canvas, middle_x, zy, zy + pad, "x", label, primary)
        measure.vertical(canvas, middle_x, zy + zone_h - pad, zy + zone_h, "x", label, primary)


class MinimumSizes(Flowable):
    """Each lockup at its smallest print width, true size, measured; its smallest screen width beneath."""

    CAPTION = 28

    def __init__(self, kit: Kit, width: float) -> None:
        super().__init__()
        self.kit, self.width = kit, width
        names = [n for n in LOCKUPS if n in kit.variants and "print_mm" in kit.min_size(n)]
        if not names and kit.master_name is None and "print_mm" in kit.input.min_sizes:
            names = [""]  # a kit without variants: the master alone
        self.items = [(kit.variants.get(n, kit.logo), n, kit.min_size(n) if n else kit.input.min_sizes)
                      for n in names]
        self.column = cell_width(width, max(4, len(self.items)))
        self.art = max((self._drawing(logo, sizes["print_mm"]).height for logo, _, sizes in self.items), default=0)

    @staticmethod
    def _drawing(logo: Logo, print_mm: float) -> Drawing:
        return logo.drawing(width=print_mm * mm)

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        self.height = self.CAPTION + self.art + DIMENSION_ROOM
        return self.width, self.height

    def draw(self) -> None:
        kit, canvas = self.kit, self.canv
        for i, (logo, name, sizes) in enumerate(self.items):
            x = self.width - (i + 1) * self.column - i * GUTTER if kit.rtl else i * (self.column + GUTTER)
            drawing = self._drawing(logo, sizes["print_mm"])
            left = x + self.column - drawing.width if kit.rtl else x  # on the column's start edge
            draw_drawing(drawing, canvas, left, self.CAPTION)
            measure.horizontal(canvas, left, left + drawing.width, self.CAPTION + drawing.height + 6,
                               size_label(kit, sizes["print_mm"], "mm"), kit.style("small"), kit.colours.muted)
            caption = kit.variant(name or kit.master_name or "horizontal")
            draw_text(canvas, caption, x, self.CAPTION - 10, kit.style("label"), width=self.column, max_lines=1)
            if "screen_px" in sizes:
                screen = kit.t.gettext("{size} px wide: smallest on screen").format(
                    size=kit.t.number(sizes["screen_px"], 0))
                draw_text(canvas, screen, x, self.CAPTION - 20, kit.style("small"), width=self.column, max_lines=1)


class IconSizes(Flowable):
    """The icon at true size at each small pixel size, on its light ground and (its dark twin) on the dark one."""

    BOX, LABEL = 74.0, 14.0

    def __init__(self, kit: Kit, width: float, sizes: list[int]) -> None:
        super().__init__()
        self.kit, self.width, self.sizes = kit, width, sorted(sizes, reverse=True)  # largest at the start
        self.panels = [(kit.variants[n], kit.ground(n) or fallback) for n, fallback in
                       (("icon", kit.colours.background), ("icon-dark", kit.colours.text)) if n in kit.variants]

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        return self.width, self.BOX

    def draw(self) -> None:
        kit, canvas = self.kit, self.canv
        panel_w = cell_width(self.width, 2)
        for i, (logo, ground) in enumerate(self.panels):
            x = self.width - (i + 1) * panel_w - i * GUTTER if kit.rtl else i * (panel_w + GUTTER)
            canvas.setFillColor(ground)
            canvas.setStrokeColor(kit.colours.rule)
            canvas.rect(x, 0, panel_w, self.BOX, stroke=1, fill=1)
            step = panel_w / len(self.sizes)
            label = kit.style("small", color=kit.colours.muted if colours.is_light(ground) else "#FFFFFF",
                              align="center")
            for j, px in enumerate(self.sizes):
                slot = x + (panel_w - (j + 1) * step if kit.rtl else j * step)
                drawing = logo.drawing(width=px * PX_TO_PT)
                bottom = self.LABEL + 6
                draw_drawing(drawing, canvas, slot + (step - drawing.width) / 2, bottom)
                draw_text(canvas, size_label(kit, px, "px"), slot, 8, label, width=step, max_lines=1)
