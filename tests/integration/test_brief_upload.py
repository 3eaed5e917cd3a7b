"""S3-triggered runs under moto: the BriefUpload handler fed SQS batches of S3 notifications.

The state machine is a trivial Pass machine (execution is off in moto): what is checked is how many
executions get started, what lands in the bucket and what goes out on the events topic.
"""

from __future__ import annotations

import copy
import json
import os
import time
from pathlib import Path
from unittest import mock
from urllib.parse import quote_plus

import boto3
import pytest
from botocore.exceptions import ClientError
from moto import mock_aws

from brandkit import clients, uploads
from brandkit.job_records import JobRecords
from brandkit.webhooks.tenant_routing import NO_TENANT
from brandkit_local import checkout
from brandkit_local.twin.lambdas import LambdaContext
from tests.integration.api_fixtures import create_jobs_table

ROOT = Path(__file__).parents[2]
BUCKET = "brandkit-local-kits"
JOBS_TABLE = "brandkit-jobs"
SAMPLE = (ROOT / "docs" / "samples" / "northwind-coffee.json").read_bytes()


def _handler():
    return checkout.handler("brief_upload").lambda_handler


def _context() -> LambdaContext:
    return LambdaContext(function_name="brief_upload", memory_limit_in_mb=256, aws_request_id="req-1",
                         invoked_function_arn="arn:aws:lambda:us-east-1:123456789012:function:brief_upload",
                         deadline=time.monotonic() + 30)


@pytest.fixture()
def aws(fresh_clients):
    env = {"AWS_DEFAULT_REGION": "us-east-1", "KIT_BUCKET": BUCKET, "POWERTOOLS_TRACE_DISABLED": "true",
           "POWERTOOLS_METRICS_DISABLED": "true", "AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing"}
    with mock.patch.dict(os.environ, env), mock_aws():
        s3, sns, sqs, sfn = (boto3.client(n) for n in ("s3", "sns", "sqs", "stepfunctions"))
        s3.create_bucket(Bucket=BUCKET)
        s3.put_bucket_versioning(Bucket=BUCKET, VersioningConfiguration={"Status": "Enabled"})
        topic = sns.create_topic(Name="brandkit-events")["TopicArn"]
        queue = sqs.create_queue(QueueName="events-tap")["QueueUrl"]
        queue_arn = sqs.get_queue_attributes(QueueUrl=queue, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
        sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=queue_arn, Attributes={"RawMessageDelivery": "true"})
        role = boto3.client("iam").create_role(RoleName="sfn", AssumeRolePolicyDocument="{}")["Role"]["Arn"]
        machine = sfn.create_state_machine(
            name="brandkit-brand-kit", roleArn=role,
            definition=json.dumps({"StartAt": "Done", "States": {"Done": {"Type": "Pass", "End": True}}}),
        )["stateMachineArn"]
        create_jobs_table(JOBS_TABLE)
        os.environ.update({"EVENTS_TOPIC_ARN": topic, "STATE_MACHINE_ARN": machine, "JOBS_TABLE": JOBS_TABLE})
        yield {"s3": s3, "sfn": sfn, "sqs": sqs, "tap": queue, "machine": machine}


def upload(aws, key: str, body: bytes) -> dict:
    """Put an object and return the S3 notification S3 would send for it."""
    put = aws["s3"].put_object(Bucket=BUCKET, Key=key, Body=body)
    return {"Records": [{
        "eventVersion": "2.1", "eventSource": "aws:s3", "awsRegion": "us-east-1", "eventName": "ObjectCreated:Put",
        "s3": {"bucket": {"name": BUCKET, "arn": f"arn:aws:s3:::{BUCKET}"},
               "object": {"key": quote_plus(key, safe="/"), "size": len(body), "eTag": put["ETag"].strip('"'),
                          "versionId": put["VersionId"], "sequencer": "0055AED6DCD90281E5"}},
    }]}


def batch(*notifications: dict, ids: list[str] | None = None) -> dict:
    ids = ids or [f"msg-{i}" for i in range(len(notifications))]
    return {
        "Records": [
            {
                "messageId": mid,
                "receiptHandle": f"rh-{mid}",
                "body": json.dumps(n),
                "attributes": {"ApproximateReceiveCount": "1"},
                "messageAttributes": {},
                "md5OfBody": "",
                "eventSource": "aws:sqs",
                "eventSourceARN": "arn:aws:sqs:us-east-1:123456789012:brief-uploads",
                "awsRegion": "us-east-1",
            }
            for mid, n in zip(ids, notifications, strict=True)
        ]
    }


def executions(aws) -> list[dict]:
    return aws["sfn"].list_executions(stateMachineArn=aws["machine"])["executions"]


def published(aws) -> list[dict]:
    return [event for event, _ in published_with_tenants(aws)]


def published_with_tenants(aws) -> list[tuple[dict, str | None]]:
    """Each event on the topic with its `tenant` message attribute (which webhooks it may reach)."""
    got = aws["sqs"].receive_message(QueueUrl=aws["tap"], MaxNumberOfMessages=10, WaitTimeSeconds=0,
                                     MessageAttributeNames=["All"])
    return [(json.loads(m["Body"]), m.get("MessageAttributes", {}).get("tenant", {}).get("StringValue"))
            for m in got.get("Messages", [])]


def test_a_duplicated_event_starts_exactly_one_run(aws):
    handler = _handler()
    note = upload(aws, "briefs/northwind coffee.json", SAMPLE)
    for _ in range(5):
        assert handler(batch(note), _context()) == {"batchItemFailures": []}
    assert handler(batch(note, copy.deepcopy(note)), _context()) == {"batchItemFailures": []}
    (run,) = executions(aws)
    expected = uploads.job_id_for(uploads.objects_in(note)[0][1])
    assert run["name"] == expected and expected.startswith("s3-") and len(expected) == 27
    brief = aws["s3"].get_object(Bucket=BUCKET, Key=f"tenants/default/kits/{expected}/brief.json")["Body"].read()
    assert json.loads(brief)["company_name"] == "Northwind Coffee"
    assert published(aws) == []


def test_a_new_version_of_the_same_key_is_a_new_run(aws):
    handler = _handler()
    handler(batch(upload(aws, "briefs/acme.json", SAMPLE)), _context())
    handler(batch(upload(aws, "briefs/acme.json", SAMPLE)), _context())
    assert len({e["name"] for e in executions(aws)}) == 2


@pytest.mark.parametrize(("body", "field", "needle"), [
    (b'{"company_name": "", "industry": "coffee"}', "company_name", "blank"),
    (b'{"company_name": "Acme", "industry": "x", "colour": "red"}', "colour", "not a known field"),
    (b"{not json", "brief", "not JSON"),
    (b'{"company_name": "Caf\xe9"}', "brief", "not UTF-8"),
    (b'{"company_name": "' + b"a" * (70 * 1024) + b'"}', "brief", "larger than"),
])
def test_an_invalid_brief_gets_a_report_and_a_failure_event(aws, body, field, needle):
    note = upload(aws, "briefs/bad one.json", body)
    result = _handler()(batch(note), _context())
    assert result == {"batchItemFailures": []}  # handled, not retried
    report = json.loads(aws["s3"].get_object(Bucket=BUCKET, Key="briefs/bad one.errors.json")["Body"].read())
    errors = {e["field"]: e["message"] for e in report["errors"]}
    assert needle in errors[field] and report["job_id"].startswith("s3-")
    (event,) = published(aws)
    assert {k: event[k] for k in ("type", "version", "job_id", "stage", "error")} == {
        "type": "brand.kit.failed", "version": "1", "job_id": report["job_id"], "stage": "ValidateBrief",
        "error": "BriefInvalid"}
    assert field in event["cause"]
    assert executions(aws) == []
    # A redelivery neither announces the failure again nor starts anything.
    _handler()(batch(note), _context())
    assert published(aws) == [] and executions(aws) == []


def test_the_folder_under_briefs_names_the_tenant(aws):
    handler = _handler()
    handler(batch(upload(aws, "briefs/acme/spring.json", SAMPLE), upload(aws, "briefs/spring.json", SAMPLE)),
            _context())
    started = {r["name"]: json.loads(r["input"])["brief_key"] for r in
               (aws["sfn"].describe_execution(executionArn=e["executionArn"]) for e in executions(aws))}
    assert sorted(key.split("/kits/")[0] for key in started.values()) == ["tenants/acme", "tenants/default"]
    records = JobRecords(JOBS_TABLE)
    assert {records.owner(job) for job in started} == {"acme", "default"}
    for job, key in started.items():
        assert key == f"tenants/{records.owner(job)}/kits/{job}/brief.json"
        stored = json.loads(aws["s3"].get_object(Bucket=BUCKET, Key=key)["Body"].read())
        assert stored["company_name"] == json.loads(SAMPLE)["company_name"]


def test_a_folder_that_is_no_tenant_id_is_refused():
    for raw in ("briefs/Acme+Corp/x.json", "briefs/-acme/x.json", "briefs/" + "a" * 33 + "/x.json"):
        with pytest.raises(uploads.KeyRefused, match="names the tenant"):
            uploads.brief_key(raw)


def test_failure_events_carry_the_tenant_of_the_folder(aws):
    _handler()(batch(upload(aws, "briefs/acme/bad.json", b"{")), _context())
    ((event, tenant),) = published_with_tenants(aws)
    assert event["error"] == "BriefInvalid" and tenant == "acme"
    note = upload(aws, "briefs/ok.json", SAMPLE)
    note["Records"][0]["s3"]["object"]["key"] = "elsewhere/x.json"
    _handler()(batch(note), _context())
    ((event, tenant),) = published_with_tenants(aws)
    assert event["error"] == "BriefKeyRefused" and tenant == NO_TENANT  # a refused key reaches no webhook


LOGO = b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect width="10" height="10"/></svg>'


def with_logo(name: str) -> bytes:
    return json.dumps({**json.loads(SAMPLE), "existing_logo": name}).encode()


def test_a_logo_beside_the_brief_is_copied_into_the_job_once(aws):
    aws["s3"].put_object(Bucket=BUCKET, Key="briefs/acme/mark.svg", Body=LOGO)
    note = upload(aws, "briefs/acme/brief.json", with_logo("mark.svg"))
    assert _handler()(batch(note), _context()) == {"batchItemFailures": []}
    (run,) = executions(aws)
    uploaded = f"tenants/acme/kits/{run['name']}/uploads/mark.svg"
    assert aws["s3"].get_object(Bucket=BUCKET, Key=uploaded)["Body"].read() == LOGO
    # A redelivery of the same brief version changes nothing, even if the logo beside it changed since.
    aws["s3"].put_object(Bucket=BUCKET, Key="briefs/acme/mark.svg", Body=LOGO.replace(b"10", b"20"))
    assert _handler()(batch(note), _context()) == {"batchItemFailures": []}
    assert aws["s3"].get_object(Bucket=BUCKET, Key=uploaded)["Body"].read() == LOGO
    assert len(executions(aws)) == 1 and published(aws) == []


@pytest.mark.parametrize(("logo", "needle"), [
    ("absent.png", "was not found beside the brief"),
    ("huge.png", "larger than 5 MB"),
    ("other/mark.svg", "beside the brief, not a path"),
])
def test_a_logo_that_cannot_be_used_fails_like_an_invalid_brief(aws, logo, needle):
    aws["s3"].put_object(Bucket=BUCKET, Key="briefs/acme/huge.png", Body=b"\x89PNG" + b"\0" * (5 * 1024 * 1024))
    aws["s3"].put_object(Bucket=BUCKET, Key="briefs/acme/other/mark.svg", Body=LOGO)
    note = upload(aws, "briefs/acme/brief.json", with_logo(logo))
    assert _handler()(batch(note), _context()) == {"batchItemFailures": []}
    report = json.loads(aws["s3"].get_object(Bucket=BUCKET, Key="briefs/acme/brief.errors.json")["Body"].read())
    assert needle in {e["field"]: e["message"] for e in report["errors"]}["existing_logo"]
    ((event, tenant),) = published_with_tenants(aws)
    assert event["error"] == "BriefInvalid" and "existing_logo" in event["cause"] and tenant == "acme"
    assert executions(aws) == []


def report_of(aws, key: str, body: bytes) -> dict:
    assert _handler()(batch(upload(aws, key, body)), _context()) == {"batchItemFailures": []}
    return json.loads(aws["s3"].get_object(Bucket=BUCKET, Key=uploads.error_report_key(key))["Body"].read())


def test_the_error_report_is_in_the_briefs_language(aws):
    french = report_of(aws, "briefs/fr.json", b'{"company_name": " ", "industry": "coffee", "language": "fr-CA"}')
    assert french["language"] == "fr"  # the catalogue used
    assert french["errors"] == [{"field": "company_name", "message": "ne doit pas être vide"}]
    aws["s3"].put_object(Bucket=BUCKET, Key="briefs/acme/huge.png", Body=b"\x89PNG" + b"\0" * (5 * 1024 * 1024))
    japanese = report_of(aws, "briefs/acme/ja.json",
                         json.dumps({**json.loads(with_logo("huge.png")), "language": "ja"}).encode())
    assert japanese["language"] == "ja"
    assert japanese["errors"] == [{"field": "existing_logo", "message": "ファイル 「huge.png」 は 5 MB を超えています"}]
    # a language the brief cannot declare (a malformed tag) or no catalogue has: English
    for name, language in (("bad-tag", "fr_FR!"), ("swahili", "sw")):
        report = report_of(aws, f"briefs/{name}.json",
                           json.dumps({"company_name": " ", "industry": "coffee", "language": language}).encode())
        assert report["language"] == "en" and "must not be blank" in report["errors"][0]["message"]


def test_the_error_report_itself_triggers_nothing(aws):
    note = upload(aws, "briefs/x.errors.json", b"{}")
    assert _handler()(batch(note), _context()) == {"batchItemFailures": []}
    assert executions(aws) == [] and published(aws) == []


def test_throttling_is_a_partial_batch_failure(aws):
    good = upload(aws, "briefs/good.json", SAMPLE)
    throttled = ClientError({"Error": {"Code": "ThrottlingException", "Message": "Rate exceeded"}}, "StartExecution")
    real = clients.sfn().start_execution
    calls = []

    def flaky(**kwargs):
        calls.append(kwargs["name"])
        if len(calls) == 2:
            raise throttled
        return real(**kwargs)

    with mock.patch.object(clients.sfn(), "start_execution", side_effect=flaky):
        result = _handler()(batch(good, upload(aws, "briefs/second.json", SAMPLE), ids=["ok", "slow"]), _context())
    assert result == {"batchItemFailures": [{"itemIdentifier": "slow"}]}
    assert len(executions(aws)) == 1


def test_a_whole_failed_batch_is_reported_not_raised(aws):
    note = upload(aws, "briefs/good.json", SAMPLE)
    throttled = ClientError({"Error": {"Code": "SlowDown", "Message": "Please reduce"}}, "GetObject")
    with mock.patch.object(clients.s3(), "get_object", side_effect=throttled):
        result = _handler()(batch(note, ids=["only"]), _context())
    assert result == {"batchItemFailures": [{"itemIdentifier": "only"}]}


@pytest.mark.parametrize("raw", [
    "briefs/../secrets.json",
    "briefs/%2E%2E/%2E%2E/kits/x/brief.json",
    "briefs%2F..%2Fkits%2Fevil.json",
    "kits/abc/brief.json",
    "briefs//x.json",
    "briefs/a%5C..%5Cb.json",
    "briefs/a%00.json",
    "briefs/notes.txt",
])
def test_key_traversal_is_refused(raw):
    with pytest.raises(uploads.KeyRefused):
        uploads.brief_key(raw)


def test_keys_are_url_decoded():
    assert uploads.brief_key("briefs/caf%C3%A9+bar.json") == "briefs/café bar.json"
    assert uploads.error_report_key("briefs/a/b.json") == "briefs/a/b.errors.json"


def test_a_refused_key_is_announced_and_writes_nothing(aws):
    note = upload(aws, "briefs/ok.json", SAMPLE)
    note["Records"][0]["s3"]["object"]["key"] = "briefs/%2E%2E/kits/evil.json"
    assert _handler()(batch(note), _context()) == {"batchItemFailures": []}
    (event,) = published(aws)
    assert event["error"] == "BriefKeyRefused" and event["stage"] == "ValidateBrief"
    keys = {o["Key"] for o in aws["s3"].list_objects_v2(Bucket=BUCKET).get("Contents", [])}
    assert keys == {"briefs/ok.json"} and executions(aws) == []


def test_test_events_and_other_buckets(aws):
    assert uploads.objects_in({"Service": "Amazon S3", "Event": "s3:TestEvent", "Bucket": BUCKET}) == []
    note = upload(aws, "briefs/ok.json", SAMPLE)
    note["Records"][0]["s3"]["bucket"]["name"] = "someone-elses"
    _handler()(batch(note), _context())
    assert executions(aws) == [] and published(aws)[0]["error"] == "BriefKeyRefused"


def test_the_sample_event_works_with_the_handler(aws):
    event = json.loads((ROOT / "events" / "brief_upload.json").read_text())
    (record,) = json.loads(event["Records"][0]["body"])["Records"]
    key = uploads.brief_key(record["s3"]["object"]["key"])
    assert key == "briefs/northwind coffee.json"
    aws["s3"].put_object(Bucket=BUCKET, Key=key, Body=SAMPLE)
    # The sample names a version this moto bucket never made: that version is gone, which is reported, not retried.
    assert _handler()(event, _context()) == {"batchItemFailures": []}
    assert published(aws)[0]["error"] == "BriefMissing" and executions(aws) == []
    record["s3"]["object"].pop("versionId")
    event["Records"][0]["body"] = json.dumps({"Records": [record]})
    assert _handler()(event, _context()) == {"batchItemFailures": []}
    (run,) = executions(aws)
    assert run["name"].startswith("s3-")


def test_template_wires_the_queue_for_at_least_once_delivery():
    from tests.iac.cfn_template import load_template

    resources = load_template()["Resources"]
    timeout = resources["BriefUploadFunction"]["Properties"]["Timeout"]
    queue = resources["BriefUploadQueue"]["Properties"]
    assert queue["VisibilityTimeout"] >= 6 * timeout and queue["SqsManagedSseEnabled"] is True
    assert queue["RedrivePolicy"]["maxReceiveCount"] == 5
    assert resources["BriefUploadDeadLetterQueue"]["Properties"]["SqsManagedSseEnabled"] is True
    mapping = resources["BriefUploadEventSourceMapping"]["Properties"]
    assert mapping["FunctionResponseTypes"] == ["ReportBatchItemFailures"]
    (notify,) = resources["KitBucket"]["Properties"]["NotificationConfiguration"]["QueueConfigurations"]
    assert notify["Filter"]["S3Key"]["Rules"] == [
        {"Name": "prefix", "Value": "briefs/"},
        {"Name": "suffix", "Value": ".json"},
    ]
