"""Issue 7's done-when, against `brandkit serve` over HTTP: one job per idempotency key, the job completes,
S3 uploads start runs, and what API Gateway answers itself (403, 413, 429, CORS) comes from the template."""

from __future__ import annotations

import concurrent.futures
import hashlib
import io
import json
import threading
import time
import urllib.request
import zipfile
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import boto3
import pytest
from botocore.config import Config

from tests.integration.serve_fixture import serve

pytestmark = pytest.mark.slow

BRIEF = {"company_name": "Harbor & Pine", "industry": "outdoor gear", "values": ["durable"], "style": ["rugged"]}


@pytest.fixture(scope="module")
def served():
    with serve() as server:
        yield server


def test_the_same_idempotency_key_twice_yields_one_job_that_completes(served):
    headers = {"Idempotency-Key": "serve-test-1"}
    first = served.request("POST", "/brands", BRIEF, headers)
    second = served.request("POST", "/brands", BRIEF, headers)
    assert first[0] == second[0] == 202
    assert first[2]["job_id"] == second[2]["job_id"]
    status, _, listing = served.request("GET", "/brands?limit=100")
    assert status == 200
    assert [j["job_id"] for j in listing["jobs"]].count(first[2]["job_id"]) == 1
    job = served.wait_for(first[2]["job_id"])
    assert job["status"] == "succeeded", job
    assert job["progress"]["done"] == job["progress"]["total"] == 8


def fetch(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310 - the local S3 endpoint
        return response.read()


def test_the_kits_files_and_zip_download_from_their_links(served):
    job_id = served.request("POST", "/brands", BRIEF, {"Idempotency-Key": "serve-test-1"})[2]["job_id"]
    job = served.wait_for(job_id)
    files = {f["path"]: f for f in job["kit"]["files"]}
    pdf = fetch(files["guidelines.pdf"]["url"])
    assert pdf.startswith(b"%PDF") and hashlib.sha256(pdf).hexdigest() == files["guidelines.pdf"]["sha256"]
    assert json.loads(fetch(job["kit"]["manifest_url"]))["job_id"] == job_id
    status, _, kit = served.request("GET", f"/brands/{job_id}/kit")
    assert status == 200
    archive = zipfile.ZipFile(io.BytesIO(fetch(kit["url"])))
    assert set(files) <= set(archive.namelist()) and archive.read("guidelines.pdf") == pdf


class Receiver(BaseHTTPRequestHandler):
    received: list[tuple[dict[str, str], bytes]] = []

    def do_POST(self):  # noqa: N802
        body = self.rfile.read(int(self.headers["content-length"]))
        Receiver.received.append(({k.lower(): v for k, v in self.headers.items()}, body))
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args):
        pass


def test_a_local_webhook_receiver_gets_a_signed_succeeded_event(served):
    from standardwebhooks.webhooks import Webhook

    receiver = ThreadingHTTPServer(("127.0.0.1", 0), Receiver)
    threading.Thread(target=receiver.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{receiver.server_address[1]}/hooks/brandkit"
        status, _, endpoint = served.request("POST", "/webhooks", {"url": url, "description": "test receiver"})
        assert status == 201 and endpoint["secret"].startswith("whsec_")
        listed = served.request("GET", "/webhooks")[2]["webhooks"]
        assert [w["id"] for w in listed] == [endpoint["id"]] and "secret" not in listed[0]
        job_id = served.request("POST", "/brands", {**BRIEF, "company_name": "Webhook Outfitters"})[2]["job_id"]
        assert served.wait_for(job_id)["status"] == "succeeded"
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not any(job_id.encode() in b for _, b in Receiver.received):
            time.sleep(0.5)
        (headers, body), = [(h, b) for h, b in Receiver.received if job_id.encode() in b]
        event = Webhook(endpoint["secret"]).verify(body, headers)  # raises if the signature is wrong
        assert event["type"] == "brand.kit.succeeded" and event["job_id"] == job_id
        assert served.request("DELETE", f"/webhooks/{endpoint['id']}")[0] == 204
        assert served.request("DELETE", f"/webhooks/{endpoint['id']}")[0] == 404
    finally:
        receiver.shutdown()


def test_a_brief_uploaded_to_the_local_bucket_starts_one_run(served):
    s3 = boto3.client("s3", endpoint_url=served.s3_endpoint, region_name="us-east-1",
                      aws_access_key_id="local", aws_secret_access_key="local",
                      config=Config(s3={"addressing_style": "path"}))
    s3.put_object(Bucket="brandkit-local-kits", Key="briefs/harbor.json", Body=json.dumps(BRIEF).encode())
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        jobs = served.request("GET", "/brands?limit=100")[2]["jobs"]
        uploaded = [j for j in jobs if j["job_id"].startswith("s3-")]
        if uploaded:
            break
        time.sleep(0.5)
    assert len(uploaded) == 1, "the upload must start exactly one run"


def test_unknown_job_is_404_and_unknown_route_is_404(served):
    assert served.request("GET", "/brands/bk-does-not-exist")[0] == 404
    assert served.request("GET", "/nothing-here")[0] == 404


def test_invalid_brief_is_422_with_the_field(served):
    status, _, body = served.request("POST", "/brands", {"industry": "tea"})
    assert status == 422
    assert any(d["loc"][-1] == "company_name" for d in body["detail"])


def test_a_body_over_the_apis_limit_is_413_and_non_json_is_415(served):
    big = {**BRIEF, "description": "x" * (70 * 1024)}
    assert served.request("POST", "/brands", big)[0] == 413
    status, _, body = served.request("POST", "/brands", raw=b"company_name=Acme",
                                     headers={"content-type": "application/x-www-form-urlencoded"})
    assert status == 415, body


def test_body_over_api_gateways_limit_is_413_before_the_function(served):
    status, _, body = served.request("POST", "/brands", raw=b"{" + b" " * (10 * 1024 * 1024 + 1),
                                     headers={"content-type": "application/json"})
    assert status == 413 and body == {"message": "Request Too Long"}


def test_cors_preflight_is_answered_from_the_template(served):
    status, headers, _ = served.request("OPTIONS", "/brands", headers={"Origin": "http://example.test",
                                                                       "Access-Control-Request-Method": "POST"})
    assert status == 204
    assert headers["access-control-allow-origin"] == "*"
    assert "Idempotency-Key" in headers["access-control-allow-headers"]


def test_static_files_never_leave_the_web_folder(served):
    assert served.request("GET", "/../template.yaml")[0] == 404
    assert served.request("GET", "/%2e%2e/template.yaml")[0] == 404


def test_bursts_over_the_usage_plan_are_throttled_with_429_never_5xx(served):
    time.sleep(2.5)  # let the bucket refill after the other tests
    with concurrent.futures.ThreadPoolExecutor(max_workers=16) as pool:
        codes = list(pool.map(lambda _: served.request("GET", "/brands/bk-nope")[0], range(60)))
    assert 429 in codes and 404 in codes
    assert set(codes) <= {404, 429}


def test_an_api_key_is_required_when_configured():
    with serve("--api-key", "k-123") as keyed:
        assert keyed.request("GET", "/brands")[0] == 403
        assert keyed.request("GET", "/brands", headers={"X-Api-Key": "wrong"})[0] == 403
        assert keyed.request("GET", "/brands", headers={"X-Api-Key": "k-123"})[0] == 200


def test_development_mode_refuses_to_listen_beyond_loopback():
    import subprocess
    import sys

    result = subprocess.run([sys.executable, "-m", "brandkit_local.cli", "serve", "--host", "0.0.0.0"],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 2 and "loopback" in result.stderr


def test_the_functions_ran_in_worker_processes_of_the_server(served):
    """As on Lambda, each function runs in its own process: the kit above was made by the server's workers."""
    psutil = pytest.importorskip("psutil")
    job_id = served.request("POST", "/brands", BRIEF, {"Idempotency-Key": "serve-test-1"})[2]["job_id"]
    assert served.wait_for(job_id)["status"] == "succeeded"
    children = psutil.Process(served.process.pid).children()
    (forkserver,) = [c for c in children if "forkserver" in " ".join(c.cmdline())]
    assert len(forkserver.children()) >= 2  # the workers are forked from it, one per warm function


def test_workers_0_runs_the_functions_as_threads_of_the_server():
    with serve("--workers", "0") as server:
        job_id = server.request("POST", "/brands", BRIEF)[2]["job_id"]
        assert server.wait_for(job_id)["status"] == "succeeded"
        import psutil

        assert psutil.Process(server.process.pid).children(recursive=True) == []


def test_a_worker_count_out_of_range_is_refused_naming_the_option():
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-m", "brandkit_local.cli", "serve", "--workers", "65"],
                          capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 2
    assert "--workers" in done.stderr and "65 is not between 0 and 64" in done.stderr
