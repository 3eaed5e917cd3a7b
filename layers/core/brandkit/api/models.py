"""The API's response bodies as pydantic models: they document the OpenAPI schema and validate what is sent."""

from __future__ import annotations

from typing import Any, Literal

from aws_lambda_powertools.event_handler.openapi.types import OpenAPIResponse
from pydantic import BaseModel, ConfigDict, Field

from brandkit.progress import STAGES, StageStatus

JobStatus = Literal["queued", "running", "succeeded", "failed"]
StageName = Literal[STAGES]  # type: ignore[valid-type]  # one source: brandkit.progress.STAGES


def _absent(value: Any) -> bool:
    return value is None


class _Body(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Problem(_Body):
    """Every error but request validation: the HTTP status and a readable message."""

    statusCode: int = Field(examples=[404])
    message: str = Field(examples=["no brand job 'bk-0123'"])


class BrandLinks(_Body):
    self: str = Field(examples=["/brands/bk-5f1c0a3e9b7d4c2a8e61"])
    kit: str = Field(examples=["/brands/bk-5f1c0a3e9b7d4c2a8e61/kit"])


class BrandAccepted(_Body):
    job_id: str
    status: Literal["queued"]
    links: BrandLinks


class JobSummary(_Body):
    job_id: str
    status: JobStatus
    started_at: str = Field(description="ISO 8601 time the run started")


class JobPage(_Body):
    jobs: list[JobSummary]
    next_token: str | None = Field(description="pass as next_token for the next page; null on the last page")


class StageProgress(_Body):
    name: StageName
    status: StageStatus
    seconds: float | None = Field(ge=0, description="time spent so far; null while pending")


class Progress(_Body):
    current: StageName | None = Field(description="the first stage running now; null when none is")
    done: int = Field(ge=0)
    total: int = Field(ge=1)
    stages: list[StageProgress]


class KitFile(_Body):
    path: str = Field(examples=["guidelines.pdf"])
    kind: str = Field(examples=["guidelines-pdf"])
    bytes: int = Field(ge=0)
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    url: str = Field(description="presigned GET, valid for expires_in seconds")


class CostPart(_Body):
    item: str = Field(examples=["Lambda RenderAssets (2048 MB)"])
    quantity: float = Field(ge=0)
    unit: str = Field(examples=["GB-s"])
    unit_usd: float = Field(ge=0, description="USD per unit, from the dated price file")
    usd: float = Field(ge=0)


class KitCost(_Body):
    """manifest.json's cost section: what the run used, priced from the price file of prices_as_of."""

    currency: str
    prices_as_of: str
    region: str
    source: str = Field(description="where the durations come from")
    parts: list[CostPart]
    total_usd: float = Field(ge=0, description="the sum of the parts")


class KitLinks(_Body):
    expires_in: int = Field(ge=1, description="seconds the presigned URLs stay valid")
    manifest_url: str
    zip: str = Field(
        description="API path of the whole kit as one zip", examples=["/brands/bk-5f1c0a3e9b7d4c2a8e61/kit"]
    )
    files: list[KitFile]
    cost: KitCost | None = Field(
        None, exclude_if=_absent, description="what the run cost (absent for kits made before it was recorded)"
    )


class JobError(_Body):
    stage: str = Field(description="the state that failed, e.g. ImportLogo", examples=["ImportLogo"])
    error: str = Field(examples=["StageError"])
    cause: str = Field(description="readable cause in the brief's language (cause_language), never a stack trace")
    cause_code: str = Field("unrecognised", description=(
        "stable code of the cause (docs/EVENTS.md, brand.kit.failed); unrecognised: `cause` is the stage's own "
        "English words"), examples=["logo_unusable"])
    cause_language: str = Field("en", description="BCP 47 tag of the language `cause` is written in", examples=["fr"])


class ConceptOffered(_Body):
    id: str = Field(examples=["emblem"])
    kind: str
    label: str
    symbol: str | None = Field(description="the icon the concept draws, if any")
    rank: int | None = Field(description="the design review's rank; 1 led the first run")
    chosen: bool = Field(description="the concept this version's kit is built from")
    preview_url: str | None = Field(description="presigned GET of the concept's SVG")


class PaletteOffered(_Body):
    id: str = Field(examples=["analogous-brown"])
    rank: int
    reason: str
    chosen: bool
    colors: dict[str, str] = Field(description="primary, secondary and accent, #RRGGBB")


class FontsOffered(_Body):
    id: str = Field(examples=["lato-with-eb-garamond"])
    rank: int
    reason: str
    chosen: bool
    heading: str
    body: str


class VersionSummary(_Body):
    number: int = Field(ge=1)
    status: JobStatus
    parent: int | None = Field(description="the version it was revised from; null for version 1")
    changes: dict[str, str] = Field(description="what the revision changed")
    started_at: str


class BrandJob(_Body):
    job_id: str
    status: JobStatus
    started_at: str
    stopped_at: str | None
    progress: Progress
    # kit and error are there only when they apply (left out, not null); stopped_at is null while running.
    kit: KitLinks | None = Field(None, exclude_if=_absent,
                                 description="only when succeeded (absent once the kit has expired)")
    error: JobError | None = Field(None, exclude_if=_absent, description="only when failed")
    version: int = Field(1, ge=1, description="the version this body describes")
    # What can be chosen in a revision (absent until the version has made its options).
    concepts: list[ConceptOffered] | None = Field(None, exclude_if=_absent)
    palette_options: list[PaletteOffered] | None = Field(None, exclude_if=_absent)
    font_options: list[FontsOffered] | None = Field(None, exclude_if=_absent)
    # GET /brands/{id} only: every version, and which one it describes (the latest that succeeded).
    current_version: int | None = Field(None, exclude_if=_absent, ge=1)
    versions: list[VersionSummary] | None = Field(None, exclude_if=_absent)


class RevisionLinks(_Body):
    self: str = Field(examples=["/brands/bk-5f1c0a3e9b7d4c2a8e61/versions/2"])
    kit: str = Field(examples=["/brands/bk-5f1c0a3e9b7d4c2a8e61/versions/2/kit"])


class RevisionAccepted(_Body):
    job_id: str
    version: int = Field(ge=2)
    parent: int = Field(ge=1)
    changes: dict[str, str]
    status: Literal["queued"]
    links: RevisionLinks


class KitDownload(_Body):
    job_id: str
    version: int = Field(1, ge=1)
    url: str = Field(description="presigned GET of the kit's zip")
    expires_in: int = Field(ge=1)
    bytes: int = Field(ge=0)


class FieldError(_Body):
    loc: list[str | int] = Field(description="where: body, query, path or header, then the field")
    type: str
    msg: str = Field(description="what is wrong, in words")


class ValidationProblem(_Body):
    """422: every offending field with what is wrong with it."""

    statusCode: int = Field(examples=[422])
    detail: list[FieldError]


def problem(description: str) -> OpenAPIResponse:
    """An OpenAPI response entry for an error answered with a Problem body."""
    return {"description": description, "content": {"application/json": {"model": Problem}}}


def invalid(description: str) -> OpenAPIResponse:
    """An OpenAPI response entry for a 422 with field errors."""
    return {"description": description, "content": {"application/json": {"model": ValidationProblem}}}


def invalid_or_problem(description: str) -> OpenAPIResponse:
    """A 422 answered either with field errors (as Powertools reports them) or with a Problem (a request the
    server refuses as a whole, e.g. an Idempotency-Key reused with another body)."""
    return {"description": description, "content": {"application/json": {"schema": {"anyOf": [
        {"$ref": "#/components/schemas/ValidationProblem"}, {"$ref": "#/components/schemas/Problem"}]}}}}
