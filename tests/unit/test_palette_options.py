"""Palette options: three whole palettes per run, each accessible (checked here independently with coloraide),
visibly different from each other, ranked with a reason from the graph, the first being the kit's default
palette, and each rebuilt exactly from its id."""

import json
import math
import os
import re
import subprocess
import sys
from functools import cache
from itertools import combinations
from pathlib import Path

import pytest
from coloraide import Color

from brandkit.artifacts import BrandProfile, Palette
from brandkit.bkg import default_graph
from brandkit.bkg.dataset import IMPLIES
from brandkit.errors import OptionNotOffered
from brandkit.i18n.labels import label
from brandkit.palette import OPTION_COUNT, build_palette, palette_options
from brandkit.palette.options import MIN_DISTANCE, distance
from brandkit.profile import build_profile
from tests.unit.test_palette_samples import SAMPLES, sample_brief

ROOT = Path(__file__).parents[2]
BRAND = ("primary", "secondary", "accent")
HARMONIES = ("analogous", "complementary", "split-complementary", "triad", "monochrome")
LOGO = ["#0B6E4F", "#F2C14E"]  # an imported logo's colours: green and gold


@cache
def profile_of(key: str) -> BrandProfile:
    return build_profile(sample_brief(key))


@cache
def options_of(key: str):
    return palette_options(profile_of(key))


def oklab(hex_: str) -> list[float]:
    return Color(hex_).convert("oklab").coords()


def hausdorff(a: Palette, b: Palette) -> float:
    """The options' distance, computed here from coloraide alone."""
    xs, ys = [oklab(a.hex(r)) for r in BRAND], [oklab(b.hex(r)) for r in BRAND]
    d = lambda p, q: max(min(math.dist(x, y) for y in q) for x in p)  # noqa: E731
    return max(d(xs, ys), d(ys, xs))


def assert_aa(option) -> None:
    """Every text pair of the option's palette meets WCAG AA, measured here with coloraide."""
    palette = option.palette
    assert len(palette.text_pairs) == 11
    for pair in palette.text_pairs:
        ratio = Color(palette.hex(pair.foreground)).contrast(palette.hex(pair.background), method="wcag21")
        assert ratio >= (3.0 if pair.large_text else 4.5), (option.id, pair)


@pytest.mark.parametrize("key", sorted(SAMPLES))
def test_every_sample_gets_three_ranked_options_with_readable_ids(key):
    options = options_of(key)
    assert len(options) == OPTION_COUNT
    assert [o.rank for o in options] == [1, 2, 3]
    assert len({o.id for o in options}) == 3
    families = {f.key for f in default_graph().colour_families()}
    for option in options:
        assert option.id == f"{option.harmony}-{option.lead}" and option.harmony in HARMONIES
        assert option.lead in families
        assert option.palette.harmony == option.harmony


@pytest.mark.parametrize("key", sorted(SAMPLES))
def test_no_two_options_look_alike(key):
    for a, b in combinations(options_of(key), 2):
        assert hausdorff(a.palette, b.palette) >= MIN_DISTANCE, (key, a.id, b.id)
        assert (a.harmony, a.lead) != (b.harmony, b.lead)


@pytest.mark.parametrize("key", sorted(SAMPLES))
def test_every_option_meets_aa_when_checked_independently(key):
    for option in options_of(key):
        assert_aa(option)


@pytest.mark.parametrize("key", sorted(SAMPLES))
def test_the_first_option_is_the_palette_the_kit_had_before_options(key):
    profile = profile_of(key)
    assert options_of(key)[0].palette == build_palette(profile)
    assert options_of(key)[0].harmony == profile.harmony
    assert palette_options(profile, LOGO)[0].palette == build_palette(profile, LOGO)


@pytest.mark.parametrize("key", ["coffee", "energy", "metal", "grey"])
def test_each_option_is_rebuilt_exactly_from_its_id(key):
    for option in options_of(key):
        assert build_palette(profile_of(key), option=option.id) == option.palette


def test_options_and_choices_are_the_same_in_a_fresh_process():
    """Same brief, same choice, same palette: in another interpreter, with another hash seed and cold caches."""
    code = ("import json, sys; from tests.unit.test_palette_samples import sample_brief; "
            "from brandkit.palette import palette_options, build_palette; from brandkit.profile import build_profile; "
            "p = build_profile(sample_brief('toys')); o = palette_options(p); "
            "print(json.dumps([[x.id, x.reason, x.palette.model_dump()] for x in o] + "
            "[build_palette(p, option=o[2].id).model_dump()]))")
    env = {**os.environ, "PYTHONHASHSEED": "12345", "PYTHONPATH": os.pathsep.join([str(ROOT / "layers" / "core")])}
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    there = json.loads(done.stdout.strip().splitlines()[-1])
    here = options_of("toys")
    assert there[:3] == [[o.id, o.reason, o.palette.model_dump(mode="json")] for o in here]
    assert there[3] == here[2].palette.model_dump(mode="json")


def test_an_option_the_run_never_offered_is_refused_naming_the_field():
    offered = [o.id for o in options_of("coffee")]
    with pytest.raises(OptionNotOffered) as info:
        build_palette(profile_of("coffee"), option="triad-purple")
    assert info.value.field == "palette" and info.value.offered == offered
    assert str(info.value).startswith("palette: 'triad-purple' is not one of the options offered")
    assert all(o in str(info.value) for o in offered)


@pytest.mark.parametrize("key", ["energy", "pastel"])
def test_a_brief_colour_leads_every_option_and_only_the_harmony_changes(key):
    seed = sample_brief(key).primary_color
    options = options_of(key)
    assert len({o.palette.hex("primary") for o in options}) == 1
    assert options[0].palette.hex("primary") == build_palette(profile_of(key)).hex("primary")
    assert len({o.harmony for o in options}) == 3 and len({o.lead for o in options}) == 1
    for option in options:
        assert f"your primary colour {seed.upper()}" in option.reason


def test_an_imported_logo_leads_every_option():
    options = palette_options(profile_of("coffee"), LOGO)
    assert len(options) == 3
    assert len({o.palette.hex("primary") for o in options}) == 1
    for option in options:
        assert "your logo's colour #F2C14E" in option.reason  # its most chromatic colour


def test_a_logo_drawn_in_the_palette_changes_no_option():
    own = options_of("fintech")[0].palette
    with_logo = palette_options(profile_of("fintech"), [own.hex(r) for r in BRAND])
    assert [o.model_dump() for o in with_logo] == [o.model_dump() for o in options_of("fintech")]


@pytest.mark.parametrize("key", ["coffee", "fintech", "toys", "law", "skincare"])  # English briefs
def test_reasons_name_the_harmony_the_style_and_the_family_from_the_graph(key):
    profile = profile_of(key)
    graph = default_graph()
    edges = {(f.subject, f.object) for f in profile.facts}
    for option in options_of(key):
        reason = option.reason
        assert "\n" not in reason and len(reason) < 240
        implied = re.match(r"The (.+?) style implies the (.+?) harmony\. ", reason)
        assert implied and implied.group(2) == label("harmony", option.harmony, "en")
        (style,) = [s for s in profile.style if label("style", s, "en") == implied.group(1)]
        assert f"harmony:{option.harmony}" in {f.object for f in graph.facts([f"style:{style}"], IMPLIES)}
        assert f"from the {label('family', option.lead, 'en')} family" in reason
        assert option.palette.hex("primary") in reason
        trait = re.search(r"which goes with (.+?)\.$", reason)
        (trait_id,) = [t for t, _ in profile.traits if trait and label("trait", t, "en") == trait.group(1)]
        assert (f"trait:{trait_id}", f"family:{option.lead}") in edges


def test_options_change_what_the_profile_supports_first():
    """Coffee's second family (green after brown) and its style's second harmony (rustic -> complementary)."""
    options = options_of("coffee")
    assert [(o.harmony, o.lead) for o in options] == [
        ("analogous", "brown"), ("complementary", "brown"), ("analogous", "green")]


def test_distance_ignores_roles_and_sees_one_new_colour():
    palette = options_of("coffee")[0].palette
    swapped = palette.model_copy(deep=True)
    colours = {c.role: c for c in swapped.colors}
    colours["secondary"].hex, colours["accent"].hex = palette.hex("accent"), palette.hex("secondary")
    assert distance(palette, swapped) == 0
    recoloured = palette.model_copy(deep=True)
    next(c for c in recoloured.colors if c.role == "accent").hex = "#00FFFF"
    assert distance(palette, recoloured) == pytest.approx(hausdorff(palette, recoloured), abs=1e-4)
    assert distance(palette, recoloured) >= MIN_DISTANCE


@pytest.mark.parametrize(
    "seed", ["#E63946", "#F4A261", "#FFE66D", "#2A9D8F", "#1D3557", "#8E44AD", "#111111", "#F1FAEE"]
)
def test_any_brief_colour_still_gets_three_distinct_accessible_options(seed):
    profile = build_profile(sample_brief("fintech").model_copy(update={"primary_color": seed}))
    options = palette_options(profile)
    assert len(options) == 3
    for a, b in combinations(options, 2):
        assert hausdorff(a.palette, b.palette) >= MIN_DISTANCE
    for option in options:
        assert_aa(option)


def test_a_profile_whose_styles_imply_no_harmony_still_starts_with_its_own_palette():
    profile = profile_of("coffee").model_copy(update={"style": []})
    options = palette_options(profile)
    assert options[0].palette == build_palette(profile) and options[0].harmony == profile.harmony
    assert "harmony is the default: none of the brand's styles implies one." in options[0].reason
    assert all("harmony is offered for range: none of the brand's styles implies it." in o.reason for o in options
               if o.harmony != profile.harmony)
