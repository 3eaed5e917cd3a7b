"""ImportLogo / CollectGpuLogo: turn a logo that was not designed here into concepts.

Two sources: the brief's existing logo (uploaded into the job's uploads/ folder), or the
candidates the SDXL Batch job traced to SVG (work/logo/sdxl/result.json).
"""

from __future__ import annotations

from typing import Any

from brandkit.artifacts import LogoConcept, LogoConcepts, SdxlHostInfo
from brandkit.errors import NotFound, StageError
from brandkit.job_files import BRIEF, CONCEPTS, IMPORTED_SVG, SDXL_RESULT, UPLOADS
from brandkit.logo.importer import LogoImportError, import_logo
from brandkit.stages import job_of
from brandkit.store import JobStore, Stores


def run(event: dict[str, Any], stores: Stores) -> dict[str, Any]:
    job, store = job_of(event, stores)
    if job.logo_source == "existing":
        concepts = _existing(store)
    elif job.logo_source == "sdxl":
        concepts = _from_sdxl(store)
    else:
        raise StageError(f"ImportLogo cannot take logo_source {job.logo_source!r}")
    store.save(CONCEPTS, concepts)
    out: dict[str, Any] = {"engine": concepts.engine, "count": len(concepts.concepts), "primary": concepts.primary}
    if job.logo_source == "sdxl" and "gpu" in event:
        gpu = gpu_job_figures(event["gpu"], store.load(SDXL_RESULT).host)
        out["gpu"] = gpu
        out["metrics"] = {"GpuQueueWaitSeconds": gpu["queue_wait_s"]}  # GpuQueueWaitAlarm watches it
    return out


def gpu_job_figures(batch_job: dict[str, Any], host: SdxlHostInfo | None) -> dict[str, Any]:
    """How long the SDXL job waited for a GPU and how long each attempt ran (Batch's times are in ms), and on what."""
    attempts = [a for a in batch_job.get("attempts") or [] if a.get("StartedAt") and a.get("StoppedAt")]
    return {
        "queue_wait_s": max(0.0, (batch_job["started_at"] - batch_job["created_at"]) / 1000),
        "attempt_seconds": [round((a["StoppedAt"] - a["StartedAt"]) / 1000, 3) for a in attempts]
        or [round((batch_job["stopped_at"] - batch_job["started_at"]) / 1000, 3)],
        "instance_type": host.instance_type if host else None,
        "lifecycle": host.lifecycle if host else None,
    }


def _existing(store: JobStore) -> LogoConcepts:
    name = store.load(BRIEF).existing_logo
    if name is None:  # the state machine takes this path only for a brief with an existing logo
        raise StageError("the brief names no existing_logo to import")
    # Only the job's own uploads folder is readable: the brief names a file, never a bucket key.
    try:
        data = store.load(UPLOADS.file(name))
    except NotFound:
        raise StageError(f"existing_logo {name!r} was not uploaded to the job's uploads/ folder") from None
    try:
        svg, colors = import_logo(data, name)
    except LogoImportError as exc:  # the person's file, not a fault here: a failed run with what to do about it
        raise StageError(f"your logo cannot be used: {exc}") from None
    store.save(IMPORTED_SVG, svg.encode("utf-8"))
    concept = LogoConcept(
        id="existing",
        kind="imported",
        label="Your logo",
        engine="existing",
        score=1.0,
        svg_key=IMPORTED_SVG.key,
        rank=1,
    )
    return LogoConcepts(engine="existing", concepts=[concept], primary="existing", colors=colors)


def _from_sdxl(store: JobStore) -> LogoConcepts:
    candidates = store.load(SDXL_RESULT).candidates
    if not candidates:
        raise StageError("the SDXL job produced no candidates")
    # The worker does not rank its candidates: every concept scores 0 and the first is the primary.
    concepts = [
        LogoConcept(id=f"sdxl-{i}", kind="traced", label=f"Generated mark {i + 1}", engine="sdxl", score=0.0,
                    svg_key=c.svg_key)
        for i, c in enumerate(candidates)
    ]
    # Ranked in the worker's order (traced artwork has no spec for the vector design review to redraw).
    concepts = [c.model_copy(update={"rank": i + 1}) for i, c in enumerate(concepts)]
    colors = list(dict.fromkeys(color for c in candidates for color in c.colors))
    return LogoConcepts(engine="sdxl", concepts=concepts, primary=concepts[0].id, colors=colors[:6])
