"""Download links to a finished kit (presigned S3 GETs) and the record of a failed run, read from the bucket.

The bucket stays private: a client gets short-lived links signed with the API function's own credentials.
"""

from __future__ import annotations

import json
import os
from pathlib import PurePosixPath
from typing import Any

from botocore.exceptions import ClientError

from brandkit.artifacts import FAILURE, KIT_ZIP, MANIFEST
from brandkit.jobs import job_prefix
from brandkit.stages.record_failure import readable_cause
from brandkit.store import s3_client

DEFAULT_EXPIRES_S = 900
MAX_EXPIRES_S = 7 * 24 * 3600  # the longest a SigV4 presigned URL can live
# A missing object reads as AccessDenied when the reader may not list the bucket (the API function may not).
_MISSING = {"NoSuchKey", "404", "NotFound", "AccessDenied", "403"}


def expires_s() -> int:
    raw = os.environ.get("PRESIGN_EXPIRES_S", str(DEFAULT_EXPIRES_S))
    try:
        value = int(raw)
    except ValueError:
        raise ValueError(f"PRESIGN_EXPIRES_S must be a whole number of seconds, not {raw!r}") from None
    if not 1 <= value <= MAX_EXPIRES_S:
        raise ValueError(f"PRESIGN_EXPIRES_S must be 1-{MAX_EXPIRES_S}, not {value}")
    return value


def presign(bucket: str, key: str, expires: int, filename: str | None = None) -> str:
    params: dict[str, Any] = {"Bucket": bucket, "Key": key}
    if filename:
        params["ResponseContentDisposition"] = f'attachment; filename="{filename}"'
    return s3_client().generate_presigned_url("get_object", Params=params, ExpiresIn=expires)


def kit_links(bucket: str, job_id: str) -> dict[str, Any] | None:
    """{"expires_in", "manifest_url", "files": [...]} for every file the manifest lists; None if the kit is gone."""
    prefix = f"{job_prefix(job_id)}/kit"
    manifest = _read_json(bucket, f"{prefix}/{MANIFEST}")
    if manifest is None:
        return None
    expires = expires_s()
    files = [
        {"path": a["path"], "kind": a["kind"], "bytes": a["bytes"], "sha256": a["sha256"],
         "url": presign(bucket, f"{prefix}/{a['path']}", expires)}
        for a in manifest.get("artifacts", [])
        if _plain_relative(a["path"])
    ]
    links = {"expires_in": expires, "manifest_url": presign(bucket, f"{prefix}/{MANIFEST}", expires), "files": files}
    if manifest.get("cost"):
        links["cost"] = manifest["cost"]
    return links


def kit_zip_link(bucket: str, job_id: str) -> dict[str, Any] | None:
    """{"url", "expires_in", "bytes"} for the kit's zip; None if it is not there (expired with the kit)."""
    key = f"{job_prefix(job_id)}/{KIT_ZIP}"
    try:
        size = s3_client().head_object(Bucket=bucket, Key=key)["ContentLength"]
    except ClientError as exc:
        if _error_code(exc) in _MISSING:
            return None
        raise
    expires = expires_s()
    return {"url": presign(bucket, key, expires, filename=f"brandkit-{job_id}.zip"), "expires_in": expires,
            "bytes": size}


def failure_record(bucket: str, job_id: str) -> dict[str, str] | None:
    """{"stage", "error", "cause"} as RecordFailure kept it beside the job; None if it wrote none."""
    record = _read_json(bucket, f"{job_prefix(job_id)}/{FAILURE}")
    if not isinstance(record, dict):
        return None
    return {"stage": str(record.get("stage", "unknown")), "error": str(record.get("error", "Unknown")),
            "cause": readable_cause(record.get("cause"))}


def _read_json(bucket: str, key: str) -> Any:
    try:
        body = s3_client().get_object(Bucket=bucket, Key=key)["Body"].read()
    except ClientError as exc:
        if _error_code(exc) in _MISSING:
            return None
        raise
    return json.loads(body)


def _error_code(exc: ClientError) -> str:
    return str(exc.response.get("Error", {}).get("Code", ""))


def _plain_relative(path: str) -> bool:
    parts = PurePosixPath(path).parts
    return bool(parts) and not PurePosixPath(path).is_absolute() and all(p not in ("", ".", "..") for p in parts)
