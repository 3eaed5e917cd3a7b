"""Every Lambda handler, fed its sample event from events/ under moto, in the order the workflow runs them.

The same events work with `sam local invoke -e events/<name>.json <Function>`.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path
from unittest import mock

import boto3
import pytest
from moto import mock_aws

from brandkit_local import checkout
from brandkit_local.twin.lambdas import LambdaContext

ROOT = Path(__file__).parents[2]
BUCKET = "brandkit-local-kits"
PREFIX = "tenants/default/kits/job-sample"
PIPELINE = ["validate_brief", "design_logo", "palette", "rationale", "render_assets", "guidelines", "publish_manifest"]


def handler(name: str):
    return checkout.handler(name).lambda_handler


def event(name: str) -> dict:
    return json.loads((ROOT / "events" / f"{name}.json").read_text())


def context(name: str) -> LambdaContext:
    return LambdaContext(function_name=name, memory_limit_in_mb=1024, aws_request_id="req-1",
                         invoked_function_arn=f"arn:aws:lambda:us-east-1:123456789012:function:{name}",
                         deadline=time.monotonic() + 60)


@pytest.fixture()
def aws(fresh_clients):
    env = {"AWS_DEFAULT_REGION": "us-east-1", "KIT_BUCKET": BUCKET, "POWERTOOLS_TRACE_DISABLED": "true",
           "POWERTOOLS_METRICS_DISABLED": "true", "LOGO_ENGINE": "vector"}
    with mock.patch.dict(os.environ, env), mock_aws():
        s3 = boto3.client("s3")
        s3.create_bucket(Bucket=BUCKET)
        brief = (ROOT / "docs" / "samples" / "northwind-coffee.json").read_bytes()
        s3.put_object(Bucket=BUCKET, Key=f"{PREFIX}/brief.json", Body=brief)
        yield s3


def test_every_function_has_a_sample_event():
    for app in (ROOT / "functions").glob("*/app.py"):
        name = app.parent.name
        assert any((ROOT / "events").glob(f"{name}*.json")), f"events/ has no sample for {name}"


@pytest.mark.slow
def test_stage_handlers_in_workflow_order(aws):
    from tests.integration.api_fixtures import pass_state_machine

    # PublishManifest reads the stage timings from the history of the execution its sample event names.
    boto3.client("stepfunctions").start_execution(stateMachineArn=pass_state_machine(), name="job-sample", input="{}")
    for name in PIPELINE:
        result = handler(name)(event(name), context(name))
        assert "timing_ms" not in result, "stage times come from the execution history, not the payload"
        json.dumps(result)  # must be plain JSON for Step Functions
        assert len(json.dumps(result)) < 8 * 1024, f"{name} returned a large payload"
    keys = {o["Key"] for o in aws.list_objects_v2(Bucket=BUCKET, Prefix=f"{PREFIX}/")["Contents"]}
    assert f"{PREFIX}/work/profile.json" in keys
    assert f"{PREFIX}/kit/guidelines.pdf" in keys and f"{PREFIX}/kit/manifest.json" in keys
    assert f"{PREFIX}/kit.zip" in keys  # beside kit/, so the manifest does not list it
    manifest = json.loads(aws.get_object(Bucket=BUCKET, Key=f"{PREFIX}/kit/manifest.json")["Body"].read())
    assert manifest["execution"] == event("publish_manifest")["execution"] and manifest["timings_ms"] == {}


def test_validate_brief_rejects_an_invalid_brief(aws):
    aws.put_object(Bucket=BUCKET, Key=f"{PREFIX}/brief.json", Body=b'{"company_name": "", "industry": "x"}')
    with pytest.raises(Exception) as info:
        handler("validate_brief")(event("validate_brief"), context("validate_brief"))
    assert type(info.value).__name__ == "BriefInvalid" and "company_name" in str(info.value)


def test_record_failure_writes_failure_and_event_without_history(aws):
    result = handler("record_failure")(event("record_failure"), context("record_failure"))
    assert result["event"]["type"] == "brand.kit.failed"
    assert result["event"]["cause"] == "the palette could not meet WCAG AA for body text"
    body = aws.get_object(Bucket=BUCKET, Key=f"{PREFIX}/failure.json")["Body"].read()
    assert json.loads(body)["error"] == "StageError"


def test_api_handler_answers_every_sample_event(aws):
    """`sam local invoke -e events/api_*.json ApiFunction` works: every sample event reaches its route."""
    from brandkit.job_records import JobRecords
    from tests.integration.api_fixtures import create_jobs_table, pass_state_machine

    machine = pass_state_machine()
    boto3.client("stepfunctions").start_execution(stateMachineArn=machine, name="job-sample", input="{}")
    create_jobs_table("brandkit-jobs")
    JobRecords("brandkit-jobs").add("job-sample", "default")  # the sample events' tenant owns the job
    expected = {"api_post_brands": 202, "api_list_brands": 200, "api_get_brand": 200, "api_get_kit": 409,
                "api_get_openapi": 200, "api_post_uploads": 201}
    assert {p.stem for p in (ROOT / "events").glob("api_*.json")} == set(expected)
    api = handler("api")
    with mock.patch.dict(os.environ, {"STATE_MACHINE_ARN": machine, "JOBS_TABLE": "brandkit-jobs"}):
        for name, status in expected.items():
            request = event(name)
            if name == "api_post_brands":  # the keyed retry path needs the jobs table: see test_api_idempotency.py
                request["headers"].pop("Idempotency-Key")
                request["multiValueHeaders"].pop("Idempotency-Key")
            response = api(request, context("api"))
            assert response["statusCode"] == status, (name, response["body"])
            json.loads(response["body"])
