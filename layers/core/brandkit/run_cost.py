"""The cost section of one run's manifest: what the run used, read from the execution's history, the state
machine's payload and the job's objects, priced by brandkit.pricing.

Lambda: each Lambda task state's time from TaskStateEntered to TaskStateExited in the execution history (the one
source of stage timings, as brandkit.progress), at the memory template.yaml gives the function that state invokes
(STAGE_MEMORY_MB, set on PublishManifest; tests/iac checks it against each function's MemorySize). A state not in
that map is not a Lambda state (the Batch job, the SNS publish) and is not billed as one. PublishManifest's own
time is what it has run so far when the manifest is written. GPU: the SDXL job's attempts (CollectGpuLogo's
result). Claude: the rationale's token usage. S3: the objects under the job prefix.
"""

from __future__ import annotations

import json
import os
from typing import Any

from brandkit.pricing import GpuAttempt, KitUsage, StageRun, kit_cost
from brandkit.store import Listed

# States a successful run still enters after PublishManifest writes the manifest: NotifySuccess and KitReady.
_STATES_AFTER = 2
_AWS_SOURCE = ("Lambda task states' durations from the execution history (entered to exited, so retries and "
               "invoke overhead count; cold-start INIT is not billed separately)")


def stage_memory_mb() -> dict[str, int]:
    """State name -> MemorySize of the function it invokes, from the template (env STAGE_MEMORY_MB, JSON)."""
    raw = os.environ.get("STAGE_MEMORY_MB", "")
    if not raw:
        return {}
    try:
        memory = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise ValueError(f"STAGE_MEMORY_MB is not JSON: {exc}") from None
    if not isinstance(memory, dict) or not all(isinstance(v, int) and v > 0 for v in memory.values()):
        raise ValueError("STAGE_MEMORY_MB must map each state name to a memory size in MB (a positive integer)")
    return memory


def lambda_state_runs(events: list[dict[str, Any]], memory: dict[str, int]) -> list[StageRun]:
    """(state, entered -> exited, memory) of every Lambda task state the history shows finished, in order."""
    entered: dict[str, Any] = {}
    runs = []
    for event in events:
        if event["type"] == "TaskStateEntered":
            entered[event["stateEnteredEventDetails"]["name"]] = event["timestamp"]
        elif event["type"] == "TaskStateExited":
            name = event["stateExitedEventDetails"]["name"]
            if name in memory and name in entered:
                ms = (event["timestamp"] - entered.pop(name)).total_seconds() * 1000
                runs.append(StageRun(name, max(ms, 0.0), memory[name]))
    return runs


def gpu_attempts(events: list[dict[str, Any]]) -> list[GpuAttempt]:
    """The SDXL job's attempts as CollectGpuLogo reported them (its `gpu` figures), read from the state's
    output in the history: PublishManifest is not handed the logo stage's result."""
    outputs = [e["stateExitedEventDetails"].get("output") for e in events if e["type"] == "TaskStateExited"
               and e["stateExitedEventDetails"]["name"] == "CollectGpuLogo"]
    if not outputs or not outputs[-1]:
        return []
    state = json.loads(outputs[-1])
    gpu = (state.get("logo") or {}).get("gpu") or state.get("gpu") or {}
    return [GpuAttempt(s, gpu.get("instance_type"), gpu.get("lifecycle")) for s in gpu.get("attempt_seconds", [])]


def run_cost(event: dict[str, Any], history: list[dict[str, Any]], kit: list[Listed], work: list[Listed],
             own_ms: float, extra_puts: int) -> dict[str, Any]:
    """`history`: the execution's events; `kit`, `work`: the job's kit and working files as listed;
    `own_ms`: PublishManifest's time so far; `extra_puts`: objects PublishManifest writes."""
    memory = stage_memory_mb()
    stages = lambda_state_runs(history, memory)
    if "PublishManifest" in memory:
        stages.append(StageRun("PublishManifest", own_ms, memory["PublishManifest"]))
    gpu = gpu_attempts(history)
    usage = KitUsage(
        stages=stages,
        state_transitions=sum(e["type"].endswith("StateEntered") for e in history) + _STATES_AFTER,
        s3_puts=len(kit) + len(work) + extra_puts,
        # Each stage reads the job's files it needs; PublishManifest reads every kit file once (a lower bound).
        s3_gets=len(kit),
        kit_bytes=sum(f.size for f in kit),
        work_bytes=sum(f.size for f in work),
        kit_retention_days=int(os.environ.get("KIT_RETENTION_DAYS", "90")),
        gpu=gpu,
        claude=event.get("render", {}).get("rationale", {}).get("usage") or None,
    )
    return kit_cost(usage, source=os.environ.get("BRANDKIT_COST_SOURCE", _AWS_SOURCE))
