"""Webhook endpoints registered with this deployment, kept in DynamoDB (table WEBHOOKS_TABLE).

One table, partition key `id`, shared with the deliveries by a key prefix: endpoints are
`endpoint#wh_<hex>`, deliveries `delivery#<msg_id>#<endpoint_id>` (brandkit.webhooks.aws_store).
Every endpoint belongs to one tenant: the API lists and deletes only the caller's (another tenant's
id is unknown), and an event goes to the endpoints of its tenant that are not disabled. The secret is
stored for signing and shown once, at registration.
"""

from __future__ import annotations

import os
import re
import secrets
import socket
from datetime import UTC, datetime
from typing import Any, Literal

from boto3.dynamodb.conditions import Attr
from botocore.exceptions import ClientError

from brandkit import clients
from brandkit.tenants import checked
from brandkit.webhooks.endpoint import Endpoint
from brandkit.webhooks.signing import generate_secret
from brandkit.webhooks.ssrf import Resolver, resolve_target

ENDPOINT_PREFIX = "endpoint#"
WEBHOOK_ID = re.compile(r"^wh_[0-9a-f]{32}$")
STATUSES = ("active", "failing", "disabled")


class RegisteredEndpoint(Endpoint):
    """An endpoint with what its owner gave and when; `public()` is everything but the secret."""

    description: str | None = None
    created_at: str

    def public(self) -> dict[str, Any]:
        return self.model_dump(exclude={"secret"})


def insecure_local_allowed() -> bool:
    """Plain http and loopback receivers: only the local server sets WEBHOOKS_ALLOW_INSECURE_LOCAL=true."""
    return os.environ.get("WEBHOOKS_ALLOW_INSECURE_LOCAL", "false").strip().lower() == "true"


def endpoint_key(webhook_id: str) -> str:
    return ENDPOINT_PREFIX + webhook_id


class EndpointRegistry:
    def __init__(self, table_name: str, *, allow_insecure_local: bool = False,
                 resolver: Resolver = socket.getaddrinfo, table: Any = None) -> None:
        self.table = table if table is not None else clients.dynamodb().Table(table_name)
        self.allow_insecure_local = allow_insecure_local
        self.resolver = resolver

    def register(self, url: str, description: str | None = None, *, tenant: str) -> RegisteredEndpoint:
        """Check the URL with the SSRF guard (TargetRefused says why not), then store it with a new secret."""
        resolve_target(url, self.allow_insecure_local, resolver=self.resolver)
        endpoint = RegisteredEndpoint(id=f"wh_{secrets.token_hex(16)}", url=url, secret=generate_secret(),
                                      description=description,
                                      created_at=datetime.now(UTC).isoformat(timespec="milliseconds"))
        self.table.put_item(Item={**_item(endpoint), "tenant": checked(tenant)},
                            ConditionExpression="attribute_not_exists(id)")
        return endpoint

    def list(self, tenant: str) -> list[RegisteredEndpoint]:
        """The tenant's endpoints, oldest first (a consistent scan: one just registered is listed)."""
        found, kwargs = [], {"FilterExpression": Attr("kind").eq("endpoint") & Attr("tenant").eq(checked(tenant)),
                             "ConsistentRead": True}
        while True:
            page = self.table.scan(**kwargs)
            found += [_endpoint(item) for item in page.get("Items", [])]
            if "LastEvaluatedKey" not in page:
                return sorted(found, key=lambda e: (e.created_at, e.id))
            kwargs["ExclusiveStartKey"] = page["LastEvaluatedKey"]

    def get(self, webhook_id: str) -> RegisteredEndpoint | None:
        """Any tenant's endpoint: for the dispatcher, acting on deliveries it fanned out to that tenant."""
        if not WEBHOOK_ID.match(webhook_id):
            return None
        item = self.table.get_item(Key={"id": endpoint_key(webhook_id)}, ConsistentRead=True).get("Item")
        return _endpoint(item) if item else None

    def delete(self, webhook_id: str, *, tenant: str) -> bool:
        """False when the tenant has no such endpoint (another tenant's is left alone, and answered the same)."""
        if not WEBHOOK_ID.match(webhook_id):
            return False
        try:
            self.table.delete_item(Key={"id": endpoint_key(webhook_id)}, ConditionExpression="tenant = :t",
                                   ExpressionAttributeValues={":t": checked(tenant)})
        except ClientError as exc:
            if exc.response.get("Error", {}).get("Code") == "ConditionalCheckFailedException":
                return False
            raise
        return True

    def set_status(self, webhook_id: str, status: Literal["active", "failing", "disabled"]) -> bool:
        """False when the endpoint is gone (a delivery can outlive it; it is never brought back)."""
        if status not in STATUSES:
            raise ValueError(f"status must be one of {', '.join(STATUSES)}, not {status!r}")
        if not WEBHOOK_ID.match(webhook_id):
            return False
        try:
            self.table.update_item(Key={"id": endpoint_key(webhook_id)}, UpdateExpression="SET #s = :s",
                                   ConditionExpression="attribute_exists(id)",
                                   ExpressionAttributeNames={"#s": "status"}, ExpressionAttributeValues={":s": status})
        except ClientError as exc:
            if exc.response.get("Error", {}).get("Code") == "ConditionalCheckFailedException":
                return False
            raise
        return True


@clients.per_process
def registry_from_env() -> EndpointRegistry:
    """The process's registry on WEBHOOKS_TABLE (built once per Lambda container)."""
    return EndpointRegistry(os.environ["WEBHOOKS_TABLE"], allow_insecure_local=insecure_local_allowed())


def _item(endpoint: RegisteredEndpoint) -> dict[str, Any]:
    return {"id": endpoint_key(endpoint.id), "kind": "endpoint", "endpoint_id": endpoint.id, "url": endpoint.url,
            "secret": endpoint.secret, "status": endpoint.status, "description": endpoint.description,
            "created_at": endpoint.created_at}


def _endpoint(item: dict[str, Any]) -> RegisteredEndpoint:
    return RegisteredEndpoint(id=item["endpoint_id"], url=item["url"], secret=item["secret"], status=item["status"],
                              description=item.get("description"), created_at=item["created_at"])
