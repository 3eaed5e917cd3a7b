"""The graph's labels in every catalogue language: the dataset's label table (brandkit/bkg/data/labels.json).

Industries, traits, colour families, styles, harmonies, font classifications, logo concept kinds and
scripts are graph data, so their translations live with the dataset rather than in the message
catalogues. Read as a file, so the writers need no graph connection.
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib.resources import files
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from brandkit.i18n import Translator

KINDS = ("industry", "trait", "family", "style", "harmony", "classification", "concept", "script")


@lru_cache(maxsize=1)
def table() -> dict[str, dict[str, dict[str, str]]]:
    text = files("brandkit.bkg").joinpath("data/labels.json").read_text(encoding="utf-8")
    labels: dict[str, dict[str, dict[str, str]]] = json.loads(text)["labels"]
    return labels


def concept_key(kind: str, symbol: dict[str, Any] | None) -> str:
    """The label table's key of a logo concept: its kind, or "emblem-symbol" for an emblem that draws the
    industry's symbol (a different mark from an emblem holding the initials)."""
    return "emblem-symbol" if kind == "emblem" and symbol else kind


def label(kind: str, ident: str, locale: str) -> str | None:
    """The label of graph vertex `ident` of `kind` in `locale` (a catalogue locale), None if the table lacks it."""
    entry = table().get(kind, {}).get(ident.split(":")[-1].strip().lower())
    return entry.get(locale) if entry else None


def term(kind: str, ident: str, t: Translator) -> str:
    """The label table's word for a graph id in `t`'s language, or the id made readable and quoted (a vertex
    the table lacks keeps the graph's own word, marked as such)."""
    found = label(kind, ident, t.locale)
    readable = ident.split(":")[-1].strip().lower().replace("_", " ").replace("-", " ")
    return found if found else t.quote(readable)
