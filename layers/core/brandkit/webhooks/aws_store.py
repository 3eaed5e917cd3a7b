"""The dispatcher's DeliveryStore in Lambda: deliveries in DynamoDB, their timers on SQS.

A pending delivery is scheduled by a message on the retry queue (a RetryRecord) delayed until it
is due. SQS delays stop at 15 minutes, so a longer wait is covered by re-sending the record with
the time that remains (brandkit.webhooks.consumer). A record names the attempt count it was
scheduled after; one that no longer matches the stored delivery is stale (a duplicate, or a send
whose delivery row failed to save) and is dropped, so no delivery is attempted twice per step.

Deliveries that gave up go to the dead-letter queue with their reason and the event, for replay.
"""

from __future__ import annotations

import json
import math
from datetime import UTC, datetime, timedelta
from typing import Any, Literal

from boto3.dynamodb.conditions import Attr
from botocore.exceptions import ClientError
from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from brandkit import clients
from brandkit.webhooks.dispatcher import Attempt, DeadLetter, Delivery
from brandkit.webhooks.endpoint import Endpoint
from brandkit.webhooks.events import event_body, parse_event
from brandkit.webhooks.registry import EndpointRegistry

DELIVERY_PREFIX = "delivery#"
MAX_SQS_DELAY = 900  # seconds: the most SQS can delay a message
DELIVERY_RETENTION = timedelta(days=7)  # rows expire (TTL) this long after their last change; retries span ~28 h


class RetryRecord(BaseModel):
    """The body of a retry-queue message: attempt `attempt + 1` of one delivery is due at `due`."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    kind: Literal["webhook.retry"] = "webhook.retry"
    msg_id: str = Field(min_length=1, max_length=100)
    endpoint_id: str = Field(min_length=1, max_length=100)
    attempt: int = Field(ge=0)  # attempts made when this was scheduled
    due: AwareDatetime


def delivery_key(msg_id: str, endpoint_id: str) -> str:
    return f"{DELIVERY_PREFIX}{msg_id}#{endpoint_id}"


def delay_seconds(due: datetime, now: datetime) -> int:
    """Whole seconds to wait for `due` (rounded up, so a record never arrives early), within SQS's limit."""
    return max(0, min(MAX_SQS_DELAY, math.ceil((due - now).total_seconds())))


class AwsDeliveryStore:
    def __init__(self, registry: EndpointRegistry, *, retry_queue_url: str, dead_letter_queue_url: str,
                 sqs: Any = None) -> None:
        self.registry = registry
        self.table = registry.table
        self.retry_queue_url = retry_queue_url
        self.dead_letter_queue_url = dead_letter_queue_url
        self.sqs = sqs if sqs is not None else clients.sqs()

    # endpoints
    def endpoint(self, endpoint_id: str) -> Endpoint | None:
        return self.registry.get(endpoint_id)

    def set_endpoint_status(self, endpoint_id: str, status: str) -> None:
        self.registry.set_status(endpoint_id, status)  # type: ignore[arg-type]

    # deliveries
    def get(self, msg_id: str, endpoint_id: str) -> Delivery | None:
        item = self.table.get_item(Key={"id": delivery_key(msg_id, endpoint_id)}, ConsistentRead=True).get("Item")
        return _delivery(item) if item else None

    def add(self, delivery: Delivery) -> bool:
        """Store a new delivery, then schedule it. The same event received again adds nothing, but a
        delivery still waiting for its first attempt is scheduled again, in case the first try stopped
        between storing and scheduling (a duplicate record is dropped as stale after one attempt)."""
        try:
            self.table.put_item(Item=_item(delivery), ConditionExpression="attribute_not_exists(id)")
        except ClientError as exc:
            if exc.response.get("Error", {}).get("Code") != "ConditionalCheckFailedException":
                raise
            existing = self.get(delivery.msg_id, delivery.endpoint_id)
            if existing and existing.state == "pending" and not existing.attempts and existing.next_at:
                self.schedule(existing)
            return False
        if delivery.state == "pending" and delivery.next_at:
            self.schedule(delivery)
        return True

    def save(self, delivery: Delivery) -> None:
        """After an attempt: schedule the next one first, then store. If storing fails, the record that
        triggered this attempt is redelivered and the attempt repeated (same webhook-id); of the two
        records then scheduled, the second to arrive finds the count moved on and is dropped."""
        if delivery.state == "pending" and delivery.next_at:
            self.schedule(delivery)
        self.table.put_item(Item=_item(delivery))

    def due(self, now: datetime) -> list[Delivery]:
        """Pending deliveries due by `now` (a scan: for inspection and the local twin; Lambda uses the queue)."""
        found, kwargs = [], {"FilterExpression": Attr("kind").eq("delivery") & Attr("state").eq("pending"),
                             "ConsistentRead": True}
        while True:
            page = self.table.scan(**kwargs)
            found += [d for d in map(_delivery, page.get("Items", [])) if d.next_at and d.next_at <= now]
            if "LastEvaluatedKey" not in page:
                return sorted(found, key=lambda d: d.next_at or now)
            kwargs["ExclusiveStartKey"] = page["LastEvaluatedKey"]

    def schedule(self, delivery: Delivery, now: datetime | None = None) -> RetryRecord:
        """Send the retry record for the delivery's next attempt, delayed as far as SQS allows.

        `now` defaults to the dispatcher's clock: the time of the last attempt, or, for a delivery never attempted,
        the time it was enqueued (due then: no delay). Never the wall clock, which the dispatcher's may not be."""
        if delivery.next_at is None:
            raise ValueError(f"delivery {delivery.msg_id} to {delivery.endpoint_id} has no due time to schedule")
        now = now or (delivery.attempts[-1].at if delivery.attempts else delivery.next_at)
        record = RetryRecord(msg_id=delivery.msg_id, endpoint_id=delivery.endpoint_id,
                             attempt=len(delivery.attempts), due=delivery.next_at)
        self.sqs.send_message(QueueUrl=self.retry_queue_url, MessageBody=record.model_dump_json(),
                              DelaySeconds=delay_seconds(record.due, now))
        return record

    def dead_letter(self, letter: DeadLetter) -> None:
        d = letter.delivery
        body = {
            "kind": "webhook.dead_letter",
            "msg_id": d.msg_id,
            "endpoint_id": d.endpoint_id,
            "reason": letter.reason,
            "at": letter.at.isoformat(),
            "attempts": [_attempt_item(a) for a in d.attempts],
            "event": json.loads(event_body(d.event)),
        }
        self.sqs.send_message(QueueUrl=self.dead_letter_queue_url, MessageBody=json.dumps(body))


def _attempt_item(attempt: Attempt) -> dict[str, Any]:
    return {"number": attempt.number, "at": attempt.at.isoformat(), "status": attempt.status, "error": attempt.error}


def _item(delivery: Delivery) -> dict[str, Any]:
    last_change = delivery.attempts[-1].at if delivery.attempts else (delivery.next_at or datetime.now(UTC))
    item = {"id": delivery_key(delivery.msg_id, delivery.endpoint_id), "kind": "delivery", "msg_id": delivery.msg_id,
            "endpoint_id": delivery.endpoint_id, "event": event_body(delivery.event).decode(), "state": delivery.state,
            "attempts": [_attempt_item(a) for a in delivery.attempts],
            "expiration": int((max(last_change, delivery.next_at or last_change) + DELIVERY_RETENTION).timestamp())}
    if delivery.next_at:
        item["next_at"] = delivery.next_at.isoformat()
    return item


def _delivery(item: dict[str, Any]) -> Delivery:
    attempts = [Attempt(number=int(a["number"]), at=datetime.fromisoformat(a["at"]),
                        status=None if a.get("status") is None else int(a["status"]), error=a.get("error"))
                for a in item.get("attempts", [])]
    next_at = datetime.fromisoformat(item["next_at"]) if item.get("next_at") else None
    return Delivery(msg_id=item["msg_id"], endpoint_id=item["endpoint_id"], event=parse_event(item["event"]),
                    state=item["state"], next_at=next_at, attempts=attempts)
