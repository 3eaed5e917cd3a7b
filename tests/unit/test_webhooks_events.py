"""The event models match what the state machine emits and what docs/EVENTS.md shows."""

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from brandkit.artifacts import Job
from brandkit.webhooks.events import BrandKitFailedV1, BrandKitSucceededV1, event_body, parse_event
from brandkit_local.events_doc import generated_part, schema_section, with_schema
from tests.unit.test_webhooks_signing import FAILED, SUCCEEDED

DOC = Path(__file__).parents[2] / "docs" / "EVENTS.md"


def test_events_round_trip_and_are_strict():
    ok, failed = parse_event(SUCCEEDED), parse_event(FAILED)
    assert isinstance(ok, BrandKitSucceededV1) and isinstance(failed, BrandKitFailedV1)
    assert parse_event(event_body(failed)) == failed
    assert failed.failed_at == datetime(2026, 11, 23, 11, 57, 30, tzinfo=UTC)
    for bad in ({**SUCCEEDED, "surprise": 1}, {**SUCCEEDED, "version": "2"}, {**SUCCEEDED, "type": "brand.kit.x"},
                {**FAILED, "failed_at": "2026-11-23T11:57:30"}, {**SUCCEEDED, "artifacts": -1}):
        with pytest.raises(ValueError):
            parse_event(bad)


def test_events_the_state_machine_builds_validate(monkeypatch):
    from brandkit.job_files import FAILURE
    from brandkit.stages import record_failure
    from brandkit.store import MemoryBucket

    monkeypatch.setattr(record_failure, "execution_events", lambda arn: [])
    bucket = MemoryBucket()
    job = {"id": "j-9", "bucket": "kits", "prefix": "kits/j-9"}
    out = record_failure.run({"input": {"job": job, "error": {"Error": "States.Timeout", "Cause": "late"}},
                              "execution": "arn:aws:states:x", "job_id": "j-9"}, bucket.store)
    event = parse_event(out["event"])
    assert isinstance(event, BrandKitFailedV1) and event.stage == "unknown"
    assert (event.cause_code, event.cause, event.cause_language) == (
        "stage_timed_out", "a stage took longer than its time limit", "en"), "Step Functions' timeout, said by us"
    kept = bucket.store(Job.model_validate(job)).load(FAILURE)
    assert kept == event, "failure.json is the event itself"


def test_documented_examples_parse_and_match_the_wire_form():
    doc = DOC.read_text()
    examples = [
        block.split("```", 1)[0].strip() for block in doc.replace(generated_part(doc), "").split("```json\n")[1:]
    ]
    assert len(examples) == 3
    for example in examples:
        assert event_body(parse_event(example)).decode() == example


def test_the_documented_schema_is_the_one_generated_from_the_models():
    doc = DOC.read_text()
    assert generated_part(doc) == schema_section(), "stale: run `brandkit events --doc docs/EVENTS.md`"
    assert with_schema(doc) == doc
    schema = json.loads(schema_section().split("```json\n", 1)[1].split("```", 1)[0])
    kinds = {ref["$ref"].rsplit("/", 1)[-1] for ref in schema["oneOf"]}
    assert kinds == {"BrandKitSucceededV1", "BrandKitFailedV1", "BrandKitRevisedV1"}
    assert {"type", "version"} <= set(schema["$defs"]["BrandKitFailedV1"]["required"])


def test_success_event_the_state_machine_builds_validates(monkeypatch):
    from brandkit.artifacts import LogoConcepts
    from brandkit.job_files import CONCEPTS, KIT, MANIFEST, PROFILE
    from brandkit.stages import publish_manifest
    from brandkit.store import MemoryBucket
    from tests.unit.test_palette import profile_of

    monkeypatch.setattr(publish_manifest, "execution_events", lambda arn: [])
    job = Job(id="j-7", bucket="kits-bucket", prefix="kits/j-7")
    store = MemoryBucket().store(job)
    store.save(PROFILE, profile_of("law"))
    store.save(CONCEPTS, LogoConcepts(engine="vector", concepts=[], primary="none"))
    store.save(KIT.file("logo.svg"), b"<svg/>")
    store.save(KIT.file("palette.json"), b"{}")
    out = publish_manifest.run({"job": job.model_dump(mode="json"), "execution": "arn:x"}, lambda j: store)
    event = parse_event(out["event"])
    assert isinstance(event, BrandKitSucceededV1)
    assert (event.job_id, event.bucket, event.manifest_key, event.artifacts) == (
        "j-7",
        "kits-bucket",
        "kits/j-7/kit/manifest.json",
        2,
    )
    assert store.load(MANIFEST)["job_id"] == "j-7"
