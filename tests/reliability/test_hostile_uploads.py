"""Suite 8: hostile logo uploads against `brandkit serve` (issue 16). Each file goes the way a person's would:
POST /uploads, the presigned POST to the served S3, a brief naming the upload id, the run. Every case ends in a
clear 4xx or in a run that fails at ImportLogo with a readable cause (or, for an SVG that only carries unsafe parts,
a kit without them); never a 5xx."""

from __future__ import annotations

import time

import boto3
import pytest
import requests

from tests.integration.serve_fixture import serve
from tests.reliability.figures import record
from tests.unit.logo_upload_files import ENTITY_SVG, EXTERNAL_HREF_SVG, GARBAGE, SCRIPT_SVG, png, png_bomb

pytestmark = pytest.mark.slow
BRIEF = {"company_name": "Harbor & Pine", "industry": "outdoor gear", "style": ["rugged"]}
BUCKET = "brandkit-local-kits"
OUTCOMES: dict[str, str] = {}
STATUSES: list[int] = []

# case -> (declared content type, bytes, what must happen: "kit" or the words the ImportLogo cause must hold)
RUNS = {
    "PNG bomb (20000x20000, 1-bit)": ("image/png", png_bomb(), "20000x20000 pixels"),
    "SVG with <script>": ("image/svg+xml", SCRIPT_SVG, "kit"),
    "SVG with an external entity (XXE)": ("image/svg+xml", ENTITY_SVG, "without DTD or entities"),
    "SVG with external href and <image>": ("image/svg+xml", EXTERNAL_HREF_SVG, "kit"),
    "PNG declared as SVG": ("image/svg+xml", png(), "named .svg but its content is PNG"),
    "garbage declared as PNG": ("image/png", GARBAGE, "neither a PNG nor an SVG"),
}


@pytest.fixture(scope="module")
def served():
    with serve() as server:
        yield server
    record("hostile_uploads", {"cases": OUTCOMES, "requests": len(STATUSES),
                               "server_errors": sum(1 for s in STATUSES if s >= 500)})


def request(served, method, path, body):
    status, headers, answer = served.request(method, path, body)
    STATUSES.append(status)
    return status, answer


def upload(served, content_type: str, data: bytes) -> str:
    status, form = request(served, "POST", "/uploads", {"content_type": content_type, "bytes": len(data)})
    assert status == 201, form
    sent = requests.post(form["url"], data=form["fields"], files={"file": ("logo", data, content_type)}, timeout=30)
    STATUSES.append(sent.status_code)
    assert sent.status_code == 204, sent.text
    return str(form["upload_id"])


@pytest.mark.parametrize("case", sorted(RUNS))
def test_a_hostile_logo_fails_at_import_logo_readably_or_is_cleaned(served, case):
    content_type, data, expected = RUNS[case]
    status, accepted = request(served, "POST", "/brands", {**BRIEF, "existing_logo": upload(served, content_type,
                                                                                               data)})
    assert status == 202, accepted
    job = served.wait_for(accepted["job_id"])
    if expected == "kit":
        assert job["status"] == "succeeded", job.get("error")
        master = {f["path"]: f for f in job["kit"]["files"]}["logo/master.svg"]
        svg = requests.get(master["url"], timeout=30).text.lower()
        for unsafe in ("<script", "evil.example", "<image", "xlink:href=\"http"):
            assert unsafe not in svg, unsafe
        OUTCOMES[case] = "kit built; the unsafe parts are not in it"
    else:
        assert job["status"] == "failed" and job["error"]["stage"] == "ImportLogo", job
        cause = job["error"]["cause"]
        assert expected in cause and "Traceback" not in cause, cause
        OUTCOMES[case] = f"run failed at ImportLogo: {cause}"


def test_an_expired_presigned_post_is_refused_and_stores_nothing():
    # A served process whose forms live 1 s (UPLOAD_EXPIRES_S); the API's default is brandkit.logo_uploads.EXPIRES_IN.
    # Its functions run as threads of the server (--workers 0), so the API reads the server's environment: a worker
    # gets only its function's own, as on Lambda.
    with serve("--workers", "0", env={"UPLOAD_EXPIRES_S": "1"}) as short_lived:
        status, form = request(short_lived, "POST", "/uploads", {"content_type": "image/png", "bytes": 1024})
        assert status == 201 and form["expires_in"] == 1
        time.sleep(2.5)
        sent = requests.post(form["url"], data=form["fields"], files={"file": ("logo", png(), "image/png")},
                             timeout=30)
        STATUSES.append(sent.status_code)
        assert sent.status_code == 403 and b"Policy expired" in sent.content, sent.text
        s3 = boto3.client("s3", endpoint_url=short_lived.s3_endpoint, region_name="us-east-1",
                          aws_access_key_id="local", aws_secret_access_key="local")
        assert s3.list_objects_v2(Bucket=BUCKET, Prefix=form["fields"]["key"]).get("KeyCount", 0) == 0
        status, answer = request(short_lived, "POST", "/brands", {**BRIEF, "existing_logo": form["upload_id"]})
        assert status == 422 and answer["detail"][0]["loc"] == ["body", "existing_logo"]
    OUTCOMES["expired presigned POST"] = "403 AccessDenied (Policy expired), nothing stored; the brief naming it: 422"


@pytest.mark.parametrize("reference", ["../../tenants/other/uploads/up_" + "0" * 32, "/etc/passwd.png",
                                       "kits/someone/uploads/logo.png"])
def test_a_path_in_existing_logo_is_422(served, reference):
    status, answer = request(served, "POST", "/brands", {**BRIEF, "existing_logo": reference})
    assert status == 422 and answer["detail"][0]["loc"] == ["body", "existing_logo"], answer
    OUTCOMES[f"existing_logo {reference!r}"] = f"422 {answer['detail'][0]['type']}"


def test_no_answer_was_a_5xx(served):
    assert STATUSES and all(s < 500 for s in STATUSES), STATUSES
