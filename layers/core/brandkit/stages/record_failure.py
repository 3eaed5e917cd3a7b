"""RecordFailure: find which state failed and why, keep it beside the job, and shape the failure event."""

from __future__ import annotations

import json
import time
from datetime import UTC, datetime
from typing import Any

from botocore.exceptions import ClientError

from brandkit.artifacts import Job
from brandkit.brief import BriefError, declared_translator
from brandkit.errors import NotFound
from brandkit.failure_causes import explain
from brandkit.i18n import for_tag
from brandkit.job_files import BRIEF, BRIEF_DATA, FAILURE
from brandkit.jobs import execution_events, split_execution_name
from brandkit.store import Stores
from brandkit.webhooks.events import BrandKitFailedV1
from brandkit.webhooks.tenant_routing import NO_TENANT, tenant_of_job

_FAILED_TYPES = ("TaskFailed", "TaskTimedOut", "LambdaFunctionFailed", "LambdaFunctionTimedOut",
                 "TaskSubmitFailed", "LambdaFunctionScheduleFailed", "LambdaFunctionStartFailed")
_ENTERED = "StateEntered"


def run(event: dict[str, Any], stores: Stores) -> dict[str, Any]:
    state, execution_arn = event["input"], event["execution"]
    job_id, version = split_execution_name(event["job_id"])
    error = state.get("error") or {}
    stage = _failed_stage(execution_arn)
    job = _job(state, job_id, version)
    name = str(error.get("Error", "Unknown"))
    cause = explain(name, readable_cause(error.get("Cause")), stage)
    t, _choice = for_tag(_language(state, job, stores))
    failure = BrandKitFailedV1(
        job_id=job_id, stage=stage, error=name, cause=cause.say(t)[:2000], cause_code=cause.code,
        cause_language=t.tag, failed_at=datetime.now(UTC).replace(microsecond=0), kit_version=version,
    )
    if job is not None:
        stores(job).save(FAILURE, failure)
    # tenant: the SNS attribute NotifyFailure sets, so that only the tenant's webhooks get the event
    return {"event": failure.model_dump(mode="json"), "tenant": tenant_of_job(job.prefix) if job else NO_TENANT}


def _language(state: dict[str, Any], job: Job | None, stores: Stores) -> str:
    """The brief's language: the job's record of it, else (ValidateBrief failed before the job was made) the
    brief's own `language` when it can still be read; English when neither can."""
    if isinstance(state.get("job"), dict) and job is not None:
        return job.language
    if job is None:
        return "en"
    try:
        return stores(job).load(BRIEF).language
    except BriefError:  # ValidateBrief refused it in the language the brief declares: the same one here
        return declared_translator(stores(job).load(BRIEF_DATA)).tag
    except (NotFound, ClientError, ValueError):  # a brief that is gone or not JSON: English
        return "en"


def _job(state: dict[str, Any], job_id: str, version: int) -> Job | None:
    if isinstance(state.get("job"), dict):
        return Job.model_validate(state["job"])
    bucket, brief_key = state.get("bucket"), state.get("brief_key")
    if isinstance(bucket, str) and isinstance(brief_key, str) and brief_key.endswith(f"{job_id}/{BRIEF.key}"):
        return Job(id=job_id, bucket=bucket, prefix=brief_key.removesuffix(f"/{BRIEF.key}"), version=version)
    return None  # nothing trustworthy to write beside: the event still goes out


def _failed_stage(execution_arn: str, attempts: int = 3, pause_s: float = 0.3) -> str:
    """The failed state's name from the history, read again briefly when it cannot be read or does not show the
    failure yet (a Parallel branch still running when its sibling failed writes to the same history); the
    failure is announced with "unknown" rather than not at all."""
    for attempt in range(attempts):
        try:
            stage = failed_state(execution_events(execution_arn))
        except ClientError:
            stage = None
        if stage:
            return stage
        if attempt + 1 < attempts:
            time.sleep(pause_s)
    return "unknown"


def failed_state(events: list[dict[str, Any]]) -> str | None:
    """Name of the state whose task failed first, following each failure back to its StateEntered event."""
    by_id = {e["id"]: e for e in events}
    for event in events:
        if event["type"] not in _FAILED_TYPES:
            continue
        cursor: dict[str, Any] | None = event
        while cursor is not None:
            if cursor["type"].endswith(_ENTERED) and "stateEnteredEventDetails" in cursor:
                return str(cursor["stateEnteredEventDetails"]["name"])
            cursor = by_id.get(cursor.get("previousEventId"))
    return None


def readable_cause(cause: Any) -> str:
    """Lambda errors carry a JSON cause with errorMessage; keep only that, never a stack trace."""
    if not isinstance(cause, str):
        return ""
    try:
        parsed = json.loads(cause)
    except ValueError:
        return cause[:2000]
    if isinstance(parsed, dict) and "errorMessage" in parsed:
        return str(parsed["errorMessage"])[:2000]
    if isinstance(parsed, dict) and "StatusReason" in parsed:  # a failed Batch job, as Step Functions reports it
        return _batch_cause(parsed)[:2000]
    return cause[:2000]


def _batch_cause(job: dict[str, Any]) -> str:
    """The job's last status reason; when Batch retried it, how many attempts it made (a spot reclaim
    that was retried until the attempts ran out reads differently from one that was never retried)."""
    attempts = job.get("Attempts")
    tried = f" failed after {len(attempts)} attempts" if isinstance(attempts, list) and len(attempts) > 1 else ""
    return f"Batch job {job.get('JobName', '')}{tried}: {job['StatusReason']}"
