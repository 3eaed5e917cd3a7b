"""The brand profile: the brief read through the knowledge graph, every association sourced."""

import pytest

from brandkit import fonts
from brandkit.bkg import default_graph
from brandkit.bkg.dataset import COLOUR_FAMILY, FONT, HARMONY, INDUSTRY, RELATIONS, STYLE, TRAIT
from brandkit.bkg.embedded import EmbeddedGraph
from brandkit.brief import Brief
from brandkit.profile import body_script, build_profile, match_industries
from tests.unit.test_palette_samples import SAMPLES, sample_brief

LABEL_OF_PREFIX = {"industry": INDUSTRY, "trait": TRAIT, "family": COLOUR_FAMILY, "font": FONT, "style": STYLE,
                   "harmony": HARMONY}


def brief(**fields) -> Brief:
    return Brief(**{"company_name": "Acme", "industry": "business", **fields})


@pytest.mark.parametrize("key,industry,method", [
    ("coffee", "coffee", "overlap"), ("fintech", "fintech", "exact"), ("toys", "toys", "exact"),
    ("law", "law", "exact"), ("skincare", "skincare", "synonym"), ("metal", "music", "synonym"),
    ("energy", "energy-drinks", "synonym"), ("tea", "tea", "synonym"), ("bakery", "bakery", "exact"),
])
def test_sample_industries_resolve(key, industry, method):
    match = build_profile(sample_brief(key)).industry
    assert (match.industry, match.method) == (industry, method)
    assert match.query == SAMPLES[key]["industry"]
    assert match.label and 0.8 <= match.confidence <= 1.0


def test_an_unknown_industry_falls_back_to_general_with_no_confidence():
    match = build_profile(brief(industry="quantum widgets")).industry
    assert (match.industry, match.method, match.confidence) == ("general", "default", 0.0)


def test_the_description_names_the_trade_when_the_industry_words_do_not():
    match = build_profile(
        brief(industry="other", description="We roast single-origin coffee beans in small batches.")
    ).industry
    assert match.industry == "coffee" and match.method == "overlap" and match.confidence < 0.6


def test_typos_and_other_scripts_find_their_industry():
    assert match_industries("fintec")[0].industry == "fintech"
    assert match_industries("台北茶館")[0].industry == "tea"
    assert match_industries("مخبز الأمل")[0].industry == "bakery"  # "the bakery of hope": article stripped


def test_a_close_second_industry_lends_its_traits():
    profile = build_profile(brief(industry="artisan bread and coffee"))
    evoked_by = {f.subject for f in profile.facts if f.relation == "evokes"}
    assert len(evoked_by) == 2 and "industry:" + profile.industry.industry in evoked_by


def test_values_map_to_traits_and_say_so():
    profile = build_profile(sample_brief("fintech"))
    traits = dict(profile.traits)
    assert "reliable" in traits and "up-to-date" in traits
    assert any(f.subject == "value:trust" and f.object == "trait:reliable" for f in profile.facts)
    assert profile.traits[0][1] == 1.0
    assert [w for _, w in profile.traits] == sorted((w for _, w in profile.traits), reverse=True)
    assert len(profile.traits) <= 6


def test_values_change_the_traits():
    plain = dict(build_profile(brief(industry="bakery")).traits)
    luxe = dict(build_profile(brief(industry="bakery", values=["luxury", "exclusive"])).traits)
    assert "upper-class" in luxe and "upper-class" not in plain


def test_style_words_are_normalised_and_unknown_ones_dropped():
    profile = build_profile(brief(style=["Minimalist", "playful", "zorblax"]))
    assert profile.style == ["minimal", "playful"]


def test_without_style_words_the_industry_typical_styles_apply():
    profile = build_profile(brief(industry="law firm"))
    assert profile.style == ["classic", "corporate"]
    assert any(f.relation == "typical_style" for f in profile.facts)


@pytest.mark.parametrize("style,harmony", [("playful", "triad"), ("bold", "complementary"), ("minimal", "monochrome"),
                                           ("tech", "split-complementary"), ("organic", "analogous")])
def test_the_style_implies_the_harmony(style, harmony):
    profile = build_profile(brief(style=[style]))
    assert profile.harmony == harmony
    assert any(f.relation == "implies" and f.object == f"harmony:{harmony}" for f in profile.facts)


def test_colour_families_follow_traits_and_leave_out_what_the_industry_avoids():
    profile = build_profile(sample_brief("law"))
    assert profile.hue_families[0] in ("navy", "blue")
    assert "lime" in profile.avoid_families
    assert not set(profile.hue_families) & set(profile.avoid_families)
    assert build_profile(sample_brief("toys")).hue_families[0] in ("yellow", "orange", "red")


def test_the_seed_colour_and_language_pass_through():
    profile = build_profile(sample_brief("energy"))
    assert profile.seed_color == "#DFFF00" and profile.language == "en"
    assert build_profile(brief(primary_color="#1f6")).seed_color == "#11FF66"


@pytest.mark.parametrize("key,script", [("coffee", "Latin"), ("tea", "Han"), ("bakery", "Arabic")])
def test_script_of_the_name(key, script):
    assert build_profile(sample_brief(key)).script == script


@pytest.mark.parametrize("key", sorted(SAMPLES))
def test_fonts_are_shippable_and_set_the_name_and_the_language(key):
    profile = build_profile(sample_brief(key))
    heading, body = profile.fonts
    assert (heading.role, body.role) == ("heading", "body")
    for choice in profile.fonts:
        info = fonts.font_info(choice.family)
        assert choice.licence in ("OFL-1.1", "Apache-2.0") and choice.licence == info.licence
        assert choice.classification == info.classification and list(info.scripts) == choice.scripts
        assert fonts.covers(choice.family, profile.company_name), (key, choice.family)
    assert body_script(profile.language) in body.scripts


def test_latin_brands_are_not_set_in_arabic_or_cjk_faces():
    for key in ("coffee", "fintech", "toys", "law", "skincare", "metal", "energy", "grey"):
        for choice in build_profile(sample_brief(key)).fonts:
            info_scripts = fonts.font_info(choice.family).scripts
            assert "Latin" in info_scripts and choice.classification not in ("naskh", "kufi", "arabic sans"), (
                key,
                choice,
            )


def test_cjk_and_arabic_briefs_get_fonts_with_their_glyphs():
    tea = build_profile(sample_brief("tea"))
    assert all("Han" in f.scripts for f in tea.fonts)
    bakery = build_profile(sample_brief("bakery"))
    assert all("Arabic" in f.scripts for f in bakery.fonts)


def test_a_display_heading_gets_a_text_face_for_the_body():
    profile = build_profile(sample_brief("energy"))
    heading, body = profile.fonts
    assert heading.classification == "display" and body.classification != "display"


def test_font_pairs_avoid_two_faces_of_one_classification():
    for key in SAMPLES:
        heading, body = build_profile(sample_brief(key)).fonts
        assert heading.family == body.family or heading.classification != body.classification


def test_every_fact_is_sourced_and_names_real_vertices():
    graph = default_graph()
    ids = {v.id for label in LABEL_OF_PREFIX.values() for v in graph.vertices(label)}
    for key in SAMPLES:
        for fact in build_profile(sample_brief(key)).facts:
            assert fact.source.strip()
            if fact.relation in RELATIONS:
                assert fact.subject in ids and fact.object in ids
                out_label, in_label = RELATIONS[fact.relation]
                assert LABEL_OF_PREFIX[fact.subject.split(":")[0]] == out_label
                assert LABEL_OF_PREFIX[fact.object.split(":")[0]] == in_label
            else:
                assert fact.relation == "maps_to" and fact.subject.startswith("value:")


def test_the_profile_is_deterministic_and_takes_an_explicit_graph():
    first = build_profile(sample_brief("bakery"))
    assert build_profile(sample_brief("bakery"), graph=EmbeddedGraph()).model_dump() == first.model_dump()


@pytest.mark.parametrize("language,script", [("en", "Latin"), ("zh-Hant", "Han"), ("ja", "Hiragana"), ("ar", "Arabic"),
                                             ("sr-Latn", "Latin"), ("sr", "Cyrillic"), ("pt-BR", "Latin")])
def test_body_script_of_a_language(language, script):
    assert body_script(language) == script


def test_a_name_no_font_can_set_entirely_still_gets_fonts():
    profile = build_profile(brief(company_name="Café 😀"))
    assert len(profile.fonts) == 2 and all(fonts.font_info(f.family) for f in profile.fonts)
