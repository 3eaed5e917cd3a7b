"""Font pairing options: up to three heading + body pairings the kit may legally ship, each able to set the
name (and the body the brief's language), different from each other, ranked with a reason from the graph,
the first being the profile's default pairing, and chosen by id."""

import re
from functools import cache

import pytest

from brandkit import fonts
from brandkit.artifacts import BrandProfile
from brandkit.bkg import default_graph
from brandkit.bkg.dataset import EXPRESSED_BY, SUITS
from brandkit.errors import OptionNotOffered
from brandkit.i18n import translator
from brandkit.i18n.labels import label
from brandkit.profile import BODY_SAME, body_script, build_profile
from tests.unit.test_palette_samples import SAMPLES, sample_brief

LATIN = ("coffee", "fintech", "toys", "law", "skincare", "metal", "energy", "grey", "light-grey", "pastel")


@cache
def profile_of(key: str) -> BrandProfile:
    return build_profile(sample_brief(key))


def slug(family: str) -> str:
    return family.lower().replace(" ", "-")


@pytest.mark.parametrize("key", [*LATIN, "bakery"])
def test_three_ranked_pairings_with_ids_that_name_them(key):
    options = profile_of(key).font_options
    assert len(options) == 3 and [o.rank for o in options] == [1, 2, 3]
    for option in options:
        assert option.id == f"{slug(option.heading.family)}-with-{slug(option.body.family)}"
        assert (option.heading.role, option.body.role) == ("heading", "body")
    assert len({o.id for o in options}) == 3


@pytest.mark.parametrize("key", sorted(SAMPLES))
def test_every_pairing_is_shippable_and_sets_the_name_and_the_language(key):
    profile = profile_of(key)
    for option in profile.font_options:
        for choice in (option.heading, option.body):
            info = fonts.font_info(choice.family)
            assert choice.licence in ("OFL-1.1", "Apache-2.0") and choice.licence == info.licence
            assert fonts.licence_file(choice.family).is_file()
            assert fonts.covers(choice.family, profile.company_name), (key, option.id)
            assert profile.script in choice.scripts
        assert body_script(profile.language) in option.body.scripts


@pytest.mark.parametrize("key", sorted(SAMPLES))
def test_the_first_pairing_is_the_profile_fonts(key):
    profile = profile_of(key)
    first = profile.font_options[0]
    assert [first.heading, first.body] == profile.fonts


@pytest.mark.parametrize("key", LATIN)
def test_pairings_differ_in_their_heading_and_never_reuse_two_faces(key):
    options = profile_of(key).font_options
    assert len({o.heading.family for o in options}) == 3
    assert len({frozenset((o.heading.family, o.body.family)) for o in options}) == 3
    for option in options:
        assert option.heading.family != option.body.family


def test_headings_of_new_classifications_come_first_when_the_catalogue_has_them():
    for key in ("coffee", "law", "skincare", "grey"):
        assert len({o.heading.classification for o in profile_of(key).font_options}) == 3, key


def test_a_name_only_one_face_can_set_gets_that_one_pairing():
    profile = profile_of("tea")  # a Japanese brand: M PLUS 1 is the one Japanese face that sets 青山茶館
    assert [o.id for o in profile.font_options] == ["m-plus-1-with-m-plus-1"]
    # the brief is in Traditional Chinese: the reason says it in the Simplified catalogue, its documented fallback
    assert translator("zh_Hans").pgettext(*BODY_SAME) in profile.font_options[0].reason


@pytest.mark.parametrize("key", ["coffee", "law", "fintech"])  # English briefs (bakery is Arabic)
def test_reasons_cite_the_traits_and_styles_the_graph_links_to_the_heading(key):
    profile = profile_of(key)
    graph = default_graph()
    for option in profile.font_options:
        reason = option.reason
        classification = label("classification", option.heading.classification, "en")
        assert reason.startswith(f"{option.heading.family} ({classification}) sets the headings")
        assert f"{option.body.family} ({label('classification', option.body.classification, 'en')}) sets the text" \
            in reason
        heading_id = f"font:{slug(option.heading.family)}"
        expressed = re.search(r"expressing (.+?)(?: and suiting|\.)", reason)
        cited = [t for t, _ in profile.traits if expressed and label("trait", t, "en") in expressed.group(1)]
        assert bool(cited) == bool(expressed)
        for trait in cited:
            assert any(f.object == heading_id for f in graph.facts([f"trait:{trait}"], EXPRESSED_BY))
        suits = re.search(r"suiting the (.+?) style", reason)
        if suits:
            (style,) = [s for s in profile.style if label("style", s, "en") == suits.group(1)]
            assert any(f.object == heading_id for f in graph.facts([f"style:{style}"], SUITS))


@pytest.mark.parametrize("key", ["coffee", "bakery", "pastel"])
def test_choosing_a_pairing_sets_the_fonts_and_changes_nothing_else(key):
    default = profile_of(key)
    for option in default.font_options:
        chosen = build_profile(sample_brief(key), fonts=option.id)
        assert chosen.fonts == [option.heading, option.body]
        assert chosen.font_options == default.font_options
        assert (chosen.traits, chosen.hue_families, chosen.harmony) == (default.traits, default.hue_families,
                                                                         default.harmony)
        assert chosen == build_profile(sample_brief(key), fonts=option.id)  # the same choice, the same profile
        font_ids = {f"font:{slug(option.heading.family)}", f"font:{slug(option.body.family)}"}
        assert {f.object for f in chosen.facts if f.relation in (EXPRESSED_BY, SUITS)} <= font_ids


def test_a_pairing_the_brief_never_offered_is_refused_naming_the_field():
    with pytest.raises(OptionNotOffered) as info:
        build_profile(sample_brief("coffee"), fonts="comic-sans-with-papyrus")
    assert info.value.field == "fonts"
    assert info.value.offered == [o.id for o in profile_of("coffee").font_options]
    assert str(info.value).startswith("fonts: 'comic-sans-with-papyrus' is not one of the options offered (lato-with-")
