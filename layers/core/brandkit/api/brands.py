"""/brands: submit a brief, list runs, follow one stage by stage, download its kit. Work is done by brandkit.jobs."""
import hashlib
import os
from typing import Annotated, Any

from aws_lambda_powertools.event_handler.api_gateway import Router
from aws_lambda_powertools.event_handler.exceptions import BadRequestError, NotFoundError, ServiceError
from aws_lambda_powertools.event_handler.openapi.params import Header, Path, Query
from aws_lambda_powertools.utilities.data_classes import APIGatewayProxyEvent
from aws_lambda_powertools.utilities.typing import LambdaContext

from brandkit import clients, kit_links
from brandkit.api.language import reader
from brandkit.api.models import BrandAccepted, BrandJob, JobPage, KitDownload, problem
from brandkit.brief import Brief
from brandkit.i18n import Translator
from brandkit.job_report import job_report
from brandkit.jobs import JOB_ID, describe_execution, list_jobs, start_job
from brandkit.tracing import handler_tracer

tracer = handler_tracer()  # never a plain Tracer(): it would patch (import) every library X-Ray knows
router = Router()

IDEMPOTENCY_KEY = r"^[A-Za-z0-9_-]{1,64}$"
_invocation: dict[str, Any] = {}  # the Lambda context of the current invocation (remember_invocation)


def remember_invocation(context: LambdaContext) -> None:
    """Called by the handler on every invocation: keyed requests register it with the idempotency config,
    so an in-progress record expires with the invocation that wrote it."""
    _invocation["context"] = context


JobId = Annotated[str, Path(description="the job id returned by POST /brands", examples=["bk-5f1c0a3e9b7d4c2a8e61"])]
UNKNOWN_JOB = problem("No job with this id")


class ConflictError(ServiceError):
    def __init__(self, msg: str) -> None:
        super().__init__(409, msg)


class UnprocessableError(ServiceError):
    """A well-formed request the server will not act on (422 with a message, not a field list)."""

    def __init__(self, msg: str) -> None:
        super().__init__(422, msg)


@router.post(
    "/brands",
    status_code=202,
    summary="Start a brand kit",
    response_description="The run is queued; follow links.self",
    responses={
        202: {"description": "The run is queued; follow links.self"},
        409: problem("A request with this Idempotency-Key is still in progress"),
        # Field errors as Powertools reports them, or (as a Problem) an Idempotency-Key reused with another brief.
        422: {"description": "The brief or a header is invalid, or the Idempotency-Key was used for another brief",
              "content": {"application/json": {"schema": {"anyOf": [
                  {"$ref": "#/components/schemas/ValidationProblem"}, {"$ref": "#/components/schemas/Problem"}]}}}},
    },
    tags=["brands"],
)
@tracer.capture_method
def create_brand(
    brief: Brief,
    idempotency_key: Annotated[
        str | None,
        Header(alias="Idempotency-Key", pattern=IDEMPOTENCY_KEY,
               description="1-64 of A-Z a-z 0-9 _ -; a retry with the same key returns the same job."),
    ] = None,
) -> BrandAccepted:
    """Start a run for the brief; 202 with the job id.

    With an Idempotency-Key header (scoped to the caller's API key) the job id is derived from the key,
    so a retry can never start a second run, and Powertools idempotency (DynamoDB, JOBS_TABLE) returns
    the first answer for 24 hours. Reusing a key with a different brief is refused with 422 (as the IETF
    Idempotency-Key draft advises: the key names one request); a retry while the first request is still
    in flight gets 409. A malformed key is a 422 field error on header "idempotency-key".
    """
    if idempotency_key is None:
        return _start(brief, job_id=None)
    event = router.current_event
    assert isinstance(event, APIGatewayProxyEvent)  # the REST API's resolver parses every event as one
    scope = event.request_context.identity.api_key_id or "anon"
    request = {"idempotency_key": f"{scope}:{idempotency_key}", "brief": brief.model_dump(mode="json")}
    # Powertools idempotency imports boto3 (its DynamoDB layer): only keyed requests pay for it.
    from aws_lambda_powertools.utilities.idempotency.exceptions import (
        IdempotencyAlreadyInProgressError,
        IdempotencyValidationError,
    )

    start = _idempotent_start()
    if _invocation.get("context") is not None:
        start.config.register_lambda_context(_invocation["context"])
    try:
        accepted: dict[str, Any] = start(request=request)
        return accepted
    except IdempotencyValidationError:
        raise UnprocessableError(_t().gettext("this Idempotency-Key was already used with a different brief")) from None
    except IdempotencyAlreadyInProgressError:
        message = _t().gettext("a request with this Idempotency-Key is still in progress; retry shortly")
        raise ConflictError(message) from None


def _start(brief: Brief, job_id: str | None) -> dict[str, Any]:
    started = start_job(brief, bucket=os.environ["KIT_BUCKET"], state_machine_arn=os.environ["STATE_MACHINE_ARN"],
                        job_id=job_id)
    job_id = started["job_id"]
    return {
        "job_id": job_id,
        "status": "queued",
        "links": {"self": f"/brands/{job_id}", "kit": f"/brands/{job_id}/kit"},
    }


def _start_once(request: dict[str, Any]) -> dict[str, Any]:
    job_id = "idem-" + hashlib.sha256(request["idempotency_key"].encode()).hexdigest()[:24]
    return _start(Brief.model_validate(request["brief"]), job_id=job_id)


@clients.per_process
def _idempotent_start() -> Any:  # the decorated _start_once, with .config for the Lambda context
    """Built on first use: the persistence layer opens a DynamoDB client, and only keyed requests need it."""
    from aws_lambda_powertools.utilities.idempotency import (
        DynamoDBPersistenceLayer,
        IdempotencyConfig,
        idempotent_function,
    )

    # The key is read from the record Powertools is handed, never from the whole event (which never repeats).
    config = IdempotencyConfig(event_key_jmespath="idempotency_key", payload_validation_jmespath="brief",
                               raise_on_no_idempotency_key=True, expires_after_seconds=24 * 3600)
    persistence = DynamoDBPersistenceLayer(table_name=os.environ["JOBS_TABLE"], key_attr="id", expiry_attr="expiration")
    start = idempotent_function(data_keyword_argument="request", config=config, persistence_store=persistence)(
        _start_once
    )
    start.config = config
    return start


@router.get(
    "/brands",
    summary="List recent runs, newest first",
    tags=["brands"],
    responses={200: {"description": "One page of runs"}, 400: problem("next_token is not one this API gave out")},
)
@tracer.capture_method
def list_brands(
    limit: Annotated[int, Query(ge=1, le=100, description="page size")] = 20,
    next_token: Annotated[str | None, Query(max_length=2048, description="next_token of the previous page")] = None,
) -> JobPage:
    try:
        return list_jobs(os.environ["STATE_MACHINE_ARN"], limit=limit, next_token=next_token)
    except ValueError as exc:
        raise BadRequestError(str(exc)) from None


@router.get(
    "/brands/<job_id>",
    summary="Follow a run: status, stages, and the kit's download links or the failure",
    responses={200: {"description": "The run"}, 404: UNKNOWN_JOB},
    tags=["brands"],
)
@tracer.capture_method
def get_brand(job_id: JobId) -> BrandJob:
    report = job_report(os.environ["STATE_MACHINE_ARN"], os.environ["KIT_BUCKET"], _known(job_id))
    if report is None:
        raise _no_job(job_id)
    if "kit" in report:
        report["kit"]["zip"] = f"/brands/{job_id}/kit"
    return report


@router.get(
    "/brands/<job_id>/kit",
    summary="Download the whole kit as one zip (a presigned URL)",
    responses={
        200: {"description": "A presigned GET of the kit's zip"},
        404: UNKNOWN_JOB,
        409: problem("The run has not succeeded (yet)"),
        410: problem("The kit has expired and was deleted"),
    },
    tags=["brands"],
)
@tracer.capture_method
def get_brand_kit(job_id: JobId) -> KitDownload:
    execution = describe_execution(os.environ["STATE_MACHINE_ARN"], _known(job_id))
    if execution is None:
        raise _no_job(job_id)
    if execution["status"] != "SUCCEEDED":
        raise ConflictError(_t().gettext("kit not ready: job is running") if execution["status"] == "RUNNING"
                            else _t().gettext("kit not ready: job is failed"))
    link = kit_links.kit_zip_link(os.environ["KIT_BUCKET"], job_id)
    if link is None:
        raise ServiceError(410, _t().gettext("the kit of this job has expired and was deleted"))
    return {"job_id": job_id, **link}


def _known(job_id: str) -> str:
    """A malformed id names no job: 404 before anything is asked of AWS."""
    if not JOB_ID.match(job_id):
        raise _no_job(job_id)
    return job_id


def _no_job(job_id: str) -> NotFoundError:
    return NotFoundError(_t().gettext("no brand job {job_id}").format(job_id=repr(job_id[:80])))


def _t() -> Translator:
    """The catalogue of the person reading this request's answer (brandkit.api.language)."""
    return reader(router.current_event)
