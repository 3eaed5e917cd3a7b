"""The events Brandkit publishes on its SNS topic and to webhooks, one versioned model per type.

The producers build their events from these models (stages/publish_manifest.py,
stages/record_failure.py, uploads.py), and docs/EVENTS.md holds the JSON Schema generated from
them (`python scripts/events_doc.py` rewrites it; a test fails when it is stale). Models are strict
(extra fields refused) so a consumer of ours notices a change before customers do.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal, Union

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, TypeAdapter

SUCCEEDED = "brand.kit.succeeded"
FAILED = "brand.kit.failed"
EVENT_VERSION = "1"  # of every event type; docs/EVENTS.md says when it changes


class _Event(BaseModel):
    # type and version have defaults for producers, yet every event on the wire carries them: required in the schema.
    model_config = ConfigDict(extra="forbid", frozen=True, json_schema_serialization_defaults_required=True)


JobId = Annotated[str, Field(min_length=1, max_length=200)]


class BrandKitSucceededV1(_Event):
    """A kit was generated; its files and manifest.json lie in `bucket` beside `manifest_key`."""

    type: Literal["brand.kit.succeeded"] = SUCCEEDED
    version: Literal["1"] = EVENT_VERSION
    job_id: JobId
    bucket: str = Field(min_length=1)
    manifest_key: str = Field(min_length=1)
    artifacts: int = Field(ge=0)


class BrandKitFailedV1(_Event):
    """A run failed in `stage` (a state name, or "unknown"); `cause` is readable, never a stack trace."""

    type: Literal["brand.kit.failed"] = FAILED
    version: Literal["1"] = EVENT_VERSION
    job_id: JobId
    stage: str
    error: str
    cause: str = Field(max_length=2000)
    failed_at: AwareDatetime


BrandKitEvent = Annotated[Union[BrandKitSucceededV1, BrandKitFailedV1], Field(discriminator="type")]
_ADAPTER: TypeAdapter[BrandKitSucceededV1 | BrandKitFailedV1] = TypeAdapter(BrandKitEvent)


def parse_event(raw: dict[str, Any] | str | bytes) -> BrandKitSucceededV1 | BrandKitFailedV1:
    """Validate an event (a dict as the state machine returns it, or its JSON text)."""
    if isinstance(raw, (str, bytes)):
        return _ADAPTER.validate_json(raw)
    return _ADAPTER.validate_python(raw)


def event_body(event: BrandKitSucceededV1 | BrandKitFailedV1) -> bytes:
    """The exact bytes delivered and signed: compact JSON, stable key order."""
    return event.model_dump_json().encode()


def events_schema() -> dict[str, Any]:
    """The JSON Schema of every event (a oneOf on `type`), as docs/EVENTS.md publishes it."""
    return _ADAPTER.json_schema(mode="serialization")
