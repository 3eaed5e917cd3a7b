"""API Gateway's Lambda-authorizer step for the local server: the REAL functions/authorizer, run through the twin.

As API Gateway does for the template's REQUEST authorizer: a request without the identity source (the
Authorization header) is answered 401 without calling the function; otherwise the function gets the REQUEST
event, and its policy is cached per Authorization value for ReauthorizeEvery seconds. "Unauthorized" (or any
failure) answers 401, a policy that does not allow the method 403, and an Allow puts principalId plus the
policy's context into the proxy event's requestContext.authorizer, where brandkit.api.tenant reads the tenant.

Without tenants (development mode, and --api-key alone) there is no authorizer and every request belongs to
DEFAULT_TENANT, which is what DEVELOPMENT_CONTEXT says.
"""

from __future__ import annotations

import fnmatch
import json
import logging
import threading
import time
from dataclasses import dataclass
from typing import Any

import boto3

from brandkit import auth
from brandkit.tenants import DEFAULT_TENANT
from brandkit_local.twin.cloud import ACCOUNT, REGION, LocalCloud

log = logging.getLogger(__name__)

DEVELOPMENT_CONTEXT = {"principalId": "local-dev", "tenant": DEFAULT_TENANT}
UNAUTHORIZED = (401, {"message": "Unauthorized"})
DENIED = (403, {"message": "User is not authorized to access this resource with an explicit deny"})


@dataclass(frozen=True)
class AuthorizerSettings:
    """The API's default authorizer, as the template declares it."""

    function: str  # logical id
    header: str  # the identity source
    ttl_s: int

    @classmethod
    def from_template(cls, template: dict[str, Any]) -> AuthorizerSettings:
        api_auth = next(res["Properties"] for res in template["Resources"].values()
                        if res["Type"] == "AWS::Serverless::Api")["Auth"]
        spec = api_auth["Authorizers"][api_auth["DefaultAuthorizer"]]
        if spec.get("FunctionPayloadType") != "REQUEST":
            raise ValueError("the local server stands in for a REQUEST authorizer only")
        function = spec["FunctionArn"]["Fn::GetAtt"][0]
        (header,) = spec["Identity"]["Headers"]
        return cls(function=function, header=header, ttl_s=int(spec["Identity"].get("ReauthorizeEvery", 300)))


def seed_tokens(cloud: LocalCloud, tenants: dict[str, str]) -> None:
    """Store each tenant's token, by hash, in the twin's tokens table (what `brandkit tokens create` does on AWS)."""
    table = boto3.resource("dynamodb").Table(cloud.refs["TokensTable"])
    for tenant, token in tenants.items():
        auth.store(table, token, tenant)


class LocalAuthorizer:
    def __init__(self, cloud: LocalCloud):
        self.cloud = cloud
        self.settings = AuthorizerSettings.from_template(cloud.template)
        self.function = cloud.function_name(self.settings.function)
        self._cache: dict[str, tuple[float, dict[str, Any]]] = {}
        self._lock = threading.Lock()

    def method_arn(self, stage: str, method: str, path: str) -> str:
        return f"arn:aws:execute-api:{REGION}:{ACCOUNT}:local/{stage}/{method}{path}"

    def authorize(self, proxy_event: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        """(200, requestContext.authorizer) for an allowed request, else the status and body API Gateway answers."""
        headers = {k.lower(): v for k, v in (proxy_event.get("headers") or {}).items()}
        identity = headers.get(self.settings.header.lower())
        if not identity:
            return UNAUTHORIZED
        context = proxy_event["requestContext"]
        method_arn = self.method_arn(context["stage"], proxy_event["httpMethod"], proxy_event["path"])
        answer = self._cached(identity) or self._invoke(proxy_event, method_arn, identity)
        if answer is None:
            return UNAUTHORIZED
        if not _allows(answer.get("policyDocument") or {}, method_arn):
            return DENIED
        return 200, {"principalId": answer.get("principalId"), **(answer.get("context") or {})}

    def _cached(self, identity: str) -> dict[str, Any] | None:
        with self._lock:
            found = self._cache.get(identity)
        return found[1] if found and found[0] > time.monotonic() else None

    def _invoke(self, proxy_event: dict[str, Any], method_arn: str, identity: str) -> dict[str, Any] | None:
        event = {key: value for key, value in proxy_event.items() if key not in ("body", "isBase64Encoded")}
        event.update({"type": "REQUEST", "methodArn": method_arn})
        payload, error = self.cloud.lambdas.dispatch(self.function, json.dumps(event).encode("utf-8"))
        if error:  # "Unauthorized" is the 401 answer; anything else API Gateway also answers 401/500 to the client
            message = json.loads(payload).get("errorMessage", "") if payload else ""
            if message != "Unauthorized":
                log.error("authorizer failed: %s", payload[:300])
            return None
        answer: dict[str, Any] = json.loads(payload)
        if self.settings.ttl_s > 0:
            with self._lock:
                self._cache[identity] = (time.monotonic() + self.settings.ttl_s, answer)
        return answer


def _allows(policy: dict[str, Any], method_arn: str) -> bool:
    """IAM's rule for an authorizer policy: an explicit Deny wins, else some Allow must match the method."""
    allowed = False
    for statement in policy.get("Statement", []):
        resources = statement.get("Resource", [])
        for resource in [resources] if isinstance(resources, str) else resources:
            if fnmatch.fnmatchcase(method_arn, resource):
                if statement.get("Effect") == "Deny":
                    return False
                allowed = allowed or statement.get("Effect") == "Allow"
    return allowed
