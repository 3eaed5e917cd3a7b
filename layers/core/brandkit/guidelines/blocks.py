"""The building blocks every section uses: headings, paragraphs, bullets and the column grid."""

from __future__ import annotations

from typing import Any

from reportlab.platypus import Flowable, PageBreak, Spacer, Table, TableStyle

from brandkit.guidelines.kit import Kit
from brandkit.guidelines.pages import Heading, Rule
from brandkit.guidelines.strings import SECTIONS
from brandkit.guidelines.typeset import TextBlock, font_name

GUTTER = 10  # between the grid's columns, in points


def h1(kit: Kit, key: str) -> list[Flowable]:
    title = kit.t.pgettext(*dict(SECTIONS)[key])
    return [PageBreak(), Heading(key, title, kit.style("h1")), Rule(kit.colours.primary, 1.2, 4), Spacer(1, 6)]


def h2(kit: Kit, title: str) -> Flowable:
    return Heading("", title, kit.style("h2"), level=1)


def p(kit: Kit, text: str, kind: str = "body", after: float = 6, **changes: Any) -> TextBlock:
    return TextBlock(text, kit.style(kind, **changes), space_after=after)


def bullets(kit: Kit, items: list[str], mark: str = "•") -> list[Flowable]:
    return [p(kit, f"{mark} {item}", after=3) for item in items]


def cell_width(width: float, columns: int, gap: float = GUTTER) -> float:
    """The width of one column of `grid`: the columns and their gutters fill the width exactly."""
    return (width - gap * (columns - 1)) / columns


def grid(kit: Kit, cells: list[Any], columns: int, width: float, gap: float = GUTTER,
         row_gap: float | None = None) -> Table:
    """Cells in rows of `columns`, gutters between the columns only, so the outer columns sit on both margins
    (each cell is cell_width wide). A right-to-left document fills each row from the right."""
    rows = [
        cells[i : i + columns] + [""] * (columns - len(cells[i : i + columns])) for i in range(0, len(cells), columns)
    ]
    if kit.rtl:
        rows = [row[::-1] for row in rows]
    cell = cell_width(width, columns, gap)
    widths = [cell + gap] * (columns - 1) + [cell]  # the gutter is the trailing padding of all but the last
    lead, trail = ("RIGHTPADDING", "LEFTPADDING") if kit.rtl else ("LEFTPADDING", "RIGHTPADDING")
    last = 0 if kit.rtl else columns - 1
    if kit.rtl:
        widths = widths[::-1]
    table = Table(rows, colWidths=widths, hAlign="RIGHT" if kit.rtl else "LEFT")
    table.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), font_name(kit.ui_family)),  # never Helvetica
                               ("VALIGN", (0, 0), (-1, -1), "TOP"), (lead, (0, 0), (-1, -1), 0),
                               # a cell narrower than its column (an image) sits on the column's start edge
                               ("ALIGN", (0, 0), (-1, -1), "RIGHT" if kit.rtl else "LEFT"),
                               (trail, (0, 0), (-1, -1), gap), (trail, (last, 0), (last, -1), 0),
                               ("BOTTOMPADDING", (0, 0), (-1, -1), gap if row_gap is None else row_gap)]))
    return table
