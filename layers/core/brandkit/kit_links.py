"""Download links to a finished kit (presigned S3 GETs) and the record of a failed run, read from the bucket.

The bucket stays private: a client gets short-lived links signed with the API function's own credentials.
"""

from __future__ import annotations

import os
from typing import Any

from brandkit.artifacts import Job
from brandkit.errors import NotFound
from brandkit.job_files import FAILURE, KIT, KIT_ZIP, MANIFEST, plain_name
from brandkit.jobs import job_prefix
from brandkit.stages.record_failure import readable_cause
from brandkit.store import S3Store

DEFAULT_EXPIRES_S = 900
MAX_EXPIRES_S = 7 * 24 * 3600  # the longest a SigV4 presigned URL can live


def expires_s() -> int:
    raw = os.environ.get("PRESIGN_EXPIRES_S", str(DEFAULT_EXPIRES_S))
    try:
        value = int(raw)
    except ValueError:
        raise ValueError(f"PRESIGN_EXPIRES_S must be a whole number of seconds, not {raw!r}") from None
    if not 1 <= value <= MAX_EXPIRES_S:
        raise ValueError(f"PRESIGN_EXPIRES_S must be 1-{MAX_EXPIRES_S}, not {value}")
    return value


def _store(bucket: str, job_id: str) -> S3Store:
    return S3Store(Job(id=job_id, bucket=bucket, prefix=job_prefix(job_id)))


def kit_links(bucket: str, job_id: str) -> dict[str, Any] | None:
    """{"expires_in", "manifest_url", "files": [...]} for every file the manifest lists; None if the kit is gone."""
    store = _store(bucket, job_id)
    try:
        manifest = store.load(MANIFEST)
    except NotFound:
        return None
    expires = expires_s()
    files = [
        {"path": a["path"], "kind": a["kind"], "bytes": a["bytes"], "sha256": a["sha256"],
         "url": store.presign(KIT.file(a["path"]), expires)}
        for a in manifest.get("artifacts", [])
        if plain_name(a["path"])
    ]
    links = {"expires_in": expires, "manifest_url": store.presign(MANIFEST, expires), "files": files}
    if manifest.get("cost"):
        links["cost"] = manifest["cost"]
    return links


def kit_zip_link(bucket: str, job_id: str) -> dict[str, Any] | None:
    """{"url", "expires_in", "bytes"} for the kit's zip; None if it is not there (expired with the kit)."""
    store = _store(bucket, job_id)
    try:
        size = store.size(KIT_ZIP)
    except NotFound:
        return None
    expires = expires_s()
    return {"url": store.presign(KIT_ZIP, expires, filename=f"brandkit-{job_id}.zip"), "expires_in": expires,
            "bytes": size}


def failure_record(bucket: str, job_id: str) -> dict[str, str] | None:
    """{"stage", "error", "cause"} as RecordFailure kept it beside the job; None if it wrote none."""
    try:
        record = _store(bucket, job_id).load(FAILURE)
    except NotFound:
        return None
    return {"stage": record.stage, "error": record.error, "cause": readable_cause(record.cause)}
