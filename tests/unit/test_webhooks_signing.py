"""Our signatures verify with the reference `standardwebhooks` library; tampering breaks them."""

import base64
from datetime import UTC, datetime, timedelta

import pytest
from standardwebhooks.webhooks import Webhook, WebhookVerificationError

from brandkit.webhooks.events import event_body, parse_event
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
