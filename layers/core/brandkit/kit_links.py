"""Download links to a finished kit (presigned S3 GETs) and the record of a failed run, read from the bucket.

The bucket stays private: a client gets short-lived links signed with the API function's own credentials.
"""

from __future__ import annotations

import os
from typing import Any

from brandkit.artifacts import BRAND_ROLES, Job
from brandkit.errors import NotFound
from brandkit.job_files import BRIEF, CONCEPTS, FAILURE, KIT, KIT_ZIP, MANIFEST, OPTIONS, plain_name
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


def _store(bucket: str, tenant: str, job_id: str, version: int) -> S3Store:
    return S3Store(Job(id=job_id, bucket=bucket, prefix=job_prefix(job_id, tenant), version=version))


def kit_links(bucket: str, tenant: str, job_id: str, version: int = 1) -> dict[str, Any] | None:
    """{"expires_in", "manifest_url", "files": [...]} for every file the manifest lists; None if the kit is gone."""
    store = _store(bucket, tenant, job_id, version)
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


def kit_zip_link(bucket: str, tenant: str, job_id: str, version: int = 1) -> dict[str, Any] | None:
    """{"url", "expires_in", "bytes"} for the kit's zip; None if it is not there (expired with the kit)."""
    store = _store(bucket, tenant, job_id, version)
    try:
        size = store.size(KIT_ZIP)
    except NotFound:
        return None
    expires = expires_s()
    name = f"brandkit-{job_id}.zip" if version == 1 else f"brandkit-{job_id}-v{version}.zip"
    return {"url": store.presign(KIT_ZIP, expires, filename=name), "expires_in": expires,
            "bytes": size}


def failure_record(bucket: str, tenant: str, job_id: str, version: int = 1) -> dict[str, str] | None:
    """{"stage", "error", "cause", "cause_code", "cause_language"} as RecordFailure kept it beside the job (the
    cause in the brief's language); None if it wrote none."""
    try:
        record = _store(bucket, tenant, job_id, version).load(FAILURE)
    except NotFound:
        return None
    return {"stage": record.stage, "error": record.error, "cause": readable_cause(record.cause),
            "cause_code": record.cause_code, "cause_language": record.cause_language}


def brief_language(bucket: str, tenant: str, job_id: str) -> str:
    """The brief's language, for a failure RecordFailure did not record; English if the brief cannot be read."""
    try:
        return _store(bucket, tenant, job_id, 1).load(BRIEF).language
    except (NotFound, ValueError):
        return "en"


def choices(bucket: str, tenant: str, job_id: str, version: int) -> dict[str, Any]:
    """What a version offers to choose from: its concepts (with a preview link each) and its palette and font
    options, with which ones its kit is built from; {} while (or if) the version has none."""
    store = _store(bucket, tenant, job_id, version)
    try:
        concepts, options = store.load(CONCEPTS), store.load(OPTIONS)
    except NotFound:
        return {}
    expires = expires_s()

    def preview(concept_id: str) -> str:
        name = "logo/master.svg" if concept_id == concepts.primary else f"logo/concepts/{concept_id}.svg"
        return store.presign(KIT.file(name), expires)

    return {
        "concepts": [{"id": c.id, "kind": c.kind, "label": c.label, "symbol": (c.symbol or {}).get("name"),
                      "rank": c.rank, "chosen": c.id == concepts.primary,
                      "preview_url": preview(c.id) if plain_name(c.id) else None} for c in concepts.concepts],
        "palette_options": [{"id": o.id, "rank": o.rank, "reason": o.reason,
                             "chosen": o.id == options.chosen["palette"],
                             "colors": {r: o.palette.hex(r) for r in BRAND_ROLES}} for o in options.palettes],
        "font_options": [{"id": o.id, "rank": o.rank, "reason": o.reason, "chosen": o.id == options.chosen["fonts"],
                          "heading": o.heading.family, "body": o.body.family} for o in options.fonts],
    }
