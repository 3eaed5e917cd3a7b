"""POST /brands with an Idempotency-Key, under moto, on a jobs table shaped exactly like the template's."""

from __future__ import annotations

import copy
import json
import os
import time
from pathlib import Path
from unittest import mock

import boto3
import pytest
from moto import mock_aws

from brandkit.api import brands
from tests.integration.api_fixtures import api_context, create_jobs_table, load_api, pass_state_machine

ROOT = Path(__file__).parents[2]
BUCKET = "brandkit-local-kits"
TABLE = "brandkit-jobs"


def _api():
    return load_api("handler_api_idem")




@pytest.fixture()
def aws(fresh_clients):
    env = {
        "AWS_DEFAULT_REGION": "us-east-1",
        "KIT_BUCKET": BUCKET,
        "JOBS_TABLE": TABLE,
        "POWERTOOLS_TRACE_DISABLED": "true",
        "POWERTOOLS_METRICS_DISABLED": "true",
        "POWERTOOLS_METRICS_NAMESPACE": "Brandkit",
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
    }
    with mock.patch.dict(os.environ, env), mock_aws():
        boto3.client("s3").create_bucket(Bucket=BUCKET)
        ddb = boto3.client("dynamodb")
        create_jobs_table(TABLE)
        machine = pass_state_machine()
        os.environ["STATE_MACHINE_ARN"] = machine
        yield {"sfn": boto3.client("stepfunctions"), "ddb": ddb, "machine": machine}


def post(api, key: str | None, body: dict | None = None, api_key_id: str = "k1a2b3c4d5",
         tenant: str = "default") -> tuple[int, dict]:
    event = json.loads((ROOT / "events" / "api_post_brands.json").read_text())
    for headers in ("headers", "multiValueHeaders"):
        event[headers].pop("Idempotency-Key")
        if key is not None:
            event[headers]["Idempotency-Key"] = key if headers == "headers" else [key]
    if body is not None:
        event["body"] = json.dumps(body)
    event["requestContext"]["identity"]["apiKeyId"] = api_key_id
    event["requestContext"]["authorizer"] = {"tenant": tenant}
    response = api.lambda_handler(event, api_context())
    return response["statusCode"], json.loads(response["body"])


def sample() -> dict:
    return json.loads(json.loads((ROOT / "events" / "api_post_brands.json").read_text())["body"])


def idempotency_records(aws) -> list[dict]:
    """What Powertools keeps in the jobs table (the job#<id> ownership records live beside them)."""
    return [i for i in aws["ddb"].scan(TableName=TABLE)["Items"] if not i["id"]["S"].startswith("job#")]


def runs(aws) -> list[str]:
    return [e["name"] for e in aws["sfn"].list_executions(stateMachineArn=aws["machine"])["executions"]]


def test_a_retry_returns_the_same_job_and_starts_one_run(aws):
    api = _api()
    first = post(api, "order-42")
    assert first[0] == 202 and first[1]["job_id"].startswith("idem-")
    with mock.patch.object(brands, "start_job", side_effect=AssertionError("a retry must not start anything")):
        for _ in range(3):
            assert post(api, "order-42") == first  # answered from the stored record
    assert runs(aws) == [first[1]["job_id"]]
    # Powertools kept the answer in the jobs table, keyed on the header (not the whole event).
    items = idempotency_records(aws)
    assert len(items) == 1 and items[0]["status"]["S"] == "COMPLETED" and "expiration" in items[0]


def test_even_without_the_record_a_second_run_cannot_start(aws):
    api = _api()
    code, body = post(api, "order-7")
    aws["ddb"].delete_item(TableName=TABLE, Key={"id": idempotency_records(aws)[0]["id"]})
    assert post(api, "order-7") == (code, body)  # the execution name is derived from the key
    assert runs(aws) == [body["job_id"]]


def test_the_key_is_scoped_to_the_tenant(aws):
    api = _api()
    one = post(api, "same", tenant="alice")[1]["job_id"]
    two = post(api, "same", tenant="bob")[1]["job_id"]
    assert one != two and sorted(runs(aws)) == sorted([one, two])
    # Within a tenant the API key does not matter: another key of alice's gets alice's first answer.
    assert post(api, "same", tenant="alice", api_key_id="other-key")[1]["job_id"] == one


def test_same_key_different_brief_is_422(aws):
    api = _api()
    post(api, "order-9")
    changed = {**sample(), "company_name": "Southwind Tea"}
    code, body = post(api, "order-9", changed)
    assert code == 422 and "different brief" in body["message"]
    assert len(runs(aws)) == 1


def test_a_reformatted_but_equal_brief_is_a_retry(aws):
    api = _api()
    first = post(api, "order-10")
    shuffled = dict(reversed(list(sample().items())))
    assert post(api, "order-10", shuffled) == first


@pytest.mark.parametrize("key", ["", "a" * 65, "has space", "semi;colon", "ключ"])
def test_a_malformed_key_is_a_field_error(aws, key):
    code, body = post(_api(), key)
    assert code == 422 and body["detail"][0]["loc"] == ["header", "idempotency-key"]
    assert runs(aws) == []


def test_without_the_header_each_post_is_a_new_job(aws):
    api = _api()
    one, two = post(api, None), post(api, None)
    assert one[0] == two[0] == 202 and one[1]["job_id"] != two[1]["job_id"]
    assert one[1]["job_id"].startswith("bk-") and len(runs(aws)) == 2
    assert idempotency_records(aws) == []


def test_an_invalid_brief_with_a_key_leaves_no_record(aws):
    bad = copy.deepcopy(sample())
    bad["company_name"] = ""
    code, _ = post(_api(), "order-11", bad)
    assert code == 422 and runs(aws) == [] and aws["ddb"].scan(TableName=TABLE)["Items"] == []  # nor a job


def test_a_retry_while_the_first_is_in_flight_is_409(aws):
    api = _api()
    post(api, "order-12")
    (item,) = idempotency_records(aws)
    in_flight_until = str(int((time.time() + 60) * 1000))
    aws["ddb"].update_item(TableName=TABLE, Key={"id": item["id"]},
                           UpdateExpression="SET #s = :s, in_progress_expiration = :t",
                           ExpressionAttributeNames={"#s": "status"},
                           ExpressionAttributeValues={":s": {"S": "INPROGRESS"}, ":t": {"N": in_flight_until}})
    code, body = post(api, "order-12")
    assert code == 409 and "in progress" in body["message"]
