"""Who owns a job: one record per job in the jobs table (JOBS_TABLE, beside the idempotency records).

`{"id": "job#<job id>", "tenant", "started_at", "expiration"}`, written by brandkit.jobs.start_job once the
execution exists. The owner is read with a consistent GetItem; a tenant's jobs are listed newest first from
the `tenant-started` index. A job without a record (another tenant's is the same to the caller) is unknown.
"""

from __future__ import annotations

import base64
import binascii
import json
import os
from datetime import UTC, datetime, timedelta
from typing import Any

from botocore.exceptions import ClientError

from brandkit import clients
from brandkit.tenants import checked

JOB_KEY_PREFIX = "job#"
BY_TENANT = "tenant-started"  # the GSI: partition `tenant`, sort `started_at`
DEFAULT_RETENTION_DAYS = 90  # as long as the kit (KIT_RETENTION_DAYS), after which the job is gone anyway


class TokenRefused(ValueError):
    """A next_token this tenant was never given: malformed, forged, or another tenant's."""


def record_key(job_id: str) -> dict[str, str]:
    return {"id": JOB_KEY_PREFIX + job_id}


class JobRecords:
    def __init__(self, table_name: str, *, table: Any = None) -> None:
        self.table = table if table is not None else clients.dynamodb().Table(table_name)

    def add(self, job_id: str, tenant: str, *, now: datetime | None = None) -> None:
        """Record the job as the tenant's. Starting the same job again (a retried request, a redelivered
        S3 event) keeps the first record; the same id for another tenant is refused (ids never collide:
        random, or derived from what already includes the tenant)."""
        now = now or datetime.now(UTC)
        days = int(os.environ.get("KIT_RETENTION_DAYS", DEFAULT_RETENTION_DAYS))
        item = {**record_key(job_id), "tenant": checked(tenant), "job_id": job_id,
                "started_at": now.isoformat(timespec="milliseconds"),
                "expiration": int((now + timedelta(days=days)).timestamp())}
        try:
            self.table.put_item(Item=item, ConditionExpression="attribute_not_exists(id)")
        except ClientError as exc:
            if exc.response.get("Error", {}).get("Code") != "ConditionalCheckFailedException":
                raise
            if self.owner(job_id) != tenant:
                raise ValueError(f"job id {job_id!r} belongs to another tenant") from None

    def owner(self, job_id: str) -> str | None:
        """The tenant the job belongs to; None for a job nobody started."""
        item = self.table.get_item(Key=record_key(job_id), ConsistentRead=True).get("Item")
        return str(item["tenant"]) if item else None

    def page(self, tenant: str, limit: int, next_token: str | None = None) -> tuple[list[dict[str, str]], str | None]:
        """One page of the tenant's jobs, newest first: ([{"job_id", "started_at"}], the next page's token)."""
        kwargs: dict[str, Any] = {
            "IndexName": BY_TENANT, "KeyConditionExpression": "tenant = :t",
            "ExpressionAttributeValues": {":t": checked(tenant)}, "ScanIndexForward": False, "Limit": limit,
        }
        if next_token:
            kwargs["ExclusiveStartKey"] = _start_key(next_token, tenant)
        page = self.table.query(**kwargs)
        jobs = [{"job_id": str(i["job_id"]), "started_at": str(i["started_at"])} for i in page.get("Items", [])]
        last = page.get("LastEvaluatedKey")
        return jobs, _token(last) if last else None


@clients.per_process
def records_from_env() -> JobRecords:
    """The process's job records on JOBS_TABLE."""
    return JobRecords(os.environ["JOBS_TABLE"])


# The token is the index position, opaque to clients but not secret: a client can only ever be handed (or
# make up) a position inside its own tenant's partition, and one naming another tenant is refused.
_TOKEN_KEYS = {"id", "tenant", "started_at"}


def _token(last: dict[str, Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps({k: str(last[k]) for k in sorted(_TOKEN_KEYS)}).encode()).decode()


def _start_key(token: str, tenant: str) -> dict[str, str]:
    try:
        key = json.loads(base64.urlsafe_b64decode(token.encode("ascii")))
    except (ValueError, binascii.Error, UnicodeError):
        raise TokenRefused("next_token is not the next_token of a previous page") from None
    # Another tenant's token is refused like a forged one: the answer tells nothing about other tenants.
    if (not isinstance(key, dict) or set(key) != _TOKEN_KEYS or not all(isinstance(v, str) for v in key.values())
            or not key["id"].startswith(JOB_KEY_PREFIX) or key["tenant"] != tenant):
        raise TokenRefused("next_token is not the next_token of a previous page")
    return key
