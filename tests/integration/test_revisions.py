"""Revisions (issue 15) through the real state machine in the local twin: choose a concept, a palette,
ask for more concepts; each version its own kit, version 1 untouched, only the changed stages run."""

from __future__ import annotations

import hashlib
import json

import pytest

from brandkit.errors import OptionNotOffered
from brandkit.job_files import CONCEPTS, MANIFEST, OPTIONS, PALETTE, PROFILE
from brandkit.jobs import current_version, execution_name, versions
from brandkit.revisions import Revision, RevisionRefused
from brandkit_local.twin import LocalCloud
from tests.integration.test_workflow import entered_states, sample

pytestmark = pytest.mark.slow
JOB = "revised"


def sha(files: dict[str, bytes]) -> dict[str, str]:
    return {path: hashlib.sha256(data).hexdigest() for path, data in files.items()}


@pytest.fixture(scope="module")
def brand():
    with LocalCloud() as cloud:
        cloud.submit(sample("northwind-coffee"), job_id=JOB)
        assert cloud.wait(JOB, timeout_s=300)["status"] == "SUCCEEDED"
        yield cloud, sha(cloud.kit_files(JOB))


def revise(cloud: LocalCloud, **changes) -> tuple[int, dict[str, bytes]]:
    started = cloud.revise(JOB, Revision(**changes))
    name = execution_name(JOB, started["version"])
    assert cloud.wait(name, timeout_s=300)["status"] == "SUCCEEDED"
    return started["version"], cloud.kit_files(JOB, started["version"])


def test_concept_then_palette_then_more(brand):
    cloud, first = brand
    concepts = cloud.store(JOB).load(CONCEPTS)
    chosen = next(c for c in concepts.concepts if c.id != concepts.primary)

    v2, kit2 = revise(cloud, concept=chosen.id)
    assert v2 == 2
    assert cloud.store(JOB, 2).load(CONCEPTS).primary == chosen.id
    recorded = json.loads(kit2["manifest.json"])["version"]
    assert {k: recorded[k] for k in ("number", "parent", "changes")} == {"number": 2, "parent": 1,
                                                                          "changes": {"concept": chosen.id}}
    assert recorded["choices"]["concept"] == chosen.id
    story = json.loads(kit2["rationale.json"])["revision"]  # what changed and why it still fits
    assert chosen.label in story and chosen.review["why"] in story and story.endswith("as in version 1.")
    assert json.loads(cloud.kit_files(JOB)["rationale.json"])["revision"] == ""
    states = entered_states(cloud, execution_name(JOB, 2))
    assert "DesignLogo" not in states and len(states) <= 15
    # A concept-only revision keeps the palette: the same colours, byte for byte.
    assert kit2["palette/palette.json"] == cloud.kit_files(JOB)["palette/palette.json"]
    assert kit2["logo/master.svg"] != cloud.kit_files(JOB)["logo/master.svg"]

    options = cloud.store(JOB, 2).load(OPTIONS)
    second = options.palettes[1]
    v3, kit3 = revise(cloud, palette=second.id)
    assert "DesignLogo" not in entered_states(cloud, execution_name(JOB, 3))
    assert cloud.store(JOB, 3).load(OPTIONS).chosen["palette"] == second.id
    assert cloud.store(JOB, 3).load(PALETTE) == second.palette
    assert second.palette.hex("primary").lower() in kit3["palette/palette.json"].decode().lower()
    assert kit3["palette/palette.json"] != kit2["palette/palette.json"]
    assert cloud.store(JOB, 3).load(CONCEPTS).primary == chosen.id  # the concept choice carries over
    assert second.reason in json.loads(kit3["rationale.json"])["revision"]

    v4, kit4 = revise(cloud, more="different")
    assert "DesignLogo" in entered_states(cloud, execution_name(JOB, 4))
    after = cloud.store(JOB, 4).load(CONCEPTS)
    new = [c for c in after.concepts if c.id not in {c.id for c in concepts.concepts}]
    assert new and after.primary == new[0].id and all(c.id.endswith("-v4") or "-v4-" in c.id for c in new)
    assert v4 == 4 and "logo/master.svg" in kit4

    # Version 1's files are as they were.
    assert sha(cloud.kit_files(JOB)) == first
    events = [e for e in cloud.events() if e.get("type") == "brand.kit.revised"]
    assert sorted(e["kit_version"] for e in events) == [2, 3, 4]


def test_an_id_never_offered_names_the_field_and_starts_nothing(brand):
    cloud, _ = brand
    with pytest.raises(OptionNotOffered) as refused:
        cloud.revise(JOB, Revision(palette="no-such-palette"))
    assert refused.value.field == "palette"
    with pytest.raises(OptionNotOffered) as refused:
        cloud.revise(JOB, Revision(concept="nope"))
    assert refused.value.field == "concept"


def test_unknown_brand_is_refused(brand):
    cloud, _ = brand
    with pytest.raises(RevisionRefused) as refused:
        cloud.revise("no-such-brand", Revision(fonts="x"))
    assert refused.value.reason == "unknown"


def test_a_tagline_revision_reuses_logo_and_palette_and_sets_the_new_line(brand):
    cloud, _ = brand
    started = cloud.revise(JOB, Revision(tagline="Roasted <this> week"))
    name = execution_name(JOB, started["version"])
    assert cloud.wait(name, timeout_s=300)["status"] == "SUCCEEDED"
    states = entered_states(cloud, name)
    assert "DesignLogo" not in states
    assert cloud.store(JOB, started["version"]).load(PROFILE).tagline == "Roasted <this> week"
    parent = cloud.store(JOB, started["parent"])
    assert cloud.store(JOB, started["version"]).load(PALETTE) == parent.load(PALETTE)


def test_a_failed_revision_ends_failed_with_its_event_and_leaves_the_current_version(brand):
    cloud, first = brand
    before = current_version(versions(cloud.state_machine_arn, JOB, cloud.client("stepfunctions")))
    # The lettermark is the brand's initial: drawn again, it is the same mark, so "more like it" finds none.
    started = cloud.revise(JOB, Revision(more="lettermark"))
    name = execution_name(JOB, started["version"])
    assert cloud.wait(name, timeout_s=300)["status"] == "FAILED"
    failed = [e for e in cloud.events() if e.get("type") == "brand.kit.failed"]
    assert failed and failed[-1]["kit_version"] == started["version"] and failed[-1]["stage"] == "DesignLogo"
    assert current_version(versions(cloud.state_machine_arn, JOB, cloud.client("stepfunctions"))) == before
    assert sha(cloud.kit_files(JOB)) == first


def test_a_brand_whose_kit_expired_is_refused_with_expired(brand):
    cloud, _ = brand
    current = current_version(versions(cloud.state_machine_arn, JOB, cloud.client("stepfunctions")))
    cloud.store(JOB, current).delete(MANIFEST)  # as the bucket's lifecycle would
    with pytest.raises(RevisionRefused) as refused:
        cloud.revise(JOB, Revision(fonts="x"))
    assert refused.value.reason == "expired"
