"""The Lambda authorizer and brandkit.auth over a moto DynamoDB tokens table: a known token is allowed with its
tenant as the context; unknown, revoked, missing and malformed ones are refused the way API Gateway answers 401;
no token ever reaches a log line."""

from __future__ import annotations

import copy
import json
import logging
import os
import time
from pathlib import Path
from unittest import mock

import boto3
import pytest
from moto import mock_aws

from brandkit import auth
from brandkit.tenants import TenantRefused
from brandkit_local import checkout
from brandkit_local.twin.lambdas import LambdaContext

ROOT = Path(__file__).parents[2]
TABLE = "brandkit-tokens"
METHOD_ARN = "arn:aws:execute-api:us-east-1:123456789012:abc123defg/v1/GET/brands"


@pytest.fixture()
def table(fresh_clients):
    env = {"AWS_DEFAULT_REGION": "us-east-1", "TOKENS_TABLE": TABLE, "POWERTOOLS_TRACE_DISABLED": "true"}
    with mock.patch.dict(os.environ, env), mock_aws():
        boto3.client("dynamodb").create_table(
            TableName=TABLE, BillingMode="PAY_PER_REQUEST",
            AttributeDefinitions=[{"AttributeName": auth.HASH_KEY, "AttributeType": "S"}],
            KeySchema=[{"AttributeName": auth.HASH_KEY, "KeyType": "HASH"}])
        yield boto3.resource("dynamodb").Table(TABLE)


@pytest.fixture()
def authorizer(table):
    return checkout.handler("authorizer").lambda_handler


def _event(authorization: str | None, header: str = "Authorization") -> dict:
    event = copy.deepcopy(json.loads((ROOT / "events" / "authorizer.json").read_text(encoding="utf-8")))
    event["headers"].pop("Authorization")
    event["multiValueHeaders"].pop("Authorization")
    if authorization is not None:
        event["headers"][header] = authorization
        event["multiValueHeaders"][header] = [authorization]
    return event


def _context() -> LambdaContext:
    return LambdaContext(function_name="authorizer", memory_limit_in_mb=256, aws_request_id="req-1",
                         invoked_function_arn="arn:aws:lambda:us-east-1:123456789012:function:authorizer",
                         deadline=time.monotonic() + 10)


def test_a_known_token_is_allowed_on_every_method_of_the_stage_with_its_tenant(table, authorizer):
    token, token_id = auth.mint(table, "acme")
    answer = authorizer(_event(f"Bearer {token}"), _context())
    assert answer["context"] == {"tenant": "acme"}
    assert answer["principalId"] == f"acme/{token_id}"
    (statement,) = answer["policyDocument"]["Statement"]
    assert statement["Effect"] == "Allow" and statement["Action"] == "execute-api:Invoke"
    # cached per token for the template's TTL, so it must allow the token's next method too
    assert statement["Resource"] == ["arn:aws:execute-api:us-east-1:123456789012:abc123defg/v1/*/*"]
    # header names are case-insensitive on the wire
    assert authorizer(_event(f"bearer {token}", header="authorization"), _context())["context"] == {"tenant": "acme"}


def test_each_token_yields_its_own_tenant(table, authorizer):
    first, _ = auth.mint(table, "acme")
    second, _ = auth.mint(table, "globex")
    assert authorizer(_event(f"Bearer {second}"), _context())["context"]["tenant"] == "globex"
    assert authorizer(_event(f"Bearer {first}"), _context())["context"]["tenant"] == "acme"


@pytest.mark.parametrize("authorization", [
    None,  # no header
    "",
    "Bearer",
    "Basic dXNlcjpwYXNzd29yZA==",
    "Bearer bk_not-a-token-anybody-minted-0123456789",
    "Bearer short",
    "Bearer " + "a" * 600,
    "Bearer two words-here-and-more-than-16",
])
def test_missing_unknown_and_malformed_tokens_are_unauthorized(table, authorizer, authorization):
    auth.mint(table, "acme")
    with pytest.raises(Exception) as refused:  # noqa: PT011 - API Gateway matches this exact message
        authorizer(_event(authorization), _context())
    assert str(refused.value) == "Unauthorized"


def test_a_revoked_token_is_unauthorized_and_others_of_its_tenant_still_work(table, authorizer):
    revoked, _ = auth.mint(table, "acme")
    kept, _ = auth.mint(table, "acme")
    assert auth.revoke(table, token=revoked) == "acme"
    with pytest.raises(Exception, match="^Unauthorized$"):
        authorizer(_event(f"Bearer {revoked}"), _context())
    assert authorizer(_event(f"Bearer {kept}"), _context())["context"] == {"tenant": "acme"}


def test_revoking_by_hash_and_an_unknown_token(table):
    token, _ = auth.mint(table, "acme")
    assert auth.revoke(table, hashed=auth.token_hash(token)) == "acme"
    assert table.get_item(Key={auth.HASH_KEY: auth.token_hash(token)})["Item"]["disabled"] is True
    with pytest.raises(KeyError, match="no token"):
        auth.revoke(table, token="bk_never-minted")


def test_the_table_keeps_only_the_hash(table):
    token, token_id = auth.mint(table, "acme")
    (item,) = table.scan()["Items"]
    assert token not in json.dumps(item, default=str)
    assert item[auth.HASH_KEY] == auth.token_hash(token) and item[auth.HASH_KEY].startswith(token_id)
    assert item["tenant"] == "acme" and int(item["created_at"]) <= time.time()
    assert token.startswith(auth.TOKEN_PREFIX) and len(token) > 40


def test_a_malformed_tenant_is_refused_when_minting_and_when_stored(table, authorizer):
    with pytest.raises(TenantRefused):
        auth.mint(table, "Acme Corp")
    token = "bk_hand-written-row-with-a-bad-tenant"
    table.put_item(Item={auth.HASH_KEY: auth.token_hash(token), "tenant": "../other", "created_at": 0})
    with pytest.raises(TenantRefused):
        auth.caller_of(f"Bearer {token}", table)


def test_the_token_is_never_logged(table, authorizer, capsys, caplog):
    caplog.set_level(logging.DEBUG)
    token, token_id = auth.mint(table, "acme")
    authorizer(_event(f"Bearer {token}"), _context())
    auth.revoke(table, token=token)
    with pytest.raises(Exception, match="^Unauthorized$"):
        authorizer(_event(f"Bearer {token}"), _context())
    with pytest.raises(Exception, match="^Unauthorized$"):
        authorizer(_event("Bearer bk_unknown-token-value-0123456789"), _context())
    records = [" ".join(f"{k}={v}" for k, v in vars(r).items()) for r in caplog.records]
    text = "\n".join(records) + capsys.readouterr().out
    mine = [r for r in caplog.records if r.getMessage() in ("allowed", "refused")]
    assert [r.getMessage() for r in mine] == ["allowed", "refused", "refused"]
    assert getattr(mine[1], "reason", "") == f"revoked token {token_id}"  # it logs the token by its id
    assert token not in text and "bk_unknown-token-value" not in text
