"""The cost section of one run's manifest: what the run used, read from the state machine's payload and the
job's objects, priced by brandkit.pricing.

Inputs are per-stage durations (ms) and memory sizes as each Lambda handler reports them, the SDXL job's attempts
(CollectGpuLogo), the rationale's token usage, and the objects under the job prefix. PublishManifest's own
duration is what it has run so far when the manifest is written.
"""

from __future__ import annotations

import os
from typing import Any

from brandkit.pricing import GpuAttempt, KitUsage, StageRun, kit_cost

# States a successful run enters besides its Lambda stages: ChooseLogoSource, RationaleAndAssets (the Parallel),
# NotifySuccess and KitReady; the GPU path adds GenerateLogoOnGpu.
_OTHER_STATES = 4
_LOGO_STAGES = {"vector": "DesignLogo", "sdxl": "CollectGpuLogo", "existing": "ImportLogo"}
_AWS_SOURCE = "Lambda durations as measured by each handler (billed rounded up to 1 ms; cold-start INIT not included)"


def stage_runs(event: dict[str, Any], own_ms: float) -> list[StageRun]:
    """(stage, duration, memory) of each Lambda stage this run invoked, from the payload PublishManifest gets."""
    render = event.get("render", {})
    outputs = {
        "ValidateBrief": event.get("job", {}),
        _LOGO_STAGES.get(event.get("logo", {}).get("engine"), "DesignLogo"): event.get("logo", {}),
        "Palette": event.get("palette", {}),
        "Rationale": render.get("rationale", {}),
        "RenderAssets": render.get("assets", {}),
        "CompileGuidelines": event.get("guidelines", {}),
    }
    own_memory = int(os.environ.get("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "0") or 0)
    runs = [StageRun(name, out["timing_ms"], int(out.get("memory_mb") or own_memory))
            for name, out in outputs.items() if out.get("timing_ms") is not None]
    runs.append(StageRun("PublishManifest", own_ms, own_memory))
    return runs


def gpu_attempts(logo: dict[str, Any]) -> list[GpuAttempt]:
    gpu = logo.get("gpu") or {}
    return [GpuAttempt(s, gpu.get("instance_type"), gpu.get("lifecycle")) for s in gpu.get("attempt_seconds", [])]


def run_cost(event: dict[str, Any], objects: list[dict[str, Any]], own_ms: float, extra_puts: int) -> dict[str, Any]:
    """`objects`: the job prefix's listing (key relative to it, size); `extra_puts`: objects PublishManifest writes."""
    stages = stage_runs(event, own_ms)
    gpu = gpu_attempts(event.get("logo", {}))
    kit_bytes = sum(o["size"] for o in objects if not o["key"].startswith("work/"))
    work_bytes = sum(o["size"] for o in objects if o["key"].startswith("work/"))
    usage = KitUsage(
        stages=stages,
        state_transitions=len(stages) + _OTHER_STATES + (1 if gpu else 0),
        s3_puts=len(objects) + extra_puts,
        # Each stage reads the job's files it needs; PublishManifest reads every kit file once (a lower bound).
        s3_gets=sum(1 for o in objects if o["key"].startswith("kit/")),
        kit_bytes=kit_bytes,
        work_bytes=work_bytes,
        kit_retention_days=int(os.environ.get("KIT_RETENTION_DAYS", "90")),
        gpu=gpu,
        claude=event.get("render", {}).get("rationale", {}).get("usage") or None,
    )
    return kit_cost(usage, source=os.environ.get("BRANDKIT_COST_SOURCE", _AWS_SOURCE))
