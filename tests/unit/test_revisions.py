"""brandkit.revisions and the versioned job layout (issue 15), without AWS."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from brandkit.api import build_app, openapi
from brandkit.artifacts import Job
from brandkit.job_files import BRIEF, KIT_ZIP, PALETTE
from brandkit.jobs import execution_name, split_execution_name
from brandkit.logo import review
from brandkit.logo.designer import design_concepts
from brandkit.logo.more import DIFFERENT, more_concepts
from brandkit.palette import build_palette
from brandkit.profile import build_profile
from brandkit.revisions import Revision, choices_of, plan
from tests.integration.test_workflow import sample


def test_version_one_keeps_its_keys_and_later_versions_get_their_own_folder():
    job = Job(id="bk-1", bucket="b", prefix="kits/bk-1")
    assert job.key(PALETTE.key) == "kits/bk-1/work/palette.json"
    v3 = job.at_version(3)
    assert v3.key(PALETTE.key) == "kits/bk-1/v3/work/palette.json"
    assert v3.key(KIT_ZIP.key) == "kits/bk-1/v3/kit.zip"
    assert v3.key(BRIEF.key, BRIEF.scope) == "kits/bk-1/brief.json"  # one brief for every version


def test_a_revision_reads_its_parent_and_a_first_version_has_none():
    revision = Job(id="bk-1", bucket="b", prefix="kits/bk-1", version=3, parent=2, changes={"palette": "p2"},
                   reuse_palette=True)
    parent = revision.at_parent()
    assert (parent.version, parent.parent, parent.changes, parent.reuse_palette) == (2, None, {}, False)
    with pytest.raises(ValueError, match="version 1 of job bk-1 is not a revision"):
        Job(id="bk-1", bucket="b", prefix="kits/bk-1").at_parent()


def test_execution_names_carry_the_version_and_cannot_collide_with_a_job_id():
    assert execution_name("bk-1", 1) == "bk-1" and split_execution_name("bk-1") == ("bk-1", 1)
    assert split_execution_name(execution_name("bk-1", 12)) == ("bk-1", 12)
    assert split_execution_name("bk-1-v2") == ("bk-1-v2", 1)  # '.' is never in a job id


@pytest.mark.parametrize("body", [{}, {"concept": "a", "more": "b"}, {"palette": "a", "primary_color": "#112233"},
                                  {"concept": "../x"}, {"primary_color": "red"}, {"fonts": "x", "unknown": 1},
                                  {"tagline": "x" * 81}])
def test_a_revision_that_changes_nothing_or_contradicts_itself_is_refused(body):
    with pytest.raises(ValidationError):
        Revision(**body)


def test_choices_carry_over_and_plans_reuse_what_is_unchanged():
    parent = {"concept": "emblem", "palette": "analogous-brown", "fonts": "lato-with-eb-garamond"}
    assert choices_of(parent, Revision(fonts="x")) == {**parent, "fonts": "x"}
    assert choices_of(parent, Revision(primary_color="#112233")) == {
        "concept": "emblem", "fonts": "lato-with-eb-garamond", "primary_color": "#112233"}
    assert choices_of(parent, Revision(more=DIFFERENT)) == {"fonts": "lato-with-eb-garamond"}
    assert plan({"palette": "x"}) == {"reuse_logo": True, "reuse_palette": False}
    assert plan({"concept": "x"}) == {"reuse_logo": True, "reuse_palette": True}
    assert plan({"more": "different"}) == {"reuse_logo": False, "reuse_palette": False}


def test_more_concepts_differ_from_every_concept_shown_and_join_with_new_ids():
    profile = build_profile(sample("northwind-coffee"))
    palette = build_palette(profile)
    shown = design_concepts(profile, palette, seed=7)
    for like in (DIFFERENT, "geometric"):
        grown = more_concepts(shown, like, profile, palette, seed=7, version=2)
        new = grown.concepts[len(shown.concepts):]
        assert new and grown.concepts[:len(shown.concepts)] == shown.concepts and grown.primary == new[0].id
        assert all(c.id.startswith(f"{c.kind}-v2") for c in new)
        assert len({c.id for c in grown.concepts}) == len(grown.concepts)
        if like != DIFFERENT:
            assert {c.kind for c in new} == {"geometric"}
        for c in new:
            small = review.thumbs(c.spec, palette)
            assert all(review.apart(small, review.thumbs(s.spec, palette)) >= review.DUPLICATE for s in shown.concepts)
        # The same request again: the same concepts (a revision is reproducible).
        assert more_concepts(shown, like, profile, palette, seed=7, version=2) == grown


def test_the_openapi_document_has_the_revision_routes():
    paths = openapi(build_app())["paths"]
    assert "post" in paths["/brands/{job_id}/revisions"]
    assert "get" in paths["/brands/{job_id}/versions/{version}"]
    assert "get" in paths["/brands/{job_id}/versions/{version}/kit"]


@pytest.mark.parametrize(("engine", "named"), [("sdxl", "the SDXL engine"), ("existing", "the uploaded logo")])
def test_more_for_a_brand_the_vector_designer_did_not_draw_is_refused_saying_why(engine, named):
    from brandkit.errors import OptionNotOffered
    from brandkit.job_files import CONCEPTS, OPTIONS
    from brandkit.kit_options import kit_options
    from brandkit.palette import palette_options
    from brandkit.revisions import check_offered
    from brandkit.store import MemoryStore

    profile = build_profile(sample("northwind-coffee"))
    palettes = palette_options(profile)
    store = MemoryStore(Job(id="j", bucket="b", prefix="kits/j"))
    concepts = design_concepts(profile, build_palette(profile), seed=7)
    store.save(CONCEPTS, concepts.model_copy(update={"engine": engine}))
    store.save(OPTIONS, kit_options(profile, palettes, palettes[0].id))
    refusal = f"^more: more concepts are drawn by the vector designer.*{named}"
    with pytest.raises(OptionNotOffered, match=refusal) as info:
        check_offered(Revision(more=concepts.concepts[0].id), store)
    assert info.value.field == "more"
    check_offered(Revision(palette=palettes[1].id), store)  # the other choices stay open
