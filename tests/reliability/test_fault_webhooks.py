"""Suite 4, webhooks: the receiver down, slow, or failing, end to end in the local twin.

A kit runs through the real state machine; its brand.kit.* event goes from the events topic to the webhook
events queue, and the real WebhookDispatcher Lambda (functions/webhook_dispatcher), run by the template's
SQS -> Lambda mappings, fans it out and delivers it, signed, to a receiver on 127.0.0.1. The kit never
waits for its webhooks; a failed attempt leaves the delivery pending in the webhooks table with its next
attempt on the retry queue, delayed by the retry schedule.

Time: SQS (message delays, visibility) and the dispatcher read one clock that stands still until the test
moves it, so "the retry is due in 5 s" is checked on the queue and then made true at once, never raced
(brandkit_local.twin.moto_bridge.sqs_clock, brandkit.webhooks.consumer.utcnow).

Ledger: every job ends terminal with exactly one event, and every delivery of an event to an endpoint
registered when it was published is succeeded, pending with a retry message waiting, or dead-lettered
with the event kept for replay: never silently dropped.
"""

from __future__ import annotations

import contextlib
import json
import socket
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from unittest import mock

import boto3
import httpx
import pytest
from standardwebhooks.webhooks import Webhook, WebhookVerificationError

from brandkit import clients
from brandkit.brief import parse_brief
from brandkit.tenants import DEFAULT_TENANT
from brandkit.webhooks import RETRY_DELAYS, consumer, delivery, message_id, parse_event, registry
from brandkit.webhooks.aws_store import RetryRecord, delay_seconds
from brandkit.webhooks.retry import JITTER, MAX_ATTEMPTS
from brandkit_local.twin import LocalCloud
from brandkit_local.twin.moto_bridge import sqs_clock
from tests.reliability.figures import record

pytestmark = pytest.mark.slow
SAMPLE = parse_brief(json.loads((Path(__file__).parents[2] / "docs/samples/northwind-coffee.json").read_text("utf-8")))
LEDGER: dict[str, str] = {}  # job -> expected terminal status
DELIVERIES: dict[tuple[str, str], str] = {}  # (job, endpoint id) -> expected final delivery state
RETRY_QUEUE, DEAD_LETTERS = "WebhookRetryQueue", "WebhookDeadLetterQueue"


class TwinClock:
    """Stands still until moved; never goes back."""

    def __init__(self) -> None:
        self.at = time.time()

    def epoch(self) -> float:
        return self.at

    def utcnow(self) -> datetime:
        return datetime.fromtimestamp(self.at, UTC)

    def catch_up(self) -> None:
        """To the wall clock (signatures are checked against it), at the start of each test."""
        self.at = max(self.at, time.time())

    def advance(self, seconds: float) -> None:
        self.at += seconds


class Receiver:
    """A webhook receiver on 127.0.0.1:`port`, answering from a script of (status, seconds to wait first)
    and checking every request's Standard Webhooks signature with the endpoint's secret."""

    def __init__(self, port: int, secret: str, script: list[tuple[int, float]] | None = None):
        self.script, self.requests = list(script or []), []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802
                body = self.rfile.read(int(self.headers["content-length"]))
                try:
                    verified = Webhook(secret).verify(body, dict(self.headers))
                except WebhookVerificationError as exc:
                    verified = exc
                receiver.requests.append({"headers": {k.lower(): v for k, v in self.headers.items()},
                                          "verified": verified})
                status, wait_s = receiver.script.pop(0) if receiver.script else (200, 0)
                time.sleep(wait_s)
                with contextlib.suppress(OSError):  # a sender that timed out has hung up
                    self.send_response(status)
                    self.send_header("content-length", "0")
                    self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def free_port() -> int:
    """A loopback port nobody listens on (connecting to it is refused) until a Receiver takes it."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def clock():
    return TwinClock()


@pytest.fixture(scope="module")
def cloud(clock):
    # LocalCloud makes the dispatcher's registry and clients anew: a new cloud is a new container.
    with sqs_clock(clock.epoch), mock.patch.object(consumer, "utcnow", clock.utcnow), \
         LocalCloud(extra_environment={"WEBHOOKS_ALLOW_INSECURE_LOCAL": "true"}) as local:
        local.published, local.sent = [], []
        # Watch what the dispatcher sends through its own cached client (the calls still reach moto).
        clients.sqs().meta.events.register(
            "provide-client-params.sqs.SendMessage", lambda params, **_: local.sent.append(dict(params)))
        local.start_event_sources()
        yield local
        check_ledger(local)


def check_ledger(cloud: LocalCloud) -> None:
    record(
        "fault_webhooks",
        {
            "jobs": len(LEDGER),
            "lost": 0,
            "outcomes": dict(LEDGER),
            "deliveries": {f"{job} -> {endpoint}": state for (job, endpoint), state in DELIVERIES.items()},
        },
    )
    cloud.published.extend(cloud.events())
    for job_id, expected in LEDGER.items():
        assert cloud.wait(job_id, timeout_s=60)["status"] == expected, job_id
        assert len([e for e in cloud.published if e.get("job_id") == job_id]) == 1, job_id
    retry_records = [RetryRecord.model_validate_json(p["MessageBody"]) for p in sent_to(cloud, RETRY_QUEUE)]
    dead = [json.loads(p["MessageBody"]) for p in sent_to(cloud, DEAD_LETTERS)]
    for (job_id, endpoint_id), expected in DELIVERIES.items():
        event = event_of(cloud, job_id)
        row = store().get(message_id(event), endpoint_id)
        assert row is not None and row.state == expected, (job_id, endpoint_id, row)
        if row.state == "pending":  # its next attempt is on the queue
            assert any(r.msg_id == row.msg_id and r.attempt == len(row.attempts) for r in retry_records)
        if row.state == "dead":  # the event is kept for replay
            assert [d["event"] for d in dead if d["msg_id"] == row.msg_id] == [json.loads(event.model_dump_json())]


def store():
    return consumer.worker_from_env().store


def sent_to(cloud: LocalCloud, logical_id: str) -> list[dict]:
    return [p for p in cloud.sent if p["QueueUrl"] == cloud.queues[logical_id]]


def event_of(cloud: LocalCloud, job_id: str):
    (event,) = [e for e in cloud.published if e.get("job_id") == job_id]
    return parse_event(json.dumps(event))


def wait_for(what: str, check: Callable[[], object], timeout_s: float = 30):
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        found = check()
        if found:
            return found
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


def run_kit(cloud: LocalCloud, job_id: str, endpoint_id: str, expected_delivery: str):
    """Submit a kit; returns its event once the dispatcher has made the first delivery attempt."""
    LEDGER[job_id] = "SUCCEEDED"
    DELIVERIES[(job_id, endpoint_id)] = expected_delivery
    cloud.submit(SAMPLE, job_id=job_id)
    assert cloud.wait(job_id, timeout_s=240)["status"] == "SUCCEEDED", "the kit does not wait for its webhooks"
    cloud.published.extend(cloud.events())
    event = event_of(cloud, job_id)
    # The dispatcher polls its queue; on a loaded 2-core machine the first poll can take a while after the kit.
    wait_for("the first delivery attempt", lambda: attempts(event, endpoint_id) >= 1, timeout_s=90)
    return event


def attempts(event, endpoint_id: str) -> int:
    row = store().get(message_id(event), endpoint_id)
    return len(row.attempts) if row else 0


def delayed_retries(cloud: LocalCloud) -> int:
    attrs = boto3.client("sqs").get_queue_attributes(QueueUrl=cloud.queues[RETRY_QUEUE],
                                                     AttributeNames=["ApproximateNumberOfMessagesDelayed"])
    return int(attrs["Attributes"]["ApproximateNumberOfMessagesDelayed"])


def register(url: str) -> registry.RegisteredEndpoint:
    return registry.registry_from_env().register(url, "fault-injection receiver", tenant=DEFAULT_TENANT)


def assert_waits_for_first_retry(cloud: LocalCloud, clock: TwinClock, event, endpoint_id: str, error: str):
    """Pending after one failed attempt, the next due on the schedule's first step, its message delayed to match."""
    row = store().get(message_id(event), endpoint_id)
    assert row.state == "pending" and len(row.attempts) == 1
    assert row.attempts[0].status is None and row.attempts[0].error.startswith(error), row.attempts[0]
    delay = row.next_at - row.attempts[0].at
    assert RETRY_DELAYS[0] * (1 - JITTER) <= delay <= RETRY_DELAYS[0] * (1 + JITTER)
    last = sent_to(cloud, RETRY_QUEUE)[-1]
    record = RetryRecord.model_validate_json(last["MessageBody"])
    assert (record.msg_id, record.endpoint_id, record.attempt, record.due) == (row.msg_id, endpoint_id, 1, row.next_at)
    assert last["DelaySeconds"] == delay_seconds(row.next_at, row.attempts[0].at) >= 4
    assert delayed_retries(cloud) == 1
    clock.advance(last["DelaySeconds"] - 1)
    time.sleep(1)  # a few poller rounds: one second early, the retry is still not due
    assert attempts(event, endpoint_id) == 1 and delayed_retries(cloud) == 1
    return last["DelaySeconds"]


def test_receiver_down_the_kit_succeeds_and_the_event_arrives_when_it_is_back(cloud, clock):
    clock.catch_up()
    port = free_port()
    endpoint = register(f"http://127.0.0.1:{port}/hooks")
    event = run_kit(cloud, "hook-down", endpoint.id, "succeeded")
    assert_waits_for_first_retry(cloud, clock, event, endpoint.id, "ConnectError")

    receiver = Receiver(port, endpoint.secret)  # the receiver comes back
    try:
        clock.advance(1)  # the retry is due
        wait_for("the retry to be delivered", lambda: store().get(message_id(event), endpoint.id).state == "succeeded")
        (request,) = receiver.requests
    finally:
        receiver.close()
        registry.registry_from_env().delete(endpoint.id, tenant=DEFAULT_TENANT)
    assert request["verified"] == json.loads(event.model_dump_json()), "the signature verifies"
    assert request["headers"]["webhook-id"] == message_id(event)
    assert [a.status for a in store().get(message_id(event), endpoint.id).attempts] == [None, 200]


def test_a_slow_receiver_is_a_failed_attempt_and_is_retried(cloud, clock):
    clock.catch_up()
    port = free_port()
    endpoint = register(f"http://127.0.0.1:{port}/hooks")
    receiver = Receiver(port, endpoint.secret, script=[(200, 2.5), (200, 0)])  # first answer after the timeout
    try:
        with mock.patch.object(delivery, "TIMEOUT", httpx.Timeout(1.0, connect=1.0)):
            event = run_kit(cloud, "hook-slow", endpoint.id, "succeeded")
            assert_waits_for_first_retry(cloud, clock, event, endpoint.id, "ReadTimeout")
            clock.advance(1)
            wait_for("the retry to be delivered",
                     lambda: store().get(message_id(event), endpoint.id).state == "succeeded")
    finally:
        receiver.close()
        registry.registry_from_env().delete(endpoint.id, tenant=DEFAULT_TENANT)
    # The receiver saw the event twice under one webhook-id: it can drop the duplicate.
    assert [r["headers"]["webhook-id"] for r in receiver.requests] == [message_id(event)] * 2
    assert all(r["verified"] == json.loads(event.model_dump_json()) for r in receiver.requests)
    assert [a.status for a in store().get(message_id(event), endpoint.id).attempts] == [None, 200]


def test_a_500_then_200_is_delivered_on_the_retry_with_the_same_webhook_id(cloud, clock):
    clock.catch_up()
    port = free_port()
    endpoint = register(f"http://127.0.0.1:{port}/hooks")
    receiver = Receiver(port, endpoint.secret, script=[(500, 0), (200, 0)])
    try:
        event = run_kit(cloud, "hook-500", endpoint.id, "succeeded")
        row = store().get(message_id(event), endpoint.id)
        assert (row.state, row.attempts[0].status, row.attempts[0].error) == ("pending", 500, "HTTP 500")
        clock.advance(delay_seconds(row.next_at, row.attempts[0].at))
        wait_for("the retry to be delivered", lambda: store().get(message_id(event), endpoint.id).state == "succeeded")
    finally:
        receiver.close()
        registry.registry_from_env().delete(endpoint.id, tenant=DEFAULT_TENANT)
    first, second = receiver.requests
    assert first["headers"]["webhook-id"] == second["headers"]["webhook-id"] == message_id(event)
    assert first["headers"]["webhook-timestamp"] != second["headers"]["webhook-timestamp"], "signed afresh"
    assert first["verified"] == second["verified"] == json.loads(event.model_dump_json())


def test_a_receiver_that_never_comes_back_is_dead_lettered_with_the_event(cloud, clock):
    """Walks the whole schedule (about 28 hours of twin time); the clock is then far ahead of the wall
    clock, which is why this runs last in the module."""
    clock.catch_up()
    endpoint = register(f"http://127.0.0.1:{free_port()}/hooks")
    event = run_kit(cloud, "hook-gone", endpoint.id, "dead")
    msg_id = message_id(event)
    for made in range(1, MAX_ATTEMPTS):
        row = store().get(msg_id, endpoint.id)
        assert row.state == "pending" and len(row.attempts) == made
        assert row.next_at - row.attempts[-1].at >= RETRY_DELAYS[made - 1] * (1 - JITTER)
        clock.advance((row.next_at - clock.utcnow()).total_seconds() + 1)
        wait_for(f"attempt {made + 1}", lambda: attempts(event, endpoint.id) == made + 1)  # noqa: B023 (called now)
    row = wait_for("the delivery to give up", lambda: (r := store().get(msg_id, endpoint.id)).state == "dead" and r)
    assert len(row.attempts) == MAX_ATTEMPTS and row.next_at is None
    assert row.attempts[-1].at - row.attempts[0].at > timedelta(hours=24)
    (letter,) = [json.loads(p["MessageBody"]) for p in sent_to(cloud, DEAD_LETTERS)]
    assert letter["msg_id"] == msg_id and letter["reason"].startswith(f"gave up after {MAX_ATTEMPTS} attempts")
    assert letter["event"] == json.loads(event.model_dump_json())
    assert registry.registry_from_env().get(endpoint.id).status == "failing"
    registry.registry_from_env().delete(endpoint.id, tenant=DEFAULT_TENANT)
