"""/brands: submit a brief, list runs, follow one stage by stage, download its kit. Work is done by brandkit.jobs."""
import hashlib
import os
from typing import Annotated, Any

from aws_lambda_powertools.event_handler.api_gateway import Router
from aws_lambda_powertools.event_handler.exceptions import BadRequestError, NotFoundError, ServiceError
from aws_lambda_powertools.event_handler.openapi.exceptions import RequestValidationError
from aws_lambda_powertools.event_handler.openapi.params import Header, Path, Query
from aws_lambda_powertools.event_handler.openapi.types import OpenAPIResponse
from aws_lambda_powertools.utilities.typing import LambdaContext

from brandkit import clients, kit_links
from brandkit.api.language import reader
from brandkit.api.models import (
    BrandAccepted,
    BrandJob,
    JobPage,
    KitDownload,
    RevisionAccepted,
    invalid_or_problem,
    problem,
)
from brandkit.api.tenant import request_tenant
from brandkit.brief import Brief
from brandkit.errors import OptionNotOffered
from brandkit.i18n import Translator
from brandkit.job_records import TokenRefused, records_from_env
from brandkit.job_report import job_report
from brandkit.jobs import JOB_ID, current_version, describe_execution, execution_name, list_jobs, start_job, versions
from brandkit.logo_uploads import UploadRefused, brief_with_upload, is_upload_id
from brandkit.revisions import Revision, RevisionRefused, start_revision
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
VersionNumber = Annotated[int, Path(ge=1, le=9999, description="the version; 1 is the first run")]
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
        422: invalid_or_problem("The brief or a header is invalid, or the Idempotency-Key was used for another brief"),
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

    With an Idempotency-Key header (scoped to the caller's tenant) the job id is derived from the key,
    so a retry can never start a second run, and Powertools idempotency (DynamoDB, JOBS_TABLE) returns
    the first answer for 24 hours. Reusing a key with a different brief is refused with 422 (as the IETF
    Idempotency-Key draft advises: the key names one request); a retry while the first request is still
    in flight gets 409. A malformed key is a 422 field error on header "idempotency-key".
    """
    if idempotency_key is None:
        return _start(brief, job_id=None)
    return _keyed(_idempotent_start(), idempotency_key, "", "brief", brief.model_dump(mode="json"))


def _keyed(call: Any, idempotency_key: str, scope: str, what: str, payload: dict[str, Any]) -> dict[str, Any]:
    """Run a keyed request once: Powertools idempotency returns the first answer to a retry."""
    # Scoped to the tenant: the same key in two tenants names two requests (and derives two job ids).
    request = {"idempotency_key": f"{_tenant()}:{scope}{idempotency_key}", what: payload}
    # Powertools idempotency imports boto3 (its DynamoDB layer): only keyed requests pay for it.
    from aws_lambda_powertools.utilities.idempotency.exceptions import (
        IdempotencyAlreadyInProgressError,
        IdempotencyValidationError,
    )

    if _invocation.get("context") is not None:
        call.config.register_lambda_context(_invocation["context"])
    try:
        accepted: dict[str, Any] = call(request=request)
        return accepted
    except IdempotencyValidationError:
        raise UnprocessableError(_t().gettext("this Idempotency-Key was already used with a different brief")
                                 if what == "brief" else
                                 "this Idempotency-Key was already used with a different revision") from None
    except IdempotencyAlreadyInProgressError:
        message = _t().gettext("a request with this Idempotency-Key is still in progress; retry shortly")
        raise ConflictError(message) from None


def _start(brief: Brief, job_id: str | None) -> dict[str, Any]:
    brief, uploads = _with_upload(brief)
    started = start_job(brief, tenant=_tenant(), bucket=os.environ["KIT_BUCKET"],
                        state_machine_arn=os.environ["STATE_MACHINE_ARN"], job_id=job_id, uploads=uploads)
    job_id = started["job_id"]
    return {
        "job_id": job_id,
        "status": "queued",
        "links": {"self": f"/brands/{job_id}", "kit": f"/brands/{job_id}/kit"},
    }


def _with_upload(brief: Brief) -> tuple[Brief, dict[str, bytes]]:
    """An existing_logo naming an upload id (POST /uploads) becomes the job's own copy of the caller's upload;
    one that cannot be used is a 422 on existing_logo (another tenant's id reads as an unknown one). A file name
    or path is the CLI's kind of reference: through the API nothing could have put such a file in the job."""
    if not brief.existing_logo:
        return brief, {}
    if not is_upload_id(brief.existing_logo):
        raise _logo_refused("upload_id_expected", "must be an upload id from POST /uploads (up_ and 32 hex digits)", {})
    try:
        return brief_with_upload(brief, _tenant(), bucket=os.environ["KIT_BUCKET"])
    except UploadRefused as refused:
        raise _logo_refused(f"upload_{refused.reason}", str(refused), refused.context) from None


def _logo_refused(kind: str, message: str, context: dict[str, Any]) -> RequestValidationError:
    return RequestValidationError([{"loc": ("body", "existing_logo"), "type": kind, "msg": message, "ctx": context}])


def _start_once(request: dict[str, Any]) -> dict[str, Any]:
    job_id = "idem-" + hashlib.sha256(request["idempotency_key"].encode()).hexdigest()[:24]
    return _start(Brief.model_validate(request["brief"]), job_id=job_id)


@clients.per_process
def _idempotent_start() -> Any:  # the decorated _start_once, with .config for the Lambda context
    return _idempotent(_start_once, "brief")


@clients.per_process
def _idempotent_revise() -> Any:
    return _idempotent(_revise_once, "revision")


def _idempotent(function: Any, payload: str) -> Any:
    """Built on first use: the persistence layer opens a DynamoDB client, and only keyed requests need it."""
    from aws_lambda_powertools.utilities.idempotency import (
        DynamoDBPersistenceLayer,
        IdempotencyConfig,
        idempotent_function,
    )

    # The key is read from the record Powertools is handed, never from the whole event (which never repeats).
    config = IdempotencyConfig(event_key_jmespath="idempotency_key", payload_validation_jmespath=payload,
                               raise_on_no_idempotency_key=True, expires_after_seconds=24 * 3600)
    persistence = DynamoDBPersistenceLayer(table_name=os.environ["JOBS_TABLE"], key_attr="id", expiry_attr="expiration")
    keyed = idempotent_function(data_keyword_argument="request", config=config, persistence_store=persistence)(function)
    keyed.config = config
    return keyed


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
        return list_jobs(os.environ["STATE_MACHINE_ARN"], _tenant(), limit=limit, next_token=next_token)
    except TokenRefused as exc:
        raise BadRequestError(str(exc)) from None


@router.get(
    "/brands/<job_id>",
    summary="Follow a brand: its current version's status, stages, kit or failure, choices and versions",
    responses={200: {"description": "The brand at its current version"}, 404: UNKNOWN_JOB},
    tags=["brands"],
)
@tracer.capture_method
def get_brand(job_id: JobId) -> BrandJob:
    found = versions(os.environ["STATE_MACHINE_ARN"], _owned(job_id))
    if not found:
        raise _no_job(job_id)
    current = current_version(found)
    report = _report(job_id, current)
    report["current_version"] = current
    report["versions"] = [{k: v[k] for k in ("number", "status", "parent", "changes", "started_at")} for v in found]
    return report


@router.get(
    "/brands/<job_id>/versions/<version>",
    summary="One version of a brand: status, stages, kit or failure, and its choices",
    responses={200: {"description": "The version"}, 404: problem("No such job or version")},
    tags=["brands"],
)
@tracer.capture_method
def get_brand_version(job_id: JobId, version: VersionNumber) -> BrandJob:
    return _report(_owned(job_id), version)


def _report(job_id: str, version: int) -> dict[str, Any]:
    report = job_report(os.environ["STATE_MACHINE_ARN"], os.environ["KIT_BUCKET"], _tenant(), job_id,
                        version=version)
    if report is None:
        raise _no_version(job_id, version)
    if "kit" in report:
        report["kit"]["zip"] = f"/brands/{job_id}/kit" if version == 1 else f"/brands/{job_id}/versions/{version}/kit"
    report["version"] = version
    report.update(kit_links.choices(os.environ["KIT_BUCKET"], _tenant(), job_id, version))
    return report


KIT_RESPONSES: dict[int, OpenAPIResponse] = {
    200: {"description": "A presigned GET of the kit's zip"},
    404: UNKNOWN_JOB,
    409: problem("The run has not succeeded (yet)"),
    410: problem("The kit has expired and was deleted"),
}


@router.get("/brands/<job_id>/kit", summary="Download the whole kit as one zip (a presigned URL)",
            responses=KIT_RESPONSES, tags=["brands"])
@tracer.capture_method
def get_brand_kit(job_id: JobId) -> KitDownload:
    return _kit(_owned(job_id), 1)


@router.get("/brands/<job_id>/versions/<version>/kit", summary="Download one version's kit as one zip",
            responses=KIT_RESPONSES, tags=["brands"])
@tracer.capture_method
def get_brand_version_kit(job_id: JobId, version: VersionNumber) -> KitDownload:
    return _kit(_owned(job_id), version)


def _kit(job_id: str, version: int) -> dict[str, Any]:
    execution = describe_execution(os.environ["STATE_MACHINE_ARN"], execution_name(job_id, version))
    if execution is None:
        raise _no_version(job_id, version)
    if execution["status"] != "SUCCEEDED":
        raise ConflictError(_t().gettext("kit not ready: job is running") if execution["status"] == "RUNNING"
                            else _t().gettext("kit not ready: job is failed"))
    link = kit_links.kit_zip_link(os.environ["KIT_BUCKET"], _tenant(), job_id, version)
    if link is None:
        raise ServiceError(410, _t().gettext("the kit of this job has expired and was deleted"))
    return {"job_id": job_id, "version": version, **link}


REFUSED_STATUS = {"unknown": 404, "running": 409, "failed": 409, "expired": 410}


@router.post(
    "/brands/<job_id>/revisions",
    status_code=202,
    summary="Revise a brand: a new version with a concept, palette, fonts or primary colour chosen, or more concepts",
    responses={
        202: {"description": "The new version is queued; follow links.self"},
        404: UNKNOWN_JOB,
        409: problem("Another version of the brand is running, its first run failed, or the key is in use"),
        410: problem("The brand's kit has expired and was deleted"),
        422: invalid_or_problem("The revision names an option the brand never offered (the field says which), "
                                "or is invalid"),
    },
    tags=["brands"],
)
@tracer.capture_method
def create_revision(
    job_id: JobId,
    revision: Revision,
    idempotency_key: Annotated[
        str | None,
        Header(alias="Idempotency-Key", pattern=IDEMPOTENCY_KEY,
               description="1-64 of A-Z a-z 0-9 _ -; a retry with the same key returns the same version."),
    ] = None,
) -> RevisionAccepted:
    """Start the brand's next version from its current one with the changes asked; 202 with the version.

    Ids are checked against what the current version offered before anything starts (422 naming the field).
    One version runs at a time (409 while one does); a failed revision leaves the previous version current.
    """
    _owned(job_id)
    if idempotency_key is None:
        return _revise(job_id, revision)
    payload = {"job_id": job_id, **revision.model_dump(exclude_none=True)}
    return _keyed(_idempotent_revise(), idempotency_key, f"{job_id}:", "revision", payload)


def _revise(job_id: str, revision: Revision) -> dict[str, Any]:
    try:
        started = start_revision(job_id, revision, tenant=_tenant(), bucket=os.environ["KIT_BUCKET"],
                                 state_machine_arn=os.environ["STATE_MACHINE_ARN"])
    except OptionNotOffered as exc:
        raise RequestValidationError([exc.field_error()]) from None
    except RevisionRefused as exc:
        raise ServiceError(REFUSED_STATUS[exc.reason], exc.said(_t())) from None
    n = started["version"]
    return {**started, "status": "queued",
            "links": {"self": f"/brands/{job_id}/versions/{n}", "kit": f"/brands/{job_id}/versions/{n}/kit"}}


def _revise_once(request: dict[str, Any]) -> dict[str, Any]:
    revision = dict(request["revision"])
    return _revise(revision.pop("job_id"), Revision.model_validate(revision))


def _owned(job_id: str) -> str:
    """The id of a job of the caller's tenant, or 404: a malformed id (before anything is asked of AWS), an
    unknown job and another tenant's job get the same answer."""
    if not JOB_ID.match(job_id) or records_from_env().owner(job_id) != _tenant():
        raise _no_job(job_id)
    return job_id


def _no_job(job_id: str) -> NotFoundError:
    return NotFoundError(_t().gettext("no brand job {job_id}").format(job_id=repr(job_id[:80])))


def _no_version(job_id: str, version: int) -> NotFoundError:
    return NotFoundError(_t().gettext("no version {version} of brand job {job_id}").format(
        version=version, job_id=repr(job_id[:80])))


def _tenant() -> str:
    """Whose request this is (the authorizer's context; 401 without one)."""
    return request_tenant(router.current_event)


def _t() -> Translator:
    """The catalogue of the person reading this request's answer (brandkit.api.language)."""
    return reader(router.current_event)
