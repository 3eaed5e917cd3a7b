"""One contract, every implementation of the Brand Knowledge Graph.

The same tests run against:
- "embedded": the networkx graph (the reference);
- "neptune-modelled": NeptuneGraph's own traversals and decoding, sent through gremlinpython to a small
  in-process model of the Gremlin steps Brandkit uses (mergeV/mergeE upserts with TinkerPop's documented
  semantics, V/E/hasLabel/hasId/not/drop, elementMap, outE/project/by), loaded by the real loader. It
  checks the round trip loader -> stored values -> NeptuneGraph; it is not Neptune;
- "neptune-live": a real Neptune cluster or Gremlin Server, when one can be reached (never here).
"""

import os
from collections.abc import Iterable
from copy import deepcopy

import pytest
from gremlin_python.driver.remote_connection import RemoteConnection, RemoteTraversal
from gremlin_python.process.anonymous_traversal import traversal
from gremlin_python.process.traversal import Bytecode, Cardinality, Direction, Merge, P, T, Traverser

from brandkit import fonts
from brandkit.bkg import dataset as ds
from brandkit.bkg.embedded import EmbeddedGraph
from brandkit.bkg.loader import load_into_neptune
from brandkit.bkg.neptune import NeptuneGraph
from brandkit.palette import build_palette
from brandkit.profile import build_profile
from tests.unit.test_palette_samples import sample_brief

LIVE_ENDPOINT = os.environ.get("BRANDKIT_NEPTUNE_TEST_ENDPOINT", "")
NO_LIVE_REASON = ("no Neptune cluster or Gremlin Server can be reached from this machine (none is in any "
                  "reachable registry); set BRANDKIT_NEPTUNE_TEST_ENDPOINT to a cluster endpoint, with AWS "
                  "credentials for IAM auth, to run the contract against it")


class ModelledGremlin(RemoteConnection):
    """Runs the Gremlin steps Brandkit sends over an in-memory property graph. Counts every element
    created, property value changed and element dropped, so idempotency can be measured."""

    def __init__(self):
        super().__init__("modelled://gremlin", "g")
        self.vertices: dict[str, dict] = {}
        self.edges: dict[str, dict] = {}
        self.writes = 0
        self.requests = 0

    def submit(self, bytecode: Bytecode) -> RemoteTraversal:
        self.requests += 1
        return RemoteTraversal(iter([Traverser(r) for r in self._run(bytecode.step_instructions, [None])]))

    def snapshot(self) -> tuple[dict, dict]:
        return deepcopy(self.vertices), deepcopy(self.edges)

    # steps -----------------------------------------------------------------------------------------
    def _run(self, steps: list[list], current: list) -> list:
        i = 0
        while i < len(steps):
            name, *args = steps[i]
            i += 1
            if name in ("mergeV", "mergeE"):
                options = []
                while i < len(steps) and steps[i][0] == "option":
                    options.append(steps[i][1:])
                    i += 1
                merge = self._merge_vertex if name == "mergeV" else self._merge_edge
                current = [merge(args[0], options) for _ in current]
            elif name == "project":
                bys = [s[1] for s in steps[i:i + len(args)]]
                i += len(args)
                current = [{k: self._by(t, by) for k, by in zip(args, bys, strict=True)} for t in current]
            else:
                current = self._step(name, args, current)
        return current

    def _step(self, name: str, args: list, current: list) -> list:
        if name == "V":
            ids = args or sorted(self.vertices)
            return [("v", i) for i in ids if i in self.vertices]
        if name == "E":
            return [("e", i) for i in sorted(self.edges)]
        if name == "hasLabel":
            return [t for t in current if self._element(t)["label"] in args]
        if name == "hasId":
            wanted = set(args[0].value) if isinstance(args[0], P) else set(args)
            return [t for t in current if t[1] in wanted]
        if name == "not":
            return [t for t in current if not self._run(args[0].step_instructions, [t])]
        if name == "drop":
            for kind, element_id in current:
                self.writes += 1
                if kind == "v":
                    del self.vertices[element_id]
                    for edge_id in [e for e, v in self.edges.items() if element_id in (v["out"], v["in"])]:
                        del self.edges[edge_id]
                else:
                    self.edges.pop(element_id, None)
            return []
        if name == "elementMap":
            return [{T.id: t[1], T.label: self._element(t)["label"], **self._element(t)["props"]} for t in current]
        if name == "outE":
            return [("e", e) for t in current for e, v in sorted(self.edges.items())
                    if v["out"] == t[1] and (not args or v["label"] in args)]
        if name in ("outV", "inV"):
            return [("v", self.edges[t[1]]["out" if name == "outV" else "in"]) for t in current]
        if name == "id":
            return [t[1] for t in current]
        raise NotImplementedError(f"the model does not run Gremlin step {name!r}")

    def _by(self, t, by):
        if isinstance(by, str):
            return self._element(t)["props"][by]
        return self._run(by.step_instructions, [t])[0]

    def _element(self, t) -> dict:
        return (self.vertices if t[0] == "v" else self.edges)[t[1]]

    # TinkerPop mergeV / mergeE: match on the map; create with map + onCreate; else apply onMatch -----
    def _apply(self, props: dict, updates: dict) -> None:
        for key, value in updates.items():
            if props.get(key) != value:
                props[key] = value
                self.writes += 1

    @staticmethod
    def _option(options: Iterable[list], which: Merge) -> dict:
        for option in options:
            if option[0] == which:
                assert len(option) == 2 or option[2] == Cardinality.single
                return option[1]
        return {}

    def _merge_vertex(self, match: dict, options: list) -> tuple:
        vid, label = match[T.id], match[T.label]
        props = {k: v for k, v in match.items() if isinstance(k, str)}
        existing = self.vertices.get(vid)
        if existing is not None and existing["label"] == label:
            self._apply(existing["props"], self._option(options, Merge.on_match))
        else:
            assert existing is None, f"id {vid} is taken by a {existing['label']}"
            self.vertices[vid] = {"label": label, "props": {**props, **self._option(options, Merge.on_create)}}
            self.writes += 1
        return ("v", vid)

    def _merge_edge(self, match: dict, options: list) -> tuple:
        eid, label, out_id, in_id = match[T.id], match[T.label], match[Direction.OUT], match[Direction.IN]
        assert out_id in self.vertices and in_id in self.vertices, f"edge {eid} needs both ends"
        existing = self.edges.get(eid)
        if existing is not None and (existing["label"], existing["out"], existing["in"]) == (label, out_id, in_id):
            self._apply(existing["props"], self._option(options, Merge.on_match))
        else:
            assert existing is None, f"edge id {eid} is taken"
            self.edges[eid] = {"label": label, "out": out_id, "in": in_id,
                               "props": dict(self._option(options, Merge.on_create))}
            self.writes += 1
        return ("e", eid)


@pytest.fixture(scope="module")
def modelled():
    server = ModelledGremlin()
    load_into_neptune(traversal().with_remote(server))
    return server


@pytest.fixture(scope="module", params=["embedded", "neptune-modelled", "neptune-live"])
def graph(request, modelled):
    if request.param == "embedded":
        return EmbeddedGraph()
    if request.param == "neptune-modelled":
        return NeptuneGraph(g=traversal().with_remote(modelled))
    if not LIVE_ENDPOINT:
        pytest.skip(NO_LIVE_REASON)
    load_into_neptune(LIVE_ENDPOINT)  # idempotent: safe on a cluster that already holds the dataset
    return NeptuneGraph(LIVE_ENDPOINT)


# The contract ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("label", ds.LABELS)
def test_vertices_are_the_dataset_ordered_by_id(graph, label):
    expected = sorted(ds.dataset().by_label(label), key=lambda v: v.id)
    got = graph.vertices(label)
    assert [v.id for v in got] == [v.id for v in expected]
    assert all(g.label == label and g.props == e.props for g, e in zip(got, expected, strict=True))


def test_facts_are_the_out_edges_of_a_relation_strongest_first(graph):
    facts = graph.facts(["industry:coffee"], ds.EVOKES)
    expected = [e for e in ds.dataset().edges if e.out_id == "industry:coffee" and e.label == ds.EVOKES]
    assert {(f.object, f.weight, f.source) for f in facts} == {(e.in_id, e.weight, e.source) for e in expected}
    assert [f.weight for f in facts] == sorted((f.weight for f in facts), reverse=True)
    assert all(f.subject == "industry:coffee" and f.relation == ds.EVOKES for f in facts)
    assert "Aaker 1997" in facts[0].source


def test_facts_of_several_subjects_in_one_order(graph):
    facts = graph.facts(["trait:calm", "trait:daring", "trait:calm", "trait:nonexistent"], ds.ASSOCIATES_WITH)
    assert {f.subject for f in facts} == {"trait:calm", "trait:daring"}
    assert len(facts) == len({(f.subject, f.object) for f in facts})
    assert facts == sorted(facts, key=lambda f: (-f.weight, f.subject, f.object))
    assert any(f.object == "family:red" and "Labrecque & Milne 2012" in f.source for f in facts)


def test_no_subjects_or_no_such_relation_give_no_facts(graph):
    assert graph.facts([], ds.EVOKES) == []
    assert graph.facts(["industry:coffee"], ds.IMPLIES) == []
    assert graph.facts(["industry:does-not-exist"], ds.EVOKES) == []


def test_typed_views(graph):
    industries = {n.key: n for n in graph.industries()}
    assert len(industries) >= 40 and "coffee roastery" in industries["coffee"].synonyms
    assert graph.colour_family("family:blue").contains_hue(258)
    assert {f.family for f in graph.fonts()} == {info.family for info in fonts.catalog()}
    assert graph.harmonies() == sorted(["analogous", "complementary", "monochrome", "split-complementary", "triad"])
    assert graph.trait_tones() == EmbeddedGraph().trait_tones()


@pytest.mark.parametrize("key", ["coffee", "tea", "bakery", "energy"])
def test_profile_and_palette_are_the_same_on_every_implementation(graph, key):
    reference = build_profile(sample_brief(key), graph=EmbeddedGraph())
    profile = build_profile(sample_brief(key), graph=graph)
    assert profile.model_dump() == reference.model_dump()
    assert build_palette(profile, graph=graph).model_dump() == build_palette(reference).model_dump()


# Loading is idempotent (measured on the model) -------------------------------------------------------

def test_a_second_load_changes_nothing():
    server = ModelledGremlin()
    g = traversal().with_remote(server)
    first = load_into_neptune(g)
    after_first, writes = server.snapshot(), server.writes
    assert writes == first.vertices + first.edges  # every element created once
    load_into_neptune(g)
    assert server.writes == writes and server.snapshot() == after_first


def test_a_load_repairs_drift_and_prunes_what_the_dataset_dropped():
    server = ModelledGremlin()
    g = traversal().with_remote(server)
    load_into_neptune(g)
    clean = server.snapshot()
    server.vertices["industry:coffee"]["props"]["name"] = "Tea?"
    server.edges["evokes:industry:coffee->trait:honest"]["props"]["weight"] = 0.01
    server.vertices["industry:obsolete"] = {"label": ds.INDUSTRY, "props": {"name": "Obsolete"}}
    server.edges["evokes:industry:obsolete->trait:calm"] = {"label": ds.EVOKES, "out": "industry:obsolete",
                                                            "in": "trait:calm", "props": {"weight": 1.0}}
    server.vertices["customer:1"] = {"label": "Customer", "props": {}}  # not ours: never pruned

    kept = ModelledGremlin()
    kept.vertices, kept.edges = deepcopy(server.vertices), deepcopy(server.edges)
    load_into_neptune(traversal().with_remote(kept), prune=False)
    assert "industry:obsolete" in kept.vertices

    load_into_neptune(g)
    vertices, edges = server.snapshot()
    assert vertices.pop("customer:1") == {"label": "Customer", "props": {}}
    assert (vertices, edges) == clean


# Symbols: industry -> icon of the vendored open icon set ---------------------------------------------

def test_symbols_are_the_depicted_by_edges_with_their_icons(graph):
    symbols = graph.symbols(["industry:coffee", "industry:does-not-exist"])
    expected = [e for e in ds.dataset().edges if e.out_id == "industry:coffee" and e.label == ds.DEPICTED_BY]
    assert {(s.id, s.fact.weight, s.fact.source) for s in symbols} == {(e.in_id, e.weight, e.source) for e in expected}
    assert symbols[0].icon == "coffee" and symbols[0].licence == "Apache-2.0"
    assert symbols[0].set == "Material Design Icons" and symbols[0].version == "7.4.47"
    assert [s.fact.weight for s in symbols] == sorted((s.fact.weight for s in symbols), reverse=True)
    assert "Brandkit curation" in symbols[0].fact.source
    assert graph.symbols([]) == [] and graph.symbols(["industry:general"]) == []


def test_symbols_are_the_same_on_every_implementation(graph):
    industries = [n.id for n in EmbeddedGraph().industries()]
    assert graph.symbols(industries) == EmbeddedGraph().symbols(industries)
