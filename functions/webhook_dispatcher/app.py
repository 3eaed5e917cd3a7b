"""WebhookDispatcher: SQS batches from the webhook events queue (SNS, raw) and the retry queue.

Thin: the work is brandkit.webhooks.consumer. A record that raises (an unreadable message, a
throttled table) is reported back as a batch item failure, retried by SQS and in the end moved
to the dead-letter queue; the other records of the batch are not retried.
"""

from typing import Any

from aws_lambda_powertools import Logger, Metrics
from aws_lambda_powertools.metrics import MetricUnit
from aws_lambda_powertools.utilities.batch import BatchProcessor, EventType, process_partial_response
from aws_lambda_powertools.utilities.batch.types import PartialItemFailureResponse
from aws_lambda_powertools.utilities.data_classes.sqs_event import SQSRecord
from aws_lambda_powertools.utilities.typing import LambdaContext

from brandkit.tracing import handler_tracer
from brandkit.webhooks import consumer
from brandkit.webhooks.tenant_routing import tenant_of_message

logger = Logger()
tracer = handler_tracer("httpx")  # deliveries are httpx calls
metrics = Metrics()
# A batch where every record failed is reported like any other (each messageId listed), not raised.
processor = BatchProcessor(event_type=EventType.SQS, raise_on_entire_batch_failure=False)


@tracer.capture_method
def record_handler(record: SQSRecord) -> dict[str, Any]:
    try:
        tenant = tenant_of_message(record.raw_event.get("messageAttributes"))
        outcome = consumer.worker_from_env().handle(record.body, record.event_source_arn, now=consumer.utcnow(),
                                                    tenant=tenant)
    except consumer.UnreadableMessage as exc:
        logger.error("unreadable message, left for the dead-letter queue", extra={"message_id": record.message_id,
                                                                                  "reason": str(exc)})
        raise
    metrics.add_metric(name=f"webhook_{outcome['action']}", unit=MetricUnit.Count, value=1)
    logger.info("webhook message handled", extra={"message_id": record.message_id, "outcome": outcome})
    return outcome


@logger.inject_lambda_context(log_event=False)
@tracer.capture_lambda_handler
@metrics.log_metrics
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> PartialItemFailureResponse:
    return process_partial_response(event=event, record_handler=record_handler, processor=processor, context=context)
