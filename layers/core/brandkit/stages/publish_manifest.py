"""PublishManifest: checksum every kit file, write manifest.json, and shape the success event."""

from __future__ import annotations

from typing import Any

from brandkit.manifest import artifact_entry, build_manifest
from brandkit.stages import job_of, load_profile

MANIFEST = "manifest.json"
EVENT_VERSION = "1"


def run(event: dict[str, Any]) -> dict[str, Any]:
    job, store = job_of(event)
    profile = load_profile(store)
    artifacts = [
        artifact_entry(obj["key"].removeprefix("kit/"), store.get_bytes(obj["key"]))
        for obj in store.list("kit/")
        if obj["key"] != f"kit/{MANIFEST}"
    ]
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
        },
    )
    key = store.put_json(f"kit/{MANIFEST}", manifest)
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
