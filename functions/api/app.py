"""The REST API on Lambda: the app is brandkit.api.build_app(); this module adds the Powertools handler shape."""

from typing import Any

from aws_lambda_powertools import Logger, Metrics
from aws_lambda_powertools.logging import correlation_paths
from aws_lambda_powertools.utilities.typing import LambdaContext

from brandkit.api import build_app
from brandkit.api.brands import remember_invocation
from brandkit.tracing import handler_tracer

logger = Logger()
tracer = handler_tracer()
metrics = Metrics()
app = build_app()


@logger.inject_lambda_context(correlation_id_path=correlation_paths.API_GATEWAY_REST, log_event=False)
@tracer.capture_lambda_handler
@metrics.log_metrics
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    remember_invocation(context)  # keyed requests: in-progress records expire with this invocation
    return app.resolve(event, context)
