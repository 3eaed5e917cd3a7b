"""Two tenants walk every route of the API function (API Gateway REST events, the tenant in
requestContext.authorizer as the authorizer puts it) and share one webhook dispatcher, under moto.

Each sees only its own jobs and webhooks; every route that takes another tenant's job or webhook id answers
exactly as for an id that does not exist; the same Idempotency-Key makes two jobs; an event reaches only the
webhooks of its own tenant.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from unittest import mock

import boto3
import pytest

from brandkit_local import checkout
from tests.integration.api_fixtures import api_context, create_jobs_table, load_api, pass_state_machine
from tests.integration.test_webhook_dispatcher import EVENTS, RETRIES, from_sns, publish
from tests.unit.test_webhooks_delivery import Receiver
from tests.unit.webhooks_aws_fixtures import lambda_context, webhook_cloud

ROOT = Path(__file__).parents[2]
BUCKET, JOBS = "brandkit-local-kits", "brandkit-jobs"
A, B = "acme", "globex"
UNKNOWN_JOB, UNKNOWN_WEBHOOK = "bk-00000000000000000000", "wh_" + "0" * 32


@pytest.fixture()
def cloud(fresh_clients):
    with webhook_cloud(insecure_local=True) as cloud:  # the receivers below listen on loopback
        boto3.client("s3").create_bucket(Bucket=BUCKET)
        create_jobs_table(JOBS)
        with mock.patch.dict(os.environ, {"KIT_BUCKET": BUCKET, "JOBS_TABLE": JOBS,
                                          "STATE_MACHINE_ARN": pass_state_machine()}):
            cloud.api = load_api("handler_tenant_isolation")
            yield cloud


def call(cloud, tenant: str | None, method: str, path: str, body: dict | None = None,
         headers: dict | None = None, query: dict | None = None) -> tuple[int, dict]:
    """One request through the API function, as API Gateway hands it over after the authorizer ran."""
    event = json.loads((ROOT / "events" / "api_get_brand.json").read_text(encoding="utf-8"))
    event.update(httpMethod=method, path=path, resource=path, pathParameters=None, queryStringParameters=query,
                 multiValueQueryStringParameters=query and {k: [v] for k, v in query.items()},
                 body=None if body is None else json.dumps(body), isBase64Encoded=False)
    content_type = {"Content-Type": "application/json"} if body is not None else {}
    for name, value in {**content_type, **(headers or {})}.items():
        event["headers"][name] = value
        event["multiValueHeaders"][name] = [value]
    if tenant is None:
        event["requestContext"].pop("authorizer")
    else:
        event["requestContext"]["authorizer"] = {"tenant": tenant}
    response = cloud.api.lambda_handler(event, api_context())
    return int(response["statusCode"]), json.loads(response["body"]) if response.get("body") else {}


def brief() -> dict:
    return json.loads((ROOT / "docs" / "samples" / "northwind-coffee.json").read_text(encoding="utf-8"))


def start(cloud, tenant: str, **headers: str) -> str:
    code, body = call(cloud, tenant, "POST", "/brands", brief(), headers=headers)
    assert code == 202, body
    return str(body["job_id"])


def register(cloud, tenant: str, receiver: Receiver) -> str:
    code, body = call(cloud, tenant, "POST", "/webhooks", {"url": receiver.url})
    assert code == 201, body
    receiver.secret = body["secret"]
    return str(body["id"])


def job_routes(job_id: str) -> list[tuple[str, str, dict | None]]:
    return [("GET", f"/brands/{job_id}", None), ("GET", f"/brands/{job_id}/versions/1", None),
            ("GET", f"/brands/{job_id}/kit", None), ("GET", f"/brands/{job_id}/versions/1/kit", None),
            ("POST", f"/brands/{job_id}/revisions", {"palette": "p1"})]


def test_each_tenant_sees_only_its_own_jobs_and_another_tenants_ids_are_unknown(cloud):
    a_jobs = [start(cloud, A) for _ in range(3)]
    b_jobs = [start(cloud, B)]
    for tenant, mine in ((A, a_jobs), (B, b_jobs)):
        code, page = call(cloud, tenant, "GET", "/brands", query={"limit": "100"})
        assert code == 200 and sorted(j["job_id"] for j in page["jobs"]) == sorted(mine)
    # Owner: the routes answer for the job (a pass machine never runs: the job stays queued, its kit 409).
    assert [call(cloud, A, m, p, body)[0] for m, p, body in job_routes(a_jobs[0])] == [200, 200, 409, 409, 409]
    # Another tenant: exactly what an id nobody has gets.
    for (method, path, body), (_, unknown_path, _) in zip(job_routes(a_jobs[0]), job_routes(UNKNOWN_JOB), strict=True):
        code, answer = call(cloud, B, method, path, body)
        unknown = call(cloud, B, method, unknown_path, body)
        assert code == 404 and (code, json.dumps(answer).replace(a_jobs[0], UNKNOWN_JOB)) == (
            unknown[0], json.dumps(unknown[1])), (method, path)
    assert len(boto3.client("stepfunctions").list_executions(
        stateMachineArn=os.environ["STATE_MACHINE_ARN"])["executions"]) == 4  # no revision started for B


def test_pages_are_per_tenant_and_a_token_cannot_cross(cloud):
    a_jobs = [start(cloud, A) for _ in range(3)]
    start(cloud, B)
    code, first = call(cloud, A, "GET", "/brands", query={"limit": "2"})
    assert code == 200 and len(first["jobs"]) == 2 and first["next_token"]
    code, rest = call(cloud, A, "GET", "/brands", query={"limit": "2", "next_token": first["next_token"]})
    assert code == 200 and rest["next_token"] is None
    assert [j["job_id"] for j in first["jobs"] + rest["jobs"]] == list(reversed(a_jobs))  # newest first
    for token in (first["next_token"], "forged"):
        code, body = call(cloud, B, "GET", "/brands", query={"next_token": token})
        assert code == 400 and "next_token" in body["message"]


def test_the_same_idempotency_key_in_two_tenants_makes_two_jobs(cloud):
    a_job, b_job = start(cloud, A, **{"Idempotency-Key": "order-1"}), start(cloud, B, **{"Idempotency-Key": "order-1"})
    assert a_job != b_job
    assert start(cloud, A, **{"Idempotency-Key": "order-1"}) == a_job  # a retry within the tenant: the same job
    assert [j["job_id"] for j in call(cloud, B, "GET", "/brands")[1]["jobs"]] == [b_job]


def test_a_request_without_a_tenant_is_refused(cloud):
    a_job = start(cloud, A)
    upload = json.dumps({"content_type": "image/png", "bytes": 10})
    for method, path, body in [("GET", "/brands", None), ("POST", "/brands", brief()), ("GET", "/webhooks", None),
                               ("POST", "/uploads", upload), *job_routes(a_job)]:
        assert call(cloud, None, method, path, body)[0] == 401, (method, path)


def test_webhooks_are_per_tenant_and_events_reach_only_their_tenants_endpoints(cloud):
    receivers = {A: Receiver(None), B: Receiver(None)}
    try:
        ids = {tenant: register(cloud, tenant, receiver) for tenant, receiver in receivers.items()}
        for tenant in (A, B):
            assert [w["id"] for w in call(cloud, tenant, "GET", "/webhooks")[1]["webhooks"]] == [ids[tenant]]
        other = call(cloud, B, "DELETE", f"/webhooks/{ids[A]}")
        unknown = call(cloud, B, "DELETE", f"/webhooks/{UNKNOWN_WEBHOOK}")
        assert other[0] == unknown[0] == 404
        assert json.dumps(other[1]).replace(ids[A], UNKNOWN_WEBHOOK) == json.dumps(unknown[1])
        assert [w["id"] for w in call(cloud, A, "GET", "/webhooks")[1]["webhooks"]] == [ids[A]]  # still there

        dispatcher = checkout.handler("webhook_dispatcher")
        handler = lambda event: dispatcher.lambda_handler(event, lambda_context("webhook_dispatcher", 120))  # noqa: E731
        job = start(cloud, A)
        publish(cloud, {"type": "brand.kit.succeeded", "version": "1", "job_id": job, "bucket": BUCKET,
                        "manifest_key": f"tenants/{A}/kits/{job}/kit/manifest.json", "artifacts": 14}, tenant=A)
        assert from_sns(cloud, handler) == {"batchItemFailures": []}
        deliveries = [m["Body"] for m in cloud.receive(RETRIES)]
        assert len(deliveries) == 1 and cloud.receive(EVENTS) == []
        assert handler(cloud.batch(RETRIES, deliveries)) == {"batchItemFailures": []}
        assert [r["verified"]["job_id"] for r in receivers[A].requests] == [job]  # signed for A's endpoint
        assert receivers[B].requests == []
    finally:
        for receiver in receivers.values():
            receiver.close()
