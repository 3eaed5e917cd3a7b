"""S3-triggered runs: a brief uploaded under briefs/ starts a brand-kit job, exactly once per object version.

S3 notifications are delivered at least once (and SQS adds its own redeliveries), so the job id is
derived from the object's identity (bucket, key, version): a duplicate notification asks Step Functions
for an execution name that already exists and starts nothing new (brandkit.jobs.start_job).

The bucket prefix decides the tenant (brief_tenant): briefs/<tenant>/<name>.json is <tenant>'s, a brief
directly in briefs/ is DEFAULT_TENANT's. A brief's `existing_logo: "<file>.svg|.png"` names a logo uploaded
beside it, copied into the job with the brief.

An invalid brief (or a logo that is missing or too large) is handled, not retried: a failure event goes to
the events topic and an error report is written beside the brief (briefs/<name>.errors.json), its field
messages (brandkit.field_errors) in the brief's `language` when the brief declares one of the right shape,
else in English (also for a brief that cannot be read as JSON at all). The report
is written last, so its presence means the event went out and a redelivery does not announce the failure
twice. Transient AWS errors (throttling, 5xx) propagate so that the SQS record is retried and, in the end,
lands in the DLQ. A redelivery of a brief whose job already started is a no-op (brandkit.job_records).
"""

from __future__ import annotations

import hashlib
import json
import logging
import unicodedata
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import unquote_plus

from brandkit import clients
from brandkit.brief import MAX_BRIEF_BYTES, BriefError, declared_translator, parse_brief
from brandkit.errors import NotFound
from brandkit.failure_causes import BRIEF_INVALID
from brandkit.i18n import N_, SOURCE, Translator, translator
from brandkit.job_records import records_from_env
from brandkit.jobs import start_job
from brandkit.logo_uploads import MAX_LOGO_BYTES
from brandkit.store import BucketObjects
from brandkit.tenants import DEFAULT_TENANT, TENANT, TENANT_RULE
from brandkit.webhooks.events import BrandKitFailedV1, event_body
from brandkit.webhooks.tenant_routing import NO_TENANT, message_attributes

logger = logging.getLogger(__name__)

BRIEFS_PREFIX = "briefs/"
BRIEF_SUFFIX = ".json"
ERRORS_SUFFIX = ".errors.json"
MAX_KEY_CHARS = 512
LOGO_SUFFIXES = (".svg", ".png")
STAGE = "ValidateBrief"
# What is wrong with the logo a brief names beside it (the brief's own fields: brandkit.field_errors).
LOGO_PATH = N_("field error", "names a file beside the brief, not a path")
LOGO_MISSING = N_("field error", "{file} was not found beside the brief")
LOGO_TOO_LARGE = N_("field error", "{file} is larger than {limit} MB")


class KeyRefused(ValueError):
    """An object key that is not a brief this function may act on (outside briefs/, traversal, odd characters)."""


@dataclass(frozen=True)
class UploadedObject:
    """One ObjectCreated record of an S3 notification, key already URL-decoded and checked."""

    bucket: str
    key: str
    version_id: str | None
    etag: str | None
    sequencer: str | None
    size: int | None

    @property
    def tenant(self) -> str:
        return brief_tenant(self.key)


def brief_key(raw_key: str) -> str:
    """The decoded key of an uploaded brief, or KeyRefused.

    Notification keys are URL-encoded with '+' for spaces. A key must stay under briefs/ after decoding,
    have no empty, '.' or '..' segment, no backslash and no control character, and end in .json.
    """
    key = unquote_plus(raw_key)
    if len(key) > MAX_KEY_CHARS:
        raise KeyRefused(f"key longer than {MAX_KEY_CHARS} characters")
    if any(unicodedata.category(c) in ("Cc", "Cf") for c in key) or "\\" in key:
        raise KeyRefused("key contains a control character or a backslash")
    if not key.startswith(BRIEFS_PREFIX) or not key.endswith(BRIEF_SUFFIX):
        raise KeyRefused(f"key is not {BRIEFS_PREFIX}<name>{BRIEF_SUFFIX}")
    segments = key.split("/")
    if any(s in ("", ".", "..") for s in segments[1:]):
        raise KeyRefused("key has an empty, '.' or '..' segment")
    if len(segments) > 2 and not TENANT.match(segments[1]):
        raise KeyRefused(f"the folder under {BRIEFS_PREFIX} names the tenant: {TENANT_RULE}")
    return key


def brief_tenant(key: str) -> str:
    """The bucket prefix decides the tenant: briefs/<tenant>/<name>.json is <tenant>'s, a brief directly in
    briefs/ is DEFAULT_TENANT's (the key is already checked by brief_key)."""
    segments = key.split("/")
    return segments[1] if len(segments) > 2 else DEFAULT_TENANT


def error_report_key(key: str) -> str:
    """briefs/<name>.json -> briefs/<name>.errors.json (the key is already checked by brief_key)."""
    return key.removesuffix(BRIEF_SUFFIX) + ERRORS_SUFFIX


def is_error_report(key: str) -> bool:
    """The bucket notification (suffix .json) also fires for the reports this module writes."""
    return key.endswith(ERRORS_SUFFIX)


def job_id_for(obj: UploadedObject) -> str:
    """Deterministic job id (a valid execution name) from the object's identity.

    The version id identifies an upload on a versioned bucket; otherwise the ETag (content) and the
    sequencer (ordering of writes to one key) stand in for it.
    """
    identity = obj.version_id or f"{obj.etag or ''}/{obj.sequencer or ''}"
    digest = hashlib.sha256(f"{obj.bucket}\n{obj.key}\n{identity}".encode()).hexdigest()
    return f"s3-{digest[:24]}"


def objects_in(notification: dict[str, Any]) -> list[tuple[dict[str, Any], UploadedObject | KeyRefused]]:
    """The ObjectCreated records of an S3 notification (s3:TestEvent and other events give none).

    Each record comes with its UploadedObject, or with the KeyRefused that its key earned.
    """
    if notification.get("Event") == "s3:TestEvent":
        return []
    out: list[tuple[dict[str, Any], UploadedObject | KeyRefused]] = []
    for record in notification.get("Records") or []:
        if record.get("eventSource") != "aws:s3" or not str(record.get("eventName", "")).startswith("ObjectCreated:"):
            continue
        s3 = record["s3"]
        raw = s3["object"]["key"]
        try:
            key = brief_key(raw)
        except KeyRefused as refused:
            out.append((record, refused))
            continue
        obj = s3["object"]
        out.append((record, UploadedObject(
            bucket=s3["bucket"]["name"], key=key, version_id=obj.get("versionId") or None, etag=obj.get("eTag"),
            sequencer=obj.get("sequencer"), size=obj.get("size"),
        )))
    return out


def handle_notification(
    notification: dict[str, Any], *, bucket: str, state_machine_arn: str, topic_arn: str
) -> list[dict[str, Any]]:
    """Act on every ObjectCreated record of one notification; returns one outcome per record."""
    outcomes = []
    for record, obj in objects_in(notification):
        if isinstance(obj, KeyRefused):
            outcomes.append(_refuse(record, str(obj), topic_arn))
        elif obj.bucket != bucket:
            outcomes.append(_refuse(record, f"bucket {obj.bucket!r} is not the kit bucket", topic_arn))
        elif is_error_report(obj.key):
            outcomes.append({"status": "ignored", "key": obj.key, "reason": "own error report"})
        else:
            outcomes.append(handle_upload(obj, state_machine_arn=state_machine_arn, topic_arn=topic_arn))
    return outcomes


def handle_upload(obj: UploadedObject, *, state_machine_arn: str, topic_arn: str) -> dict[str, Any]:
    """Start the job for one uploaded brief (with the logo it names beside it), or report why it cannot run."""
    job_id = job_id_for(obj)
    if records_from_env().owner(job_id) is not None:  # a redelivery of a brief that already started its job
        return {"status": "duplicate", "key": obj.key, "job_id": job_id}
    t = translator(SOURCE)
    try:
        data = _decode(_read(obj))
        t = declared_translator(data)
        brief = parse_brief(data, t)
        uploads = _logo_beside(obj, brief.existing_logo, t)
    except NotFound:  # other S3 errors (throttling, 5xx, access) propagate: SQS retries
        return _invalid(obj, job_id, "BriefMissing", [{"field": "brief", "message": "the object no longer exists"}],
                        topic_arn, t)
    except BriefError as exc:
        return _invalid(obj, job_id, "BriefInvalid", exc.errors, topic_arn, t)
    started = start_job(brief, tenant=obj.tenant, bucket=obj.bucket, state_machine_arn=state_machine_arn,
                        job_id=job_id, uploads=uploads)
    logger.info("brief %s started job %s", obj.key, job_id)
    return {"status": "started", "key": obj.key, **started}




def _logo_beside(obj: UploadedObject, existing_logo: str | None, t: Translator) -> dict[str, bytes]:
    """The logo a brief names as `existing_logo: "<file>.svg|.png"`: an object in the brief's own folder
    (briefs/<tenant>/<file>), copied into the job's uploads/ as ImportLogo expects. {} when it names none."""
    if existing_logo is None or not existing_logo.lower().endswith(LOGO_SUFFIXES):
        return {}
    if "/" in existing_logo:
        raise BriefError([{"field": "existing_logo", "message": t.say(*LOGO_PATH)}])
    key = obj.key.rsplit("/", 1)[0] + "/" + existing_logo
    try:
        data = BucketObjects(obj.bucket).get(key, max_bytes=MAX_LOGO_BYTES + 1)
    except NotFound:
        missing = t.say(*LOGO_MISSING, file=t.quote(existing_logo))
        raise BriefError([{"field": "existing_logo", "message": missing}]) from None
    if len(data) > MAX_LOGO_BYTES:
        large = t.say(*LOGO_TOO_LARGE, file=t.quote(existing_logo), limit=MAX_LOGO_BYTES // 2**20)
        raise BriefError([{"field": "existing_logo", "message": large}])
    return {existing_logo: data}


def _read(obj: UploadedObject) -> bytes:
    if obj.size is not None and obj.size > MAX_BRIEF_BYTES:
        raise BriefError([{"field": "brief", "message": f"is larger than {MAX_BRIEF_BYTES} bytes"}])
    # Exactly the version this notification is about.
    return BucketObjects(obj.bucket).get(obj.key, version_id=obj.version_id, max_bytes=MAX_BRIEF_BYTES + 1)


def _decode(data: bytes) -> Any:
    if len(data) > MAX_BRIEF_BYTES:
        raise BriefError([{"field": "brief", "message": f"is larger than {MAX_BRIEF_BYTES} bytes"}])
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise BriefError([{"field": "brief", "message": f"is not UTF-8 (byte {exc.start})"}]) from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise BriefError([{"field": "brief", "message": f"is not JSON: {exc.msg} at line {exc.lineno}"}]) from None


def _invalid(
    obj: UploadedObject, job_id: str, error: str, errors: list[dict[str, str]], topic_arn: str, t: Translator
) -> dict[str, Any]:
    """Announce the failure, then write the report beside the brief (the report marks it done)."""
    report_key = error_report_key(obj.key)
    if _report_exists(obj.bucket, report_key, job_id):
        return {"status": "invalid", "job_id": job_id, "report_key": report_key, "duplicate": True}
    cause = "; ".join(f"{e['field']}: {e['message']}" for e in errors)
    # Only the field messages are in t's language; "the object no longer exists" (BriefMissing) is English.
    _publish(job_id, error, cause, topic_arn, obj.tenant, language=t.tag if error == "BriefInvalid" else "en")
    report = {"job_id": job_id, "key": obj.key, "version_id": obj.version_id, "error": error, "language": t.tag,
              "errors": errors}
    BucketObjects(obj.bucket).put(report_key, json.dumps(report, indent=2).encode(), "application/json")
    logger.warning("brief %s is invalid (%s): %s", obj.key, error, cause)
    return {"status": "invalid", "job_id": job_id, "report_key": report_key, "errors": errors}


def _report_exists(bucket: str, report_key: str, job_id: str) -> bool:
    try:
        body = BucketObjects(bucket).get(report_key, max_bytes=MAX_BRIEF_BYTES)
    except NotFound:
        return False
    try:
        return bool(json.loads(body).get("job_id") == job_id)
    except (ValueError, AttributeError):
        return False


def _refuse(record: dict[str, Any], reason: str, topic_arn: str) -> dict[str, Any]:
    """A key this function must not act on: no report (it could land anywhere), but never silent."""
    s3 = record.get("s3", {})
    obj = s3.get("object", {})
    identity = f"{s3.get('bucket', {}).get('name')}\n{obj.get('key')}\n{obj.get('sequencer')}"
    job_id = f"s3-{hashlib.sha256(identity.encode()).hexdigest()[:24]}"
    _publish(job_id, "BriefKeyRefused", reason, topic_arn, NO_TENANT)  # a refused key names no tenant
    logger.warning("refused S3 key %r: %s", s3.get("object", {}).get("key"), reason)
    return {"status": "refused", "job_id": job_id, "reason": reason}


# The failure event's cause_code for each way a brief under briefs/ fails before a run (brandkit.failure_causes
# names the codes of a run's failures).
_CODES = {"BriefInvalid": BRIEF_INVALID, "BriefMissing": "brief_missing", "BriefKeyRefused": "brief_key_refused"}


def _publish(job_id: str, error: str, cause: str, topic_arn: str, tenant: str, language: str = "en") -> None:
    event = BrandKitFailedV1(job_id=job_id, stage=STAGE, error=error, cause=cause[:2000], cause_code=_CODES[error],
                             cause_language=language, failed_at=datetime.now(UTC).replace(microsecond=0))
    clients.sns().publish(TopicArn=topic_arn, Message=event_body(event).decode(),
                          MessageAttributes=message_attributes(event.type, tenant))
