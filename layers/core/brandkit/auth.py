"""API tokens: who is calling, as a tenant. The Lambda authorizer (functions/authorizer) and `brandkit tokens` use it.

A token is a random string shown once when it is minted; the tokens table keeps only its SHA-256 (the partition
key `token_hash`) with the tenant, the creation time and, once revoked, `disabled`. A leaked table therefore
yields no usable token, and one token is revoked without touching the others. docs/AUTH.md says why this and
not Cognito.

Nothing here logs or returns a token: log lines and error messages carry at most the token id (the first
TOKEN_ID_CHARS hex digits of its hash), which names a token without revealing it.
"""

from __future__ import annotations

import hashlib
import re
import secrets
import time
from dataclasses import dataclass
from typing import Any

from brandkit.tenants import checked

TOKEN_PREFIX = "bk_"  # lets secret scanners recognise a leaked token
TOKEN_ID_CHARS = 12
HASH_KEY = "token_hash"
# What a client may send: "Bearer <token>", the token in RFC 6750's b64token characters, bounded in length.
_BEARER = re.compile(r"^Bearer +([A-Za-z0-9\-._~+/]{16,512}=*) *$", re.IGNORECASE)
TOKEN_RULE = "16-512 letters, digits and -._~+/ (RFC 6750's b64token)"


class TokenRefused(Exception):
    """A request's token does not authenticate it; `reason` is safe to log (never the token)."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Caller:
    tenant: str
    token_id: str


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def token_id(hashed: str) -> str:
    return hashed[:TOKEN_ID_CHARS]


def bearer_token(authorization: str | None) -> str:
    """The token of an `Authorization: Bearer <token>` header value."""
    if not authorization:
        raise TokenRefused("no Authorization header")
    found = _BEARER.match(authorization)
    if not found:
        raise TokenRefused("the Authorization header is not 'Bearer <token>'")
    return found.group(1)


def caller_of(authorization: str | None, table: Any) -> Caller:
    """The tenant a request's Authorization header authenticates, looked up by hash in the tokens table
    (a boto3 DynamoDB Table resource); TokenRefused when it does not."""
    hashed = token_hash(bearer_token(authorization))
    item = table.get_item(Key={HASH_KEY: hashed}, ConsistentRead=True).get("Item")
    if item is None:
        raise TokenRefused(f"unknown token {token_id(hashed)}")
    if item.get("disabled"):
        raise TokenRefused(f"revoked token {token_id(hashed)}")
    tenant = item.get("tenant")
    if not isinstance(tenant, str):
        raise TokenRefused(f"token {token_id(hashed)} has no tenant")
    return Caller(tenant=checked(tenant), token_id=token_id(hashed))


def mint(table: Any, tenant: str) -> tuple[str, str]:
    """A new token for the tenant, stored by hash: (token, token id). The token exists nowhere else."""
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    return token, store(table, token, tenant)


def store(table: Any, token: str, tenant: str) -> str:
    """Keep a token's hash for the tenant (a token chosen elsewhere: the local server's --tenant NAME=TOKEN);
    returns the token id. A token already stored is refused (ConditionalCheckFailedException)."""
    hashed = token_hash(token)
    table.put_item(Item={HASH_KEY: hashed, "tenant": checked(tenant), "created_at": int(time.time())},
                   ConditionExpression="attribute_not_exists(token_hash)")
    return token_id(hashed)


def revoke(table: Any, *, token: str | None = None, hashed: str | None = None) -> str:
    """Disable a token, named by its value or its full hash; returns its tenant. KeyError when unknown."""
    key = token_hash(token) if token is not None else (hashed or "").lower()
    item = table.get_item(Key={HASH_KEY: key}).get("Item")
    if item is None:
        raise KeyError(f"no token {token_id(key) or '(empty)'} in the table")
    table.update_item(Key={HASH_KEY: key}, UpdateExpression="SET disabled = :yes, revoked_at = :now",
                      ExpressionAttributeValues={":yes": True, ":now": int(time.time())})
    return str(item["tenant"])
