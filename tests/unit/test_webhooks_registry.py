"""The endpoint registry on a DynamoDB table shaped like the template's, and the /webhooks routes on top of it."""

from __future__ import annotations

import json

import pytest
from aws_lambda_powertools.event_handler import APIGatewayRestResolver
from standardwebhooks.webhooks import Webhook

from brandkit.api.webhooks import router
from brandkit.i18n import translator
from brandkit.webhooks import TargetRefused
from brandkit.webhooks.registry import EndpointRegistry, registry_from_env
from tests.unit.english_left import english_left
from tests.unit.webhooks_aws_fixtures import TABLE, lambda_context, rest_event, webhook_cloud

PUBLIC = "https://93.184.216.34/hooks/brandkit"  # a public address literal: no DNS needed


@pytest.fixture()
def cloud(fresh_clients):
    with webhook_cloud(insecure_local=False) as cloud:
        yield cloud


@pytest.fixture()
def local_cloud(fresh_clients):
    with webhook_cloud(insecure_local=True) as cloud:
        yield cloud


def call(method: str, path: str, body=None, language: str | None = None) -> tuple[int, dict | None, str]:
    app = APIGatewayRestResolver(enable_validation=True)
    app.include_router(router)
    event = rest_event(method, path, body)
    if language:
        event["headers"]["Accept-Language"], event["multiValueHeaders"]["Accept-Language"] = language, [language]
    response = app.resolve(event, lambda_context("api"))
    text = response.get("body") or ""
    return response["statusCode"], json.loads(text) if text else None, text


def items(cloud) -> list[dict]:
    return cloud.ddb.scan(TableName=TABLE)["Items"]


# ---------------------------------------------------------------- registry


def test_register_get_list_delete(cloud):
    reg = registry_from_env()
    first = reg.register(PUBLIC, "orders", tenant="acme")
    second = reg.register("https://[2606:2800:220:1:248:1893:25c8:1946]/h", tenant="acme")
    assert first.id.startswith("wh_") and len(first.id) == 35 and first.id != second.id
    assert first.secret.startswith("whsec_") and first.secret != second.secret
    Webhook(first.secret)  # a secret the standardwebhooks library accepts
    assert reg.get(first.id) == first and reg.get("wh_" + "0" * 32) is None and reg.get("endpoint#x") is None
    assert {e.id for e in reg.list("acme")} == {first.id, second.id}
    stored = {i["id"]["S"] for i in items(cloud)}
    assert stored == {f"endpoint#{first.id}", f"endpoint#{second.id}"}
    assert reg.delete(first.id, tenant="acme") is True and reg.delete(first.id, tenant="acme") is False
    assert [e.id for e in reg.list("acme")] == [second.id]


def test_each_tenant_sees_and_deletes_only_its_own_endpoints(cloud):
    reg = registry_from_env()
    mine, theirs = reg.register(PUBLIC, tenant="acme"), reg.register(PUBLIC, tenant="globex")
    assert [e.id for e in reg.list("acme")] == [mine.id] and [e.id for e in reg.list("globex")] == [theirs.id]
    assert reg.delete(theirs.id, tenant="acme") is False  # as for an id nobody has
    assert reg.get(theirs.id) == theirs  # left alone
    assert reg.delete(theirs.id, tenant="globex") is True and reg.list("globex") == []


def test_list_ignores_delivery_rows_sharing_the_table(cloud):
    reg = registry_from_env()
    kept = reg.register(PUBLIC, tenant="acme")
    cloud.ddb.put_item(TableName=TABLE, Item={"id": {"S": "delivery#msg_1#" + kept.id}, "kind": {"S": "delivery"}})
    assert [e.id for e in reg.list("acme")] == [kept.id]


@pytest.mark.parametrize(("url", "why"), [
    ("http://93.184.216.34/h", "only https"),
    ("https://127.0.0.1/h", "loopback"),
    ("https://10.1.2.3/h", "private"),
    ("https://169.254.169.254/latest/meta-data/", "link-local"),
    ("https://user:pw@93.184.216.34/", "credentials"),
])
def test_the_ssrf_guard_refuses_at_registration(cloud, url, why):
    with pytest.raises(TargetRefused, match=why):
        registry_from_env().register(url, tenant="acme")
    assert items(cloud) == []


def test_status_changes_and_never_resurrects_a_deleted_endpoint(cloud):
    reg = registry_from_env()
    ep = reg.register(PUBLIC, tenant="acme")
    assert reg.set_status(ep.id, "failing") and reg.get(ep.id).status == "failing"
    reg.delete(ep.id, tenant="acme")
    assert reg.set_status(ep.id, "active") is False and items(cloud) == []
    with pytest.raises(ValueError, match="status must be one of"):
        reg.set_status(ep.id, "paused")


def test_names_resolving_to_internal_addresses_are_refused(cloud):
    def resolver(host, port, type=0, **_):
        return [(2, 1, 6, "", ("93.184.216.34", port)), (2, 1, 6, "", ("192.168.0.7", port))]

    reg = EndpointRegistry(TABLE, resolver=resolver)
    with pytest.raises(TargetRefused, match=r"hooks\.example\.com -> 192\.168\.0\.7: private address"):
        reg.register("https://hooks.example.com/h", tenant="acme")


# ---------------------------------------------------------------- routes


def test_post_shows_the_secret_once_and_get_never(cloud):
    code, created, _ = call("POST", "/webhooks", {"url": PUBLIC, "description": "orders <b>&</b>"})
    assert code == 201
    assert set(created) == {"id", "url", "description", "status", "created_at", "secret"}
    assert created["url"] == PUBLIC and created["status"] == "active" and created["secret"].startswith("whsec_")
    assert created["description"] == "orders <b>&</b>"  # stored as given; JSON-encoded where it lands
    code, listed, text = call("GET", "/webhooks")
    assert code == 200 and listed == {"webhooks": [{k: v for k, v in created.items() if k != "secret"}]}
    assert "secret" not in text and created["secret"] not in text


def test_delete_is_204_then_404(cloud):
    _, created, _ = call("POST", "/webhooks", {"url": PUBLIC})
    assert created["description"] is None
    code, body, text = call("DELETE", f"/webhooks/{created['id']}")
    assert (code, text) == (204, "")
    code, body, _ = call("DELETE", f"/webhooks/{created['id']}")
    assert code == 404 and body["statusCode"] == 404 and created["id"] in body["message"]
    assert call("DELETE", "/webhooks/not-an-id")[0] == 404
    assert call("GET", "/webhooks")[1] == {"webhooks": []}


@pytest.mark.parametrize(("url", "why"), [
    ("https://127.0.0.1:8443/h", "loopback address"),
    ("https://[::ffff:10.0.0.1]/h", "private address"),
    ("http://127.0.0.1:9000/h", "only https"),
    ("ftp://93.184.216.34/", "only https"),
])
def test_post_refused_url_is_a_422_field_error_saying_why(cloud, url, why):
    code, body, _ = call("POST", "/webhooks", {"url": url})
    assert code == 422 and body["statusCode"] == 422
    [error] = body["detail"]
    assert error["loc"] == ["body", "url"] and why in error["msg"] and error["type"] == "value_error"
    assert items(cloud) == []


def test_the_routes_messages_are_in_the_readers_language(cloud):
    code, body, _ = call("POST", "/webhooks", {"url": "https://127.0.0.1:8443/h"}, "fr-FR,fr;q=0.9")
    assert code == 422 and body["detail"][0]["msg"].startswith("URL de webhook refusée : ")
    assert body["detail"][0]["msg"].endswith("127.0.0.1 : adresse de bouclage (loopback)"), "the guard's reason too"
    code, body, _ = call("DELETE", "/webhooks/wh_gone", language="ja")
    assert code == 404 and body["message"] == "Webhook 'wh_gone' はありません"
    code, body, _ = call("DELETE", "/webhooks/wh_gone")
    assert code == 404 and body["message"] == "no webhook 'wh_gone'"


@pytest.mark.parametrize(("body", "loc"), [
    ({}, ["body", "url"]),
    ({"url": PUBLIC, "description": "x" * 201}, ["body", "description"]),
    ({"url": PUBLIC, "description": "bell\x07"}, ["body", "description"]),
    ({"url": PUBLIC, "secret": "whsec_mine"}, ["body", "secret"]),
    ({"url": "https://" + "a" * 2050}, ["body", "url"]),
])
def test_post_malformed_bodies_are_field_errors(cloud, body, loc):
    code, answer, _ = call("POST", "/webhooks", body)
    assert code == 422 and [e["loc"] for e in answer["detail"]] == [loc]
    assert items(cloud) == []


def test_loopback_http_only_in_local_development(local_cloud):
    code, created, _ = call("POST", "/webhooks", {"url": "http://127.0.0.1:9000/h"})
    assert code == 201 and created["url"] == "http://127.0.0.1:9000/h"
    code, body, _ = call("POST", "/webhooks", {"url": "http://10.0.0.1/h"})  # still not private networks
    assert code == 422 and "private address" in body["detail"][0]["msg"]


@pytest.mark.parametrize(("url", "english"), [
    ("https://[::ffff:169.254.169.254]/h", "::ffff:a9fe:a9fe: IPv4-mapped form of 169.254.169.254: link-local address"),
    ("https://0x7f.1/h", "ambiguous IPv4 form '0x7f.1' (means 127.0.0.1); write the address plainly"),
    ("ftp://93.184.216.34/h", "only https URLs can receive webhooks"),
    ("https://user:pw@93.184.216.34/h", "credentials (userinfo) are not allowed in webhook URLs"),
    ("https://10.1.2.3/h", "10.1.2.3: private address"),
])
@pytest.mark.parametrize("language", ["fr", "ar", "ja"])
def test_the_ssrf_guard_s_reason_is_in_the_reader_s_language(cloud, url, english, language):
    with pytest.raises(TargetRefused) as refused:
        registry_from_env().register(url, "", tenant="acme")
    assert str(refused.value) == english, "the guard's English words stay what the dispatcher logs"
    code, body, _ = call("POST", "/webhooks", {"url": url}, language)
    msg = body["detail"][0]["msg"]
    t = translator(language)
    assert code == 422 and msg == t.gettext("webhook URL refused: {reason}").format(reason=refused.value.said.say(t))
    assert not english_left(english, msg, values=(url,)), msg
