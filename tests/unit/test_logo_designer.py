"""The vector designer: six or more distinct, safe, deterministic, reviewed concepts for any name."""

from __future__ import annotations

import json

import pytest

from brandkit.logo import raster
from brandkit.logo.designer import KINDS, design_concepts, draw_concept
from brandkit.logo.look import look_for
from tests.unit.logo_fixtures import HARD_NAMES, assert_renderers_agree, palette, profile, svg_problems

STYLES = [["minimal"], ["playful"], ["luxury"], ["vintage"], ["tech"], ["organic"], ["rugged"]]
PALETTE = palette()


@pytest.mark.parametrize("key", sorted(HARD_NAMES))
def test_six_distinct_safe_concepts_for_hard_names(key):
    prof = profile(HARD_NAMES[key], style=["vintage"])
    concepts = design_concepts(prof, PALETTE, seed=7)
    assert len(concepts.concepts) >= 6
    # The review may drop a near-duplicate (a one-word wordmark is its own lettermark); a spare takes its place.
    assert len({c.kind for c in concepts.concepts + concepts.rejected} & {k for k, _ in KINDS}) == len(KINDS)
    assert len({c.kind for c in concepts.concepts} & {k for k, _ in KINDS}) >= len(KINDS) - 1
    svgs = [draw_concept(c, prof, PALETTE) for c in concepts.concepts]
    assert len(set(svgs)) == len(svgs)
    for svg in svgs:
        assert svg_problems(svg) == []
        assert "<text" not in svg and "<script" not in svg
    assert concepts.primary == concepts.concepts[0].id
    assert [c.rank for c in concepts.concepts] == list(range(1, len(concepts.concepts) + 1))


@pytest.mark.parametrize("style", STYLES, ids=lambda s: s[0])
def test_styles_change_geometry(style):
    prof = profile("Northwind Coffee", style=style, traits=[])
    look = look_for(prof)
    assert look.family == style[0]
    concepts = design_concepts(prof, PALETTE)
    geometric = next(c for c in concepts.concepts + concepts.rejected if c.id == "geometric")
    assert geometric.spec["mark"]["motif"] in look.motifs[:2]


def test_looks_differ_between_styles():
    luxury = look_for(profile(style=["luxury"], traits=[]))
    rugged = look_for(profile(style=["rugged"], traits=[]))
    playful = look_for(profile(style=["playful"], traits=[]))
    assert luxury.tracking > rugged.tracking and luxury.weight == "regular" and rugged.weight == "bold"
    assert playful.corner > rugged.corner and rugged.corner_mode == "chamfer"


def test_deterministic_for_a_seed_and_varied_across_seeds():
    prof = profile("Northwind Coffee", style=["playful"])
    a = design_concepts(prof, PALETTE, seed=3)
    b = design_concepts(prof, PALETTE, seed=3)
    assert a.model_dump() == b.model_dump()
    specs = {json.dumps([c.spec["mark"] for c in design_concepts(prof, PALETTE, seed=s).concepts], sort_keys=True)
             for s in range(4)}
    assert len(specs) > 1


def test_spec_is_json_and_redraws_with_any_palette():
    prof = profile("Northwind Coffee", style=["tech"])
    concepts = design_concepts(prof, PALETTE)
    concept = concepts.concepts[0]
    restored = type(concept).model_validate_json(concept.model_dump_json())
    assert draw_concept(restored, prof, PALETTE) == draw_concept(concept, prof, PALETTE)
    other = palette({"primary": "#8B1E3F", "accent": "#3CBBB1", "secondary": "#F2C14E", "text": "#1B1B1B"})
    redrawn = draw_concept(concept, prof, other)
    assert "#8B1E3F" in redrawn and "#1F4E79" not in redrawn


def test_review_figures_are_measured():
    prof = profile("Northwind Coffee", style=["minimal"])
    concepts = design_concepts(prof, PALETTE)
    for c in concepts.concepts:
        parts = c.review
        assert all(0 <= parts[k] <= 1 for k in ("legibility_16", "legibility_32", "centring", "complexity", "fit",
                                                 "relevance", "total"))
        assert parts["total"] == pytest.approx(c.score)
    # A pale palette reads worse on light backgrounds than a deep one: contrast must notice.
    pale = palette({"primary": "#F4F1C9", "accent": "#F7E8A4", "secondary": "#EFEFD0", "text": "#F0F0F0",
                    "background": "#FFFFFF", "neutral-900": "#FAFAFA"})
    pale_scores = design_concepts(prof, pale)
    assert max(min(c.review["contrast"].values()) for c in pale_scores.concepts) < min(
        min(c.review["contrast"].values()) for c in concepts.concepts)


def test_legibility_prefers_bold_over_hairline():
    from brandkit.logo import scoring

    def svg(stroke):
        return (f'<svg xmlns="http://www.w3.org/2000/svg" width="100" height="100" viewBox="0 0 100 100">'
                f'<path d="M10 10H90V{10 + stroke}H10Z M10 50H90V{50 + stroke}H10Z" fill="#000"/></svg>')

    def leg(s):
        return scoring.legibility(scoring._alpha(s, scoring.REFERENCE), scoring._alpha(s, scoring.SMALL))

    assert leg(svg(20)) > leg(svg(1)) + 0.2


@pytest.mark.parametrize("key", sorted(HARD_NAMES))
def test_concepts_render_alike_in_resvg_and_cairosvg(key):
    prof = profile(HARD_NAMES[key], style=["vintage"])
    for concept in design_concepts(prof, PALETTE).concepts:
        assert_renderers_agree(draw_concept(concept, prof, PALETTE), concept.id)


def test_primary_colors_come_from_the_palette():
    prof = profile("Northwind Coffee")
    concepts = design_concepts(prof, PALETTE)
    assert concepts.colors and set(concepts.colors) <= {c.hex for c in PALETTE.colors}
    w, h = raster.fit_size(draw_concept(concepts.concepts[0], prof, PALETTE), 64)
    assert w == 64 or h == 64


def test_a_name_no_font_can_draw_falls_back_to_the_industry_with_a_note():
    prof = profile("\u0378\u0379\U0010fffd")  # unassigned and private-use code points
    concepts = design_concepts(prof, PALETTE)
    assert len(concepts.concepts) >= 6
    assert any("cannot be drawn" in note for note in concepts.notes)
    assert concepts.concepts[0].spec["text"]["name"].lower().startswith("coffee")


KNOWLEDGE_GRAPH_STYLES = ["minimal", "modern", "classic", "playful", "luxury", "elegant", "bold", "organic", "rustic",
                          "vintage", "tech", "corporate", "vibrant", "calm", "edgy", "friendly"]


@pytest.mark.parametrize("style", KNOWLEDGE_GRAPH_STYLES)
def test_every_knowledge_graph_style_word_steers_the_look(style):
    from brandkit.logo.look import family_weights

    assert max(family_weights(profile(style=[style], traits=[])).values()) > 0


def test_stems_match_whole_words_only_where_asked():
    from brandkit.logo.look import family_weights

    assert family_weights(profile(style=["functional"], traits=[]))["playful"] == 0
    assert family_weights(profile(style=["bold"], traits=[]))["vintage"] == 0


def test_minimal_palette_and_missing_fonts_still_make_six_concepts():
    only_primary = palette({"primary": "#336699"})
    prof = profile("Ève & Søn", heading="EB Garamond", style=["luxury"])  # no bold in the family
    concepts = design_concepts(prof, only_primary)
    assert len(concepts.concepts) >= 6
    bare = prof.model_copy(update={"fonts": []})
    assert len(design_concepts(bare, only_primary).concepts) >= 6
    unknown = profile("Northwind", heading="No Such Font")
    assert design_concepts(unknown, only_primary).concepts[0].spec["text"]["family"] != "No Such Font"
