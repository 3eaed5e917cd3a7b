"""Our signatures verify with the reference `standardwebhooks` library; tampering breaks them."""

import base64
from datetime import UTC, datetime, timedelta

import pytest
from standardwebhooks.webhooks import Webhook, WebhookVerificationError

from brandkit.webhooks.events import BrandKitFailedV1, BrandKitSucceededV1, event_body, parse_event
from brandkit.webhooks.signing import generate_secret, secret_key, signature_headers

SUCCEEDED = {"type": "brand.kit.succeeded", "version": "1", "job_id": "j-1", "bucket": "kits",
             "manifest_key": "jobs/j-1/kit/manifest.json", "artifacts": 12}
FAILED = {"type": "brand.kit.failed", "version": "1", "job_id": "j-2", "stage": "RenderAssets",
          "error": "StageError", "cause": "no logo", "failed_at": "2026-11-23T11:57:30+00:00"}


def test_generated_secrets_are_whsec_base64_and_distinct():
    a, b = generate_secret(), generate_secret()
    assert a != b and a.startswith("whsec_")
    assert len(secret_key(a)) == 32
    with pytest.raises(ValueError):
        secret_key("whsec_" + base64.b64encode(b"short").decode())
    with pytest.raises(ValueError):
        secret_key("nope")


def test_signature_verifies_with_standardwebhooks():
    secret, body = generate_secret(), event_body(parse_event(SUCCEEDED))
    headers = signature_headers(secret, "msg_1", datetime.now(UTC), body)
    assert headers["webhook-signature"].startswith("v1,")
    assert Webhook(secret).verify(body, headers) == SUCCEEDED


@pytest.mark.parametrize("tamper", ["body", "timestamp", "id", "secret", "stale"])
def test_tampering_fails_verification(tamper):
    secret, body = generate_secret(), event_body(parse_event(SUCCEEDED))
    sent_at = datetime.now(UTC) - (timedelta(minutes=10) if tamper == "stale" else timedelta(0))
    headers = signature_headers(secret, "msg_1", sent_at, body)
    if tamper == "body":
        body = body.replace(b'"artifacts":12', b'"artifacts":13')
    elif tamper == "timestamp":
        headers["webhook-timestamp"] = str(int(headers["webhook-timestamp"]) - 1)
    elif tamper == "id":
        headers["webhook-id"] = "msg_2"
    elif tamper == "secret":
        secret = generate_secret()
    with pytest.raises(WebhookVerificationError):
        Webhook(secret).verify(body, headers)


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
    from pathlib import Path

    doc = (Path(__file__).parents[2] / "docs" / "EVENTS.md").read_text()
    examples = [block.split("```", 1)[0].strip() for block in doc.split("```json\n")[1:]]
    assert len(examples) == 2
    for example in examples:
        assert event_body(parse_event(example)).decode() == example
