"""The twin's S3 checks a presigned POST as S3 does (moto_bridge + post_policy): moto alone stores any form.

Each refusal is asserted on the status, S3's error code, and on the bucket: nothing was stored.
"""

from __future__ import annotations

import os
from unittest import mock
from xml.etree import ElementTree

import boto3
import pytest
import requests
from botocore.config import Config
from moto import mock_aws

from brandkit_local.twin import moto_bridge

BUCKET = "brandkit-post-policy"
KEY = "tenants/default/uploads/up_0123456789abcdef0123456789abcdef"
PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 100


@pytest.fixture
def s3():
    credentials = {"AWS_ACCESS_KEY_ID": "local", "AWS_SECRET_ACCESS_KEY": "local", "AWS_SESSION_TOKEN": "local",
                   "AWS_DEFAULT_REGION": "us-east-1"}
    with (mock.patch.dict(os.environ, credentials), mock_aws(),
          moto_bridge.bridged(lambda *_: (b"{}", None))):
        client = boto3.client("s3", config=Config(signature_version="s3v4"))  # as brandkit.clients.s3()
        client.create_bucket(Bucket=BUCKET)
        yield client


def presigned(s3, *, key=KEY, content_type="image/png", limit=1024, expires=600):
    return s3.generate_presigned_post(
        BUCKET, key, Fields={"Content-Type": content_type},
        Conditions=[{"Content-Type": content_type}, ["content-length-range", 1, limit]], ExpiresIn=expires)


def post(form, data=PNG, **changed):
    fields = {**form["fields"], **changed}
    return requests.post(form["url"], data=fields, files={"file": ("logo.png", data)}, timeout=10)


def stored(s3) -> list[str]:
    return [o["Key"] for o in s3.list_objects_v2(Bucket=BUCKET).get("Contents", [])]


def code_of(response) -> str:
    return ElementTree.fromstring(response.content).findtext("Code")


def test_a_form_within_its_policy_is_stored_with_its_content_type(s3):
    response = post(presigned(s3))
    assert response.status_code == 204, response.text
    head = s3.head_object(Bucket=BUCKET, Key=KEY)
    assert (head["ContentType"], head["ContentLength"]) == ("image/png", len(PNG))


@pytest.mark.parametrize(("case", "status", "code"), [
    ("expired", 403, "AccessDenied"),
    ("other content type", 403, "AccessDenied"),
    ("other key", 403, "AccessDenied"),
    ("too large", 400, "EntityTooLarge"),
    ("empty", 400, "EntityTooSmall"),
    ("forged signature", 403, "SignatureDoesNotMatch"),
    ("unsigned field", 403, "AccessDenied"),
    ("no policy", 403, "AccessDenied"),
])
def test_what_s3_refuses_is_refused_and_nothing_is_stored(s3, case, status, code):
    form = presigned(s3, expires=-1 if case == "expired" else 600, limit=50 if case == "too large" else 1024)
    changed = {
        "other content type": {"Content-Type": "text/html"},
        "other key": {"key": "tenants/other/uploads/up_ffffffffffffffffffffffffffffffff"},
        "forged signature": {"x-amz-signature": "0" * 64},
        "unsigned field": {"x-amz-meta-owner": "someone"},
    }.get(case, {})
    if case == "no policy":
        form["fields"].pop("policy")
    response = post(form, data=b"" if case == "empty" else PNG, **changed)
    assert (response.status_code, code_of(response)) == (status, code), response.text
    assert stored(s3) == []


def test_a_policy_signed_with_another_secret_is_refused(s3):
    other = boto3.client("s3", aws_access_key_id=os.environ["AWS_ACCESS_KEY_ID"], aws_secret_access_key="not-it",
                         config=Config(signature_version="s3v4"))
    response = post(presigned(other))
    assert (response.status_code, code_of(response)) == (403, "SignatureDoesNotMatch")
    assert stored(s3) == []


def test_sigv2_forms_are_checked_too(s3):
    v2 = boto3.client("s3")  # botocore's default for presigned POSTs in us-east-1
    form = presigned(v2)
    assert "signature" in form["fields"]
    assert post(form, signature="AAAA").status_code == 403
    assert stored(s3) == []
    assert post(form).status_code == 204
    assert stored(s3) == [KEY]


def test_delete_objects_is_still_a_post_moto_answers(s3):
    s3.put_object(Bucket=BUCKET, Key="a", Body=b"1")
    s3.delete_objects(Bucket=BUCKET, Delete={"Objects": [{"Key": "a"}]})
    assert stored(s3) == []
