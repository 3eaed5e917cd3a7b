"""A revision's texts in the reader's or the kit's language: the rationale's note on what changed and why (with the
design review's ranking said again in that language), the refusals the API and the CLI give, and a revision's
field errors."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from brandkit.artifacts import Job
from brandkit.design_review import why
from brandkit.errors import OptionNotOffered
from brandkit.field_errors import message
from brandkit.i18n import translator
from brandkit.i18n.labels import concept_key, label
from brandkit.kit_options import kit_options
from brandkit.logo.designer import design_concepts
from brandkit.logo.more import DIFFERENT, more_concepts
from brandkit.palette import build_palette, palette_options
from brandkit.profile import build_profile
from brandkit.rationale.revision import revision_note
from brandkit.revisions import RUNNING, Revision, RevisionRefused
from tests.integration.test_workflow import sample

# words of the English sentences (revision and design review) that no French note may contain
ENGLISH = ("is built from", "one of the brand's own", "made from the same", "Everything else", "ranked", "relevance",
           " below ", " vs ", "legibility")


@pytest.fixture(scope="module")
def brand():
    profile = build_profile(sample("northwind-coffee"))
    palette = build_palette(profile)
    concepts = design_concepts(profile, palette, seed=7)
    palettes = palette_options(profile)
    return profile, concepts, palettes


def revision(version_changes: dict[str, str]) -> Job:
    return Job(id="bk-1", bucket="b", prefix="kits/bk-1", version=2, parent=1, changes=version_changes)


def test_a_concept_and_palette_revision_is_written_in_french_with_the_ranking_in_french(brand):
    profile, concepts, palettes = brand
    second = concepts.concepts[1]
    chosen = concepts.model_copy(update={"primary": second.id})
    options = kit_options(profile, palettes, palettes[1].id)
    french = translator("fr")
    note = revision_note(revision({"concept": second.id, "palette": palettes[1].id}), chosen, options, french)

    name = label("concept", concept_key(second.kind, second.symbol), "fr")
    assert name and name in note and second.label not in note  # the label table's French name, not the English one
    assert note.startswith("La version 2 est construite à partir du concept")
    assert note.endswith("Tout le reste est comme dans la version 1.")
    # the design review's figures, said in French with French decimals
    ranking = why(second.review, second.review["above"], french)
    assert ranking in note and ranking.startswith("total ") and " contre " in ranking
    assert f"{second.review['total']}".replace(".", ",") in ranking
    # the palette option's reason is the run's record (an English brief's: English), quoted as it is
    assert f"La palette est désormais l'option {palettes[1].id}" in note and palettes[1].reason in note
    assert not [w for w in ENGLISH if w in note.replace(palettes[1].reason, "")]


def test_the_english_note_says_the_same_ranking_the_design_review_recorded(brand):
    profile, concepts, palettes = brand
    third = concepts.concepts[2]
    note = revision_note(revision({"concept": third.id}), concepts.model_copy(update={"primary": third.id}),
                         kit_options(profile, palettes, palettes[0].id))
    assert third.review["why"] in note and third.label in note
    assert note.endswith("Everything else is as in version 1.")


def test_more_concepts_are_announced_in_japanese_without_english_sentences(brand):
    profile, concepts, palettes = brand
    grown = more_concepts(concepts, DIFFERENT, profile, build_palette(profile), seed=7, version=2)
    note = revision_note(revision({"more": DIFFERENT}), grown, kit_options(profile, palettes, palettes[0].id),
                         translator("ja"))
    assert "新しい方向性のコンセプトを描きました" in note and "それ以外はすべてバージョン 1 と同じです。" in note
    assert not any(word in note for word in ("drawn", "leads", "ranked", "Everything"))


def test_a_revision_for_a_version_one_has_no_note(brand):
    profile, concepts, palettes = brand
    first = Job(id="bk-1", bucket="b", prefix="kits/bk-1")
    assert revision_note(first, concepts, kit_options(profile, palettes, palettes[0].id), translator("de")) == ""


def test_refusals_and_a_revision_s_field_errors_are_said_in_german():
    german = translator("de")
    refused = RevisionRefused("running", RUNNING, number=3)
    assert str(refused) == "version 3 of this brand is still running; revise it once it has finished"
    assert refused.said(german) == "Version 3 dieser Marke läuft noch; überarbeiten Sie sie, wenn sie fertig ist"

    with pytest.raises(ValidationError) as caught:
        Revision(palette="analogous-brown", primary_color="#112233")
    (error,) = caught.value.errors()
    assert error["type"] == "revision_palette_and_colour"
    assert message(error, german) == "wählen Sie eine Palettenoption oder eine primary_color, nicht beides"

    offered = OptionNotOffered("palette", "violet", ["analogous-brown", "triadic-brown"])
    assert message(offered.field_error(), german) == (
        "'violet' ist keine der angebotenen Optionen (analogous-brown, triadic-brown)")
