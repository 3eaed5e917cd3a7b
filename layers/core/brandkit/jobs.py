"""Starting and describing brand-kit jobs: one way in for the API, the S3 trigger and the CLI."""

from __future__ import annotations

import json
import re
import uuid
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from brandkit import clients
from brandkit.artifacts import Job
from brandkit.brief import Brief
from brandkit.job_files import BRIEF, UPLOADS
from brandkit.job_records import JobRecords, records_from_env
from brandkit.store import S3Store, Stores
from brandkit.tenants import tenant_root

KITS_PREFIX = "kits"
# Step Functions execution names: 1-80 chars, none of whitespace or <>{}[]?*"#%\^|~`$&,;:/
JOB_ID = re.compile(r"^[A-Za-z0-9_-]{1,80}$")
JOB_ID_RULE = "letters, digits, '-' and '_' only, 1-80 characters"


_NAME = re.compile(r"^(?P<job>.+)\.v(?P<version>[0-9]{1,4})$")


def execution_name(job_id: str, version: int) -> str:
    """Each version of a brand is one execution: the job id for version 1, "<job id>.v<n>" after ('.' is
    never in a job id, so the two cannot collide)."""
    return job_id if version == 1 else f"{job_id}.v{version}"


def split_execution_name(name: str) -> tuple[str, int]:
    """(job id, version) from an execution name."""
    match = _NAME.match(name)
    return (match["job"], int(match["version"])) if match else (name, 1)


def new_job_id() -> str:
    return f"bk-{uuid.uuid4().hex[:20]}"


def job_prefix(job_id: str, tenant: str) -> str:
    """Where the tenant's job keeps its files: "tenants/<tenant>/kits/<job id>"."""
    if not JOB_ID.match(job_id):
        raise ValueError(f"job id {job_id!r}: {JOB_ID_RULE}")
    return f"{tenant_root(tenant)}/{KITS_PREFIX}/{job_id}"


def start_job(
    brief: Brief,
    *,
    tenant: str,
    bucket: str,
    state_machine_arn: str,
    job_id: str | None = None,
    uploads: dict[str, bytes] | None = None,
    choices: dict[str, str] | None = None,
    stores: Stores = S3Store,
    sfn: Any = None,
    records: JobRecords | None = None,
) -> dict[str, str]:
    """Write the brief (and any uploaded logo) under the tenant's job prefix, start the workflow and record
    the job as the tenant's (brandkit.job_records; JOBS_TABLE unless `records` is given).

    The execution name is the job id, so starting the same job twice cannot run it twice. The record is
    written once the execution exists: a job is never listed that did not start.
    """
    job_id = job_id or new_job_id()
    prefix = job_prefix(job_id, tenant)
    sfn = sfn or clients.sfn()
    store = stores(Job(id=job_id, bucket=bucket, prefix=prefix))
    for name, data in (uploads or {}).items():
        store.save(UPLOADS.file(name), data)
    brief_key = store.save(BRIEF, brief)
    try:
        execution = sfn.start_execution(
            stateMachineArn=state_machine_arn,
            name=job_id,
            # choices: the options the kit is built from (concept, palette, fonts ids; brandkit.revisions)
            input=json.dumps({"bucket": bucket, "brief_key": brief_key, **({"choices": choices} if choices else {})}),
        )["executionArn"]
    except sfn.exceptions.ExecutionAlreadyExists:
        execution = execution_arn(state_machine_arn, job_id)
    (records or records_from_env()).add(job_id, tenant)
    return {"job_id": job_id, "execution_arn": execution, "prefix": prefix}


def execution_arn(state_machine_arn: str, job_id: str) -> str:
    return state_machine_arn.replace(":stateMachine:", ":execution:") + f":{job_id}"


STATUS = {"RUNNING": "running", "SUCCEEDED": "succeeded", "FAILED": "failed", "TIMED_OUT": "failed",
          "ABORTED": "failed", "PENDING_REDRIVE": "failed"}


def describe_execution(state_machine_arn: str, job_id: str, sfn: Any = None) -> dict[str, Any] | None:
    """The job's execution as Step Functions describes it; None for an unknown job."""
    sfn = sfn or clients.sfn()
    try:
        result: dict[str, Any] | None = sfn.describe_execution(executionArn=execution_arn(state_machine_arn, job_id))
        return result
    except sfn.exceptions.ExecutionDoesNotExist:
        return None


def execution_history(state_machine_arn: str, job_id: str, sfn: Any = None) -> list[dict[str, Any]]:
    """Every event of the job's execution, oldest first."""
    return execution_events(execution_arn(state_machine_arn, job_id), sfn)


def execution_events(arn: str, sfn: Any = None) -> list[dict[str, Any]]:
    """Every event of an execution, oldest first (inputs and outputs left out: only names and times matter)."""
    sfn = sfn or clients.sfn()
    events: list[dict[str, Any]] = []
    for page in sfn.get_paginator("get_execution_history").paginate(executionArn=arn, includeExecutionData=False):
        events.extend(page["events"])
    return events


def list_jobs(
    state_machine_arn: str, tenant: str, limit: int = 20, next_token: str | None = None, *,
    records: JobRecords | None = None, sfn: Any = None
) -> dict[str, Any]:
    """The tenant's jobs, newest first, one page at a time, each with its status from Step Functions.

    A bad next_token raises brandkit.job_records.TokenRefused (a ValueError)."""
    sfn = sfn or clients.sfn()
    found, token = (records or records_from_env()).page(tenant, limit, next_token)
    with ThreadPoolExecutor(max_workers=8) as pool:  # one DescribeExecution per job; boto3 clients are thread-safe
        executions = list(pool.map(lambda job: describe_execution(state_machine_arn, job["job_id"], sfn), found))
    jobs = [  # a job whose execution is gone (past Step Functions' retention) is gone
        {"job_id": job["job_id"], "status": STATUS.get(e["status"], "running"),
         "started_at": e["startDate"].isoformat()}
        for job, e in zip(found, executions, strict=True) if e is not None
    ]
    return {"jobs": jobs, "next_token": token}


def versions(state_machine_arn: str, job_id: str, sfn: Any = None) -> list[dict[str, Any]]:
    """Every version of the brand, oldest first: number, status, parent and changes (from each
    version's execution, brandkit.revisions.execution_name); [] for an unknown job."""
    found: list[dict[str, Any]] = []
    while (execution := describe_execution(state_machine_arn, execution_name(job_id, len(found) + 1), sfn)) is not None:
        request = json.loads(execution.get("input") or "{}")
        revision = request.get("revision") or {}
        found.append({"number": len(found) + 1, "status": STATUS.get(execution["status"], "running"),
                      "parent": revision.get("parent"), "changes": revision.get("changes") or {},
                      "started_at": execution["startDate"].isoformat()})
    return found


def current_version(found: list[dict[str, Any]]) -> int:
    """The version a brand shows: its latest that succeeded (a failed revision leaves the previous current)."""
    return max((v["number"] for v in found if v["status"] == "succeeded"), default=1)
