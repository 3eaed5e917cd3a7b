"""The deterministic writer: grounded, specific prose in every catalogue language (brandkit.i18n), the nearest
catalogue's language elsewhere."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from brandkit.artifacts import Fact, FontChoice
from brandkit.i18n import CATALOGUES, labels, negotiate, translator
from brandkit.rationale import Kit, RationaleSettings, banned_words_in, check_rationale, write_rationale
from brandkit.rationale.templates import TEMPLATES
from tests.unit.rationale_fixtures import assert_grounded, clinic_kit, coffee_kit, prose

NO_KEY = RationaleSettings()  # no API key, no secret: the deterministic writer


@pytest.mark.parametrize("language", [*CATALOGUES.values(), "es-MX", "de-CH", "zh"])
def test_every_catalogue_language_is_grounded(language):
    kit = coffee_kit(language)
    rationale = write_rationale(*kit, settings=NO_KEY)
    assert rationale.writer == "deterministic"
    assert rationale.language == language
    assert rationale.language_choice["requested"] == language and rationale.language_choice["reason"]
    assert rationale.notes == []
    assert_grounded(rationale, kit, language)
    assert check_rationale(rationale, Kit(*kit)) == []


def test_japanese_clinic_kit():
    kit = clinic_kit()
    rationale = write_rationale(*kit, settings=NO_KEY)
    assert_grounded(rationale, kit, "ja")
    assert "さくら歯科クリニック" in rationale.summary
    assert "漢字" in rationale.typography  # the name's script is covered by both fonts


@pytest.mark.parametrize("language, used, says", [
    ("pt-PT", "pt-BR", "Brazilian Portuguese"),
    ("zh-Hant", "zh-Hans", "Simplified Chinese"),
    ("zh-TW", "zh-Hans", "Simplified Chinese"),
    ("sw", "en", "English"),
])
def test_other_languages_get_the_nearest_catalogue_with_the_reason(language, used, says):
    kit = coffee_kit(language)
    rationale = write_rationale(*kit, settings=NO_KEY)
    assert rationale.language == used
    assert rationale.language_choice == {
        "requested": language,
        "used": used,
        "reason": rationale.language_choice["reason"],
    }
    assert says in rationale.language_choice["reason"] and language in rationale.language_choice["reason"]
    assert len(rationale.notes) == 1 and says in rationale.notes[0]
    assert_grounded(rationale, kit, used)


@pytest.mark.parametrize("language", [tag for tag in CATALOGUES.values() if tag != "en"])
def test_no_english_graph_label_in_a_non_english_kit(language):
    kit = coffee_kit(language)
    rationale = write_rationale(*kit, settings=NO_KEY)
    text = prose(rationale)
    brief = kit[0]
    for own_words in [brief.company_name, brief.industry, brief.audience, *brief.values, *brief.style]:
        text = text.replace(own_words, " ")  # the user's own words may be English
    profile, concept = kit[1], kit[3]
    graph_ids = [("industry", profile.industry.industry), ("harmony", profile.harmony), ("concept", concept.kind),
                 *(("trait", t) for t, _ in profile.traits), *(("family", h) for h in profile.hue_families),
                 *(("classification", f.classification) for f in profile.fonts)]
    locale = negotiate(language).locale
    pairs = [(labels.label(kind, ident, "en"), labels.label(kind, ident, locale)) for kind, ident in graph_ids]
    # A label that is the same word in both languages ("Fintech") is no English leak.
    leaked = [en for en, own in pairs if en and en != own and re.search(rf"\b{re.escape(en)}\b", text, re.I)]
    assert leaked == []


SYMBOL = {"set": "Material Design Icons", "name": "coffee", "licence": "Apache-2.0", "version": "7.4.47"}


@pytest.mark.parametrize("language", ["en", "ja", "ar", "hi"])
@pytest.mark.parametrize("kind, symbol", [("symbol", SYMBOL), ("symbol-in-shape", SYMBOL),
                                          ("symbol-combination", SYMBOL), ("emblem", SYMBOL), ("emblem", None)])
def test_every_concept_kind_has_its_own_sentence_in_the_kits_language(language, kind, symbol):
    """Symbol marks (and an emblem drawing a symbol) are described by their own template and named from the
    label table, never by the "{label} is a {kind} concept" fallback or an English label."""
    from brandkit.artifacts import LogoConcept
    from brandkit.i18n.labels import concept_key
    from brandkit.logo.designer import KINDS, SYMBOL_EMBLEM, SYMBOL_KINDS

    key = concept_key(kind, symbol)
    english = dict(KINDS + SYMBOL_KINDS + [SYMBOL_EMBLEM])[key]
    brief, profile, palette, _concept = coffee_kit(language)
    concept = LogoConcept(id=kind, kind=kind, label=english, engine="vector", symbol=symbol)
    rationale = write_rationale(brief, profile, palette, concept, settings=NO_KEY)
    t = translator(negotiate(language).locale)
    assert f"logo.{key}" in TEMPLATES
    named = t.quote(english if language == "en" else labels.label("concept", key, t.locale))
    assert rationale.logo.startswith(t.say(f"logo.{key}", TEMPLATES[f"logo.{key}"], label=named,
                                           company=brief.company_name))
    if language != "en":
        assert english not in rationale.logo and "concept" not in rationale.logo


def test_specific_to_the_brief_and_cites_sources():
    kit = coffee_kit()
    rationale = write_rationale(*kit, settings=NO_KEY)
    text = prose(rationale)
    assert "Northwind Coffee" in rationale.summary and "specialty coffee roastery" in rationale.summary
    assert "Coffee roastery & café" in rationale.summary and "86%" in rationale.summary  # the dataset's label
    for source in ("Aaker 1997", "Labrecque & Milne 2012", "Brandkit type classification tags"):
        assert source in text
    assert "NC monogram" in rationale.logo and "lettermark" in rationale.logo
    assert "#8A4B2A" in rationale.logo and "Fraunces" in rationale.logo
    # Contrast ratios and CMYK come from the palette itself.
    text_note = next(c for c in rationale.colors if c.role == "text")
    ratio = next(p.ratio for p in kit[2].text_pairs if p.foreground == "text")
    assert f"{ratio:.1f}:1" in text_note.why
    assert "0/46/70/46" in rationale.colors[0].why
    assert "deuteranopia simulation" in " ".join(rationale.do) and "ΔEOK 0.09" in " ".join(rationale.do)


def test_brief_words_that_are_filler_or_foreign_are_dropped():
    kit = coffee_kit(values=["honest", "innovative", "Helvetica", "#FF0000"], style=["seamless", "warm"],
                     audience="cutting-edge teams")
    rationale = write_rationale(*kit, settings=NO_KEY)
    text = prose(rationale)
    assert "honest" in text and "warm" in text
    for dropped in ("innovative", "Helvetica", "#FF0000", "seamless", "cutting-edge"):
        assert dropped not in text
    assert_grounded(rationale, kit, "en")


def test_facts_naming_a_font_outside_the_kit_are_not_repeated():
    kit = coffee_kit()
    assert any(f.object == "font:montserrat" for f in kit[1].facts)
    assert "montserrat" not in prose(write_rationale(*kit, settings=NO_KEY)).lower()
    assert all(f.object != "font:montserrat" for f in Kit(*kit).facts)
    assert any(f.object == "font:fraunces" for f in Kit(*kit).facts)  # the kit's own font stays


def test_graph_ids_read_as_words():
    rationale = write_rationale(*coffee_kit(), settings=NO_KEY)
    text = prose(rationale)
    assert "“Coffee roastery & café” evokes down-to-earth character" in text  # the industry's label, not its id
    assert "the value “honest” points to honesty" in text
    assert "wholesomeness is expressed by Fraunces" in rationale.typography  # font slug -> the kit's family
    assert "down-to-earth character goes with brown (Labrecque & Milne 2012)" in rationale.colors[0].why
    assert not re.search(r"\b(?:trait|family|font|industry|value|style|harmony):\S", text)  # no raw graph ids


def test_one_family_for_both_roles_and_unknown_traits():
    brief, profile, palette, concept = coffee_kit()
    inter = FontChoice(family="Inter", role="heading", classification="neo-grotesque sans", licence="OFL-1.1",
                       scripts=["Latin"])
    profile = profile.model_copy(update={
        "fonts": [inter, inter.model_copy(update={"role": "body"})],
        "traits": [("zesty-bold", 0.9), ("world-class", 0.8), ("calm", 0.5)],
        "facts": [Fact(subject="trait:zesty-bold", relation="pairs_with", object="hue:orange", weight=0.5,
                       source="Brandkit test data")],
    })
    concept = concept.model_copy(update={"kind": "combination", "engine": "sdxl"})
    kit = (brief, profile, palette, concept)
    rationale = write_rationale(*kit, settings=NO_KEY)
    assert "one family" in rationale.typography
    assert "zesty bold" in rationale.summary  # an unknown trait id, made readable
    assert "world class" not in prose(rationale).lower()  # a trait id that is itself filler is left out
    assert "SDXL" in rationale.logo and "combination mark" in rationale.logo
    assert_grounded(rationale, kit, "en")


@pytest.mark.parametrize("locale", sorted(CATALOGUES))
def test_templates_and_labels_contain_no_banned_word(locale):
    t = translator(locale)
    words = [t.pgettext(key, template) for key, template in TEMPLATES.items()]
    words += [labels.label(kind, ident, locale) or "" for kind, ids in labels.table().items() for ident in ids]
    assert banned_words_in("\n".join(words)) == []




@pytest.mark.parametrize("language, name, industry", [
    ("en", "Northwind Coffee", "specialty coffee roastery"),
    ("de", "Bergwerk Outdoor", "outdoor gear"),
    ("ja", "さくら歯科", "歯科医院"),
])
def test_with_the_real_profile_and_palette_engines(language, name, industry):
    profile_module = pytest.importorskip("brandkit.profile")
    palette_module = pytest.importorskip("brandkit.palette")
    from brandkit.artifacts import LogoConcept
    from brandkit.brief import Brief

    brief = Brief(company_name=name, industry=industry, values=["honest", "local"], style=["minimal"],
                  language=language)
    profile = profile_module.build_profile(brief)
    kit = (brief, profile, palette_module.build_palette(profile),
           LogoConcept(id="wordmark", kind="wordmark", label="Wordmark", engine="vector"))
    rationale = write_rationale(*kit, settings=NO_KEY)
    assert_grounded(rationale, kit, language)
    assert check_rationale(rationale, Kit(*kit)) == []
    assert "neutral-" not in prose(rationale)  # a neutral step is named in words ("Neutral 900"), not by its id


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    name=st.text(min_size=1, max_size=60).map(str.strip).filter(bool),
    values=st.lists(st.sampled_from(["honest", "innovative", "<b>bold</b>", "Helvetica", "#ABCDEF", "安心", "🌿",
                                     "https://x.example", "local"]), max_size=5, unique=True),
    audience=st.sampled_from(["", "families", "<script>alert(1)</script>", "seamless teams", "子ども連れの家族"]),
    language=st.sampled_from(["en", "es", "fr", "de", "ja", "ko", "ar", "he", "hi", "zh", "it", "nl", "pt-BR"]),
)
def test_any_brief_text_keeps_the_rationale_grounded(name, values, audience, language):
    try:
        kit = coffee_kit(language, company_name=name, values=values, audience=audience)
    except ValueError:  # control characters: the brief refuses them at the door
        return
    rationale = write_rationale(*kit, settings=NO_KEY)
    assert check_rationale(rationale, Kit(*kit)) == []
    assert_grounded(rationale, kit, language)
    text = prose(rationale).replace(name, " ") if len(name) > 3 else prose(rationale)
    assert "<script" not in text and "<b>" not in text and "https://" not in text
