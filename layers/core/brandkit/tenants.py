"""Tenants: who a request, a job, an upload or a webhook belongs to, and where a tenant's objects live.

A tenant id comes from the API Gateway authorizer's context (brandkit.api.tenant), from the prefix of an S3
brief upload (briefs/<tenant>/...), or is DEFAULT_TENANT (the CLI, development mode of `brandkit serve`, and
briefs dropped straight into briefs/). It is never read from a body or a header the client sets.

Every object of a tenant lives under tenants/<tenant>/ (kits/<job>/, uploads/<upload>); no other module
builds that prefix.
"""

from __future__ import annotations

import re

# Lower-case letters, digits and inner '-', 1-32 characters: safe in S3 keys, DynamoDB keys and logs.
TENANT = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,30}[a-z0-9])?$")
TENANT_RULE = "lower-case letters, digits and inner '-', 1-32 characters"
DEFAULT_TENANT = "default"
ROOT = "tenants"


class TenantRefused(ValueError):
    """A tenant id that does not match TENANT."""


def checked(tenant: str) -> str:
    if not isinstance(tenant, str) or not TENANT.match(tenant):
        raise TenantRefused(f"tenant {str(tenant)[:40]!r}: {TENANT_RULE}")
    return tenant


def tenant_root(tenant: str) -> str:
    """The key prefix of everything the tenant owns: "tenants/<tenant>"."""
    return f"{ROOT}/{checked(tenant)}"


def tenant_of_key(key: str) -> str | None:
    """The tenant whose prefix holds this key, or None for a key outside every tenant's prefix."""
    parts = key.split("/", 2)
    if len(parts) == 3 and parts[0] == ROOT and TENANT.match(parts[1]):
        return parts[1]
    return None
