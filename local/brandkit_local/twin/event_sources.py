"""SQS event source mappings, as Lambda runs them: poll each queue, hand a batch to the real handler,
delete what it processed and leave what it reported failed (ReportBatchItemFailures) for redelivery.

Used by the local server so that S3 uploads under briefs/ and webhook deliveries run as deployed.
The mappings come from template.yaml: AWS::Lambda::EventSourceMapping resources and SQS function events.
"""

from __future__ import annotations

import base64
import hashlib
import json
import logging
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

import boto3

from brandkit_local.twin import sam_template

log = logging.getLogger(__name__)



class Dispatcher(Protocol):
    """Runs a function of the twin (LocalLambdas in-process, WorkerLambdas in worker processes)."""

    def dispatch(self, name: str, payload: bytes) -> tuple[bytes, str | None]: ...

@dataclass(frozen=True)
class SqsSource:
    function: str  # physical function name in the twin
    queue_url: str
    queue_arn: str
    batch_size: int = 10


def sqs_sources(template: dict[str, Any], refs: dict[str, str], physical: dict[str, str]) -> list[SqsSource]:
    """Every SQS -> Lambda mapping the template declares; `physical` maps function logical ids to twin names."""
    arn_to_url = {refs[k]: refs[k.removesuffix(".Arn")] for k in refs if k.endswith(".Arn") and k[:-4] in refs}
    found: list[tuple[str | None, str | None, int]] = []
    for props in sam_template.resources_of(template, "AWS::Lambda::EventSourceMapping").values():
        function = props["FunctionName"].get("Ref") if isinstance(props["FunctionName"], dict) else None
        found.append((function, sam_template.resolve(props["EventSourceArn"], refs), int(props.get("BatchSize", 10))))
    for logical_id, props in sam_template.resources_of(template, "AWS::Serverless::Function").items():
        for event in props.get("Events", {}).values():
            if event.get("Type") == "SQS":
                found.append((logical_id, sam_template.resolve(event["Properties"]["Queue"], refs),
                              int(event["Properties"].get("BatchSize", 10))))
    return [SqsSource(physical[function], arn_to_url[arn], arn, size)
            for function, arn, size in found
            if function is not None and arn is not None and function in physical and arn in arn_to_url]


def sqs_event(source: SqsSource, messages: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """The event Lambda's SQS poller sends: one record per message."""
    return {"Records": [{
        "messageId": m["MessageId"],
        "receiptHandle": m["ReceiptHandle"],
        "body": m["Body"],
        "attributes": m.get("Attributes", {}),
        "messageAttributes": {name: lambda_attribute(a) for name, a in m.get("MessageAttributes", {}).items()},
        "md5OfBody": hashlib.md5(m["Body"].encode("utf-8")).hexdigest(),  # noqa: S324 - SQS's own checksum
        "eventSource": "aws:sqs",
        "eventSourceARN": source.queue_arn,
        "awsRegion": source.queue_arn.split(":")[3],
    } for m in messages]}


def lambda_attribute(attribute: Mapping[str, Any]) -> dict[str, Any]:
    """A message attribute as Lambda's poller hands it (camelCase), from ReceiveMessage's (PascalCase)."""
    value = {"stringValue": attribute["StringValue"]} if "StringValue" in attribute else {
        "binaryValue": base64.b64encode(attribute["BinaryValue"]).decode()}
    return {**value, "stringListValues": [], "binaryListValues": [], "dataType": attribute["DataType"]}


class SqsPoller:
    """One thread polling every source in turn; stops with stop()."""

    def __init__(self, sources: list[SqsSource], lambdas: Dispatcher, interval_s: float = 0.2):
        self.sources = sources
        self.lambdas = lambdas
        self.interval_s = interval_s
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="sqs-event-sources", daemon=True)

    def start(self) -> SqsPoller:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout=30)

    def poll_once(self) -> int:
        """One receive per source; returns how many messages were handed to functions."""
        sqs = boto3.client("sqs")
        handled = 0
        for source in self.sources:
            messages = sqs.receive_message(QueueUrl=source.queue_url, MaxNumberOfMessages=source.batch_size,
                                           MessageSystemAttributeNames=["All"],
                                           MessageAttributeNames=["All"]).get("Messages", [])
            if messages:
                self._invoke(sqs, source, messages)
                handled += len(messages)
        return handled

    def _invoke(self, sqs: Any, source: SqsSource, messages: Sequence[Mapping[str, Any]]) -> None:
        payload, error = self.lambdas.dispatch(source.function, json.dumps(sqs_event(source, messages)).encode())
        if error:  # the whole batch becomes visible again after the visibility timeout, as on AWS
            log.warning("%s failed on a batch of %d: %s", source.function, len(messages), payload[:300])
            return
        result = json.loads(payload or b"null") or {}
        failed = {item["itemIdentifier"] for item in result.get("batchItemFailures", [])}
        for message in messages:
            if message["MessageId"] not in failed:
                sqs.delete_message(QueueUrl=source.queue_url, ReceiptHandle=message["ReceiptHandle"])

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                busy = self.poll_once()
            except Exception:  # noqa: BLE001 - a poller keeps polling, as Lambda's does
                log.exception("event source poll failed")
                busy = 0
            if not busy:
                self._stop.wait(self.interval_s)
