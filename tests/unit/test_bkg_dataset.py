"""The Brand Knowledge Graph dataset: big enough, consistent, every association sourced, fonts from the catalog."""

import json
from collections import Counter

import pytest

from brandkit import bkg, fonts
from brandkit.bkg import dataset as ds
from brandkit.palette.colour import Tone


@pytest.fixture(scope="module")
def data():
    return ds.dataset()


def test_the_dataset_meets_its_minimums(data):
    counts = Counter(v.label for v in data.vertices)
    assert counts[ds.INDUSTRY] >= 40 and counts[ds.TRAIT] >= 15 and counts[ds.FONT] >= 25
    assert counts[ds.STYLE] >= 10 and counts[ds.COLOUR_FAMILY] >= 12 and counts[ds.HARMONY] == 5
    assert all(len(v.props["synonyms"]) >= 3 for v in data.by_label(ds.INDUSTRY))
    assert {e.label for e in data.edges} == set(ds.RELATIONS)


def test_font_vertices_are_the_font_catalog(data):
    vertices = {v.props["family"]: v.props for v in data.by_label(ds.FONT)}
    assert set(vertices) == {info.family for info in fonts.catalog()}
    for info in fonts.catalog():
        props = vertices[info.family]
        assert (props["classification"], props["licence"], props["scripts"]) == (
            info.classification, info.licence, list(info.scripts))
        assert props["licence"] in ("OFL-1.1", "Apache-2.0")
    scripts = {s for props in vertices.values() for s in props["scripts"]}
    assert {"Latin", "Han", "Arabic"} <= scripts


def test_every_edge_is_sourced_weighted_and_joins_the_right_labels(data):
    by_id = {v.id: v for v in data.vertices}
    references = ds.references()
    for e in data.edges:
        out_label, in_label = ds.RELATIONS[e.label]
        assert by_id[e.out_id].label == out_label and by_id[e.in_id].label == in_label
        assert 0 < e.weight <= 1
        assert e.source and all(cite in references for cite in e.source.split("; "))
        assert e.id == ds.edge_id(e.label, e.out_id, e.in_id)
    assert len({e.id for e in data.edges}) == len(data.edges)
    assert len({v.id for v in data.vertices}) == len(data.vertices)


def test_every_industry_evokes_traits_and_has_typical_styles(data):
    out = Counter((e.out_id, e.label) for e in data.edges)
    for v in data.by_label(ds.INDUSTRY):
        assert out[(v.id, ds.EVOKES)] >= 3 and out[(v.id, ds.TYPICAL_STYLE)] >= 1, v.id
    for v in data.by_label(ds.TRAIT):
        assert out[(v.id, ds.ASSOCIATES_WITH)] >= 3 and out[(v.id, ds.EXPRESSED_BY)] >= 1, v.id
    for v in data.by_label(ds.STYLE):
        assert out[(v.id, ds.IMPLIES)] >= 1 and out[(v.id, ds.SUITS)] >= 1, v.id


def test_colour_family_ranges_are_well_formed(data):
    for v in data.by_label(ds.COLOUR_FAMILY):
        (l_lo, l_hi), (c_lo, c_hi) = v.props["lightness"], v.props["chroma"]
        assert 0 <= l_lo < l_hi <= 1 and 0 <= c_lo < c_hi <= 0.4
        centre = v.props["centre"]
        assert l_lo <= centre[0] <= l_hi and c_lo <= centre[1] <= c_hi


@pytest.mark.parametrize(
    "hex_,family",
    [
        ("#FF0000", "red"),
        ("#FFA500", "orange"),
        ("#8B4513", "brown"),
        ("#FFD700", "yellow"),
        ("#32CD32", "green"),
        ("#008080", "teal"),
        ("#00BFFF", "cyan"),
        ("#8A2BE2", "violet"),
        ("#0000FF", "blue"),
        ("#000080", "navy"),
        ("#800080", "magenta"),
        ("#FF69B4", "pink"),
        ("#36454F", "charcoal"),
        ("#800020", "burgundy"),
        ("#CCFF00", "lime"),
    ],
)
def test_family_ranges_hold_the_colours_named_after_them(hex_, family):
    graph = bkg.embedded_graph()
    tone = Tone.of(hex_)
    assert graph.colour_family(f"family:{family}").contains_hue(tone.h), (hex_, tone)


def test_trait_tones_stay_within_half_a_range(data):
    tones = bkg.embedded_graph().trait_tones()
    assert set(tones) == {v.id.split(":")[1] for v in data.by_label(ds.TRAIT)}
    assert all(-0.5 <= x <= 0.5 for pair in tones.values() for x in pair)


def _broken(monkeypatch, name, change):
    real = ds._read

    def read(filename):
        data = real(filename)
        if filename == name:
            change(data)
        return data

    monkeypatch.setattr(ds, "_read", read)
    with pytest.raises(ds.DatasetError) as caught:
        ds._Builder().build()
    return str(caught.value)


def test_the_builder_refuses_an_unknown_source(monkeypatch):
    def change(d):
        d["industries"][0]["evokes"][0].append(["made-up-2024"])
    assert "made-up-2024" in _broken(monkeypatch, "industries.json", change)


def test_the_builder_refuses_a_phrase_naming_two_industries(monkeypatch):
    def change(d):
        d["industries"][1]["synonyms"].append(d["industries"][0]["synonyms"][0])
    assert "names both" in _broken(monkeypatch, "industries.json", change)


def test_the_builder_refuses_an_edge_to_a_missing_vertex(monkeypatch):
    def change(d):
        d["traits"][0]["colours"].append(["ultraviolet", 0.5])
    assert "family:ultraviolet" in _broken(monkeypatch, "traits.json", change)


def test_the_builder_refuses_a_font_classification_it_does_not_know(monkeypatch):
    def change(d):
        d["classifications"] = [c for c in d["classifications"] if c["id"] != "naskh"]
    assert "naskh" in _broken(monkeypatch, "classifications.json", change)


def test_the_data_files_are_plain_json_with_their_purpose_stated():
    for path in sorted(ds.DATA_DIR.glob("*.json")):
        doc = json.loads(path.read_text(encoding="utf-8"))
        assert path.name == "sources.json" or doc.get("about"), path.name


def test_the_embedded_graph_is_loaded_once_per_process():
    # How fast it loads is a benchmark figure (bench/bench_palette.py, docs/PERFORMANCE.md), not a test.
    assert bkg.default_graph() is bkg.default_graph() is bkg.embedded_graph()


def test_most_industries_have_three_or_more_candidate_symbols(data):
    out = Counter(e.out_id for e in data.edges if e.label == ds.DEPICTED_BY)
    industries = data.by_label(ds.INDUSTRY)
    covered = [v.id for v in industries if out[v.id] >= 3]
    assert len(covered) >= 0.8 * len(industries)
    assert out["industry:general"] == 0  # an unknown business gets no icon rather than a random one


def test_every_symbol_is_a_vendored_icon_of_the_named_set_and_version(data):
    vendored = json.loads((ds.DATA_DIR.parent.parent / "data" / "symbols-mdi.json").read_text(encoding="utf-8"))
    symbols = data.by_label(ds.SYMBOL)
    assert symbols and {v.props["icon"] for v in symbols} == set(vendored["icons"])
    for v in symbols:
        assert (v.props["set"], v.props["version"], v.props["licence"]) == (
            vendored["set"], vendored["version"], vendored["licence"])


def test_the_builder_refuses_symbols_of_an_unknown_industry(monkeypatch):
    def change(d):
        d["industries"]["submarines"] = [["ferry", 1.0]]
    assert "submarines" in _broken(monkeypatch, "symbols.json", change)


def test_colour_families_without_a_graph_are_the_graphs_own():
    assert list(bkg.colour_families()) == bkg.embedded_graph().colour_families()
    assert all(any(f.contains_hue(h) for f in bkg.colour_families()) for h in range(360))
