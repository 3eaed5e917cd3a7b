"""PublishManifest: checksum every kit file, write manifest.json and kit.zip, and shape the success event."""

from __future__ import annotations

import io
import time
import zipfile
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from typing import Any

from brandkit.artifacts import Job
from brandkit.job_files import CONCEPTS, KIT, KIT_ZIP, MANIFEST, OPTIONS, PROFILE, WORK_FILES
from brandkit.jobs import execution_events
from brandkit.kit_options import options_summary
from brandkit.manifest import artifact_entry, build_manifest
from brandkit.progress import progress
from brandkit.run_cost import run_cost
from brandkit.stages import job_of
from brandkit.store import JobStore, Listed, Stores
from brandkit.webhooks.events import BrandKitRevisedV1, BrandKitSucceededV1
from brandkit.webhooks.tenant_routing import tenant_of_job

# Formats that are compressed already: deflating them again costs time and saves nothing.
_STORED_SUFFIXES = (".png", ".pdf", ".woff2", ".woff", ".ico", ".jpg", ".jpeg", ".webp", ".zip")
# zlib's fastest level: the kit's fonts, SVGs and JSON (3.3 MB of the sample kit's 4.4) deflate in 0.035 s of CPU
# against 0.104 s at the default 6, for an archive 4% larger (2.83 against 2.71 MB; measured 2026-12-02).
_DEFLATE_LEVEL = 1
# A kit is about 100 small objects: one GET at a time, the stage is that many S3 round trips end to end.
# Ten at once, the size of a boto3 client's connection pool (the client is thread-safe).
_FETCH_WORKERS = 10
# The manifest's name for each stage whose time it reports (brandkit.progress names the stages).
TIMED_STAGES = {"ValidateBrief": "validate_brief", "Logo": "logo", "Palette": "palette", "WriteRationale": "rationale",
                "RenderAssets": "render_assets", "CompileGuidelines": "guidelines"}


def run(event: dict[str, Any], stores: Stores) -> dict[str, Any]:
    started = time.perf_counter()
    job, store = job_of(event, stores)
    profile, concepts = store.load(PROFILE), store.load(CONCEPTS)  # a revision reusing the logo ran no logo state
    files = fetch_kit(store)
    kit_listed = [Listed(name, len(data)) for name, data in files.items()]  # the kit as just read: not listed again
    history = execution_events(event["execution"])
    artifacts = [artifact_entry(path, data) for path, data in files.items()]
    render = event.get("render", {})
    manifest = build_manifest(
        job.id,
        profile.company_name,
        artifacts,
        stage_timings_ms(history),
        {
            "logo": {"engine": concepts.engine, "concept": render.get("assets", {}).get("concept"),
                     "symbols": concepts.symbols()},
            "rationale": {
                "writer": render.get("rationale", {}).get("writer"),
                "usage": render.get("rationale", {}).get("usage", {}),
            },
            "execution": event.get("execution"),
            "options": options_summary(files.get(KIT.name_of(OPTIONS))),
            "cost": run_cost(event, history, kit_listed, store.list(WORK_FILES),
                             (time.perf_counter() - started) * 1000, extra_puts=2),
            "version": {"number": job.version, "parent": job.parent, "changes": job.changes,
                        "choices": job.choices},
        },
    )
    files[KIT.name_of(MANIFEST)] = MANIFEST.encode(manifest)
    key = store.save(MANIFEST, manifest)
    store.save(KIT_ZIP, kit_zip(files))
    kit_made = kit_event(job, key, len(artifacts))
    # tenant: the SNS attribute NotifySuccess sets, so that only the tenant's webhooks get the event
    return {"key": key, "artifacts": len(artifacts), "event": kit_made.model_dump(mode="json"),
            "tenant": tenant_of_job(job.prefix)}


def kit_event(job: Job, manifest_key: str, artifacts: int) -> BrandKitSucceededV1 | BrandKitRevisedV1:
    """brand.kit.succeeded for a brand's first version, brand.kit.revised for a revision."""
    if job.parent is None:
        return BrandKitSucceededV1(job_id=job.id, bucket=job.bucket, manifest_key=manifest_key, artifacts=artifacts)
    return BrandKitRevisedV1(job_id=job.id, bucket=job.bucket, manifest_key=manifest_key, artifacts=artifacts,
                             kit_version=job.version, parent_version=job.parent, changes=job.changes)


def stage_timings_ms(events: list[dict[str, Any]]) -> dict[str, float]:
    """How long each finished stage took, from the execution's history (brandkit.progress, as clients see it)."""
    now = datetime.now(UTC)
    stages = progress(events, finished=False, stopped_at=None, now=now)["stages"]
    return {TIMED_STAGES[s["name"]]: round(s["seconds"] * 1000, 1) for s in stages
            if s["name"] in TIMED_STAGES and s["status"] == "succeeded" and s["seconds"] is not None}


def fetch_kit(store: JobStore) -> dict[str, bytes]:
    """Every kit file but the manifest, read once (the bytes are both hashed and zipped), path -> bytes."""
    names = [f.name for f in store.list(KIT) if f.name != KIT.name_of(MANIFEST)]
    with ThreadPoolExecutor(max_workers=_FETCH_WORKERS) as pool:
        return dict(zip(names, pool.map(lambda name: store.load(KIT.file(name)), names), strict=True))


def kit_zip(files: dict[str, bytes]) -> bytes:
    """One archive of the kit, paths as in the manifest, in a stable order."""
    made = datetime.now(UTC).timetuple()[:6]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for path in sorted(files):
            info = zipfile.ZipInfo(path, date_time=made)
            info.external_attr = 0o644 << 16  # unzip gives read-write files, not mode 000
            info.compress_type = zipfile.ZIP_STORED if path.lower().endswith(_STORED_SUFFIXES) else zipfile.ZIP_DEFLATED
            archive.writestr(info, files[path], compresslevel=_DEFLATE_LEVEL)  # (ignored for a stored file)
    return buffer.getvalue()
