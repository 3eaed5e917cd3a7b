"""Dimension lines: a measured length drawn the way technical drawings show it (a line, a tick at each end,
its value beside it), for the clear-space and minimum-size diagrams."""

from __future__ import annotations

from reportlab.pdfgen.canvas import Canvas

from brandkit.guidelines.typeset import TextStyle, draw_text

TICK = 3.0  # half the length of an end tick, in points
LABEL_GAP = 3.0
LABEL_ROOM = 80.0  # the most a dimension's label may take beside or above its line


def horizontal(canvas: Canvas, x0: float, x1: float, y: float, label: str, style: TextStyle, colour: str) -> None:
    """A horizontal dimension from x0 to x1 at height y, its label centred above the line."""
    _line(canvas, colour, (x0, y, x1, y), ((x0, y - TICK, x0, y + TICK), (x1, y - TICK, x1, y + TICK)))
    centre = (x0 + x1) / 2
    draw_text(canvas, label, centre - LABEL_ROOM / 2, y + LABEL_GAP + 1, _centred(style), width=LABEL_ROOM,
              max_lines=1)


def vertical(canvas: Canvas, x: float, y0: float, y1: float, label: str, style: TextStyle, colour: str) -> None:
    """A vertical dimension from y0 to y1 at x, its label beside the line's middle, on its right."""
    _line(canvas, colour, (x, y0, x, y1), ((x - TICK, y0, x + TICK, y0), (x - TICK, y1, x + TICK, y1)))
    draw_text(canvas, label, x + TICK + LABEL_GAP, (y0 + y1) / 2 - style.size / 3, _start(style), max_lines=1)


def _line(canvas: Canvas, colour: str, line: tuple[float, float, float, float],
          ticks: tuple[tuple[float, float, float, float], ...]) -> None:
    canvas.saveState()
    canvas.setStrokeColor(colour)
    canvas.setLineWidth(0.5)
    canvas.line(*line)
    for tick in ticks:
        canvas.line(*tick)
    canvas.restoreState()


def _centred(style: TextStyle) -> TextStyle:
    return TextStyle(**{**style.__dict__, "align": "center"})


def _start(style: TextStyle) -> TextStyle:
    # A label drawn unwrapped from x: left-aligned whatever the document's direction (its words keep their own).
    return TextStyle(**{**style.__dict__, "align": "start", "direction": "auto"})
