"""What the webhook dispatcher Lambda does with one SQS message.

Two queues feed it. The events queue is subscribed to the events topic with raw message delivery,
so a body is an event exactly as the state machine published it: it is fanned out as one pending
delivery per endpoint of the event's tenant (the message attribute `tenant`, brandkit.webhooks.tenant_routing;
an event without one reaches nobody), each scheduled on the retry queue. A retry-queue body is a RetryRecord: the
delivery's next attempt is made when it is due (a record that arrives early, because SQS delays
stop at 15 minutes, is sent again for the time that remains).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, TypeVar

from pydantic import ValidationError

from brandkit import clients
from brandkit.webhooks.aws_store import AwsDeliveryStore, RetryRecord
from brandkit.webhooks.dispatcher import Delivery, Dispatcher
from brandkit.webhooks.events import AnyEvent, parse_event
from brandkit.webhooks.registry import EndpointRegistry, insecure_local_allowed, registry_from_env

EARLY_TOLERANCE = timedelta(seconds=1)  # clocks of Lambda hosts and SQS differ a little
ACTIONS = {"succeeded": "delivered", "pending": "retry_scheduled", "dead": "dead_lettered", "disabled": "disabled",
           "skipped": "skipped"}
T = TypeVar("T")


class UnreadableMessage(ValueError):
    """Neither a Brandkit event nor a retry record; raised so that SQS moves the message to the DLQ."""


def utcnow() -> datetime:
    """The dispatcher's clock (tests move it to walk the retry schedule)."""
    return datetime.now(UTC)


@dataclass
class WebhookWorker:
    registry: EndpointRegistry
    store: AwsDeliveryStore
    dispatcher: Dispatcher
    retry_queue_name: str

    def handle(self, body: str, source_arn: str, *, now: datetime, tenant: str | None = None) -> dict[str, Any]:
        """Act on one message from either queue; returns what happened (for the log and metrics). `tenant`:
        the event's (tenant_routing.tenant_of_message); a retry record belongs to its delivery already."""
        if source_arn.rsplit(":", 1)[-1] == self.retry_queue_name:
            return self.handle_retry(_read(RetryRecord.model_validate_json, body, "retry record"), now=now)
        return self.handle_event(_read(parse_event, body, "Brandkit event"), tenant, now=now)

    def handle_event(self, event: AnyEvent, tenant: str | None, *, now: datetime) -> dict[str, Any]:
        if tenant is None:
            return {"action": "dropped", "type": event.type, "job_id": event.job_id,
                    "reason": "no tenant attribute: the event reaches no endpoint"}
        endpoints = self.registry.list(tenant)
        added = self.dispatcher.enqueue(event, endpoints, now=now)
        return {"action": "fanned_out", "type": event.type, "job_id": event.job_id, "endpoints": len(endpoints),
                "new_deliveries": [d.endpoint_id for d in added]}

    def handle_retry(self, record: RetryRecord, *, now: datetime) -> dict[str, Any]:
        seen = {"msg_id": record.msg_id, "endpoint_id": record.endpoint_id, "attempt": record.attempt + 1}
        delivery = self.store.get(record.msg_id, record.endpoint_id)
        if delivery is None:
            return {**seen, "action": "dropped", "reason": "no such delivery"}
        if delivery.state != "pending" or delivery.next_at is None:
            return {**seen, "action": "dropped", "reason": f"delivery is {delivery.state}"}
        if len(delivery.attempts) != record.attempt:
            return {**seen, "action": "dropped", "reason": f"stale: the delivery has {len(delivery.attempts)} attempts"}
        if delivery.next_at - now > EARLY_TOLERANCE:
            self.store.schedule(delivery, now)
            return {**seen, "action": "rescheduled", "due": delivery.next_at.isoformat()}
        self.dispatcher.retry(delivery, now=now)
        return {**seen, **_outcome(delivery)}


def _outcome(delivery: Delivery) -> dict[str, Any]:
    last = delivery.attempts[-1] if delivery.attempts else None
    return {"action": ACTIONS[delivery.state], "status": last.status if last else None,
            "error": last.error if last else None,
            "next_at": delivery.next_at.isoformat() if delivery.next_at else None}


def _read(parse: Callable[[str], T], body: str, what: str) -> T:
    try:
        return parse(body)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(map(str, first["loc"])) or "body"
        raise UnreadableMessage(f"not a {what}: {where}: {first['msg']} ({exc.error_count()} errors)") from None


@clients.per_process
def worker_from_env() -> WebhookWorker:
    """The process's worker: WEBHOOKS_TABLE, WEBHOOK_RETRY_QUEUE_URL, WEBHOOK_DEAD_LETTER_QUEUE_URL,
    WEBHOOKS_ALLOW_INSECURE_LOCAL (true only for the local server's loopback receivers)."""
    registry = registry_from_env()
    retry_url = os.environ["WEBHOOK_RETRY_QUEUE_URL"]
    store = AwsDeliveryStore(registry, retry_queue_url=retry_url,
                             dead_letter_queue_url=os.environ["WEBHOOK_DEAD_LETTER_QUEUE_URL"])
    dispatcher = Dispatcher(store=store, allow_insecure_local=insecure_local_allowed())
    return WebhookWorker(registry=registry, store=store, dispatcher=dispatcher,
                         retry_queue_name=retry_url.rstrip("/").rsplit("/", 1)[-1])
