"""Logo uploads: a person's existing logo goes straight from their browser to S3, then into a job.

POST /uploads hands out an S3 presigned POST whose policy S3 itself enforces: the key is fixed by the server
(tenants/<tenant>/uploads/up_<32 hex>), the Content-Type is the declared one (PNG or SVG), the size is between
1 byte and the declared size (at most MAX_LOGO_BYTES), and the policy expires after EXPIRES_IN seconds. A
presigned PUT could not limit the size.

A brief then names the upload id in existing_logo; POST /brands resolves it with `uploaded_logo` under the
caller's tenant only (another tenant's id reads exactly like an unknown one) and copies the bytes into the job's
uploads/ folder. ImportLogo validates the file again (brandkit.logo.importer): what S3 checked is only the
declared type and the size, never the content.
"""

from __future__ import annotations

import os
import secrets
from typing import Any

from brandkit import clients
from brandkit.brief import UPLOAD_ID, Brief
from brandkit.errors import NotFound
from brandkit.store import WORK_TAG, BucketObjects
from brandkit.tenants import tenant_root

MAX_LOGO_BYTES = 5 * 1024 * 1024
# Seconds a form stays valid: long enough for a slow upload of 5 MiB, short enough that a leaked form is soon useless.
# UPLOAD_EXPIRES_S changes it (the reliability suite lets forms expire in seconds).
EXPIRES_IN = int(os.environ.get("UPLOAD_EXPIRES_S") or 600)
# Uploads carry the working-file tag, so the bucket's ExpireWorkFiles lifecycle rule deletes them after a week (a job
# keeps its own copy); a prefix rule cannot match tenants/*/uploads/.
UPLOAD_TAGGING = "<Tagging><TagSet><Tag><Key>{}</Key><Value>{}</Value></Tag></TagSet></Tagging>".format(
    *WORK_TAG.split("="))
# The declared type decides the file name the job's ImportLogo reads (and which checks it applies).
LOGO_FILES = {"image/png": "logo.png", "image/svg+xml": "logo.svg"}


class UploadRefused(ValueError):
    """An upload id that cannot be used: `reason` is "missing" (never uploaded, expired, unknown or another
    tenant's), "type" or "size"; `context` fills the person's message."""

    def __init__(self, reason: str, message: str, **context: Any) -> None:
        super().__init__(message)
        self.reason, self.context = reason, context


def is_upload_id(value: str) -> bool:
    return bool(UPLOAD_ID.match(value))


def upload_key(tenant: str, upload_id: str) -> str:
    if not is_upload_id(upload_id):
        raise ValueError(f"not an upload id: {upload_id[:40]!r}")
    return f"{tenant_root(tenant)}/uploads/{upload_id}"


def presigned_upload(tenant: str, content_type: str, size: int, *, bucket: str) -> dict[str, Any]:
    """A new upload id and the presigned POST (url + form fields) that may write exactly that object."""
    if content_type not in LOGO_FILES:
        raise ValueError(f"content_type must be one of {', '.join(LOGO_FILES)}")
    if not 1 <= size <= MAX_LOGO_BYTES:
        raise ValueError(f"bytes must be between 1 and {MAX_LOGO_BYTES}")
    upload_id = "up_" + secrets.token_hex(16)
    key = upload_key(tenant, upload_id)
    # botocore adds the bucket and key conditions itself (the key exactly, since it has no ${filename}).
    fields = {"Content-Type": content_type, "tagging": UPLOAD_TAGGING}
    post = clients.s3().generate_presigned_post(
        bucket, key, Fields=fields,
        Conditions=[*({name: value} for name, value in fields.items()),
                    ["content-length-range", 1, min(size, MAX_LOGO_BYTES)]],
        ExpiresIn=EXPIRES_IN,
    )
    return {"upload_id": upload_id, "url": post["url"], "fields": post["fields"], "expires_in": EXPIRES_IN}


def uploaded_logo(tenant: str, upload_id: str, *, bucket: str) -> tuple[str, bytes]:
    """(file name for the job's uploads/ folder, bytes) of the tenant's upload, or UploadRefused."""
    objects = BucketObjects(bucket)
    key = upload_key(tenant, upload_id)
    try:
        head = objects.head(key)
    except NotFound:
        raise _missing(upload_id) from None
    content_type = str(head.get("ContentType") or "").split(";")[0].strip().lower()
    if content_type not in LOGO_FILES:
        raise UploadRefused("type", f"upload {upload_id} is {content_type or 'untyped'}, not a PNG or SVG image",
                            upload_id=upload_id, content_type=content_type or "untyped")
    if int(head.get("ContentLength") or 0) > MAX_LOGO_BYTES:
        raise _too_large(upload_id)
    try:
        data = objects.get(key, max_bytes=MAX_LOGO_BYTES + 1)
    except NotFound:  # deleted (expired) between the two calls
        raise _missing(upload_id) from None
    if len(data) > MAX_LOGO_BYTES:  # replaced by a larger object between the two calls
        raise _too_large(upload_id)
    return LOGO_FILES[content_type], data


def _missing(upload_id: str) -> UploadRefused:
    return UploadRefused("missing", f"upload {upload_id} does not exist: not uploaded yet, expired or unknown",
                         upload_id=upload_id)


def _too_large(upload_id: str) -> UploadRefused:
    return UploadRefused("size", f"upload {upload_id} is larger than {MAX_LOGO_BYTES} bytes",
                         upload_id=upload_id, limit=MAX_LOGO_BYTES)


def brief_with_upload(brief: Brief, tenant: str, *, bucket: str) -> tuple[Brief, dict[str, bytes]]:
    """A brief whose existing_logo names an upload id -> (the brief naming the job's file, {file name: bytes}) for
    start_job; any other brief unchanged with no uploads. UploadRefused when the upload cannot be used."""
    if not brief.existing_logo or not is_upload_id(brief.existing_logo):
        return brief, {}
    name, data = uploaded_logo(tenant, brief.existing_logo, bucket=bucket)
    return brief.model_copy(update={"existing_logo": name}), {name: data}
