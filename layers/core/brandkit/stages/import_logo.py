"""ImportLogo / CollectGpuLogo: turn a logo that was not designed here into concepts.

Two sources: the brief's existing logo (uploaded into the job's uploads/ folder), or the
candidates the SDXL Batch job traced to SVG (work/logo/sdxl/result.json).
"""

from __future__ import annotations

from typing import Any

from brandkit.artifacts import CONCEPTS, LogoConcept, LogoConcepts
from brandkit.logo.importer import import_logo
from brandkit.stages import StageError, job_of, load_brief

SDXL_RESULT = "work/logo/sdxl/result.json"


def run(event: dict[str, Any]) -> dict[str, Any]:
    job, store = job_of(event)
    if job.logo_source == "existing":
        concepts = _existing(store)
    elif job.logo_source == "sdxl":
        concepts = _from_sdxl(store)
    else:
        raise StageError(f"ImportLogo cannot take logo_source {job.logo_source!r}")
    store.put_json(f"work/{CONCEPTS}", concepts)
    out = {"engine": concepts.engine, "count": len(concepts.concepts), "primary": concepts.primary}
    if job.logo_source == "sdxl" and "gpu" in event:
        out["gpu"] = gpu_job_figures(event["gpu"], store.get_json(SDXL_RESULT).get("host") or {})
        out["metrics"] = {"GpuQueueWaitSeconds": out["gpu"]["queue_wait_s"]}  # GpuQueueWaitAlarm watches it
    return out


def gpu_job_figures(batch_job: dict[str, Any], host: dict[str, Any]) -> dict[str, Any]:
    """How long the SDXL job waited for a GPU and how long each attempt ran (Batch's times are in ms), and on what."""
    attempts = [a for a in batch_job.get("attempts") or [] if a.get("StartedAt") and a.get("StoppedAt")]
    return {
        "queue_wait_s": max(0.0, (batch_job["started_at"] - batch_job["created_at"]) / 1000),
        "attempt_seconds": [round((a["StoppedAt"] - a["StartedAt"]) / 1000, 3) for a in attempts]
        or [round((batch_job["stopped_at"] - batch_job["started_at"]) / 1000, 3)],
        "instance_type": host.get("instance_type"),
        "lifecycle": host.get("lifecycle"),
    }


def _existing(store) -> LogoConcepts:
    name = load_brief(store).existing_logo
    # Only the job's own uploads folder is readable: the brief names a file, never a bucket key.
    try:
        data = store.get_bytes(f"uploads/{name}")
    except store.client.exceptions.NoSuchKey:
        raise StageError(f"existing_logo {name!r} was not uploaded to the job's uploads/ folder") from None
    svg, colors = import_logo(data, name)
    store.put_bytes("work/logo/imported.svg", svg.encode("utf-8"), "image/svg+xml")
    concept = LogoConcept(
        id="existing", kind="imported", label="Your logo", engine="existing", score=1.0,
        svg_key="work/logo/imported.svg",
    )
    return LogoConcepts(engine="existing", concepts=[concept], primary="existing", colors=colors)


def _from_sdxl(store) -> LogoConcepts:
    result = store.get_json(SDXL_RESULT)
    candidates = result.get("candidates") or []
    if not candidates:
        raise StageError("the SDXL job produced no candidates")
    concepts = [
        LogoConcept(
            id=f"sdxl-{i}", kind="traced", label=f"Generated mark {i + 1}", engine="sdxl",
            score=float(c.get("score", 0.0)), svg_key=c["svg_key"],
        )
        for i, c in enumerate(candidates)
    ]
    best = max(concepts, key=lambda c: c.score)
    colors = list(dict.fromkeys(color for c in candidates for color in c.get("colors", [])))
    return LogoConcepts(engine="sdxl", concepts=concepts, primary=best.id, colors=colors[:6])
