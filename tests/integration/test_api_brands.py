"""The REST API's handler, fed API Gateway REST events, over the local twin running real kits.

Two workflow runs serve the whole module (one kit, one failure); the rest is requests against them.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import os
import time
import zipfile
from pathlib import Path
from unittest import mock
from urllib.parse import parse_qs, urlparse

import boto3
import pytest
import requests

from brandkit.api import brands
from brandkit.brief import parse_brief
from brandkit.progress import STAGES
from brandkit.tenants import DEFAULT_TENANT
from brandkit_local.twin import LocalCloud
from tests.integration.api_fixtures import api_context, load_api

pytestmark = pytest.mark.slow
ROOT = Path(__file__).parents[2]
ORIGIN = "https://app.example"


def sample_brief() -> dict:
    return json.loads((ROOT / "docs" / "samples" / "northwind-coffee.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def cloud():
    with LocalCloud() as local:  # one per process: moto's backends are process-wide; it makes its own clients
        local.api = load_api("handler_api_brands")
        yield local


def call(cloud, method: str, path: str, body: str | bytes | None = None, headers: dict | None = None,
         base64_body: bool = False, query: dict | None = None, encode: bool = True,
         tenant: str | None = None) -> tuple[int, dict, dict]:
    """One API Gateway REST proxy event through the Lambda handler: (status, JSON body or {}, headers).

    A bytes body, or any body with base64_body, is sent base64-encoded as API Gateway does (unless encode=False).
    tenant: what the authorizer put in requestContext.authorizer (brandkit.api.tenant).
    """
    event = json.loads((ROOT / "events" / "api_get_brand.json").read_text(encoding="utf-8"))
    base64_body = base64_body or isinstance(body, bytes)
    event.update(
        httpMethod=method,
        path=path,
        resource=path,
        pathParameters=None,
        isBase64Encoded=base64_body,
        queryStringParameters=query,
        multiValueQueryStringParameters=query and {k: [v] for k, v in query.items()},
    )
    if base64_body and encode:
        body = base64.b64encode(body if isinstance(body, bytes) else body.encode()).decode()
    event["body"] = body
    if tenant is not None:
        event["requestContext"]["authorizer"] = {"tenant": tenant}
    for name, value in {
        "Origin": ORIGIN,
        **({"Content-Type": "application/json"} if body else {}),
        **(headers or {}),
    }.items():
        event["headers"][name] = value
        event["multiValueHeaders"][name] = [value]
    response = cloud.api.lambda_handler(event, api_context())
    out_headers = {k.lower(): v for k, v in (response.get("headers") or {}).items()}
    out_headers.update({k.lower(): v[0] for k, v in (response.get("multiValueHeaders") or {}).items()})
    return int(response["statusCode"]), json.loads(response["body"]) if response.get("body") else {}, out_headers


@pytest.fixture(scope="module")
def kit_job(cloud):
    """A brief submitted through POST /brands and run to the end."""
    code, body, _ = call(cloud, "POST", "/brands", json.dumps(sample_brief()))
    assert code == 202, body
    status = cloud.wait(body["job_id"], timeout_s=300)
    assert status["status"] == "SUCCEEDED", status
    return body


@pytest.fixture(scope="module")
def failed_job(cloud):
    # The brief names a logo that was never uploaded: ImportLogo fails (as in test_workflow.py).
    brief = parse_brief(sample_brief()).model_copy(update={"existing_logo": "missing.png"})
    cloud.submit(brief, job_id="api-broken")
    assert cloud.wait("api-broken", timeout_s=120)["status"] == "FAILED"
    return "api-broken"


def fetch(url: str) -> bytes:
    # Presigned URLs are plain HTTPS to S3; under moto, requests to them reach the mocked bucket.
    response = requests.get(url, timeout=10)
    assert response.status_code == 200, (url, response.status_code)
    return response.content


def test_post_answers_202_with_links(kit_job):
    job_id = kit_job["job_id"]
    assert kit_job == {"job_id": job_id, "status": "queued",
                       "links": {"self": f"/brands/{job_id}", "kit": f"/brands/{job_id}/kit"}}


def test_progress_of_a_finished_job(cloud, kit_job):
    code, job, headers = call(cloud, "GET", f"/brands/{kit_job['job_id']}")
    assert code == 200 and job["status"] == "succeeded" and job["stopped_at"] and "error" not in job
    steps = job["progress"]
    assert (steps["done"], steps["total"], steps["current"]) == (8, 8, None)
    assert [s["name"] for s in steps["stages"]] == list(STAGES)
    assert all(s["status"] == "succeeded" and s["seconds"] > 0 for s in steps["stages"]), steps
    # The stages ran one after another (two in parallel): together they fit in the run's wall time.
    started, stopped = (cloud.history(kit_job["job_id"])[i]["timestamp"] for i in (0, -1))
    assert sum(s["seconds"] for s in steps["stages"]) < 2 * (stopped - started).total_seconds()
    assert headers["access-control-allow-origin"] == "*"


def test_kit_links_fetch_the_kit_files(cloud, kit_job):
    _, job, _ = call(cloud, "GET", f"/brands/{kit_job['job_id']}")
    files, kit = cloud.kit_files(kit_job["job_id"]), job["kit"]
    assert kit["expires_in"] == 900 and kit["zip"] == f"/brands/{kit_job['job_id']}/kit"
    assert {f["path"] for f in kit["files"]} == set(files) - {"manifest.json"}
    assert json.loads(fetch(kit["manifest_url"])) == json.loads(files["manifest.json"])
    assert kit["cost"] == json.loads(files["manifest.json"])["cost"] and kit["cost"]["total_usd"] > 0
    for entry in kit["files"]:
        query = parse_qs(urlparse(entry["url"]).query)
        assert query["X-Amz-Expires"] == ["900"] and query["X-Amz-Algorithm"] == ["AWS4-HMAC-SHA256"]
        assert entry["bytes"] == len(files[entry["path"]])
    for entry in [f for f in kit["files"] if f["path"] == "guidelines.pdf" or f["path"].endswith(".png")][:3]:
        data = fetch(entry["url"])
        assert data == files[entry["path"]] and hashlib.sha256(data).hexdigest() == entry["sha256"]


def test_kit_zip_holds_every_kit_file(cloud, kit_job):
    code, body, _ = call(cloud, "GET", f"/brands/{kit_job['job_id']}/kit")
    assert code == 200 and body["job_id"] == kit_job["job_id"] and body["expires_in"] == 900
    data = fetch(body["url"])
    assert body["bytes"] == len(data)
    archive = zipfile.ZipFile(io.BytesIO(data))
    assert archive.testzip() is None
    files = cloud.kit_files(kit_job["job_id"])
    assert {name: archive.read(name) for name in archive.namelist()} == files
    assert archive.getinfo("guidelines.pdf").compress_type == zipfile.ZIP_STORED
    assert archive.getinfo("manifest.json").compress_type == zipfile.ZIP_DEFLATED
    assert "brandkit-" in parse_qs(urlparse(body["url"]).query)["response-content-disposition"][0]


def test_failed_job_reports_the_stage_and_cause(cloud, failed_job):
    code, job, _ = call(cloud, "GET", f"/brands/{failed_job}")
    assert code == 200 and job["status"] == "failed" and "kit" not in job
    assert job["error"]["stage"] == "ImportLogo" and job["error"]["error"] == "StageError"
    assert "missing.png" in job["error"]["cause"] and "Traceback" not in job["error"]["cause"]
    assert (job["error"]["cause_code"], job["error"]["cause_language"]) == ("logo_not_uploaded", "en")
    stages = {s["name"]: s["status"] for s in job["progress"]["stages"]}
    assert stages["ValidateBrief"] == "succeeded" and stages["Logo"] == "failed"
    assert {stages[s] for s in STAGES[2:]} == {"pending"} and job["progress"]["done"] == 1


def test_a_failed_job_s_cause_is_in_the_brief_s_language_with_its_code(cloud):
    brief = parse_brief(sample_brief()).model_copy(update={"existing_logo": "missing.png", "language": "ar"})
    cloud.submit(brief, job_id="api-broken-ar")
    assert cloud.wait("api-broken-ar", timeout_s=120)["status"] == "FAILED"
    code, job, _ = call(cloud, "GET", "/brands/api-broken-ar")
    error = job["error"]
    assert code == 200 and (error["stage"], error["error"]) == ("ImportLogo", "StageError"), "machine words stay"
    assert (error["cause_code"], error["cause_language"]) == ("logo_not_uploaded", "ar")
    assert error["cause"] == "لم يُرفع existing_logo 'missing.png' إلى المجلد uploads/ الخاص بالمهمة", error
    event = next(e for e in cloud.events() if e.get("job_id") == "api-broken-ar")
    assert (event["cause"], event["cause_code"]) == (error["cause"], "logo_not_uploaded")


def test_kit_of_a_failed_job_is_409(cloud, failed_job):
    assert call(cloud, "GET", f"/brands/{failed_job}/kit")[:2] == (
        409, {"statusCode": 409, "message": "kit not ready: job is failed"})


def test_a_job_still_waiting_is_queued_and_its_kit_409(cloud):
    sfn = boto3.client("stepfunctions")
    hold = {"StartAt": "Hold", "States": {"Hold": {"Type": "Wait", "Seconds": 2, "End": True}}}
    arn = sfn.create_state_machine(name="api-hold", roleArn="arn:aws:iam::123456789012:role/x",
                                   definition=json.dumps(hold))["stateMachineArn"]
    sfn.start_execution(stateMachineArn=arn, name="api-waiting", input="{}")
    cloud.job_records().add("api-waiting", DEFAULT_TENANT)  # what start_job records after starting it
    with mock.patch.dict(os.environ, {"STATE_MACHINE_ARN": arn}):
        code, job, _ = call(cloud, "GET", "/brands/api-waiting")
        kit = call(cloud, "GET", "/brands/api-waiting/kit")[:2]
    assert code == 200 and job["status"] == "queued" and job["stopped_at"] is None
    assert job["progress"]["current"] is None and {s["status"] for s in job["progress"]["stages"]} == {"pending"}
    assert kit == (409, {"statusCode": 409, "message": "kit not ready: job is running"})
    deadline = time.monotonic() + 30  # let the run end before the module's moto session does
    while sfn.describe_execution(executionArn=arn.replace(":stateMachine:", ":execution:") + ":api-waiting")[
            "status"] == "RUNNING" and time.monotonic() < deadline:
        time.sleep(0.1)


def test_a_failure_without_a_record_reports_the_execution_error(cloud):
    # A run that timed out or was stopped never reaches RecordFailure: the execution's own error is reported.
    sfn = boto3.client("stepfunctions")
    fail = {"StartAt": "Late", "States": {"Late": {"Type": "Fail", "Error": "RunTooLong", "Cause": "took too long"}}}
    arn = sfn.create_state_machine(name="api-late", roleArn="arn:aws:iam::123456789012:role/x",
                                   definition=json.dumps(fail))["stateMachineArn"]
    execution = sfn.start_execution(stateMachineArn=arn, name="api-late", input="{}")["executionArn"]
    cloud.job_records().add("api-late", DEFAULT_TENANT)
    deadline = time.monotonic() + 30
    while sfn.describe_execution(executionArn=execution)["status"] == "RUNNING" and time.monotonic() < deadline:
        time.sleep(0.05)
    with mock.patch.dict(os.environ, {"STATE_MACHINE_ARN": arn}):
        code, job, _ = call(cloud, "GET", "/brands/api-late")
    assert code == 200 and job["status"] == "failed"
    assert job["error"] == {"stage": "unknown", "error": "RunTooLong", "cause": "took too long",
                            "cause_code": "unrecognised", "cause_language": "en"}


@pytest.mark.parametrize("path", ["/brands/no-such-job", "/brands/no-such-job/kit", "/brands/bad$id",
                                  "/brands/" + "x" * 81, "/nowhere"])
def test_unknown_jobs_and_routes_are_404_json(cloud, path):
    code, body, headers = call(cloud, "GET", path)
    assert code == 404 and body["statusCode"] == 404 and body["message"]
    assert headers["access-control-allow-origin"] == "*"


def test_list_includes_the_jobs(cloud, kit_job, failed_job):
    code, page, _ = call(cloud, "GET", "/brands", query={"limit": "100"})
    listed = {j["job_id"]: j["status"] for j in page["jobs"]}
    assert code == 200 and listed[kit_job["job_id"]] == "succeeded" and listed[failed_job] == "failed"


def test_an_invalid_brief_is_422_naming_the_field(cloud):
    code, body, _ = call(cloud, "POST", "/brands", json.dumps({**sample_brief(), "company_name": ""}))
    assert code == 422 and body["detail"][0]["loc"] == ["body", "company_name"]


@pytest.mark.parametrize("base64_body", [False, True])
def test_a_body_over_64_kib_is_413(cloud, base64_body):
    padded = json.dumps({**sample_brief(), "description": "x" * (64 * 1024)})
    code, body, headers = call(cloud, "POST", "/brands", padded, base64_body=base64_body)
    assert code == 413 and "65536" in body["message"] and headers["access-control-allow-origin"] == "*"


def test_a_body_just_under_the_limit_passes_the_guard(cloud):
    # Valid JSON, under 64 KiB once decoded though larger as base64: the brief model answers, not the guard.
    almost = json.dumps({**sample_brief(), "description": "x" * (60 * 1024)})
    code, body, _ = call(cloud, "POST", "/brands", almost, base64_body=True)
    assert code == 422 and body["detail"][0]["loc"] == ["body", "description"]


@pytest.mark.parametrize(
    "content_type", ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x"]
)
def test_a_body_that_is_not_json_is_415(cloud, content_type):
    code, body, _ = call(cloud, "POST", "/brands", "company_name=Northwind", headers={"Content-Type": content_type})
    assert code == 415 and content_type.split(";")[0] in body["message"]


def test_a_body_that_is_not_utf8_is_400(cloud):
    code, body, _ = call(cloud, "POST", "/brands", b'{"company_name": "\xff"}')
    assert code == 400 and "UTF-8" in body["message"]


def test_a_body_marked_base64_that_is_not_is_400(cloud):
    code, body, _ = call(cloud, "POST", "/brands", "not base64!", base64_body=True, encode=False)
    assert code == 400 and "base64" in body["message"]


def test_json_with_a_charset_is_accepted(cloud):
    code, body, _ = call(cloud, "POST", "/brands", json.dumps({**sample_brief(), "company_name": ""}),
                         headers={"Content-Type": "application/json; charset=utf-8"})
    assert code == 422 and body["detail"][0]["loc"] == ["body", "company_name"]


def test_an_unexpected_error_is_500_without_details_and_logged(cloud, kit_job, caplog):
    with mock.patch.object(brands, "job_report", side_effect=RuntimeError("secret detail in /var/task/x.py")):
        code, body, headers = call(cloud, "GET", f"/brands/{kit_job['job_id']}")
    assert (code, body) == (500, {"statusCode": 500, "message": "internal error"})
    assert headers["access-control-allow-origin"] == "*"
    assert "secret detail" in caplog.text  # the trace goes to the log, not to the caller


def test_openapi_route_serves_the_published_document(cloud):
    code, document, _ = call(cloud, "GET", "/openapi.json")
    assert code == 200 and document == json.loads((ROOT / "docs" / "openapi.json").read_text(encoding="utf-8"))
    assert "/openapi.json" not in document["paths"] and document["security"] == [{"apiKey": [], "bearerToken": []}]
