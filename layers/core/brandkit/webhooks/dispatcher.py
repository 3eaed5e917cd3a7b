"""Fan an event out to every endpoint and walk each delivery through the retry schedule.

Storage sits behind `DeliveryStore`: the Lambda keeps it in DynamoDB with SQS timers
(brandkit.webhooks.aws_store); the in-memory store serves tests and the local server.
Time is always passed in: nothing sleeps.
"""

from __future__ import annotations

import random
import socket
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal, Protocol

from brandkit.webhooks.delivery import Event, HttpSend, deliver, httpx_send, message_id
from brandkit.webhooks.endpoint import Endpoint
from brandkit.webhooks.retry import Reply, next_attempt
from brandkit.webhooks.ssrf import Resolver

DeliveryState = Literal["pending", "succeeded", "dead", "disabled", "skipped"]


@dataclass(frozen=True)
class Attempt:
    number: int
    at: datetime
    status: int | None
    error: str | None


@dataclass
class Delivery:
    msg_id: str
    endpoint_id: str
    event: Event
    state: DeliveryState = "pending"
    next_at: datetime | None = None
    attempts: list[Attempt] = field(default_factory=list)


@dataclass(frozen=True)
class DeadLetter:
    delivery: Delivery
    at: datetime
    reason: str


class DeliveryStore(Protocol):
    def endpoint(self, endpoint_id: str) -> Endpoint | None: ...
    def set_endpoint_status(self, endpoint_id: str, status: str) -> None: ...
    def get(self, msg_id: str, endpoint_id: str) -> Delivery | None: ...
    def add(self, delivery: Delivery) -> bool: ...  # False (and nothing stored) when it is already there
    def save(self, delivery: Delivery) -> None: ...
    def due(self, now: datetime) -> list[Delivery]: ...
    def dead_letter(self, letter: DeadLetter) -> None: ...


class InMemoryStore:
    def __init__(self, endpoints: Iterable[Endpoint] = ()) -> None:
        self.endpoints = {e.id: e for e in endpoints}
        self.deliveries: dict[tuple[str, str], Delivery] = {}
        self.dead_letters: list[DeadLetter] = []

    def endpoint(self, endpoint_id: str) -> Endpoint | None:
        return self.endpoints.get(endpoint_id)

    def set_endpoint_status(self, endpoint_id: str, status: str) -> None:
        if endpoint_id in self.endpoints:
            self.endpoints[endpoint_id] = self.endpoints[endpoint_id].model_copy(update={"status": status})

    def get(self, msg_id: str, endpoint_id: str) -> Delivery | None:
        return self.deliveries.get((msg_id, endpoint_id))

    def add(self, delivery: Delivery) -> bool:
        if (delivery.msg_id, delivery.endpoint_id) in self.deliveries:
            return False
        self.save(delivery)
        return True

    def save(self, delivery: Delivery) -> None:
        self.deliveries[(delivery.msg_id, delivery.endpoint_id)] = delivery

    def due(self, now: datetime) -> list[Delivery]:
        return sorted((d for d in self.deliveries.values() if d.state == "pending" and d.next_at and d.next_at <= now),
                      key=lambda d: d.next_at or now)

    def dead_letter(self, letter: DeadLetter) -> None:
        self.dead_letters.append(letter)


@dataclass
class Dispatcher:
    store: DeliveryStore
    http_send: HttpSend = httpx_send
    resolver: Resolver = socket.getaddrinfo
    allow_insecure_local: bool = False
    rng: random.Random = field(default_factory=random.Random)

    def dispatch(self, event: Event, endpoints: list[Endpoint], *, now: datetime) -> list[Delivery]:
        """First, immediate attempt to every endpoint that is not disabled."""
        msg_id = message_id(event)
        deliveries = []
        for endpoint in endpoints:
            delivery = Delivery(msg_id=msg_id, endpoint_id=endpoint.id, event=event)
            if endpoint.status == "disabled":
                delivery.state = "skipped"
            else:
                self._attempt(delivery, endpoint, now)
            self.store.save(delivery)
            deliveries.append(delivery)
        return deliveries

    def enqueue(self, event: Event, endpoints: Sequence[Endpoint], *, now: datetime) -> list[Delivery]:
        """Record a delivery, due now, for every endpoint that is not disabled, without attempting it.

        The store schedules each one on its own (the Lambda: one queue message per delivery), so a slow
        receiver never holds up the others. A delivery the store already has (the same event received
        twice) is left alone; returns only the new ones.
        """
        msg_id = message_id(event)
        added = []
        for endpoint in endpoints:
            if endpoint.status == "disabled":
                continue
            delivery = Delivery(msg_id=msg_id, endpoint_id=endpoint.id, event=event, next_at=now)
            if self.store.add(delivery):
                added.append(delivery)
        return added

    def run_due(self, *, now: datetime) -> list[Delivery]:
        """Retry every delivery whose time has come; returns them in their new state."""
        return [self.retry(delivery, now=now) for delivery in self.store.due(now)]

    def retry(self, delivery: Delivery, *, now: datetime) -> Delivery:
        """The next attempt of one pending delivery (or skip it: its endpoint was deleted or disabled since)."""
        endpoint = self.store.endpoint(delivery.endpoint_id)
        if endpoint is None or endpoint.status == "disabled":
            delivery.state, delivery.next_at = "skipped", None
        else:
            self._attempt(delivery, endpoint, now)
        self.store.save(delivery)
        return delivery

    def _attempt(self, delivery: Delivery, endpoint: Endpoint, now: datetime) -> None:
        result = deliver(endpoint, delivery.event, now=now, http_send=self.http_send, msg_id=delivery.msg_id,
                         allow_insecure_local=self.allow_insecure_local, resolver=self.resolver)
        number = len(delivery.attempts) + 1
        delivery.attempts.append(Attempt(number, now, result.reply.status, result.reply.error))
        decision = next_attempt(number, result.reply, now=now, rng=self.rng)
        delivery.next_at = None
        if decision.action == "done":
            delivery.state = "succeeded"
            if endpoint.status == "failing":
                self.store.set_endpoint_status(endpoint.id, "active")
        elif decision.action == "disable":
            delivery.state = "disabled"
            self.store.set_endpoint_status(endpoint.id, "disabled")
        elif decision.action == "retry":
            delivery.next_at = now + decision.delay
        else:
            delivery.state = "dead"
            self.store.dead_letter(DeadLetter(delivery, now, _reason(result.reply, number)))
            self.store.set_endpoint_status(endpoint.id, "failing")


def _reason(reply: Reply, attempts: int) -> str:
    return f"gave up after {attempts} attempts; last: {reply.error or reply.status}"


__all__ = ["Attempt", "DeadLetter", "Delivery", "DeliveryStore", "Dispatcher", "InMemoryStore"]
