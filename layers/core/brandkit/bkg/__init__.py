"""The Brand Knowledge Graph (BKG): industries, brand-personality traits, colour families, fonts and styles,
joined by weighted, sourced associations.

`default_graph()` is the graph the stages use: the embedded networkx graph, or Neptune when the
environment names a cluster (NEPTUNE_ENDPOINT). Either is built once per process.
"""

from __future__ import annotations

import os
from functools import cache

from brandkit.bkg import dataset as data  # the module; its name `dataset` is also its function's
from brandkit.bkg.repository import BrandGraph, ColourFamily, Font, Named, Symbol, colour_family_of

__all__ = [
    "BrandGraph",
    "ColourFamily",
    "Font",
    "Named",
    "Symbol",
    "colour_families",
    "default_graph",
    "embedded_graph",
]


@cache
def embedded_graph() -> BrandGraph:
    from brandkit.bkg.embedded import EmbeddedGraph

    return EmbeddedGraph()


@cache
def _neptune_graph(endpoint: str) -> BrandGraph:
    from brandkit.bkg.neptune import NeptuneGraph

    return NeptuneGraph(endpoint)


def default_graph() -> BrandGraph:
    """Neptune if NEPTUNE_ENDPOINT is set (non-empty), else the embedded graph."""
    endpoint = os.environ.get("NEPTUNE_ENDPOINT", "").strip()
    return _neptune_graph(endpoint) if endpoint else embedded_graph()


@cache
def colour_families() -> tuple[ColourFamily, ...]:
    """The graph's colour families, ordered by id, without a graph connection or networkx: they are static
    data of the dataset every graph is loaded from, so code that runs outside Neptune's VPC (the rationale)
    reads them here."""
    return tuple(colour_family_of(v) for v in sorted(data.dataset().by_label(data.COLOUR_FAMILY), key=lambda v: v.id))
