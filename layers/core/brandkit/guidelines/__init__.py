"""The brand-guidelines PDF: `build_guidelines_pdf(GuidelinesInput) -> bytes`."""

from brandkit.guidelines.build import build_guidelines_pdf
from brandkit.guidelines.model import GuidelinesInput, InventoryItem

__all__ = ["build_guidelines_pdf", "GuidelinesInput", "InventoryItem"]
