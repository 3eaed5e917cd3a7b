"""The local server's API Gateway part, read from template.yaml: routes, throttle, CORS, the proxy event."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from brandkit_local.twin import sam_template
from brandkit_local.twin.server import GatewaySettings, TokenBucket, api_routes

ROOT = Path(__file__).parents[2]
TEMPLATE = sam_template.load_template(ROOT / "template.yaml")


def test_routes_are_the_api_functions_events():
    routes = {(r.method, r.resource) for r in api_routes(TEMPLATE)}
    assert ("POST", "/brands") in routes and ("GET", "/brands/{id}") in routes
    events = TEMPLATE["Resources"]["ApiFunction"]["Properties"]["Events"].values()
    assert len(routes) == sum(1 for e in events if e["Type"] == "Api")


def test_path_parameters_match_one_segment_only():
    by_resource = {r.resource: r for r in api_routes(TEMPLATE)}
    get_brand = by_resource["/brands/{id}"]
    assert get_brand.pattern.match("/brands/bk-123").group("id") == "bk-123"
    assert get_brand.pattern.match("/brands/a/b") is None
    assert by_resource["/brands"].pattern.match("/brands/") is None


def test_gateway_settings_come_from_the_template_defaults():
    refs = sam_template.parameter_defaults(TEMPLATE)
    settings = GatewaySettings.from_template(TEMPLATE, refs)
    assert settings.rate == float(TEMPLATE["Parameters"]["ApiRateLimit"]["Default"])
    assert settings.burst == int(TEMPLATE["Parameters"]["ApiBurstLimit"]["Default"])
    assert settings.cors["access-control-allow-origin"] == TEMPLATE["Parameters"]["CorsAllowOrigin"]["Default"]
    assert "Idempotency-Key" in settings.cors["access-control-allow-headers"]


def test_token_bucket_allows_a_burst_then_the_rate():
    bucket = TokenBucket(rate=50, burst=5)
    assert [bucket.allow("k") for _ in range(6)] == [True] * 5 + [False]
    assert bucket.allow("other"), "each API key has its own bucket"
    time.sleep(0.05)  # 50/s refills about 2 tokens
    assert bucket.allow("k")


@pytest.fixture(scope="module")
def server():
    from brandkit_local.twin.cloud import LocalCloud
    from brandkit_local.twin.server import LocalServer

    with LocalCloud() as cloud:
        srv = LocalServer(cloud, port=0, api_key="s3cret", web_dir=ROOT / "web")
        yield srv
        srv.httpd.server_close()


def test_proxy_event_has_api_gateways_shape(server):
    route, params = server.match("GET", "/brands/bk-1")
    event = server.proxy_event(route, params, "GET", "/brands/bk-1", "limit=5&x=1&x=2",
                               [("Accept", "application/json"), ("X-Api-Key", "s3cret")], b"", "key-id", "127.0.0.1")
    assert event["resource"] == "/brands/{id}" and event["pathParameters"] == {"id": "bk-1"}
    assert event["queryStringParameters"] == {"limit": "5", "x": "2"}
    assert event["multiValueQueryStringParameters"]["x"] == ["1", "2"]
    assert event["requestContext"]["identity"]["apiKeyId"] == "key-id" and event["body"] is None
    binary = server.proxy_event(route, params, "POST", "/brands", "", [], b"\xff\xfe", "k", "127.0.0.1")
    assert binary["isBase64Encoded"] is True


def test_api_key_is_checked_when_configured(server):
    assert server.api_key_id({"x-api-key": "s3cret"}).startswith("local-")
    assert server.api_key_id({"x-api-key": "wrong"}) is None
    assert server.api_key_id({}) is None


def test_invoke_runs_the_real_api_handler(server):
    route, params = server.match("GET", "/brands/no-such-job")
    event = server.proxy_event(route, params, "GET", "/brands/no-such-job", "", [], b"", "k", "127.0.0.1")
    event["requestContext"]["authorizer"] = server.authorize(event)[1]  # development mode's tenant
    status, headers, body = server.invoke(event)
    assert status == 404 and "no-such-job" in json.loads(body)["message"]
