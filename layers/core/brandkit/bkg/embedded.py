"""The Brand Knowledge Graph in memory: a networkx MultiDiGraph over the dataset (the default and the reference)."""

from __future__ import annotations

from collections.abc import Sequence

import networkx as nx

from brandkit.artifacts import Fact
from brandkit.bkg.dataset import DEPICTED_BY, Dataset, Vertex, dataset
from brandkit.bkg.repository import BrandGraph, Symbol, sort_facts, sort_symbols, symbol_of


class EmbeddedGraph(BrandGraph):
    def __init__(self, data: Dataset | None = None) -> None:
        data = data or dataset()
        graph: nx.MultiDiGraph[str] = nx.MultiDiGraph()
        for v in data.vertices:
            graph.add_node(v.id, label=v.label, props=v.props)
        for e in data.edges:
            # One edge per (out, in, relation): the relation is the multigraph key.
            graph.add_edge(e.out_id, e.in_id, key=e.label, id=e.id, weight=e.weight, source=e.source)
        self.graph = graph
        self._by_label: dict[str, list[Vertex]] = {}
        for v in sorted(data.vertices, key=lambda v: v.id):
            self._by_label.setdefault(v.label, []).append(v)

    def vertices(self, label: str) -> list[Vertex]:
        return list(self._by_label.get(label, []))

    def facts(self, subjects: Sequence[str], relation: str) -> list[Fact]:
        out = []
        for subject in dict.fromkeys(subjects):
            if subject not in self.graph:
                continue
            for _, obj, key, data in self.graph.out_edges(subject, keys=True, data=True):
                if key == relation:
                    out.append(Fact(subject=subject, relation=relation, object=obj,
                                    weight=data["weight"], source=data["source"]))
        return sort_facts(out)

    def symbols(self, subjects: Sequence[str]) -> list[Symbol]:
        return sort_symbols(
            [symbol_of(self.graph.nodes[f.object]["props"], f) for f in self.facts(subjects, DEPICTED_BY)]
        )
