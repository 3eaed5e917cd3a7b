"""Suite 5: duplicates delivered at once. The same API request (same Idempotency-Key) five times
concurrently, and the same S3 notification five times concurrently: exactly one execution and one kit."""

from __future__ import annotations

import concurrent.futures
import json
import time

import boto3
import pytest
from botocore.config import Config

from tests.integration.serve_fixture import serve
from tests.reliability.figures import record

pytestmark = pytest.mark.slow
BRIEF = {"company_name": "Twice Shy Records", "industry": "independent record label", "style": ["bold"]}
COPIES = 5
RESULTS: dict[str, object] = {}


@pytest.fixture(scope="module")
def served():
    with serve() as server:
        yield server
    record("duplicates", RESULTS)


def local_client(served, service: str):
    return boto3.client(service, endpoint_url=served.s3_endpoint, region_name="us-east-1", aws_access_key_id="local",
                        aws_secret_access_key="local", config=Config(s3={"addressing_style": "path"}))


def executions_named(served, prefix: str) -> list[dict]:
    jobs = served.request("GET", "/brands?limit=100")[2]["jobs"]
    return [j for j in jobs if j["job_id"].startswith(prefix)]


def test_the_same_request_five_times_at_once_is_one_run(served):
    headers = {"Idempotency-Key": "dup-five-at-once"}
    with concurrent.futures.ThreadPoolExecutor(COPIES) as pool:
        answers = list(pool.map(lambda _: served.request("POST", "/brands", BRIEF, headers), range(COPIES)))
    codes = [a[0] for a in answers]
    assert set(codes) <= {202, 409} and 202 in codes, codes  # 409: "still in progress, retry"
    job_ids = {a[2]["job_id"] for a in answers if a[0] == 202}
    assert len(job_ids) == 1
    (job_id,) = job_ids
    assert served.wait_for(job_id)["status"] == "succeeded"
    again = served.request("POST", "/brands", BRIEF, headers)  # a late retry gets the first answer
    assert again[0] == 202 and again[2]["job_id"] == job_id
    assert len([j for j in served.request("GET", "/brands?limit=100")[2]["jobs"] if j["job_id"] == job_id]) == 1
    RESULTS["api_same_key"] = {"copies": COPIES, "answers": sorted(codes), "executions": 1}


def test_the_same_s3_notification_five_times_at_once_is_one_run(served):
    s3, sqs = local_client(served, "s3"), local_client(served, "sqs")
    put = s3.put_object(Bucket="brandkit-local-kits", Key="briefs/twice-shy.json", Body=json.dumps(BRIEF).encode())
    head = s3.head_object(Bucket="brandkit-local-kits", Key="briefs/twice-shy.json")
    notification = {
        "Records": [
            {
                "eventVersion": "2.1",
                "eventSource": "aws:s3",
                "awsRegion": "us-east-1",
                "eventName": "ObjectCreated:Put",
                "s3": {
                    "bucket": {"name": "brandkit-local-kits", "arn": "arn:aws:s3:::brandkit-local-kits"},
                    "object": {
                        "key": "briefs/twice-shy.json",
                        "size": head["ContentLength"],
                        "eTag": put["ETag"].strip('"'),
                        "versionId": put["VersionId"],
                        "sequencer": "0055AED6DCD90281E5",
                    },
                },
            }
        ]
    }
    queue = sqs.get_queue_url(QueueName="brandkit-local-BriefUploadQueue")["QueueUrl"]
    with concurrent.futures.ThreadPoolExecutor(COPIES) as pool:  # S3's own notification makes a sixth copy
        list(pool.map(lambda _: sqs.send_message(QueueUrl=queue, MessageBody=json.dumps(notification)), range(COPIES)))
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not executions_named(served, "s3-"):
        time.sleep(0.5)
    time.sleep(3)  # let every copy be consumed
    runs = executions_named(served, "s3-")
    assert len(runs) == 1, runs
    assert served.wait_for(runs[0]["job_id"])["status"] == "succeeded"
    attributes = sqs.get_queue_attributes(QueueUrl=queue, AttributeNames=["ApproximateNumberOfMessages"])
    assert attributes["Attributes"]["ApproximateNumberOfMessages"] == "0", "every copy was consumed, none redelivered"
    RESULTS["s3_same_event"] = {"copies": COPIES + 1, "executions": len(runs)}
