"""The API's Lambda authorizer (REQUEST type): `Authorization: Bearer <token>` -> the caller's tenant.

API Gateway calls it before every API method and caches the answer per Authorization header for the
template's ReauthorizeEvery. The policy allows every method of the stage, since the cached answer is reused
for whichever method the same token calls next; the tenant travels as the context, which the API reads from
requestContext.authorizer (brandkit.api.tenant). Raising Exception("Unauthorized") is how API Gateway is told
to answer 401. The work is brandkit.auth's; the token itself is never logged.
"""

import os
from typing import Any

from aws_lambda_powertools import Logger
from aws_lambda_powertools.utilities.data_classes.api_gateway_authorizer_event import (
    APIGatewayAuthorizerRequestEvent,
    APIGatewayAuthorizerResponse,
)
from aws_lambda_powertools.utilities.typing import LambdaContext

from brandkit import clients
from brandkit.auth import TokenRefused, caller_of
from brandkit.tracing import handler_tracer

logger = Logger()
tracer = handler_tracer()


@logger.inject_lambda_context(log_event=False)
@tracer.capture_lambda_handler
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    request = APIGatewayAuthorizerRequestEvent(event)
    try:
        tokens = clients.client("dynamodb-resource").Table(os.environ["TOKENS_TABLE"])
        caller = caller_of(request.headers.get("authorization"), tokens)  # case-insensitive
    except TokenRefused as refused:
        logger.info("refused", extra={"reason": refused.reason, "method_arn": request.method_arn})
        raise Exception("Unauthorized") from None  # noqa: TRY002 - the exact exception API Gateway answers 401 to
    arn = request.parsed_arn
    policy = APIGatewayAuthorizerResponse(
        principal_id=f"{caller.tenant}/{caller.token_id}", region=arn.region, aws_account_id=arn.aws_account_id,
        api_id=arn.api_id, stage=arn.stage, context={"tenant": caller.tenant}, partition=arn.partition)
    policy.allow_all_routes()
    logger.info("allowed", extra={"tenant": caller.tenant, "token_id": caller.token_id})
    return policy.asdict()
