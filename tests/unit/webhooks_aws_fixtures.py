"""A moto account with the webhook table, queues and topic shaped like template.yaml's, and REST events.

Shared by tests/unit/test_webhooks_registry.py and tests/integration/test_webhook_dispatcher.py.
"""

from __future__ import annotations

import copy
import json
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from unittest import mock

import boto3
from moto import mock_aws

from brandkit import clients
from brandkit_local.twin.lambdas import LambdaContext

ROOT = Path(__file__).parents[2]
from tests.iac.cfn_template import load_template  # noqa: E402

TABLE = "brandkit-webhooks"
TEMPLATE = load_template()


def _props(name: str) -> dict[str, Any]:
    return TEMPLATE["Resources"][name]["Properties"]


@dataclass
class WebhookCloud:
    ddb: Any
    sqs: Any
    sns: Any
    topic: str
    queues: dict[str, str]  # logical name -> URL
    arns: dict[str, str]
    sent: list[dict[str, Any]] = field(default_factory=list)  # every SendMessage the code made (params)

    def sent_to(self, logical: str) -> list[dict[str, Any]]:
        return [p for p in self.sent if p["QueueUrl"] == self.queues[logical]]

    def receive(self, logical: str) -> list[dict[str, Any]]:
        got = self.sqs.receive_message(QueueUrl=self.queues[logical], MaxNumberOfMessages=10,
                                       MessageAttributeNames=["All"])
        return got.get("Messages", [])

    def batch(self, logical: str, bodies: list[str], attributes: dict[str, Any] | None = None) -> dict[str, Any]:
        """An SQS Lambda event of these bodies, as the queue `logical` hands them to the function (each with these
        message attributes, in Lambda's shape)."""
        return {"Records": [{
            "messageId": f"m-{i}", "receiptHandle": f"rh-{i}", "body": body,
            "attributes": {"ApproximateReceiveCount": "1"}, "messageAttributes": attributes or {}, "md5OfBody": "",
            "eventSource": "aws:sqs", "eventSourceARN": self.arns[logical], "awsRegion": "us-east-1",
        } for i, body in enumerate(bodies)]}


def _create_queue(sqs, logical: str, name: str, arns: dict[str, str]) -> str:
    props = _props(logical)
    attributes = {k: str(props[k]).lower() if isinstance(props[k], bool) else str(props[k])
                  for k in ("VisibilityTimeout", "MessageRetentionPeriod", "SqsManagedSseEnabled") if k in props}
    if "RedrivePolicy" in props:
        target = props["RedrivePolicy"]["deadLetterTargetArn"]["Fn::GetAtt"][0]
        attributes["RedrivePolicy"] = json.dumps({"deadLetterTargetArn": arns[target],
                                                  "maxReceiveCount": props["RedrivePolicy"]["maxReceiveCount"]})
    url = sqs.create_queue(QueueName=name, Attributes=attributes)["QueueUrl"]
    arns[logical] = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    return url


@contextmanager
def webhook_cloud(*, insecure_local: bool) -> Iterator[WebhookCloud]:
    env = {"AWS_DEFAULT_REGION": "us-east-1", "AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing",
           "POWERTOOLS_TRACE_DISABLED": "true", "POWERTOOLS_METRICS_DISABLED": "true",
           "POWERTOOLS_METRICS_NAMESPACE": "Brandkit", "WEBHOOKS_TABLE": TABLE,
           "WEBHOOKS_ALLOW_INSECURE_LOCAL": "true" if insecure_local else "false"}
    # Callers' fixtures take `fresh_clients`, so the code's clients are made inside this moto session.
    with mock.patch.dict(os.environ, env), mock_aws():
        ddb, sqs, sns = boto3.client("dynamodb"), boto3.client("sqs"), boto3.client("sns")
        table = _props("WebhooksTable")
        ddb.create_table(TableName=TABLE, AttributeDefinitions=table["AttributeDefinitions"],
                         KeySchema=table["KeySchema"], BillingMode=table["BillingMode"])
        ddb.update_time_to_live(TableName=TABLE, TimeToLiveSpecification=table["TimeToLiveSpecification"])
        arns: dict[str, str] = {}
        queues = {logical: _create_queue(sqs, logical, name, arns) for logical, name in (
            ("WebhookDeadLetterQueue", "webhook-dead-letters"), ("WebhookEventsQueue", "webhook-events"),
            ("WebhookRetryQueue", "webhook-retries"))}
        topic = sns.create_topic(Name="brandkit-events")["TopicArn"]
        subscription = _props("WebhookEventsSubscription")
        sns.subscribe(TopicArn=topic, Protocol=subscription["Protocol"], Endpoint=arns["WebhookEventsQueue"],
                      Attributes={"RawMessageDelivery": str(subscription["RawMessageDelivery"]).lower()})
        os.environ.update({"WEBHOOK_RETRY_QUEUE_URL": queues["WebhookRetryQueue"],
                           "WEBHOOK_DEAD_LETTER_QUEUE_URL": queues["WebhookDeadLetterQueue"]})
        cloud = WebhookCloud(ddb=ddb, sqs=sqs, sns=sns, topic=topic, queues=queues, arns=arns)
        # Watch what the code sends through its own cached client (the calls still reach moto).
        clients.sqs().meta.events.register("provide-client-params.sqs.SendMessage",
                                                   lambda params, **_: cloud.sent.append(copy.deepcopy(params)))
        yield cloud


def rest_event(method: str, path: str, body: Any = None) -> dict:
    """An API Gateway REST proxy event for `method path`, made from the sample POST /brands event
    (/webhooks/<id> comes in on the template's resource /webhooks/{id})."""
    event = json.loads((ROOT / "events" / "api_post_brands.json").read_text())
    parts = path.strip("/").split("/")
    resource, path_parameters = ("/webhooks/{id}", {"id": parts[1]}) if len(parts) == 2 else (path, None)
    event.update({"resource": resource, "path": path, "httpMethod": method, "pathParameters": path_parameters,
                  "body": None if body is None else (body if isinstance(body, str) else json.dumps(body))})
    event["requestContext"].update({"resourcePath": resource, "httpMethod": method, "path": f"/v1{path}"})
    for headers in ("headers", "multiValueHeaders"):
        event[headers].pop("Idempotency-Key", None)
        if body is None:
            event[headers].pop("Content-Type", None)
    return event


def lambda_context(name: str, timeout_s: float = 15) -> LambdaContext:
    return LambdaContext(function_name=name, memory_limit_in_mb=256, aws_request_id="req-1",
                         invoked_function_arn=f"arn:aws:lambda:us-east-1:123456789012:function:{name}",
                         deadline=time.monotonic() + timeout_s)
