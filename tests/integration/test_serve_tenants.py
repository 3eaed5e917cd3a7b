"""Issue 16's done-when, against a served process with two tenants: each sees only its own jobs, uploads, kits
and webhooks, and every cross-tenant attempt on every route answers exactly what an unknown id answers.

The server runs the real Lambda authorizer (--tenant NAME=TOKEN) and executes runs, so the jobs are real kits.
A brief dropped with its logo under briefs/<tenant>/ in the served bucket builds that tenant's kit from the logo.
Webhook receivers are public IP literals: with tenants the development allowances are off, and no DNS is needed.
"""

from __future__ import annotations

import json
import time

import boto3
import pytest
import requests
from botocore.config import Config

from tests.integration.serve_fixture import serve
from tests.unit.logo_upload_files import png

pytestmark = pytest.mark.slow

TOKENS = {"acme": "tok-acme-3f9a1c7e5b2d4086", "globex": "tok-globex-8e1b6d0c4a2f9357"}
BRIEF = {"company_name": "Harbor & Pine", "industry": "outdoor gear", "values": ["durable"], "style": ["rugged"]}
UNKNOWN_JOB = "bk-00000000000000000000"
UNKNOWN_WEBHOOK = "wh_" + "0" * 32
BUCKET = "brandkit-local-kits"


def auth(tenant: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {TOKENS[tenant]}"}


@pytest.fixture(scope="module")
def world():
    """Two tenants, each with a finished kit built from its own uploaded logo, a webhook and a spare upload."""
    args = [a for name, token in TOKENS.items() for a in ("--tenant", f"{name}={token}")]
    with serve(*args, "--rate", "1000", "--burst", "1000") as served:  # throttling is tested elsewhere
        owned = {}
        for tenant in TOKENS:
            upload = _upload(served, tenant, png(size=64))
            status, _, accepted = served.request("POST", "/brands", {**BRIEF, "existing_logo": upload},
                                                 headers=auth(tenant))
            assert status == 202, accepted
            status, _, hook = served.request("POST", "/webhooks", {"url": "https://93.184.216.34/hooks"},
                                             headers=auth(tenant))
            assert status == 201, hook
            owned[tenant] = {"job": accepted["job_id"], "webhook": hook["id"],
                             "spare_upload": _upload(served, tenant, png(size=48))}
        for tenant, mine in owned.items():
            job = _wait(served, tenant, mine["job"])
            assert job["status"] == "succeeded", job
        yield served, owned


def _upload(served, tenant: str, data: bytes) -> str:
    status, _, form = served.request("POST", "/uploads", {"content_type": "image/png", "bytes": len(data)},
                                     headers=auth(tenant))
    assert status == 201, form
    sent = requests.post(form["url"], data=form["fields"], files={"file": ("logo.png", data, "image/png")}, timeout=30)
    assert sent.status_code == 204, sent.text
    return str(form["upload_id"])


def _wait(served, tenant: str, job_id: str) -> dict:
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        status, _, body = served.request("GET", f"/brands/{job_id}", headers=auth(tenant))
        assert status in (200, 429), body
        if status == 200 and body["status"] in ("succeeded", "failed"):
            return body
        time.sleep(0.5)
    raise TimeoutError(job_id)


def _job_routes(job_id: str) -> list[tuple[str, str, dict | None]]:
    return [("GET", f"/brands/{job_id}", None), ("GET", f"/brands/{job_id}/versions/1", None),
            ("GET", f"/brands/{job_id}/kit", None), ("GET", f"/brands/{job_id}/versions/1/kit", None),
            ("POST", f"/brands/{job_id}/revisions", {"primary_color": "#1F6FEB"})]


def test_each_tenant_lists_only_its_own_jobs_and_webhooks(world):
    served, owned = world
    for tenant, mine in owned.items():
        status, _, page = served.request("GET", "/brands", headers=auth(tenant))
        assert status == 200 and [j["job_id"] for j in page["jobs"]] == [mine["job"]], page
        status, _, hooks = served.request("GET", "/webhooks", headers=auth(tenant))
        assert status == 200 and [h["id"] for h in hooks["webhooks"]] == [mine["webhook"]], hooks


def test_each_tenant_gets_its_own_kit(world):
    served, owned = world
    for tenant, mine in owned.items():
        status, _, kit = served.request("GET", f"/brands/{mine['job']}/kit", headers=auth(tenant))
        assert status == 200 and kit["job_id"] == mine["job"], kit
        assert requests.get(kit["url"], timeout=30).status_code == 200


@pytest.mark.parametrize(("reader", "owner"), [("acme", "globex"), ("globex", "acme")])
def test_every_route_answers_another_tenants_id_as_it_answers_an_unknown_one(world, reader, owner):
    served, owned = world
    theirs = owned[owner]
    for (method, path, body), (_, unknown_path, _) in zip(_job_routes(theirs["job"]), _job_routes(UNKNOWN_JOB),
                                                          strict=True):
        status, _, answer = served.request(method, path, body, headers=auth(reader))
        unknown_status, _, _ = served.request(method, unknown_path, body, headers=auth(reader))
        assert status == unknown_status == 404, (method, path, answer)
        assert theirs["job"] not in str(answer) or "no brand job" in str(answer), answer  # only the id asked about
    for webhook in (theirs["webhook"], UNKNOWN_WEBHOOK):
        status, _, answer = served.request("DELETE", f"/webhooks/{webhook}", headers=auth(reader))
        assert status == 404, answer
    # Another tenant's upload is refused exactly like one that was never made.
    answers = []
    for upload in (theirs["spare_upload"], "up_" + "0" * 32):
        status, _, answer = served.request("POST", "/brands", {**BRIEF, "existing_logo": upload}, headers=auth(reader))
        answers.append((status, [(d["loc"], d["type"]) for d in answer["detail"]]))
    assert answers[0] == answers[1] and answers[0][0] == 422, answers
    # And nothing of the owner's was changed by the attempts.
    status, _, hooks = served.request("GET", "/webhooks", headers=auth(owner))
    assert [h["id"] for h in hooks["webhooks"]] == [theirs["webhook"]]
    status, _, job = served.request("GET", f"/brands/{theirs['job']}", headers=auth(owner))
    assert status == 200 and [v["number"] for v in job["versions"]] == [1], job


def test_a_brief_dropped_with_its_logo_under_a_tenants_folder_builds_that_tenants_kit_from_the_logo(world):
    served, _ = world
    s3 = boto3.client("s3", endpoint_url=served.s3_endpoint, region_name="us-east-1", aws_access_key_id="local",
                      aws_secret_access_key="local", config=Config(s3={"addressing_style": "path"}))
    s3.put_object(Bucket=BUCKET, Key="briefs/acme/logo.png", Body=png(size=64), ContentType="image/png")
    s3.put_object(Bucket=BUCKET, Key="briefs/acme/harbor.json",
                  Body=json.dumps({**BRIEF, "existing_logo": "logo.png"}).encode())
    deadline = time.monotonic() + 60
    dropped: list[str] = []
    while not dropped and time.monotonic() < deadline:
        jobs = served.request("GET", "/brands?limit=100", headers=auth("acme"))[2]["jobs"]
        dropped = [j["job_id"] for j in jobs if j["job_id"].startswith("s3-")]
        time.sleep(0.5)
    assert len(dropped) == 1, "the upload must start exactly one run, acme's"
    job = _wait(served, "acme", dropped[0])
    assert job["status"] == "succeeded", job
    assert [(c["id"], c["kind"]) for c in job["concepts"]] == [("existing", "imported")]
    globex_jobs = served.request("GET", "/brands?limit=100", headers=auth("globex"))[2]["jobs"]
    assert dropped[0] not in [j["job_id"] for j in globex_jobs]
    assert served.request("GET", f"/brands/{dropped[0]}", headers=auth("globex"))[0] == 404


def test_the_same_idempotency_key_in_two_tenants_starts_two_jobs(world):
    served, _ = world
    jobs = set()
    for tenant in TOKENS:
        status, _, accepted = served.request("POST", "/brands", BRIEF,
                                             headers={**auth(tenant), "Idempotency-Key": "shared-key-1"})
        assert status == 202, accepted
        jobs.add(accepted["job_id"])
    assert len(jobs) == 2
