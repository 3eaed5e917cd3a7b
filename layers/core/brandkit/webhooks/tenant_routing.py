"""Which tenant's webhook endpoints an event reaches: the SNS message attribute `tenant`.

Every publisher (PublishManifest and RecordFailure through the state machine's Notify states, the S3
trigger's failure events) sets it from the job's prefix (brandkit.tenants.tenant_of_key). The event body
stays as docs/EVENTS.md describes it. SNS needs a value for an attribute the state machine names, so an
event of no tenant (a refused S3 key, a job outside every tenant's prefix) carries NO_TENANT, which no
tenant id can be: the dispatcher sends it to nobody.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from brandkit.tenants import TENANT, tenant_of_key

TENANT_ATTRIBUTE = "tenant"
NO_TENANT = "-"


def tenant_of_job(prefix_or_key: str) -> str:
    """The attribute's value for a job's event: its tenant, or NO_TENANT."""
    return tenant_of_key(prefix_or_key + "/") or NO_TENANT


def message_attributes(event_type: str, tenant: str) -> dict[str, dict[str, str]]:
    """SNS MessageAttributes of an event: its type (subscription filters) and its tenant (webhook fan-out)."""
    return {"type": {"DataType": "String", "StringValue": event_type},
            TENANT_ATTRIBUTE: {"DataType": "String", "StringValue": tenant}}


def tenant_of_message(attributes: Mapping[str, Any] | None) -> str | None:
    """The tenant an SQS record (raw SNS delivery) is for, from its message attributes as Lambda hands them
    ({"tenant": {"stringValue": ..., "dataType": "String"}}); None when absent or not a tenant id."""
    value = ((attributes or {}).get(TENANT_ATTRIBUTE) or {}).get("stringValue")
    return value if isinstance(value, str) and TENANT.match(value) else None
