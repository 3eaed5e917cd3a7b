"""What a client learns about one job: its status, how far it got, and its kit or why it failed."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from brandkit import kit_links
from brandkit.failure_causes import explain
from brandkit.i18n import SOURCE, for_tag, translator
from brandkit.jobs import STATUS, describe_execution, execution_history, execution_name
from brandkit.progress import STAGE_OF_STATE, progress
from brandkit.stages.record_failure import readable_cause


def job_report(state_machine_arn: str, bucket: str, tenant: str, job_id: str, *, version: int = 1, sfn: Any = None,
               now: datetime | None = None) -> dict[str, Any] | None:
    """The GET /brands/{id} body for one version (without API links); None for an unknown job or version."""
    name = execution_name(job_id, version)
    execution = describe_execution(state_machine_arn, name, sfn)
    if execution is None:
        return None
    events = execution_history(state_machine_arn, name, sfn)
    stopped = execution.get("stopDate")
    status = STATUS.get(execution["status"], "running")
    steps = progress(events, finished=stopped is not None, stopped_at=stopped, now=now or datetime.now(UTC))
    if status == "running" and not any(s["status"] != "pending" for s in steps["stages"]):
        status = "queued"
    report: dict[str, Any] = {
        "job_id": job_id,
        "status": status,
        "started_at": execution["startDate"].isoformat(),
        "stopped_at": stopped.isoformat() if stopped else None,
        "progress": steps,
    }
    if status == "succeeded":
        kit = kit_links.kit_links(bucket, tenant, job_id, version)
        if kit is not None:  # None: the kit outlived its retention and was deleted
            report["kit"] = kit
    elif status == "failed":
        language = lambda: kit_links.brief_language(bucket, tenant, job_id)  # noqa: E731 - read only when needed
        report["error"] = kit_links.failure_record(bucket, tenant, job_id, version) or _failure_from(
            execution, events, language)
    return report


def _failure_from(execution: dict[str, Any], events: list[dict[str, Any]],
                  language: Callable[[], str]) -> dict[str, str]:
    """When RecordFailure wrote nothing (the run timed out, was stopped, or RecordFailure failed too): the same
    fields, the cause said in the brief's language (`language` reads it) when it is one we know."""
    entered = [e["stateEnteredEventDetails"]["name"] for e in events if "stateEnteredEventDetails" in e]
    stage_states = [name for name in entered if name in STAGE_OF_STATE]
    stage = stage_states[-1] if stage_states else "unknown"
    error = str(execution.get("error") or f"Execution{execution['status'].title().replace('_', '')}")
    cause = explain(error, readable_cause(execution.get("cause")), stage)
    t = for_tag(language())[0] if cause.said else translator(SOURCE)
    return {"stage": stage, "error": error, "cause": cause.say(t)[:2000], "cause_code": cause.code,
            "cause_language": t.tag}
