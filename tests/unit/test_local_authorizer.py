"""The local server's authorizer step: the real functions/authorizer runs through the twin, and what it allows
reaches the API function as requestContext.authorizer, exactly as API Gateway passes it."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import pytest

from brandkit_local.twin import sam_template
from brandkit_local.twin.authorizer import AuthorizerSettings, _allows

ROOT = Path(__file__).parents[2]
TOKENS = {"acme": "acme-token-0123456789abcdef", "globex": "globex-token-0123456789abcdef"}


def test_settings_are_the_templates_default_authorizer():
    settings = AuthorizerSettings.from_template(sam_template.load_template(ROOT / "template.yaml"))
    assert settings == AuthorizerSettings(function="AuthorizerFunction", header="Authorization", ttl_s=300)


def test_policy_evaluation_follows_iam():
    arn = "arn:aws:execute-api:us-east-1:123456789012:local/v1/GET/brands/bk-1"
    stage = "arn:aws:execute-api:us-east-1:123456789012:local/v1"
    allow_all = {"Statement": [{"Effect": "Allow", "Resource": [f"{stage}/*/*"]}]}
    assert _allows(allow_all, arn)
    deny_get = {"Effect": "Deny", "Resource": f"{stage}/GET/*"}
    assert not _allows({"Statement": [*allow_all["Statement"], deny_get]}, arn)
    assert not _allows({"Statement": []}, arn)
    assert not _allows({"Statement": [{"Effect": "Allow", "Resource": "arn:aws:execute-api:*:*:other/v1/*"}]}, arn)


@pytest.fixture(scope="module")
def served():
    from brandkit_local.twin.cloud import LocalCloud
    from brandkit_local.twin.server import LocalServer

    with LocalCloud(execute=False) as cloud:
        seen: list[dict[str, Any]] = []
        api = cloud.function_name("ApiFunction")
        dispatch = cloud.lambdas.dispatch

        def recording(name: str, payload: bytes) -> tuple[bytes, str | None]:
            seen.append({"function": name, "event": json.loads(payload)})
            return dispatch(name, payload)

        cloud.lambdas.dispatch = recording  # type: ignore[method-assign] - a spy: every call still runs for real
        server = LocalServer(cloud, port=0, web_dir=ROOT / "web", tenants=TOKENS).start()
        try:
            yield server, seen, api
        finally:
            server.stop()


def _get(server, path: str, token: str | None = None) -> tuple[int, dict[str, str], Any]:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    request = urllib.request.Request(server.url + path, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, dict(response.headers), json.loads(response.read())
    except urllib.error.HTTPError as exc:
        return exc.code, dict(exc.headers), json.loads(exc.read())


def test_a_tenants_token_reaches_the_api_function_with_its_tenant(served):
    server, seen, api = served
    seen.clear()
    status, _, _ = _get(server, "/brands/bk-none", TOKENS["globex"])
    assert status == 404  # the API function answered
    (authorizer_call, api_call) = seen
    assert authorizer_call["event"]["type"] == "REQUEST"
    assert authorizer_call["event"]["methodArn"].endswith(":local/v1/GET/brands/bk-none")
    assert authorizer_call["event"]["headers"]["Authorization"] == f"Bearer {TOKENS['globex']}"
    assert api_call["function"] == api
    context = api_call["event"]["requestContext"]["authorizer"]
    assert context["tenant"] == "globex" and context["principalId"].startswith("globex/")


def test_the_answer_is_cached_per_token(served):
    server, seen, _ = served
    _get(server, "/brands", TOKENS["acme"])
    seen.clear()
    assert _get(server, "/brands", TOKENS["acme"])[0] == 200
    assert [call["event"]["requestContext"]["authorizer"]["tenant"] for call in seen] == ["acme"]  # API only


@pytest.mark.parametrize("token", [None, "unknown-token-0123456789", "short"])
def test_no_token_or_a_wrong_one_is_401_before_the_api_function(served, token):
    server, seen, api = served
    seen.clear()
    status, headers, body = _get(server, "/brands", token)
    assert (status, body) == (401, {"message": "Unauthorized"})
    assert {k.lower(): v for k, v in headers.items()}["www-authenticate"] == "Bearer"
    assert all(call["function"] != api for call in seen)


def test_development_mode_is_the_default_tenant():
    from brandkit.tenants import DEFAULT_TENANT
    from brandkit_local.twin.authorizer import DEVELOPMENT_CONTEXT

    assert DEVELOPMENT_CONTEXT["tenant"] == DEFAULT_TENANT == "default"


def test_tenant_arguments_are_checked_one_by_one(capsys):
    from brandkit_local.twin.serve_command import _tenants

    assert _tenants([f"{name}={token}" for name, token in TOKENS.items()]) == TOKENS
    assert _tenants([]) == {}
    assert _tenants([f"acme={TOKENS['acme']}", f"acme={TOKENS['globex']}"]) is None
    assert "--tenant #2: NAME acme is given twice" in capsys.readouterr().err
    assert _tenants([f"acme={TOKENS['acme']}", f"globex={TOKENS['acme']}"]) is None
    assert "--tenant #2: TOKEN is already another tenant's" in capsys.readouterr().err
