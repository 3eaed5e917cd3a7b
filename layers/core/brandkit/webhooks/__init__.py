"""Webhook delivery core: event models, Standard Webhooks signing, SSRF guard, retries, dispatch.

The names below are loaded on first use (PEP 562), not when the package is imported: importing any
submodule runs this file, and the API and BriefUpload need only events and the registry, never the
httpx-based delivery code.
"""

from importlib import import_module
from typing import Any

_EXPORTS = {
    "delivery": ["DeliveryResult", "Endpoint", "deliver", "httpx_send", "httpx_sender", "message_id"],
    "dispatcher": ["DeadLetter", "Delivery", "DeliveryStore", "Dispatcher", "InMemoryStore"],
    "events": ["AnyEvent", "BrandKitFailedV1", "BrandKitRevisedV1", "BrandKitSucceededV1", "event_body", "parse_event"],
    "retry": ["RETRY_DELAYS", "Decision", "Reply", "next_attempt", "retry_after"],
    "signing": ["generate_secret", "sign", "signature_headers"],
    "ssrf": ["PinnedTarget", "TargetRefused", "refusal", "resolve_target"],
}
_MODULE_OF = {name: module for module, names in _EXPORTS.items() for name in names}

__all__ = sorted(_MODULE_OF)


def __getattr__(name: str) -> Any:
    module = _MODULE_OF.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f"{__name__}.{module}"), name)
    globals()[name] = value  # later lookups skip __getattr__
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
