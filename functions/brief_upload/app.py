"""BriefUpload: SQS batches of S3 notifications for briefs/*.json -> one job per uploaded brief version.

Thin: the work is brandkit.uploads. A record that raises (throttling, 5xx) is reported back as a batch
item failure and retried by SQS until it lands in the DLQ; an invalid brief is handled (report + event).
"""

import json
import os
from typing import Any

from aws_lambda_powertools import Logger
from aws_lambda_powertools.utilities.batch import BatchProcessor, EventType, process_partial_response
from aws_lambda_powertools.utilities.batch.types import PartialItemFailureResponse
from aws_lambda_powertools.utilities.data_classes.sqs_event import SQSRecord
from aws_lambda_powertools.utilities.typing import LambdaContext

from brandkit.tracing import handler_tracer
from brandkit.uploads import handle_notification

logger = Logger()
tracer = handler_tracer()
# A batch where every record failed is reported like any other (each messageId listed), not raised.
processor = BatchProcessor(event_type=EventType.SQS, raise_on_entire_batch_failure=False)


@tracer.capture_method
def record_handler(record: SQSRecord) -> list[dict[str, Any]]:
    outcomes = handle_notification(
        json.loads(record.body),
        bucket=os.environ["KIT_BUCKET"],
        state_machine_arn=os.environ["STATE_MACHINE_ARN"],
        topic_arn=os.environ["EVENTS_TOPIC_ARN"],
    )
    logger.info("notification handled", extra={"message_id": record.message_id, "outcomes": outcomes})
    return outcomes


@logger.inject_lambda_context(log_event=False)
@tracer.capture_lambda_handler
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> PartialItemFailureResponse:
    return process_partial_response(event=event, record_handler=record_handler, processor=processor, context=context)
