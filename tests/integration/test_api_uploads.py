"""POST /uploads and a brief naming its upload id, through the API's Lambda handler over the local twin.

The presigned POST goes to the twin's S3, which checks its policy as S3 does (moto_bridge, post_policy). Runs are
accepted but not executed here (LocalCloud(execute=False)): tests/integration/test_serve.py builds kits from
uploaded logos end to end.
"""

from __future__ import annotations

import json
import re

import boto3
import pytest
import requests

from brandkit.job_files import BRIEF
from brandkit.logo_uploads import EXPIRES_IN, MAX_LOGO_BYTES
from brandkit_local.twin import LocalCloud
from brandkit_local.twin.cloud import BUCKET
from tests.integration.api_fixtures import load_api
from tests.integration.test_api_brands import call, sample_brief
from tests.unit.logo_upload_files import png, svg

TENANT = "default"


@pytest.fixture(scope="module")
def cloud():
    with LocalCloud(execute=False) as local:
        local.api = load_api("handler_api_uploads")
        yield local


def new_upload(cloud, content_type="image/png", size=1024, tenant=TENANT) -> tuple[int, dict]:
    code, body, _ = call(cloud, "POST", "/uploads", json.dumps({"content_type": content_type, "bytes": size}),
                         tenant=tenant)
    return code, body


def upload(form: dict, data: bytes, content_type: str = "image/png") -> requests.Response:
    """What the web page does: the fields as they are, the file last."""
    return requests.post(form["url"], data=form["fields"], files={"file": ("logo", data, content_type)}, timeout=10)


def post_brief(cloud, existing_logo: str, tenant=TENANT) -> tuple[int, dict]:
    code, body, _ = call(cloud, "POST", "/brands", json.dumps({**sample_brief(), "existing_logo": existing_logo}),
                         tenant=tenant)
    return code, body


def test_an_uploaded_png_becomes_the_jobs_logo(cloud):
    data = png()
    code, form = new_upload(cloud, size=len(data))
    assert code == 201, form
    assert re.fullmatch(r"up_[0-9a-f]{32}", form["upload_id"]) and form["expires_in"] == EXPIRES_IN
    assert form["fields"]["key"] == f"tenants/{TENANT}/uploads/{form['upload_id']}"
    assert form["fields"]["Content-Type"] == "image/png"
    assert "<Key>brandkit-kind</Key><Value>work</Value>" in form["fields"]["tagging"]  # expires with work files
    assert upload(form, data).status_code == 204
    code, accepted = post_brief(cloud, form["upload_id"])
    assert code == 202, accepted
    store = cloud.store(accepted["job_id"])
    assert store.load(BRIEF).existing_logo == "logo.png"
    assert cloud.job_objects(accepted["job_id"])["uploads/logo.png"] == data


def test_an_uploaded_svg_becomes_logo_svg(cloud):
    data = svg()
    code, form = new_upload(cloud, "image/svg+xml", len(data))
    assert code == 201 and upload(form, data, "image/svg+xml").status_code == 204
    code, accepted = post_brief(cloud, form["upload_id"])
    assert code == 202, accepted
    assert cloud.job_objects(accepted["job_id"])["uploads/logo.svg"] == data


@pytest.mark.parametrize(("body", "field"), [
    ({"content_type": "image/gif", "bytes": 10}, "content_type"),
    ({"content_type": "image/png", "bytes": 0}, "bytes"),
    ({"content_type": "image/png", "bytes": MAX_LOGO_BYTES + 1}, "bytes"),
    ({"content_type": "image/png"}, "bytes"),
])
def test_a_bad_upload_request_is_422_naming_the_field(cloud, body, field):
    code, answer, _ = call(cloud, "POST", "/uploads", json.dumps(body), tenant=TENANT)
    assert code == 422 and [e["loc"] for e in answer["detail"]] == [["body", field]], answer


def test_the_form_takes_only_the_declared_file(cloud):
    code, form = new_upload(cloud, size=100)
    assert code == 201
    too_large = upload(form, png(size=256))
    assert too_large.status_code == 400 and b"EntityTooLarge" in too_large.content
    other_type = requests.post(form["url"], data={**form["fields"], "Content-Type": "text/html"},
                               files={"file": ("logo", b"<b>x</b>")}, timeout=10)
    assert other_type.status_code == 403
    other_key = requests.post(form["url"], data={**form["fields"], "key": "briefs/evil.json"},
                              files={"file": ("logo", b"{}")}, timeout=10)
    assert other_key.status_code == 403
    listed = boto3.client("s3").list_objects_v2(Bucket=BUCKET, Prefix="briefs/").get("KeyCount", 0)
    assert listed == 0
    assert post_brief(cloud, form["upload_id"])[0] == 422  # nothing was stored under the upload's key


def field_error(answer: dict) -> dict:
    (error,) = answer["detail"]
    assert error["loc"] == ["body", "existing_logo"]
    return error


def test_an_upload_never_made_is_422_on_existing_logo(cloud):
    code, form = new_upload(cloud)  # a form handed out, no file sent
    code, answer = post_brief(cloud, form["upload_id"])
    assert code == 422
    error = field_error(answer)
    assert error["type"] == "upload_missing" and "not uploaded yet, expired or unknown" in error["msg"]
    code, answer = post_brief(cloud, "up_" + "0" * 32)  # an id nobody was given
    assert code == 422 and field_error(answer)["type"] == "upload_missing"


def test_another_tenants_upload_reads_as_unknown(cloud):
    data = png()
    code, form = new_upload(cloud, size=len(data), tenant="acme")
    assert code == 201 and upload(form, data).status_code == 204
    _, theirs = post_brief(cloud, form["upload_id"], tenant=TENANT)
    _, unknown = post_brief(cloud, "up_" + "f" * 32, tenant=TENANT)
    assert field_error(theirs)["type"] == field_error(unknown)["type"] == "upload_missing"
    assert field_error(theirs)["msg"].replace(form["upload_id"], "ID") == \
        field_error(unknown)["msg"].replace("up_" + "f" * 32, "ID")
    assert post_brief(cloud, form["upload_id"], tenant="acme")[0] == 202  # its owner may use it


def test_an_object_of_another_type_under_the_uploads_key_is_refused(cloud):
    upload_id = "up_" + "a" * 32
    boto3.client("s3").put_object(Bucket=BUCKET, Key=f"tenants/{TENANT}/uploads/{upload_id}", Body=b"<html/>",
                                  ContentType="text/html")
    code, answer = post_brief(cloud, upload_id)
    assert code == 422
    error = field_error(answer)
    assert error["type"] == "upload_type" and "text/html" in error["msg"]


def test_an_object_over_the_limit_under_the_uploads_key_is_refused(cloud):
    upload_id = "up_" + "b" * 32
    boto3.client("s3").put_object(Bucket=BUCKET, Key=f"tenants/{TENANT}/uploads/{upload_id}",
                                  Body=b"\x89PNG\r\n\x1a\n" + b"\0" * MAX_LOGO_BYTES, ContentType="image/png")
    code, answer = post_brief(cloud, upload_id)
    assert code == 422
    error = field_error(answer)
    assert error["type"] == "upload_size" and str(MAX_LOGO_BYTES) in error["msg"]


@pytest.mark.parametrize(("reference", "kind"), [
    ("../up_" + "0" * 32, "logo_reference"), ("/etc/passwd", "logo_reference"), ("up_" + "0" * 31, "logo_file_type"),
    ("logo.gif", "logo_file_type"), ("tenants/other/uploads/logo.png", "upload_id_expected"),
    ("logo.svg", "upload_id_expected"),
])
def test_a_path_or_malformed_id_in_existing_logo_is_422(cloud, reference, kind):
    code, answer = post_brief(cloud, reference)
    assert code == 422 and field_error(answer)["type"] == kind, answer
