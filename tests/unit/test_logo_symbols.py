"""Industry symbols and the design review: on the sample briefs and 20 more, the primary draws the
industry's symbol, no kind leads too often, and concepts.json explains every ranking."""

from __future__ import annotations

import json
from collections import Counter
from functools import cache
from pathlib import Path

import pytest

from brandkit.artifacts import LogoConcepts
from brandkit.brief import parse_brief
from brandkit.logo import marks, review, symbols
from brandkit.logo.art import Art, Layer
from brandkit.logo.designer import MIN_CONCEPTS, design_concepts, draw_concept
from brandkit.palette import build_palette
from brandkit.profile import build_profile
from tests.unit.logo_fixtures import palette, profile, svg_problems

ROOT = Path(__file__).resolve().parents[2]
BRIEFS = sorted((ROOT / "docs" / "samples").glob("*.json")) + sorted(
    (ROOT / "tests" / "data" / "briefs").glob("*.json")
)
SYMBOL_KINDS = {"symbol", "symbol-in-shape", "symbol-combination", "emblem"}


@cache
def designed(path: Path):
    brief = parse_brief(json.loads(path.read_text(encoding="utf-8")))
    prof = build_profile(brief)
    pal = build_palette(prof)
    return brief, prof, pal, design_concepts(prof, pal, seed=1, style_words=brief.style)


def test_there_are_enough_briefs_across_industries():
    industries = {designed(p)[1].industry.industry for p in BRIEFS}
    assert len(BRIEFS) >= 19 and len(industries) >= 15


@pytest.mark.parametrize("path", BRIEFS, ids=lambda p: p.stem)
def test_the_primary_draws_the_industry_symbol_unless_abstract_is_asked(path):
    brief, prof, pal, concepts = designed(path)
    primary = concepts.concepts[0]
    assert primary.rank == 1 and concepts.primary == primary.id
    if review.asks_for_abstract(brief.style):
        assert primary.symbol is None and primary.review["relevance"] == 1.0
    elif prof.symbols:
        assert primary.kind in SYMBOL_KINDS and primary.symbol is not None
        assert f"symbol:mdi-{primary.symbol['name']}" in {f.object for f in prof.symbols}
        assert primary.symbol["licence"] == "Apache-2.0" and primary.symbol["set"] == "Material Design Icons"
    assert len(concepts.concepts) >= MIN_CONCEPTS
    if prof.symbols:
        assert len([c for c in concepts.concepts if c.symbol]) >= 2


def test_no_kind_is_the_primary_for_more_than_40_percent():
    kinds = Counter(designed(p)[3].concepts[0].kind for p in BRIEFS)
    assert max(kinds.values()) <= 0.4 * len(BRIEFS), kinds


@pytest.mark.parametrize("path", BRIEFS[:6], ids=lambda p: p.stem)
def test_concepts_json_explains_each_ranking(path):
    _, prof, pal, concepts = designed(path)
    stored = LogoConcepts.model_validate_json(concepts.model_dump_json())
    assert [c.rank for c in stored.concepts] == list(range(1, len(stored.concepts) + 1))
    leaders = [c for c in stored.concepts if c.review["may_lead"]]
    # Every concept that may lead ranks above every one that may not, and among them by total.
    assert stored.concepts[:len(leaders)] == leaders
    assert [c.review["total"] for c in leaders] == sorted((c.review["total"] for c in leaders), reverse=True)
    for c in stored.concepts:
        figures = c.review
        assert {"legibility_16", "legibility_32", "contrast", "centring", "relevance", "fit", "primitive", "total",
                "distance", "why"} <= set(figures)
        assert figures["distance"] >= review.DUPLICATE and c.score == figures["total"]
        assert set(figures["contrast"]) == marks.lockup(c.spec, c.spec["layout"]).roles()
    for c in stored.rejected:
        assert c.rank is None and "near-duplicate" in c.review["rejected"]
    assert all(svg_problems(draw_concept(c, prof, pal)) == [] for c in stored.concepts)


def test_an_unknown_industry_gets_no_random_icon():
    brief = parse_brief({"company_name": "Quillon", "industry": "zzzz unknowable", "description": "Things.",
                         "values": ["trust"], "style": ["modern"], "language": "en"})
    prof = build_profile(brief)
    assert prof.symbols == []
    concepts = design_concepts(prof, build_palette(prof))
    assert all(c.symbol is None for c in concepts.concepts) and len(concepts.concepts) >= MIN_CONCEPTS


def test_a_symbol_is_redrawn_in_the_palette_and_at_the_looks_weight():
    _, prof, _, concepts = designed(ROOT / "docs" / "samples" / "northwind-coffee.json")
    concept = next(c for c in concepts.concepts if c.kind == "symbol")
    other = palette({"primary": "#8B1E3F", "accent": "#3CBBB1", "secondary": "#F2C14E", "text": "#1B1B1B"})
    svg = draw_concept(concept, prof, other)
    assert 'fill="#8B1E3F"' in svg
    heavy = {**concept.spec, "mark": {**concept.spec["mark"], "icon": "fingerprint", "weight": 12.0}}
    light = {**heavy, "mark": {**heavy["mark"], "weight": 1.0}}
    assert marks.mark_art(heavy).items[0].stroke > 0 == marks.mark_art(light).items[0].stroke
    assert 'stroke-width="' in draw_concept(concept.model_copy(update={"spec": heavy}), prof, other)


def test_optical_size_draws_dense_glyphs_smaller():
    lib = symbols.library("mdi")["icons"]
    dense = max(lib, key=lambda n: lib[n]["ink"])
    airy = min(lib, key=lambda n: lib[n]["ink"])
    assert lib[dense]["ink"] > lib[airy]["ink"]

    def drawn_size(icon):
        box = lib[icon]["box"]
        return symbols.fitted_path("mdi", icon, (50, 50), 80)[1] * max(box[2] - box[0], box[3] - box[1])

    assert drawn_size(dense) < 80 < drawn_size(airy)


def test_primitive_clusters_are_recognised_and_never_lead():
    from brandkit.logo import shapes

    circles = Art(
        (0, 0, 100, 100), [Layer(shapes.circle(30, 50, 20), "mark"), Layer(shapes.circle(70, 50, 15), "detail")]
    )
    assert review.primitive_cluster(circles)
    square = Art((0, 0, 100, 100), [Layer(shapes.circle(30, 50, 20) + "M0 0L10 0L10 10Z", "mark")])
    assert not review.primitive_cluster(square)
    for path in BRIEFS[:6]:
        for c in designed(path)[3].concepts:
            if c.review["primitive"]:
                assert not c.review["may_lead"] and c.rank > 1


def test_near_identical_concepts_cannot_both_ship():
    prof = profile("Northwind Coffee", style=["minimal"])
    prof = prof.model_copy(update={"symbols": build_profile(parse_brief(json.loads(
        (ROOT / "docs" / "samples" / "northwind-coffee.json").read_text()))).symbols})
    from brandkit.logo.designer import make_specs
    specs, _ = make_specs(prof, 1)
    twin = json.loads(json.dumps(specs["symbol"]))
    kept, rejected = review.rank([review.Candidate("symbol", specs["symbol"], 1.0),
                                  review.Candidate("twin", twin, 0.9)], palette(), {"symbol": 1.0, "twin": 1.0}, False)
    assert [c.id for c, _ in kept] == ["symbol"] and [c.id for c, _ in rejected] == ["twin"]
    assert rejected[0][1]["distance"] == 0.0


def test_low_contrast_keeps_a_concept_from_leading():
    prof = profile("Northwind Coffee", style=["minimal"])
    pale = palette({"primary": "#F4F1C9", "accent": "#F7E8A4", "secondary": "#EFEFD0", "text": "#F0F0F0",
                    "background": "#FFFFFF", "neutral-900": "#FAFAFA"})
    concepts = design_concepts(prof, pale)
    assert all(not c.review["contrast_ok"] and not c.review["may_lead"] for c in concepts.concepts)
    assert "under 3.0:1" in concepts.concepts[0].review["why"]


def test_a_knock_out_takes_only_an_icon_that_fills_alike_under_even_odd(monkeypatch):
    _, prof, pal, _ = designed(ROOT / "docs" / "samples" / "northwind-coffee.json")
    icons = symbols.library("mdi")["icons"]
    safe = {"seed"}
    patched = {name: {**g, "evenodd": name in safe} for name, g in icons.items()}
    monkeypatch.setitem(symbols.library("mdi"), "icons", patched)
    concepts = design_concepts(prof, pal, seed=1)
    cut_out = [c for c in concepts.concepts + concepts.rejected if c.kind in ("symbol-in-shape", "emblem") and c.symbol]
    assert cut_out and all(c.symbol["name"] in safe for c in cut_out)


def test_the_vendored_set_carries_its_provenance_and_the_vendoring_measures_are_real():
    import importlib.util
    lib = symbols.library("mdi")
    assert (lib["set"], lib["package"], lib["version"], lib["licence"]) == (
        "Material Design Icons", "@mdi/svg", "7.4.47", "Apache-2.0")
    text = symbols.licence_text("mdi")
    assert "Pictogrammers Free License" in text and "Apache License" in text and "Version 2.0" in text
    spec = importlib.util.spec_from_file_location("vendor_symbols", ROOT / "scripts" / "vendor_symbols.py")
    vendor = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(vendor)
    assert vendor.measure(lib["icons"]["coffee"]["d"]) == {k: lib["icons"]["coffee"][k]
                                                         for k in ("box", "centre", "ink", "stroke", "evenodd")}
    overlapping = vendor.measure("M2 2H14V14H2Z M8 8H20V20H8Z")  # two squares wound alike: nonzero != even-odd
    assert overlapping["evenodd"] is False and vendor.measure("M2 2H14V14H2Z M4 4V12H12V4Z")["evenodd"] is True


def test_symbols_follow_the_matched_industry_and_a_runner_up_counts_at_its_share():
    prof = build_profile(
        parse_brief(
            {
                "company_name": "X",
                "industry": "coffee bakery",
                "description": "Bread and coffee.",
                "values": ["trust"],
                "style": ["modern"],
                "language": "en",
            }
        )
    )
    by_industry = {}
    for fact in prof.symbols:
        by_industry.setdefault(fact.subject, []).append(fact.weight)
    main = f"industry:{prof.industry.industry}"
    assert prof.symbols[0].subject == main and prof.symbols[0].weight == 1.0
    assert [f.weight for f in prof.symbols] == sorted((f.weight for f in prof.symbols), reverse=True)
    assert all(w <= 0.5 for subject, weights in by_industry.items() if subject != main for w in weights)


@pytest.mark.parametrize("brief", ["docs/samples/northwind-coffee.json", "tests/data/briefs/ember-bean.json"])
def test_a_coffee_brief_draws_cups_and_beans_not_kettles(brief):
    """Issue 14's leftover: a roastery's symbol concept drew a kettle (the graph's third coffee symbol)."""
    _, prof, _, concepts = designed(ROOT / brief)
    drawn = {c.symbol["name"] for c in concepts.concepts + concepts.rejected if c.symbol}
    assert prof.industry.industry == "coffee" and drawn == {"coffee", "seed", "coffee-outline"}, drawn
