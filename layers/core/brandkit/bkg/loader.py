"""Write the Brand Knowledge Graph dataset into Neptune, idempotently.

Every element is an upsert keyed by its id (mergeV / mergeE with onCreate and onMatch setting the same
single-cardinality values), so a second load finds every element and writes what is already there:
re-running changes nothing. With `prune` (the default), vertices and edges of the graph's own labels
that are no longer in the dataset are dropped, so Neptune ends up holding exactly the dataset.

    python -m brandkit.bkg.loader --neptune my-cluster.cluster-xxxx.eu-west-1.neptune.amazonaws.com
    python -m brandkit.bkg.loader --dry-run        # print the Gremlin instead
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import TypeVar

from gremlin_python.process.graph_traversal import GraphTraversal, GraphTraversalSource, __
from gremlin_python.process.translator import Translator
from gremlin_python.process.traversal import Cardinality, Direction, Merge, P, T, TraversalStrategies
from gremlin_python.structure.graph import Graph

from brandkit.bkg.dataset import LABELS, RELATIONS, Dataset, Edge, Vertex, dataset
from brandkit.bkg.neptune import CONNECTIONS, Endpoint, encode_props

E = TypeVar("E", Vertex, Edge)

BATCH_SIZE = 50  # elements per request: small enough for Neptune's request limits, large enough to be quick


@dataclass(frozen=True)
class LoadReport:
    vertices: int
    edges: int
    requests: int


def merge_vertex(t: GraphTraversal | GraphTraversalSource, v: Vertex) -> GraphTraversal:
    props = encode_props(v.props)
    return (
        t.merge_v({T.id: v.id, T.label: v.label})
        .option(Merge.on_create, props)
        .option(Merge.on_match, props, Cardinality.single)
    )


def merge_edge(t: GraphTraversal | GraphTraversalSource, e: Edge) -> GraphTraversal:
    props = {"weight": e.weight, "source": e.source}
    return (
        t.merge_e({T.id: e.id, T.label: e.label, Direction.OUT: e.out_id, Direction.IN: e.in_id})
        .option(Merge.on_create, props)
        .option(Merge.on_match, props)
    )


def upsert_traversals(g: GraphTraversalSource, data: Dataset | None = None,
                      batch_size: int = BATCH_SIZE) -> Iterator[GraphTraversal]:
    """The dataset as chained upserts, vertices before the edges that need them."""
    data = data or dataset()
    yield from _chained(g, data.vertices, merge_vertex, batch_size)
    yield from _chained(g, data.edges, merge_edge, batch_size)


def _chained(g: GraphTraversalSource, elements: Sequence[E],
             merge: Callable[[GraphTraversal | GraphTraversalSource, E], GraphTraversal],
             batch_size: int) -> Iterator[GraphTraversal]:
    for start in range(0, len(elements), batch_size):
        t: GraphTraversal | GraphTraversalSource = g
        for element in elements[start:start + batch_size]:
            t = merge(t, element)
        yield t


def prune_traversals(g: GraphTraversalSource, data: Dataset | None = None) -> list[GraphTraversal]:
    """Drop our labels' edges, then vertices, that the dataset no longer has."""
    data = data or dataset()
    return [
        g.E().has_label(*RELATIONS).not_(__.has_id(P.within([e.id for e in data.edges]))).drop(),
        g.V().has_label(*LABELS).not_(__.has_id(P.within([v.id for v in data.vertices]))).drop(),
    ]


def load_into_neptune(endpoint_or_traversal: str | GraphTraversalSource, *, prune: bool = True,
                      batch_size: int = BATCH_SIZE) -> LoadReport:
    """Upsert the whole dataset into the graph at an endpoint (host[:port] or URL) or a traversal source."""
    if isinstance(endpoint_or_traversal, str):
        g = CONNECTIONS.traversal_source(Endpoint.parse(endpoint_or_traversal))
    else:
        g = endpoint_or_traversal
    data = dataset()
    requests = 0
    # to_list() rather than iterate(): gremlinpython 3.8's iterate() appends a discard() step that
    # TinkerPop 3.7 servers (Neptune's engines today) do not know; each request returns at most one element.
    for t in upsert_traversals(g, data, batch_size):
        t.to_list()
        requests += 1
    if prune:
        for t in prune_traversals(g, data):
            t.to_list()
            requests += 1
    return LoadReport(vertices=len(data.vertices), edges=len(data.edges), requests=requests)


def gremlin_script(batch_size: int = BATCH_SIZE, prune: bool = True) -> list[str]:
    """The load as Gremlin text, one request per entry (for --dry-run and for review)."""
    g = GraphTraversalSource(Graph(), TraversalStrategies())
    translator = Translator("g")
    traversals = list(upsert_traversals(g, batch_size=batch_size))
    if prune:
        traversals += prune_traversals(g)
    return [translator.translate(t.bytecode) for t in traversals]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="brandkit bkg load", description=__doc__.split("\n\n")[0])
    target = parser.add_mutually_exclusive_group(required=True)
    target.add_argument("--neptune", metavar="ENDPOINT", help="Neptune cluster endpoint (host[:port] or wss:// URL)")
    target.add_argument("--dry-run", action="store_true", help="print the Gremlin requests instead of sending them")
    parser.add_argument("--no-prune", action="store_true", help="keep elements that the dataset no longer has")
    args = parser.parse_args(argv)
    if args.dry_run:
        for line in gremlin_script(prune=not args.no_prune):
            print(line)
        return 0
    report = load_into_neptune(args.neptune, prune=not args.no_prune)
    print(f"loaded {report.vertices} vertices and {report.edges} edges in {report.requests} requests")
    return 0


if __name__ == "__main__":
    sys.exit(main())
