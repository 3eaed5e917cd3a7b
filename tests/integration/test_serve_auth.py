"""`brandkit serve` beyond development mode: with --tenant every request passes the real Lambda authorizer, and
with a key or tenants the development allowances for webhook receivers are gone."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.integration.serve_fixture import serve

ACME, GLOBEX = "acme-token-0123456789abcdef", "globex-token-0123456789abcdef"
# Loopback in every spelling, and plain http: development mode admits them, a shared server must not.
LOCAL_RECEIVERS = ["http://127.0.0.1:9/h", "https://localhost/h", "https://[::1]/h", "https://[::ffff:127.0.0.1]/h"]


@pytest.fixture(scope="module")
def tenants():
    with serve("--tenant", f"acme={ACME}", "--tenant", f"globex={GLOBEX}", "--no-execute") as served:
        yield served


def _bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_without_a_token_or_with_a_wrong_one_every_route_is_401(tenants):
    for method, path in [("GET", "/brands"), ("POST", "/brands"), ("GET", "/brands/bk-1"), ("GET", "/webhooks"),
                         ("DELETE", "/webhooks/wh_1")]:
        for headers in ({}, _bearer("not-a-token-of-anybody-123"), {"Authorization": ACME}):
            status, got, body = tenants.request(method, path, headers=headers)
            assert (status, body) == (401, {"message": "Unauthorized"}), (method, path, headers)
            assert got["www-authenticate"] == "Bearer"


def test_each_tenants_token_reaches_the_api(tenants):
    for token in (ACME, GLOBEX):
        status, _, listing = tenants.request("GET", "/brands", headers=_bearer(token))
        assert status == 200 and "jobs" in listing
        assert tenants.request("GET", "/brands/bk-does-not-exist", headers=_bearer(token))[0] == 404
    # the CORS preflight needs no token (browsers send none)
    assert tenants.request("OPTIONS", "/brands", headers={"Origin": "http://example.test"})[0] == 204


def _refused_receivers(served, headers: dict[str, str]) -> list[tuple[str, int]]:
    answers = [(url, served.request("POST", "/webhooks", {"url": url}, headers=headers)) for url in LOCAL_RECEIVERS]
    for url, (status, _, body) in answers:
        assert status != 201, f"{url} was registered"
        assert status == 422 and body, (url, status, body)
    return [(url, status) for url, (status, _, _) in answers]


def test_with_tenants_loopback_and_plain_http_receivers_are_refused(tenants):
    assert len(_refused_receivers(tenants, _bearer(ACME))) == len(LOCAL_RECEIVERS)


def test_with_an_api_key_loopback_and_plain_http_receivers_are_refused():
    with serve("--api-key", "k-123", "--no-execute") as keyed:
        assert len(_refused_receivers(keyed, {"X-Api-Key": "k-123"})) == len(LOCAL_RECEIVERS)


def test_with_tenants_the_server_may_listen_beyond_loopback():
    with serve("--host", "0.0.0.0", "--tenant", f"acme={ACME}", "--no-execute") as shared:  # noqa: S104 - the point
        assert shared.url.startswith("http://0.0.0.0:")
        assert shared.request("GET", "/brands")[0] == 401
        assert shared.request("GET", "/brands", headers=_bearer(ACME))[0] == 200


@pytest.mark.parametrize(("tenant", "message"), [
    ("acme", "is not NAME=TOKEN"),
    ("Acme=tok-0123456789abcdef", "is not a tenant id"),
    ("../x=tok-0123456789abcdef", "is not a tenant id"),
    ("acme=", "is empty"),
    ("acme=short", "is not 16-512"),
    ("acme=has space 0123456789abc", "is not 16-512"),
])
def test_a_malformed_tenant_is_refused_with_exit_2(tenant, message):
    result = subprocess.run([sys.executable, "-m", "brandkit_local.cli", "serve", "--tenant", tenant],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 2 and message in result.stderr and "--tenant #1" in result.stderr
    assert "Traceback" not in result.stderr
