"""How far a run has got: the stages a client sees, read from the execution's history.

Step Functions names states; a client wants stages. Each Task state of statemachines/brand_kit.asl.json
belongs to exactly one stage or to the failure path (tests/iac/test_iac_progress.py holds the two together),
so the progress a client reads cannot drift from the workflow that runs.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

StageStatus = Literal["pending", "running", "succeeded", "failed"]

STAGES = ("ValidateBrief", "Logo", "Palette", "WriteRationale", "RenderAssets", "CompileGuidelines",
          "PublishManifest", "NotifySuccess")

STAGE_OF_STATE = {
    "ValidateBrief": "ValidateBrief",
    # Which logo state runs depends on the brief (existing logo) and the engine (vector, or SDXL on Batch).
    "DesignLogo": "Logo",
    "ImportLogo": "Logo",
    "GenerateLogoOnGpu": "Logo",
    "CollectGpuLogo": "Logo",
    "Palette": "Palette",
    "WriteRationale": "WriteRationale",
    "RenderAssets": "RenderAssets",
    "CompileGuidelines": "CompileGuidelines",
    "PublishManifest": "PublishManifest",
    "NotifySuccess": "NotifySuccess",
}
# Task states that hand the job to another state of their own stage: finishing one does not finish the stage.
HANDOVER_STATES = frozenset({"GenerateLogoOnGpu"})
# Task states that only run after a failure; a failed run is explained by failure.json, not by them.
FAILURE_STATES = frozenset({"RecordFailure", "NotifyFailure"})

_FAILED = ("Failed", "TimedOut", "Aborted")  # suffixes of Lambda/Task outcome events that end an attempt badly


@dataclass
class _StateRun:
    entered: datetime
    ended: datetime | None = None  # the StateExited event, or the last failed attempt
    exited: bool = False
    failed: bool = False  # the latest attempt ended badly (a retry may still follow while the state is open)


def progress(
    events: list[dict[str, Any]], *, finished: bool, stopped_at: datetime | None, now: datetime
) -> dict[str, Any]:
    """{"current", "done", "total", "stages": [{"name", "status", "seconds"}]} for an execution's history.

    `finished` says the execution has stopped; a state still open then did not complete.
    """
    runs = _state_runs(events)
    stages = []
    for name in STAGES:
        mine = {s: r for s, r in runs.items() if STAGE_OF_STATE[s] == name}
        status = _stage_status(mine, finished)
        stages.append({"name": name, "status": status, "seconds": _seconds(mine, status, stopped_at or now)})
    current = next((s["name"] for s in stages if s["status"] == "running"), None)
    done = sum(s["status"] == "succeeded" for s in stages)
    return {"current": current, "done": done, "total": len(STAGES), "stages": stages}


def _state_runs(events: list[dict[str, Any]]) -> dict[str, _StateRun]:
    """The latest run of every stage state, following each event back to the state that owns it."""
    owner: dict[int, str | None] = {}
    runs: dict[str, _StateRun] = {}
    for event in events:
        kind, at = event["type"], event["timestamp"]
        if kind.endswith("StateEntered"):
            name = event["stateEnteredEventDetails"]["name"]
            owner[event["id"]] = name
            if name in STAGE_OF_STATE:
                runs[name] = _StateRun(entered=at)
            continue
        name = owner.get(event.get("previousEventId", 0))
        owner[event["id"]] = name
        run = runs.get(name) if name else None
        if kind.endswith(("StateExited", "StateAborted")):  # Aborted: a sibling branch failed, or the run stopped
            left = runs.get(event.get("stateExitedEventDetails", {}).get("name", name))
            if left is not None:
                left.exited, left.ended = True, at
                left.failed = left.failed or kind.endswith("Aborted")
        elif run is not None and kind.endswith(_FAILED) and not kind.startswith(("Execution", "Parallel", "Map")):
            run.failed, run.ended = True, at
        elif run is not None and kind.endswith("Succeeded"):
            run.failed = False
    return runs


def _stage_status(runs: dict[str, _StateRun], finished: bool) -> StageStatus:
    if not runs:
        return "pending"
    if any(r.failed and (r.exited or finished) for r in runs.values()):
        return "failed"
    if any(not r.exited for r in runs.values()):
        return "failed" if finished else "running"  # a run that stopped with the state open: it never completed
    if all(name in HANDOVER_STATES for name in runs):
        return "failed" if finished else "running"  # between the GPU job and collecting its logo
    return "succeeded"


def _seconds(runs: dict[str, _StateRun], status: StageStatus, until: datetime) -> float | None:
    if not runs:
        return None
    start = min(r.entered for r in runs.values())
    if status == "running":
        end = until
    else:
        end = max((r.ended or until) for r in runs.values())
    return round(max((end - start).total_seconds(), 0.0), 3)
