"""The events Brandkit publishes on its SNS topic and to webhooks, one versioned model per type.

The producers build their events from these models (stages/publish_manifest.py,
stages/record_failure.py, uploads.py), and docs/EVENTS.md holds the JSON Schema generated from
them (`python scripts/events_doc.py` rewrites it; a test fails when it is stale). Models are strict
(extra fields refused) so a consumer of ours notices a change before customers do.
"""

from __future__ import annotations

from typing import Annotated, Any, Final, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, TypeAdapter

SUCCEEDED: Final = "brand.kit.succeeded"
FAILED: Final = "brand.kit.failed"
REVISED: Final = "brand.kit.revised"
EVENT_VERSION: Final = "1"  # of every event type; docs/EVENTS.md says when it changes


class _Event(BaseModel):
    # type and version have defaults for producers, yet every event on the wire carries them: required in the schema.
    model_config = ConfigDict(extra="forbid", frozen=True, json_schema_serialization_defaults_required=True)


JobId = Annotated[str, Field(min_length=1, max_length=200)]
# Which version of the brand's kit (issue 15): 1 is the first run, each revision the next.
KitVersion = Annotated[int, Field(ge=1, description="version of the brand's kit; 1 is the first run")]


class BrandKitSucceededV1(_Event):
    """A kit was generated; its files and manifest.json lie in `bucket` beside `manifest_key`."""

    type: Literal["brand.kit.succeeded"] = SUCCEEDED
    version: Literal["1"] = EVENT_VERSION
    job_id: JobId
    bucket: str = Field(min_length=1)
    manifest_key: str = Field(min_length=1)
    artifacts: int = Field(ge=0)


class BrandKitFailedV1(_Event):
    """A run failed in `stage` (a state name, or "unknown"); `cause` is readable, never a stack trace, and in the
    brief's language (`cause_language`); `cause_code` says which cause it is."""

    type: Literal["brand.kit.failed"] = FAILED
    version: Literal["1"] = EVENT_VERSION
    job_id: JobId
    stage: str
    error: str
    cause: str = Field(max_length=2000)
    # What the cause is, for programs (brandkit.failure_causes); `cause` is said in the brief's language.
    cause_code: str = Field("unrecognised", min_length=1, max_length=100, description=(
        "stable code of the cause (logo_unusable, stage_timed_out, ...; unrecognised: `cause` is the stage's own "
        "English words)"))
    cause_language: str = Field("en", min_length=1, max_length=35,
                                description="BCP 47 tag of the catalogue `cause` is written in (the brief's language)")
    failed_at: AwareDatetime
    kit_version: KitVersion = 1  # the previous version stays intact and current


class BrandKitRevisedV1(_Event):
    """A revision's kit was generated: version `kit_version` of the brand, made from `parent_version` with
    `changes` (the revision's choices); its files and manifest.json lie beside `manifest_key`."""

    type: Literal["brand.kit.revised"] = REVISED
    version: Literal["1"] = EVENT_VERSION
    job_id: JobId
    kit_version: KitVersion
    parent_version: KitVersion
    changes: dict[str, str]
    bucket: str = Field(min_length=1)
    manifest_key: str = Field(min_length=1)
    artifacts: int = Field(ge=0)


AnyEvent = BrandKitSucceededV1 | BrandKitFailedV1 | BrandKitRevisedV1
BrandKitEvent = Annotated[AnyEvent, Field(discriminator="type")]
_ADAPTER: TypeAdapter[AnyEvent] = TypeAdapter(BrandKitEvent)


def parse_event(raw: dict[str, Any] | str | bytes) -> AnyEvent:
    """Validate an event (a dict as the state machine returns it, or its JSON text)."""
    if isinstance(raw, (str, bytes)):
        return _ADAPTER.validate_json(raw)
    return _ADAPTER.validate_python(raw)


def event_body(event: AnyEvent) -> bytes:
    """The exact bytes delivered and signed: compact JSON, stable key order."""
    return event.model_dump_json().encode()


def events_schema() -> dict[str, Any]:
    """The JSON Schema of every event (a oneOf on `type`), as docs/EVENTS.md publishes it."""
    return _ADAPTER.json_schema(mode="serialization")
