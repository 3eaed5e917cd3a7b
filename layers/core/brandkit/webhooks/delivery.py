"""One signed delivery attempt to one endpoint, over a connection pinned to the checked address."""

from __future__ import annotations

import hashlib
import socket
import ssl
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

import httpx

from brandkit.webhooks.endpoint import Endpoint
from brandkit.webhooks.events import AnyEvent, event_body
from brandkit.webhooks.retry import Reply
from brandkit.webhooks.signing import signature_headers
from brandkit.webhooks.ssrf import PinnedTarget, Resolver, TargetRefused, resolve_target

Event = AnyEvent
HttpSend = Callable[[PinnedTarget, bytes, dict[str, str]], Reply]
TIMEOUT = httpx.Timeout(10.0, connect=5.0)
USER_AGENT = "Brandkit-Webhooks/1"


@dataclass(frozen=True)
class DeliveryResult:
    msg_id: str
    endpoint_id: str
    sent_at: datetime
    reply: Reply

    @property
    def ok(self) -> bool:
        return self.reply.status is not None and 200 <= self.reply.status < 300


def message_id(event: Event) -> str:
    """Same id for every endpoint and every retry of one event, so receivers can drop duplicates
    (SNS and SQS deliver at least once: a repeated event keeps its id)."""
    digest = hashlib.sha256(f"{event.type}:{event.version}:{event.job_id}".encode()).hexdigest()
    return f"msg_{digest[:32]}"


def httpx_sender(verify: ssl.SSLContext | bool = True) -> HttpSend:
    """An HttpSend over httpx. `verify` is for tests with their own CA; production keeps the default."""

    def send(target: PinnedTarget, body: bytes, headers: dict[str, str]) -> Reply:
        # Connect to the pinned IP; the certificate is checked against the original host, sent as SNI.
        # Redirects are never followed; proxies from the environment are ignored (they would bypass the pin).
        extensions = {"sni_hostname": target.host} if target.scheme == "https" else {}
        try:
            with httpx.Client(follow_redirects=False, timeout=TIMEOUT, trust_env=False, verify=verify) as client:
                with client.stream("POST", target.connect_url, content=body,
                                   headers={**headers, "host": target.host_header}, extensions=extensions) as response:
                    # the body is never read: a receiver cannot make us download anything
                    return Reply(status=response.status_code, retry_after=response.headers.get("retry-after"),
                                 error=None if response.is_success else f"HTTP {response.status_code}")
        except httpx.HTTPError as exc:
            return Reply(status=None, error=f"{type(exc).__name__}: {exc}"[:500])

    return send


httpx_send = httpx_sender()


def deliver(endpoint: Endpoint, event: Event, *, now: datetime, http_send: HttpSend = httpx_send,
            msg_id: str | None = None, allow_insecure_local: bool = False,
            resolver: Resolver = socket.getaddrinfo) -> DeliveryResult:
    """Check the endpoint's address afresh (DNS may have changed since registration), sign, send once."""
    msg_id = msg_id or message_id(event)
    try:
        target = resolve_target(endpoint.url, allow_insecure_local, resolver=resolver)
    except TargetRefused as exc:
        return DeliveryResult(msg_id, endpoint.id, now, Reply(status=None, error=f"refused: {exc}"))
    body = event_body(event)
    headers = {
        **signature_headers(endpoint.secret, msg_id, now, body),
        "content-type": "application/json",
        "user-agent": USER_AGENT,
    }
    return DeliveryResult(msg_id, endpoint.id, now, http_send(target, body, headers))
