"""Webhook delivery core: event models, Standard Webhooks signing, SSRF guard, retries, dispatch."""

from brandkit.webhooks.delivery import DeliveryResult, Endpoint, deliver, httpx_send, httpx_sender, message_id
from brandkit.webhooks.dispatcher import DeadLetter, Delivery, DeliveryStore, Dispatcher, InMemoryStore
from brandkit.webhooks.events import BrandKitFailedV1, BrandKitSucceededV1, event_body, parse_event
from brandkit.webhooks.retry import RETRY_DELAYS, Decision, Reply, next_attempt, retry_after
from brandkit.webhooks.signing import generate_secret, sign, signature_headers
from brandkit.webhooks.ssrf import PinnedTarget, TargetRefused, refusal, resolve_target

__all__ = [
    "BrandKitFailedV1", "BrandKitSucceededV1", "DeadLetter", "Decision", "Delivery", "DeliveryResult",
    "DeliveryStore", "Dispatcher", "Endpoint", "InMemoryStore", "PinnedTarget", "RETRY_DELAYS", "Reply",
    "TargetRefused", "deliver", "event_body", "generate_secret", "httpx_send", "httpx_sender", "message_id", "next_attempt",
    "parse_event", "refusal", "resolve_target", "retry_after", "sign", "signature_headers",
]
