"""The REST API: submit a brief, follow a job. Thin: validation by the Brief model, work by brandkit.jobs."""

import hashlib
import os
from functools import cache

from aws_lambda_powertools import Logger, Metrics, Tracer
from aws_lambda_powertools.event_handler import APIGatewayRestResolver, Response, content_types
from aws_lambda_powertools.event_handler.exceptions import NotFoundError
from aws_lambda_powertools.logging import correlation_paths

from brandkit.brief import Brief
from typing import Annotated

from aws_lambda_powertools.event_handler.openapi.params import Header, Query
from aws_lambda_powertools.utilities.idempotency import (
    DynamoDBPersistenceLayer,
    IdempotencyConfig,
    idempotent_function,
)
from aws_lambda_powertools.utilities.idempotency.exceptions import (
    IdempotencyAlreadyInProgressError,
    IdempotencyValidationError,
)

from brandkit.jobs import JOB_ID, describe_job, list_jobs, start_job

logger = Logger()
tracer = Tracer()
metrics = Metrics()
app = APIGatewayRestResolver(enable_validation=True)


IDEMPOTENCY_KEY = r"^[A-Za-z0-9_-]{1,64}$"
# The key is read from the record Powertools is handed, never from the whole event (which never repeats).
idempotency_config = IdempotencyConfig(
    event_key_jmespath="idempotency_key",
    payload_validation_jmespath="brief",
    raise_on_no_idempotency_key=True,
    expires_after_seconds=24 * 3600,
)


@app.post("/brands")
@tracer.capture_method
def create_brand(
    brief: Brief,
    idempotency_key: Annotated[
        str | None,
        Header(alias="Idempotency-Key", pattern=IDEMPOTENCY_KEY,
               description="1-64 of A-Z a-z 0-9 _ -; a retry with the same key returns the same job."),
    ] = None,
) -> Response[dict]:
    """Start a run for the brief; 202 with the job id.

    With an Idempotency-Key header (scoped to the caller's API key) the job id is derived from the key,
    so a retry can never start a second run, and Powertools idempotency (DynamoDB, JOBS_TABLE) returns
    the first answer for 24 hours. Reusing a key with a different brief is refused with 422 (as the IETF
    Idempotency-Key draft advises: the key names one request); a retry while the first request is still
    in flight gets 409. A malformed key is a 422 field error on header "idempotency-key".
    """
    if idempotency_key is None:
        return _accepted(_start(brief, job_id=None))
    scope = app.current_event.request_context.identity.api_key_id or "anon"
    request = {"idempotency_key": f"{scope}:{idempotency_key}", "brief": brief.model_dump(mode="json")}
    try:
        return _accepted(_idempotent_start()(request=request))
    except IdempotencyValidationError:
        return _problem(422, "this Idempotency-Key was already used with a different brief")
    except IdempotencyAlreadyInProgressError:
        return _problem(409, "a request with this Idempotency-Key is still in progress; retry shortly")


def _start(brief: Brief, job_id: str | None) -> dict:
    started = start_job(brief, bucket=os.environ["KIT_BUCKET"], state_machine_arn=os.environ["STATE_MACHINE_ARN"],
                        job_id=job_id)
    job_id = started["job_id"]
    return {"job_id": job_id, "status": "queued", "links": {"self": f"/brands/{job_id}"}}


def _start_once(request: dict) -> dict:
    job_id = "idem-" + hashlib.sha256(request["idempotency_key"].encode()).hexdigest()[:24]
    return _start(Brief.model_validate(request["brief"]), job_id=job_id)


@cache
def _idempotent_start():
    """Built on first use: the persistence layer opens a DynamoDB client, and only keyed requests need it."""
    persistence = DynamoDBPersistenceLayer(table_name=os.environ["JOBS_TABLE"], key_attr="id", expiry_attr="expiration")
    return idempotent_function(data_keyword_argument="request", config=idempotency_config,
                               persistence_store=persistence)(_start_once)


def _accepted(body: dict) -> Response:
    return Response(status_code=202, content_type=content_types.APPLICATION_JSON, body=body)


def _problem(status: int, message: str) -> Response:
    return Response(status_code=status, content_type=content_types.APPLICATION_JSON,
                    body={"statusCode": status, "message": message})


@app.get("/brands")
@tracer.capture_method
def list_brands(
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
    next_token: Annotated[str | None, Query(max_length=2048)] = None,
) -> dict:
    return list_jobs(os.environ["STATE_MACHINE_ARN"], limit=limit, next_token=next_token)


@app.get("/brands/<job_id>")
@tracer.capture_method
def get_brand(job_id: str) -> dict:
    job = describe_job(os.environ["STATE_MACHINE_ARN"], job_id) if JOB_ID.match(job_id) else None
    if job is None:
        raise NotFoundError(f"no brand job {job_id!r}")
    return job


@logger.inject_lambda_context(correlation_id_path=correlation_paths.API_GATEWAY_REST, log_event=False)
@tracer.capture_lambda_handler
@metrics.log_metrics
def lambda_handler(event, context):
    idempotency_config.register_lambda_context(context)  # in-progress records expire with this invocation
    return app.resolve(event, context)
