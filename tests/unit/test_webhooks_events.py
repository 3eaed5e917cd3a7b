"""The event models match what the state machine emits and what docs/EVENTS.md shows."""

from datetime import UTC, datetime
from pathlib import Path

import pytest

from brandkit.webhooks.events import BrandKitFailedV1, BrandKitSucceededV1, event_body, parse_event
from test_webhooks_signing import FAILED, SUCCEEDED


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
    from brandkit.stages import record_failure

    monkeypatch.setattr(record_failure, "_history", lambda arn: [])
    out = record_failure.run({"input": {"error": {"Error": "States.Timeout", "Cause": "late"}},
                              "execution": "arn:aws:states:x", "job_id": "j-9"})
    event = parse_event(out["event"])
    assert isinstance(event, BrandKitFailedV1) and event.stage == "unknown" and event.cause == "late"


def test_documented_examples_parse_and_match_the_wire_form():
    doc = (Path(__file__).parents[2] / "docs" / "EVENTS.md").read_text()
    examples = [block.split("```", 1)[0].strip() for block in doc.split("```json\n")[1:]]
    assert len(examples) == 2
    for example in examples:
        assert event_body(parse_event(example)).decode() == example


def test_success_event_the_state_machine_builds_validates(monkeypatch):
    from types import SimpleNamespace

    from brandkit.artifacts import Job
    from brandkit.stages import publish_manifest

    class Store:  # just enough of JobStore for the stage: two kit files and the manifest it writes
        files = {"kit/logo.svg": b"<svg/>", "kit/palette.json": b"{}"}
        client = None  # fetch_kit makes the shared S3 client before its threads start

        def list(self, relprefix=""):  # the cost section lists the whole job prefix
            return [{"key": k, "size": len(v)} for k, v in self.files.items() if k.startswith(relprefix)]

        def get_bytes(self, key):
            return self.files[key]

        def put_json(self, key, value):
            return f"kits/j-7/{key}"

        def put_bytes(self, key, data, content_type="application/octet-stream"):
            return f"kits/j-7/{key}"

    job = Job(id="j-7", bucket="kits-bucket", prefix="kits/j-7")
    monkeypatch.setattr(publish_manifest, "job_of", lambda event: (job, Store()))
    monkeypatch.setattr(publish_manifest, "load_profile", lambda store: SimpleNamespace(company_name="Acme"))
    out = publish_manifest.run({"job": job.model_dump(mode="json")})
    event = parse_event(out["event"])
    assert isinstance(event, BrandKitSucceededV1)
    assert (event.job_id, event.bucket, event.manifest_key, event.artifacts) == ("j-7", "kits-bucket", "kits/j-7/kit/manifest.json", 2)
