"""The palette and font options' reasons in the brief's language: whole sentences from the catalogues (context
"palette option" / "font option"), the graph's words from the label table, recorded as they are in options.json
and quoted as they are in a revision's note."""

from __future__ import annotations

import re

import pytest

from brandkit.artifacts import Job
from brandkit.i18n import translator
from brandkit.i18n.labels import label
from brandkit.kit_options import kit_options
from brandkit.logo.designer import design_concepts
from brandkit.palette import build_palette, palette_options
from brandkit.profile import build_profile
from brandkit.rationale.revision import revision_note
from tests.unit.test_palette_samples import sample_brief

# words of the English templates that no reason in another language may contain
ENGLISH = ("harmony", "implies", "is built", "hue comes", "family", "sets the", "headings", "for contrast", "the ")
HEX = re.compile(r"#[0-9A-F]{6}")


def options_in(key: str, language: str):
    profile = build_profile(sample_brief(key).model_copy(update={"language": language}))
    return profile, palette_options(profile)


def latin_words(text: str, families: list[str]) -> list[str]:
    """Latin-script words left once hexes and font family names (proper names, kept as they are) are taken out."""
    for family in families:
        text = text.replace(family, "")
    return re.findall(r"[A-Za-z]{2,}", HEX.sub("", text))


def test_french_palette_reasons_use_french_templates_and_the_label_tables_french_words():
    profile, options = options_in("coffee", "fr")
    for option in options:
        reason = option.reason
        style = label("style", "rustic", "fr")
        assert reason.startswith(f"Le style {style} implique l'harmonie {label('harmony', option.harmony, 'fr')}.")
        assert f"La palette est construite autour de {option.palette.hex('primary')}." in reason
        assert f"Sa teinte vient des tons {label('family', option.lead, 'fr')}" in reason
        assert not [word for word in ENGLISH if word in reason], reason


def test_french_font_reasons_name_the_classification_and_traits_in_french():
    profile, _options = options_in("coffee", "fr")
    traits = [label("trait", t, "fr") for t, _ in profile.traits]
    for option in profile.font_options:
        reason = option.reason
        heading = label("classification", option.heading.classification, "fr")
        assert reason.startswith(f"{option.heading.family} ({heading}) compose les titres")
        assert f"{option.body.family} ({label('classification', option.body.classification, 'fr')}) compose le texte" \
            in reason
        assert "exprime les traits" not in reason or any(t in reason for t in traits)
        assert not [word for word in ENGLISH if word in reason], reason


@pytest.mark.parametrize("key, language", [("coffee", "ja"), ("fintech", "ja"), ("bakery", "ar"), ("grey", "he"),
                                           ("pastel", "zh-Hans"), ("toys", "ko")])
def test_reasons_in_a_non_latin_language_have_no_english_words_left(key, language):
    profile, options = options_in(key, language)
    families = [f for o in profile.font_options for f in (o.heading.family, o.body.family)]
    for reason in [o.reason for o in options] + [o.reason for o in profile.font_options]:
        assert reason and not latin_words(reason, families), reason


def test_japanese_reasons_are_sentences_of_the_japanese_catalogue():
    profile, options = options_in("coffee", "ja")
    first = options[0]
    style, harmony = label("style", "rustic", "ja"), label("harmony", first.harmony, "ja")
    assert first.reason.startswith(f"「{style}」のスタイルは{harmony}を示唆します。")
    assert f"色相は{label('family', first.lead, 'ja')}から取っています。" in first.reason
    pairing = profile.font_options[0]
    assert pairing.reason.startswith(
        f"見出しは{pairing.heading.family}（{label('classification', pairing.heading.classification, 'ja')}）")


def test_a_language_without_a_catalogue_gets_english_reasons():
    _profile, options = options_in("coffee", "sw")
    assert options[0].reason.startswith("The rustic style implies the analogous harmony.")


def test_options_json_and_a_revision_note_carry_the_french_reason_as_it_is():
    profile, options = options_in("coffee", "fr")
    concepts = design_concepts(profile, build_palette(profile), seed=7)
    record = kit_options(profile, options, options[1].id)
    assert [p.reason for p in record.palettes] == [o.reason for o in options]
    assert [f.reason for f in record.fonts] == [o.reason for o in profile.font_options]
    job = Job(id="bk-1", bucket="b", prefix="kits/bk-1", version=2, parent=1, changes={"palette": options[1].id})
    note = revision_note(job, concepts, record, translator("fr"))
    assert options[1].reason in note and "harmony" not in note
