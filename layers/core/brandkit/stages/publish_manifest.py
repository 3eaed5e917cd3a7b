"""PublishManifest: checksum every kit file, write manifest.json and kit.zip, and shape the success event."""

from __future__ import annotations

import io
import json
import time
import zipfile
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from typing import Any

from brandkit.artifacts import KIT_ZIP, MANIFEST
from brandkit.manifest import artifact_entry, build_manifest
from brandkit.run_cost import run_cost
from brandkit.stages import job_of, load_profile
from brandkit.store import JobStore

EVENT_VERSION = "1"
# Formats that are compressed already: deflating them again costs time and saves nothing.
_STORED_SUFFIXES = (".png", ".pdf", ".woff2", ".woff", ".ico", ".jpg", ".jpeg", ".webp", ".zip")
# A kit is about 100 small objects: one GET at a time, the stage is that many S3 round trips end to end.
# Ten at once, the size of a boto3 client's connection pool (the client is thread-safe).
_FETCH_WORKERS = 10


def run(event: dict[str, Any]) -> dict[str, Any]:
    started = time.perf_counter()
    job, store = job_of(event)
    profile = load_profile(store)
    files = fetch_kit(store)
    artifacts = [artifact_entry(path, data) for path, data in files.items()]
    render = event.get("render", {})
    timings = {
        "validate_brief": event["job"].get("timing_ms"),
        "logo": event.get("logo", {}).get("timing_ms"),
        "palette": event.get("palette", {}).get("timing_ms"),
        "rationale": render.get("rationale", {}).get("timing_ms"),
        "render_assets": render.get("assets", {}).get("timing_ms"),
        "guidelines": event.get("guidelines", {}).get("timing_ms"),
    }
    manifest = build_manifest(
        job.id,
        profile.company_name,
        artifacts,
        {k: v for k, v in timings.items() if v is not None},
        {
            "logo": {"engine": event.get("logo", {}).get("engine"), "concept": render.get("assets", {}).get("concept")},
            "rationale": {
                "writer": render.get("rationale", {}).get("writer"),
                "usage": render.get("rationale", {}).get("usage", {}),
            },
            "execution": event.get("execution"),
            # From the stages' own durations for now; brandkit.run_cost takes any per-stage timing source.
            "cost": run_cost(event, store.list(), (time.perf_counter() - started) * 1000, extra_puts=2),
        },
    )
    files[MANIFEST] = json.dumps(manifest, indent=2, ensure_ascii=False).encode("utf-8")
    key = store.put_bytes(f"kit/{MANIFEST}", files[MANIFEST], "application/json")
    store.put_bytes(KIT_ZIP, kit_zip(files), "application/zip")
    return {
        "key": key,
        "artifacts": len(artifacts),
        "event": {
            "type": "brand.kit.succeeded",
            "version": EVENT_VERSION,
            "job_id": job.id,
            "bucket": job.bucket,
            "manifest_key": key,
            "artifacts": len(artifacts),
        },
    }


def fetch_kit(store: JobStore) -> dict[str, bytes]:
    """Every kit file but the manifest, read once (the bytes are both hashed and zipped), path -> bytes."""
    keys = [obj["key"] for obj in store.list("kit/") if obj["key"] != f"kit/{MANIFEST}"]
    store.client  # made (and cached) here, not raced for by the threads
    with ThreadPoolExecutor(max_workers=_FETCH_WORKERS) as pool:
        return {key.removeprefix("kit/"): data for key, data in zip(keys, pool.map(store.get_bytes, keys))}


def kit_zip(files: dict[str, bytes]) -> bytes:
    """One archive of the kit, paths as in the manifest, in a stable order."""
    made = datetime.now(UTC).timetuple()[:6]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for path in sorted(files):
            info = zipfile.ZipInfo(path, date_time=made)
            info.external_attr = 0o644 << 16  # unzip gives read-write files, not mode 000
            info.compress_type = zipfile.ZIP_STORED if path.lower().endswith(_STORED_SUFFIXES) else zipfile.ZIP_DEFLATED
            archive.writestr(info, files[path])
    return buffer.getvalue()
