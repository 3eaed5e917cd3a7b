"""Page furniture: the document template, the cover, section headings, the contents page.

The contents page is built in one pass: each entry draws a PDF form XObject named after its section,
and the form (the page number) is defined when the section's heading is laid out later. reportlab
resolves forms and bookmarks by name at save time, so no second layout pass is needed.
"""

from __future__ import annotations

from typing import IO, Any

from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate

from brandkit.guidelines.graphics import draw_drawing
from brandkit.guidelines.kit import MARGIN, Kit
from brandkit.guidelines.typeset import TextBlock, TextStyle, draw_text, text_width

NAMED_LAYOUTS = ("horizontal", "stacked", "wordmark")  # lockups that set the company's name (brandkit.logo.marks)


class Heading(TextBlock):
    """A section (level 0) or subsection (level 1) title; sections get a bookmark and a contents entry."""

    def __init__(self, key: str, title: str, style: TextStyle, level: int = 0) -> None:
        super().__init__(title, style, space_before=6 if level else 0, space_after=8 if level == 0 else 4)
        self.key, self.title, self.level = key, title, level
        self.keepWithNext = True


class Rule(Flowable):
    def __init__(self, colour: str, thickness: float = 0.6, space: float = 6) -> None:
        super().__init__()
        self.colour, self.thickness, self.space = colour, thickness, space

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        self.width = availWidth
        return availWidth, self.thickness + 2 * self.space

    def draw(self) -> None:
        self.canv.setStrokeColor(self.colour)
        self.canv.setLineWidth(self.thickness)
        self.canv.line(0, self.space, self.width, self.space)


class FirstThatFits(Flowable):
    """The first of several versions of a block (fullest first) that fits the room left in the frame; when none
    does, the first, moved whole to the next page. A list that nearly fits loses its last few items rather than
    spilling a few lines onto an otherwise empty page."""

    def __init__(self, versions: list[list[Flowable]]) -> None:
        super().__init__()
        self.versions, self._chosen = versions, versions[0]

    @staticmethod
    def _height(flowables: list[Flowable], width: float) -> float:
        spaces = [f.getSpaceBefore() for f in flowables[1:]] + [f.getSpaceAfter() for f in flowables[:-1]]
        return sum(f.wrap(width, 1e6)[1] for f in flowables) + sum(spaces)

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        fits = [v for v in self.versions if self._height(v, availWidth) <= availHeight]
        self._chosen = fits[0] if fits else self.versions[0]
        self.width, self.height = availWidth, self._height(self._chosen, availWidth)
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803
        return []  # never split: the frame moves it to the next page, where the first version fits

    def draw(self) -> None:
        y = self.height
        for i, flowable in enumerate(self._chosen):
            y -= (flowable.getSpaceBefore() if i else 0) + flowable.wrap(self.width, 1e6)[1]
            flowable.drawOn(self.canv, 0, y)
            y -= flowable.getSpaceAfter()


class Contents(Flowable):
    """The contents page: one line per section, its page number a form filled in later, each linked."""

    ROW = 22

    def __init__(self, kit: Kit, entries: list[tuple[str, str]]) -> None:
        super().__init__()
        self.kit, self.entries = kit, entries

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        self.width = availWidth
        return availWidth, self.ROW * len(self.entries)

    def draw(self) -> None:
        canvas, style, rtl = self.canv, self.kit.style("ui", size=12), self.kit.rtl
        for i, (key, title) in enumerate(self.entries):
            y = self.ROW * (len(self.entries) - i - 1) + 6
            number = f"{i + 1:02d}"
            canvas.setStrokeColor(self.kit.colours.rule)
            canvas.setDash(1, 2)
            if rtl:  # mirrored: number at the right margin, title right-aligned beside it, page number at the left
                draw_text(canvas, number, self.width - 24, y, self.kit.style("label", size=10, align="end"), width=24)
                draw_text(canvas, title, 0, y, style, width=self.width - 30)
                canvas.line(30, y, self.width - 40 - text_width(title, style), y)
            else:
                draw_text(canvas, number, 0, y, self.kit.style("label", size=10))
                draw_text(canvas, title, 30, y, style)
                canvas.line(40 + text_width(title, style), y, self.width - 30, y)
            canvas.setDash()
            canvas.saveState()
            canvas.translate(62 if rtl else self.width, y)  # the form draws right-aligned, ending at its origin
            canvas.doForm(_form_name(key))
            canvas.restoreState()
            canvas.linkRect("", key, (0, y - 4, self.width, y + 14), relative=1)


def _form_name(key: str) -> str:
    return f"toc-{key}"


class GuideDoc(BaseDocTemplate):
    def __init__(self, target: str | IO[bytes], kit: Kit, **kwargs: Any) -> None:
        self.kit = kit
        super().__init__(target, pagesize=kit.page_size, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN + 8,
                         bottomMargin=MARGIN + 10, **kwargs)
        width, height = kit.page_size
        frame = Frame(MARGIN, MARGIN + 10, width - 2 * MARGIN, height - 2 * MARGIN - 18, id="body",
                      leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        self.addPageTemplates([
            PageTemplate("cover", [Frame(0, 0, width, height, id="cover")], onPage=self._cover),
            PageTemplate("body", [frame], onPage=self._furniture),
        ])

    def afterFlowable(self, flowable: Flowable) -> None:  # noqa: N802 - reportlab's hook name
        if isinstance(flowable, Heading) and flowable.level == 0:
            canvas = self.canv
            canvas.bookmarkPage(flowable.key)
            canvas.addOutlineEntry(flowable.title, flowable.key, level=0)
            canvas.beginForm(_form_name(flowable.key), lowerx=-60, lowery=-6, upperx=2, uppery=20)
            draw_text(canvas, str(canvas.getPageNumber()), -60, 0, self.kit.style("ui", size=12, align="end"), width=60)
            canvas.endForm()

    def _furniture(self, canvas: Canvas, doc: BaseDocTemplate) -> None:
        kit = self.kit
        width, height = kit.page_size
        canvas.saveState()
        canvas.setStrokeColor(kit.colours.rule)
        canvas.setLineWidth(0.5)
        canvas.line(MARGIN, MARGIN + 2, width - MARGIN, MARGIN + 2)
        # The company at the start of the line, the page at its end: mirrored in a right-to-left document.
        company_x = width / 2 if kit.rtl else MARGIN
        page_x = MARGIN if kit.rtl else width / 2
        draw_text(canvas, kit.company, company_x, MARGIN - 8, kit.style("small"), width=width / 2 - MARGIN, max_lines=1)
        page = kit.t.gettext("Brand guidelines  ·  {page}").format(page=canvas.getPageNumber())
        draw_text(canvas, page, page_x, MARGIN - 8, kit.style("small", align="end"), width=width / 2 - MARGIN)
        canvas.restoreState()

    def _cover(self, canvas: Canvas, doc: BaseDocTemplate) -> None:
        kit = self.kit
        width, height = kit.page_size
        canvas.saveState()
        canvas.setFillColor(kit.colours.background)
        canvas.rect(0, 0, width, height, stroke=0, fill=1)
        canvas.setFillColor(kit.colours.primary)
        canvas.rect(0, 0, width, 14, stroke=0, fill=1)
        logo = kit.logo.drawing(width * 0.6, height * 0.32)
        draw_drawing(logo, canvas, (width - logo.width) / 2, height * 0.5)
        subtitle = kit.style("ui", size=13, color=kit.colours.muted, align="center")
        if kit.layout(kit.master_name or "") in NAMED_LAYOUTS:  # the lockup already spells the name: not twice
            draw_text(canvas, kit.t.gettext("Brand guidelines"), MARGIN, height * 0.5 - 40,
                      kit.style("ui", size=16, color=kit.colours.muted, align="center"), width=width - 2 * MARGIN)
        else:
            title = kit.style("title", align="center")
            used = draw_text(canvas, kit.company, MARGIN, height * 0.5 - 40, title, width=width - 2 * MARGIN)
            draw_text(canvas, kit.t.gettext("Brand guidelines"), MARGIN, height * 0.5 - 50 - used, subtitle,
                      width=width - 2 * MARGIN)
        canvas.restoreState()
