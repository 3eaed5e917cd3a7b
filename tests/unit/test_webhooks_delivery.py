"""Real deliveries to a receiver on 127.0.0.1, retries walked on an injected clock (nothing sleeps)."""

import json
import random
import socket
import threading
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from standardwebhooks.webhooks import Webhook, WebhookVerificationError

from brandkit.webhooks import (
    RETRY_DELAYS,
    Dispatcher,
    Endpoint,
    InMemoryStore,
    Reply,
    deliver,
    generate_secret,
    message_id,
    next_attempt,
    parse_event,
    retry_after,
)

EVENT = parse_event({"type": "brand.kit.succeeded", "version": "1", "job_id": "j-1", "bucket": "kits",
                     "manifest_key": "jobs/j-1/kit/manifest.json", "artifacts": 12})


class Receiver:
    """A webhook receiver on loopback: answers from a script of (status, headers), verifies every request."""

    def __init__(self, secret):
        self.secret, self.script, self.requests = secret, [], []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["content-length"]))
                try:
                    verified = Webhook(receiver.secret).verify(body, dict(self.headers))
                except WebhookVerificationError as exc:
                    verified = exc
                receiver.requests.append(
                    {
                        "path": self.path,
                        "headers": {k.lower(): v for k, v in self.headers.items()},
                        "body": body,
                        "verified": verified,
                    }
                )
                status, headers = receiver.script.pop(0) if receiver.script else (200, {})
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("content-length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/hook"
        self.thread = threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True)
        self.thread.start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver():
    r = Receiver(generate_secret())
    yield r
    r.close()


def endpoint(receiver, **kw):
    return Endpoint(id=kw.pop("id", "ep-1"), url=kw.pop("url", receiver.url), secret=receiver.secret, **kw)


def dispatcher(store, **kw):
    return Dispatcher(store=store, allow_insecure_local=True, rng=random.Random(7), **kw)


def test_delivery_arrives_signed_and_verifies(receiver):
    result = deliver(endpoint(receiver), EVENT, now=datetime.now(UTC), allow_insecure_local=True)
    assert result.ok and result.reply.status == 200
    [req] = receiver.requests
    assert req["verified"] == json.loads(EVENT.model_dump_json())
    assert req["headers"]["webhook-id"] == message_id(EVENT) == result.msg_id
    assert req["headers"]["content-type"] == "application/json"
    assert req["path"] == "/hook"


def test_connection_goes_to_the_pinned_address_with_the_original_host(receiver):
    port = receiver.server.server_port
    resolved = []

    def resolver(host, port, type=0, **_):
        resolved.append(host)
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("127.0.0.1", port))]

    ep = endpoint(receiver, url=f"http://hooks.example.test:{port}/hook")
    assert deliver(ep, EVENT, now=datetime.now(UTC), allow_insecure_local=True, resolver=resolver).ok
    assert resolved == ["hooks.example.test"]
    assert receiver.requests[0]["headers"]["host"] == f"hooks.example.test:{port}"


def test_without_the_local_flag_loopback_is_refused_before_any_traffic(receiver):
    result = deliver(endpoint(receiver), EVENT, now=datetime.now(UTC))
    assert not result.ok and result.reply.error.startswith("refused:")
    assert receiver.requests == []


def test_redirects_are_not_followed(receiver):
    receiver.script = [(302, {"location": "/elsewhere"}), (307, {"location": "http://169.254.169.254/"})]
    store = InMemoryStore([endpoint(receiver)])
    [delivery] = dispatcher(store).dispatch(EVENT, list(store.endpoints.values()), now=datetime.now(UTC))
    assert [r["path"] for r in receiver.requests] == ["/hook"]
    assert delivery.state == "pending" and delivery.attempts[0].status == 302


def test_410_disables_the_endpoint_and_stops(receiver):
    receiver.script = [(410, {})]
    store = InMemoryStore([endpoint(receiver)])
    d = dispatcher(store)
    now = datetime.now(UTC)
    [delivery] = d.dispatch(EVENT, list(store.endpoints.values()), now=now)
    assert delivery.state == "disabled" and store.endpoint("ep-1").status == "disabled"
    assert d.run_due(now=now + timedelta(days=2)) == []
    [skipped] = d.dispatch(EVENT, list(store.endpoints.values()), now=now)
    assert skipped.state == "skipped" and len(receiver.requests) == 1


def test_429_retry_after_is_respected(receiver):
    receiver.script = [(429, {"retry-after": "120"})]
    store = InMemoryStore([endpoint(receiver)])
    d = dispatcher(store)
    now = datetime.now(UTC)
    [delivery] = d.dispatch(EVENT, list(store.endpoints.values()), now=now)
    assert delivery.next_at == now + timedelta(seconds=120)  # the schedule alone says ~5 s
    assert d.run_due(now=now + timedelta(seconds=119)) == []
    [retried] = d.run_due(now=now + timedelta(seconds=120))
    assert retried.state == "succeeded" and len(receiver.requests) == 2
    ids = {r["headers"]["webhook-id"] for r in receiver.requests}
    assert ids == {delivery.msg_id}  # a retry keeps its id so receivers can deduplicate


def test_500s_walk_the_schedule_to_the_dead_letter(receiver):
    receiver.script = [(500, {})] * 20
    healthy = Receiver(generate_secret())
    try:
        store = InMemoryStore([endpoint(receiver), endpoint(healthy, id="ep-2")])
        d = dispatcher(store)
        start = now = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
        deliveries = d.dispatch(EVENT, list(store.endpoints.values()), now=now)
        assert [x.state for x in deliveries] == ["pending", "succeeded"]
        gaps = []
        while (pending := deliveries[0]).state == "pending":
            gaps.append(pending.next_at - now)
            now = pending.next_at
            assert d.run_due(now=now) == [pending]
        assert len(receiver.requests) == 8 and len(healthy.requests) == 1
        for gap, step in zip(gaps, RETRY_DELAYS, strict=True):
            assert step * 0.8 <= gap <= step * 1.2
        assert len(set(g / s for g, s in zip(gaps, RETRY_DELAYS, strict=True))) > 1  # jittered, not exact
        assert pending.state == "dead" and [a.status for a in pending.attempts] == [500] * 8
        [letter] = store.dead_letters
        assert letter.delivery is pending and "8 attempts" in letter.reason
        assert store.endpoint("ep-1").status == "failing" and store.endpoint("ep-2").status == "active"
        assert now - start == sum(gaps, timedelta(0))  # about 27.6 h from first attempt to dead letter
    finally:
        healthy.close()


def test_success_brings_a_failing_endpoint_back(receiver):
    store = InMemoryStore([endpoint(receiver, status="failing")])
    [delivery] = dispatcher(store).dispatch(EVENT, list(store.endpoints.values()), now=datetime.now(UTC))
    assert delivery.state == "succeeded" and store.endpoint("ep-1").status == "active"


def test_unreachable_receiver_is_retried():
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    ep = Endpoint(id="ep", url=f"http://127.0.0.1:{port}/", secret=generate_secret())
    store = InMemoryStore([ep])
    [delivery] = dispatcher(store).dispatch(EVENT, [ep], now=datetime.now(UTC))
    assert delivery.state == "pending" and delivery.attempts[0].status is None
    assert "Connect" in delivery.attempts[0].error


NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(("reply", "attempt", "action"), [
    (Reply(200), 1, "done"), (Reply(204), 8, "done"), (Reply(410), 1, "disable"), (Reply(410), 8, "disable"),
    (Reply(500), 1, "retry"), (Reply(301), 3, "retry"), (Reply(None, error="timeout"), 7, "retry"),
    (Reply(500), 8, "give_up"), (Reply(429, retry_after="5"), 8, "give_up"),
])
def test_next_attempt_actions(reply, attempt, action):
    assert next_attempt(attempt, reply, now=NOW, rng=random.Random(1)).action == action


def test_retry_after_forms_and_cap():
    assert retry_after("30", NOW) == timedelta(seconds=30)
    assert retry_after(format_datetime(NOW + timedelta(minutes=7), usegmt=True), NOW) == timedelta(minutes=7)
    assert retry_after(format_datetime(NOW - timedelta(minutes=7), usegmt=True), NOW) == timedelta(0)
    assert retry_after("999999999", NOW) == timedelta(hours=10)
    assert retry_after("soon", NOW) is None and retry_after(None, NOW) is None and retry_after("-5", NOW) is None
    # Retry-After never shortens the schedule: a 1 s hint after attempt 3 still waits ~30 min
    assert next_attempt(3, Reply(503, retry_after="1"), now=NOW, rng=random.Random(1)).delay > timedelta(minutes=20)


def test_enqueue_records_due_deliveries_once_and_retry_attempts_them(receiver):
    store = InMemoryStore([endpoint(receiver), endpoint(receiver, id="ep-off", status="disabled")])
    d = dispatcher(store)
    now = datetime.now(UTC)
    [queued] = d.enqueue(EVENT, list(store.endpoints.values()), now=now)
    assert (queued.endpoint_id, queued.state, queued.next_at, queued.attempts) == ("ep-1", "pending", now, [])
    assert receiver.requests == []  # recorded, not attempted
    assert d.enqueue(EVENT, list(store.endpoints.values()), now=now) == []  # the same event again adds nothing
    assert store.get(queued.msg_id, "ep-1") is queued and store.get(queued.msg_id, "ep-off") is None
    assert d.retry(queued, now=now).state == "succeeded" and len(receiver.requests) == 1
