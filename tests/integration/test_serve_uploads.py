"""Issue 16's uploads against `brandkit serve` over HTTP: POST /uploads, the presigned POST to the served S3 (which
checks the policy, moto_bridge), a brief naming the upload id, and a kit built from that logo."""

from __future__ import annotations

import json
import urllib.request

import pytest
import requests

from tests.integration.serve_fixture import serve
from tests.unit.logo_upload_files import png

pytestmark = pytest.mark.slow

BRIEF = {"company_name": "Harbor & Pine", "industry": "outdoor gear", "values": ["durable"], "style": ["rugged"]}
SVG = (b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100">'
       b'<circle cx="50" cy="50" r="45" fill="#0B6E4F"/><rect x="30" y="30" width="40" height="40" fill="#F2C14E"/>'
       b"</svg>")


@pytest.fixture(scope="module")
def served():
    with serve() as server:
        yield server


def uploaded(served, data: bytes, content_type: str) -> str:
    status, _, form = served.request("POST", "/uploads", {"content_type": content_type, "bytes": len(data)})
    assert status == 201, form
    assert form["url"].startswith(served.s3_endpoint)  # the served S3, reachable from a browser
    sent = requests.post(form["url"], data=form["fields"], files={"file": ("logo", data, content_type)}, timeout=30)
    assert sent.status_code == 204, sent.text
    return str(form["upload_id"])


def fetch(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310 - the local S3 endpoint
        return response.read()


def kit_from(served, upload_id: str) -> tuple[dict, dict]:
    status, _, accepted = served.request("POST", "/brands", {**BRIEF, "existing_logo": upload_id})
    assert status == 202, accepted
    job = served.wait_for(accepted["job_id"])
    assert job["status"] == "succeeded", job
    manifest = json.loads(fetch(job["kit"]["manifest_url"]))
    return job, manifest


@pytest.mark.parametrize(("data", "content_type", "drawing"), [
    (SVG, "image/svg+xml", ['<circle cx="50" cy="50" r="45"', '<rect x="30" y="30" width="40" height="40"']),
    (png(size=96), "image/png", ["<path"]),  # traced
])
def test_an_uploaded_logo_is_the_kits_logo(served, data, content_type, drawing):
    job, manifest = kit_from(served, uploaded(served, data, content_type))
    assert [(c["id"], c["kind"], c["chosen"]) for c in job["concepts"]] == [("existing", "imported", True)]
    assert manifest["logo"]["engine"] == "existing"
    # The concept is the uploaded drawing (sanitised or traced; recoloured to the kit's palette).
    preview = fetch(job["concepts"][0]["preview_url"]).decode()
    assert all(part in preview for part in drawing), preview[:400]


def test_an_unusable_upload_fails_the_run_at_import_logo_with_a_readable_cause(served):
    upload_id = uploaded(served, b"\x89PNG\r\n\x1a\n" + b"\0" * 64, "image/png")  # a PNG signature, then nothing
    status, _, accepted = served.request("POST", "/brands", {**BRIEF, "existing_logo": upload_id})
    assert status == 202, accepted
    job = served.wait_for(accepted["job_id"])
    assert job["status"] == "failed" and job["error"]["stage"] == "ImportLogo", job
    assert "your logo cannot be used" in job["error"]["cause"] and "Traceback" not in job["error"]["cause"]


def test_an_expired_or_unsent_upload_is_422_on_existing_logo(served):
    status, _, form = served.request("POST", "/uploads", {"content_type": "image/png", "bytes": 10})
    assert status == 201
    status, _, answer = served.request("POST", "/brands", {**BRIEF, "existing_logo": form["upload_id"]})
    assert status == 422 and answer["detail"][0]["loc"] == ["body", "existing_logo"], answer
