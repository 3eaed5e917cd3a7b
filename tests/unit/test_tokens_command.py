"""`brandkit tokens create/revoke` against a moto DynamoDB tokens table: the token is printed once and stored only
as its hash; revoking it makes the authorizer's lookup refuse it; bad input exits 2 with a message."""

from __future__ import annotations

import os
from unittest import mock

import boto3
import pytest
from moto import mock_aws

from brandkit import auth
from brandkit_local.cli import main

TABLE = "brandkit-TokensTable"


@pytest.fixture()
def table(fresh_clients):
    with mock.patch.dict(os.environ, {"AWS_DEFAULT_REGION": "us-east-1"}), mock_aws():
        boto3.client("dynamodb").create_table(
            TableName=TABLE, BillingMode="PAY_PER_REQUEST",
            AttributeDefinitions=[{"AttributeName": auth.HASH_KEY, "AttributeType": "S"}],
            KeySchema=[{"AttributeName": auth.HASH_KEY, "KeyType": "HASH"}])
        yield boto3.resource("dynamodb").Table(TABLE)


def test_create_prints_the_token_once_and_revoke_disables_it(table, capsys):
    assert main(["tokens", "create", "--tenant", "acme", "--table", TABLE]) == 0
    out, err = capsys.readouterr()
    token = out.strip()
    assert token.startswith(auth.TOKEN_PREFIX) and token not in err and auth.token_hash(token) in err
    assert auth.caller_of(f"Bearer {token}", table).tenant == "acme"
    assert main(["tokens", "revoke", "--table", TABLE, "--hash", auth.token_hash(token)]) == 0
    assert "acme" in capsys.readouterr().err
    with pytest.raises(auth.TokenRefused, match="revoked"):
        auth.caller_of(f"Bearer {token}", table)


def test_revoke_by_the_token_itself(table, capsys):
    main(["tokens", "create", "--tenant", "globex", "--table", TABLE])
    token = capsys.readouterr().out.strip()
    assert main(["tokens", "revoke", "--table", TABLE, "--token", token]) == 0
    with pytest.raises(auth.TokenRefused):
        auth.caller_of(f"Bearer {token}", table)


@pytest.mark.parametrize(("argv", "code", "message"), [
    (["create", "--tenant", "Not A Tenant", "--table", TABLE], 2, "--tenant: tenant 'Not A Tenant'"),
    (["revoke", "--table", TABLE, "--token", "bk_never-minted-000000"], 2, "no token"),
    (["create", "--tenant", "acme", "--table", "no-such-table"], 1, "table no-such-table"),
])
def test_bad_input_is_a_message_not_a_traceback(table, capsys, argv, code, message):
    assert main(["tokens", *argv]) == code
    out, err = capsys.readouterr()
    assert message in err and not out and "Traceback" not in err
