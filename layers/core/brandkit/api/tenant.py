"""The tenant of an API request: what the authorizer put in requestContext.authorizer, nothing the client sent.

On AWS the Lambda authorizer (functions/authorizer) answers every request before the API function runs and
returns {"tenant": ...} as its context; the local server's stand-in runs the same authorizer. A request that
reaches a route without a tenant means the API is deployed without its authorizer: refused with 401, never
served as some default tenant.
"""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools.event_handler.exceptions import UnauthorizedError

from brandkit.tenants import TENANT


def request_tenant(event: Any) -> str:
    authorizer = (event.get("requestContext") or {}).get("authorizer") or {}
    tenant = authorizer.get("tenant") if isinstance(authorizer, dict) else None
    if not isinstance(tenant, str) or not TENANT.match(tenant):
        raise UnauthorizedError("no tenant in the request's authorizer context")
    return tenant
