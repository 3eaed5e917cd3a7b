"""The WebhookDispatcher Lambda under moto: events from the SNS topic (raw, via SQS), real signed POSTs
to a receiver on 127.0.0.1, retries on the retry queue walked with a moved clock (nothing sleeps).
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from brandkit.webhooks import RETRY_DELAYS, consumer, event_body, message_id, parse_event
from brandkit.webhooks.aws_store import MAX_SQS_DELAY, RetryRecord
from brandkit.webhooks.registry import registry_from_env
from brandkit.webhooks.tenant_routing import NO_TENANT, message_attributes
from brandkit_local import checkout
from brandkit_local.twin.event_sources import SqsSource, sqs_event

ROOT = Path(__file__).parents[2]
from tests.unit.test_webhooks_delivery import Receiver  # noqa: E402
from tests.unit.webhooks_aws_fixtures import TABLE, lambda_context, webhook_cloud  # noqa: E402

EVENTS, RETRIES, DEAD = "WebhookEventsQueue", "WebhookRetryQueue", "WebhookDeadLetterQueue"
TENANT = "acme"
SQS_SOURCE = SqsSource("webhook_dispatcher", "", "arn:aws:sqs:us-east-1:123456789012:webhook-events", 10)


def succeeded(job_id: str = "job-1") -> dict:
    return {"type": "brand.kit.succeeded", "version": "1", "job_id": job_id, "bucket": "brandkit-local-kits",
            "manifest_key": f"tenants/{TENANT}/kits/{job_id}/kit/manifest.json", "artifacts": 14}


@pytest.fixture(scope="module")
def handler():
    module = checkout.handler("webhook_dispatcher")
    return lambda event: module.lambda_handler(event, lambda_context("webhook_dispatcher", 120))


@pytest.fixture()
def cloud(fresh_clients):
    with webhook_cloud(insecure_local=True) as cloud:
        yield cloud


@pytest.fixture()
def receiver():
    r = Receiver(None)
    yield r
    r.close()


@pytest.fixture()
def clock(monkeypatch):
    """The dispatcher's clock, moved by the test."""
    state = {"now": datetime.now(UTC).replace(microsecond=0)}
    monkeypatch.setattr(consumer, "utcnow", lambda: state["now"])
    return state


def register(receiver, tenant: str = TENANT) -> str:
    endpoint = registry_from_env().register(receiver.url, "test receiver", tenant=tenant)
    receiver.secret = endpoint.secret
    return endpoint.id


def publish(cloud, event: dict, tenant: str | None = TENANT) -> None:
    """As the state machine's NotifySuccess/NotifyFailure states do (arn:aws:states:::sns:publish), with the
    event's tenant as a message attribute (None: a publisher that set none)."""
    attributes = message_attributes(event["type"], tenant or NO_TENANT)
    if tenant is None:
        del attributes["tenant"]
    cloud.sns.publish(TopicArn=cloud.topic, Message=json.dumps(event), MessageAttributes=attributes)


def from_sns(cloud, handler) -> dict:
    """Hand what the events queue holds (raw SNS deliveries, their attributes with them) to the function, one
    message per record as the event source mapping would."""
    messages = cloud.receive(EVENTS)
    assert messages, "nothing reached the events queue"
    batch = cloud.batch(EVENTS, [m["Body"] for m in messages])
    for record, message in zip(batch["Records"], messages, strict=True):
        record["messageAttributes"] = sqs_event(SQS_SOURCE, [message])["Records"][0]["messageAttributes"]
    return handler(batch)


def retries(cloud) -> list[tuple[int, RetryRecord]]:
    return [
        (p.get("DelaySeconds", 0), RetryRecord.model_validate_json(p["MessageBody"])) for p in cloud.sent_to(RETRIES)
    ]


def run_retry(cloud, handler, record: RetryRecord) -> dict:
    return handler(cloud.batch(RETRIES, [record.model_dump_json()]))


def delivery_row(cloud, msg_id: str, endpoint_id: str) -> dict:
    return cloud.ddb.get_item(TableName=TABLE, Key={"id": {"S": f"delivery#{msg_id}#{endpoint_id}"}})["Item"]


def test_an_event_from_the_topic_arrives_signed_and_verifies(cloud, handler, receiver):
    endpoint_id = register(receiver)
    publish(cloud, succeeded())
    assert from_sns(cloud, handler) == {"batchItemFailures": []}
    assert receiver.requests == []  # fan-out only: each delivery is its own retry-queue message
    [(delay, record)] = retries(cloud)
    assert delay == 0 and record.attempt == 0 and record.endpoint_id == endpoint_id
    [message] = cloud.receive(RETRIES)  # the real queued message, handed on as the mapping would
    assert handler(cloud.batch(RETRIES, [message["Body"]])) == {"batchItemFailures": []}
    [request] = receiver.requests
    assert request["verified"] == succeeded()  # standardwebhooks checked the signature and timestamp
    assert request["headers"]["webhook-id"] == message_id(parse_event(succeeded())) == record.msg_id
    assert request["body"] == event_body(parse_event(succeeded()))
    assert delivery_row(cloud, record.msg_id, endpoint_id)["state"]["S"] == "succeeded"
    assert retries(cloud) == [(0, record)]  # nothing more scheduled


def test_the_sample_event_is_handled(cloud, handler):
    sample = json.loads((ROOT / "events" / "webhook_dispatcher.json").read_text())
    sample["Records"][0]["eventSourceARN"] = cloud.arns[EVENTS]
    assert handler(sample) == {"batchItemFailures": []}  # no endpoints: nothing to deliver
    assert cloud.sent == []


def test_a_failing_receiver_gets_retries_with_the_right_delays(cloud, handler, receiver, clock):
    receiver.script = [(500, {}), (503, {"retry-after": "3600"})]
    register(receiver)
    publish(cloud, succeeded())
    from_sns(cloud, handler)
    [(_, first)] = retries(cloud)
    run_retry(cloud, handler, first)
    delay, second = retries(cloud)[-1]
    # 5 s +/- 20 % after the attempt; the record carries the due time, SQS the (whole-second) delay
    assert RETRY_DELAYS[0] * 0.8 <= second.due - clock["now"] <= RETRY_DELAYS[0] * 1.2
    assert delay == int((second.due - clock["now"]).total_seconds() + 0.999999) and second.attempt == 1
    clock["now"] = second.due
    run_retry(cloud, handler, second)
    delay, third = retries(cloud)[-1]
    # Retry-After: 3600 outweighs the ~5 min step; SQS delays stop at 15 min
    assert third.due == clock["now"] + timedelta(hours=1) and delay == MAX_SQS_DELAY
    clock["now"] += timedelta(seconds=MAX_SQS_DELAY)
    assert run_retry(cloud, handler, third) == {"batchItemFailures": []}
    assert len(receiver.requests) == 2  # received early: no attempt, sent again for the rest
    delay, again = retries(cloud)[-1]
    assert again == third and delay == MAX_SQS_DELAY  # 45 min left: another 15
    clock["now"] = third.due - timedelta(seconds=100)
    run_retry(cloud, handler, again)
    delay, again = retries(cloud)[-1]
    assert again == third and delay == 100 and len(receiver.requests) == 2
    clock["now"] = third.due
    run_retry(cloud, handler, again)
    assert [r["headers"]["webhook-id"] for r in receiver.requests] == [first.msg_id] * 3
    assert delivery_row(cloud, first.msg_id, first.endpoint_id)["state"]["S"] == "succeeded"


def test_exhausted_retries_dead_letter_and_mark_the_endpoint_failing(cloud, handler, receiver, clock):
    receiver.script = [(500, {})] * 20
    endpoint_id = register(receiver)
    publish(cloud, succeeded())
    from_sns(cloud, handler)
    for _ in range(20):
        _, record = retries(cloud)[-1]
        clock["now"] = max(clock["now"], record.due)
        run_retry(cloud, handler, record)
        if len(retries(cloud)) == record.attempt + 1:  # nothing new scheduled
            break
    assert len(receiver.requests) == 8 == len(retries(cloud))
    [letter] = cloud.receive(DEAD)
    body = json.loads(letter["Body"])
    assert body["kind"] == "webhook.dead_letter" and body["endpoint_id"] == endpoint_id
    assert body["reason"] == "gave up after 8 attempts; last: HTTP 500"
    assert body["event"] == succeeded() and [a["status"] for a in body["attempts"]] == [500] * 8
    assert registry_from_env().get(endpoint_id).status == "failing"
    # a failing endpoint still gets the next event, and a success brings it back
    receiver.script = []
    publish(cloud, succeeded("job-2"))
    from_sns(cloud, handler)
    run_retry(cloud, handler, retries(cloud)[-1][1])
    assert registry_from_env().get(endpoint_id).status == "active"


def test_410_disables_the_endpoint(cloud, handler, receiver):
    receiver.script = [(410, {})]
    endpoint_id = register(receiver)
    publish(cloud, succeeded())
    from_sns(cloud, handler)
    run_retry(cloud, handler, retries(cloud)[0][1])
    assert registry_from_env().get(endpoint_id).status == "disabled"
    assert len(retries(cloud)) == 1 and cloud.receive(DEAD) == []
    publish(cloud, succeeded("job-2"))
    from_sns(cloud, handler)
    assert len(retries(cloud)) == 1 and len(receiver.requests) == 1  # disabled: nothing more goes out


def test_a_bad_record_fails_alone(cloud, handler, receiver):
    register(receiver)
    tenant = {"tenant": {"stringValue": TENANT, "stringListValues": [], "binaryListValues": [], "dataType": "String"}}
    batch = cloud.batch(EVENTS, ["not json", json.dumps(succeeded()), json.dumps({**succeeded(), "surprise": 1})],
                        tenant)
    retry_batch = cloud.batch(RETRIES, ['{"kind": "webhook.retry"}'])
    retry_batch["Records"][0]["messageId"] = "m-retry"
    batch["Records"] += retry_batch["Records"]
    assert handler(batch) == {"batchItemFailures": [{"itemIdentifier": "m-0"}, {"itemIdentifier": "m-2"},
                                                    {"itemIdentifier": "m-retry"}]}
    assert len(retries(cloud)) == 1  # the good event was fanned out


def test_a_duplicate_sns_delivery_keeps_the_webhook_id(cloud, handler, receiver, clock):
    receiver.script = [(500, {})]
    endpoint_id = register(receiver)
    publish(cloud, succeeded())
    publish(cloud, succeeded())  # at-least-once: the same event twice
    assert from_sns(cloud, handler) == {"batchItemFailures": []}
    # One delivery; the copy, finding it not yet attempted, scheduled it again (in case the first
    # handling stopped between storing and scheduling): two records for the same first attempt.
    assert cloud.ddb.scan(TableName=TABLE)["Count"] == 2  # the endpoint and one delivery
    [(_, first), (_, copy)] = retries(cloud)
    assert first == copy and first.attempt == 0
    run_retry(cloud, handler, first)
    run_retry(cloud, handler, copy)
    assert len(receiver.requests) == 1  # the copy found the attempt count moved on and was dropped
    run_retry(cloud, handler, first)  # SQS handing a record out again: dropped the same way
    assert len(receiver.requests) == 1 and len(retries(cloud)) == 3
    _, second = retries(cloud)[-1]
    clock["now"] = second.due
    run_retry(cloud, handler, second)
    ids = {r["headers"]["webhook-id"] for r in receiver.requests}
    assert ids == {message_id(parse_event(succeeded()))} and len(receiver.requests) == 2
    assert delivery_row(cloud, first.msg_id, endpoint_id)["state"]["S"] == "succeeded"


def test_a_deleted_endpoint_is_skipped(cloud, handler, receiver):
    endpoint_id = register(receiver)
    publish(cloud, succeeded())
    from_sns(cloud, handler)
    registry_from_env().delete(endpoint_id, tenant=TENANT)
    run_retry(cloud, handler, retries(cloud)[0][1])
    assert receiver.requests == [] and len(retries(cloud)) == 1
    row = delivery_row(cloud, retries(cloud)[0][1].msg_id, endpoint_id)
    assert row["state"]["S"] == "skipped" and int(row["expiration"]["N"]) > datetime.now(UTC).timestamp()


def test_the_dispatcher_honours_the_local_flag_too(cloud, handler, receiver, monkeypatch, fresh_clients):
    """A loopback endpoint stored while the flag was on gets nothing once it is off: checked at every attempt."""
    register(receiver)
    publish(cloud, succeeded())
    from_sns(cloud, handler)
    monkeypatch.setenv("WEBHOOKS_ALLOW_INSECURE_LOCAL", "false")
    fresh_clients.reset()  # a new container reads the flag again
    run_retry(cloud, handler, retries(cloud)[0][1])
    assert receiver.requests == []
    row = delivery_row(cloud, retries(cloud)[0][1].msg_id, retries(cloud)[0][1].endpoint_id)
    assert row["attempts"]["L"][0]["M"]["error"]["S"].startswith("refused: ") and row["state"]["S"] == "pending"


def test_an_event_reaches_only_the_endpoints_of_its_tenant(cloud, handler, receiver):
    other = Receiver(None)
    try:
        mine, theirs = register(receiver), register(other, tenant="globex")
        publish(cloud, succeeded())  # an event of acme's job
        assert from_sns(cloud, handler) == {"batchItemFailures": []}
        assert [r.endpoint_id for _, r in retries(cloud)] == [mine]
        publish(cloud, succeeded("job-9"), tenant="globex")
        from_sns(cloud, handler)
        assert [r.endpoint_id for _, r in retries(cloud)] == [mine, theirs]
    finally:
        other.close()


@pytest.mark.parametrize("tenant", [None, NO_TENANT])
def test_an_event_without_a_tenant_reaches_nobody(cloud, handler, receiver, tenant):
    register(receiver)
    publish(cloud, succeeded(), tenant=tenant)
    assert from_sns(cloud, handler) == {"batchItemFailures": []}  # handled (and logged as dropped), not retried
    assert retries(cloud) == [] and receiver.requests == []
