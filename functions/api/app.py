"""The REST API: submit a brief, follow a job. Thin: validation by the Brief model, work by brandkit.jobs."""

import os

from aws_lambda_powertools import Logger, Metrics, Tracer
from aws_lambda_powertools.event_handler import APIGatewayRestResolver, Response, content_types
from aws_lambda_powertools.event_handler.exceptions import NotFoundError
from aws_lambda_powertools.logging import correlation_paths

from brandkit.brief import Brief
from typing import Annotated

from aws_lambda_powertools.event_handler.openapi.params import Query

from brandkit.jobs import JOB_ID, describe_job, list_jobs, start_job

logger = Logger()
tracer = Tracer()
metrics = Metrics()
app = APIGatewayRestResolver(enable_validation=True)


@app.post("/brands")
@tracer.capture_method
def create_brand(brief: Brief) -> Response:
    started = start_job(brief, bucket=os.environ["KIT_BUCKET"], state_machine_arn=os.environ["STATE_MACHINE_ARN"])
    job_id = started["job_id"]
    body = {"job_id": job_id, "status": "queued", "links": {"self": f"/brands/{job_id}"}}
    return Response(status_code=202, content_type=content_types.APPLICATION_JSON, body=body)


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
    return app.resolve(event, context)
