"""The events Brandkit publishes on its SNS topic and to webhooks, one versioned model per type.

The shapes mirror what the state machine emits today (stages/publish_manifest.py and
stages/record_failure.py). Models are strict (extra fields refused) so a producer change
that is not reflected here fails a test instead of reaching customers unannounced.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal, Union

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, TypeAdapter

SUCCEEDED = "brand.kit.succeeded"
FAILED = "brand.kit.failed"


class _Event(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


JobId = Annotated[str, Field(min_length=1, max_length=200)]


class BrandKitSucceededV1(_Event):
    """A kit was generated; its files and manifest.json lie in `bucket` beside `manifest_key`."""

    type: Literal["brand.kit.succeeded"] = SUCCEEDED
    version: Literal["1"] = "1"
    job_id: JobId
    bucket: str = Field(min_length=1)
    manifest_key: str = Field(min_length=1)
    artifacts: int = Field(ge=0)


class BrandKitFailedV1(_Event):
    """A run failed in `stage` (a state name, or "unknown"); `cause` is readable, never a stack trace."""

    type: Literal["brand.kit.failed"] = FAILED
    version: Literal["1"] = "1"
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
