"""Progress from execution histories shaped like Step Functions' (ids, previousEventId, timestamps)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from brandkit.progress import STAGES, progress

T0 = datetime(2026, 1, 1, tzinfo=UTC)


class History:
    """Builds a history: each event points back to the one it follows, as Step Functions' do."""

    def __init__(self):
        self.events: list[dict] = []
        self.second = 0.0

    def add(self, kind: str, after: int | None = None, name: str | None = None, dt: float = 0.0) -> int:
        self.second += dt
        event = {
            "id": len(self.events) + 1,
            "type": kind,
            "previousEventId": after if after is not None else len(self.events),
            "timestamp": T0 + timedelta(seconds=self.second),
        }
        if name and kind.endswith("Entered"):
            event["stateEnteredEventDetails"] = {"name": name}
        elif name:
            event["stateExitedEventDetails"] = {"name": name}
        self.events.append(event)
        return event["id"]

    def task(
        self, name: str, seconds: float, outcome: str = "LambdaFunctionSucceeded", after: int | None = None
    ) -> int:
        entered = self.add("TaskStateEntered", after, name)
        self.add("LambdaFunctionScheduled", entered)
        done = self.add(outcome, dt=seconds)
        return self.add("TaskStateExited", done, name)


def stages(result: dict) -> dict[str, tuple[str, float | None]]:
    return {s["name"]: (s["status"], s["seconds"]) for s in result["stages"]}


def run_through_guidelines() -> History:
    """The history of a vector run up to and including CompileGuidelines (the Parallel's branches inside)."""
    h = History()
    h.add("ExecutionStarted")
    for name, seconds in [("ValidateBrief", 0.5), ("DesignLogo", 1.0), ("Palette", 0.25)]:
        h.task(name, seconds)
    parallel = h.add("ParallelStateEntered", name="RationaleAndAssets")
    started = h.add("ParallelStateStarted", parallel)
    h.task("RenderAssets", 2.0, after=started)
    h.task("WriteRationale", 1.5, after=started)
    h.task("CompileGuidelines", 3.0)
    return h


def test_a_finished_run_has_every_stage_done_with_its_seconds():
    h = run_through_guidelines()
    for name, seconds in [("PublishManifest", 0.5), ("NotifySuccess", 0.125)]:
        h.task(name, seconds)
    h.add("ExecutionSucceeded")
    result = progress(h.events, finished=True, stopped_at=T0 + timedelta(seconds=60), now=T0)
    assert result["done"] == result["total"] == len(STAGES) == 8 and result["current"] is None
    assert stages(result)["Logo"] == ("succeeded", 1.0)
    assert stages(result)["CompileGuidelines"] == ("succeeded", 3.0)
    assert [s["name"] for s in result["stages"]] == list(STAGES)


def test_a_running_stage_counts_its_seconds_up_to_now():
    h = History()
    h.add("ExecutionStarted")
    h.task("ValidateBrief", 1.0)
    h.add("TaskStateEntered", name="DesignLogo")
    entered_at = h.events[-1]["timestamp"]
    result = progress(h.events, finished=False, stopped_at=None, now=entered_at + timedelta(seconds=4))
    assert result["current"] == "Logo" and result["done"] == 1
    assert stages(result)["Logo"] == ("running", 4.0)
    assert stages(result)["Palette"] == ("pending", None)


def test_a_retried_attempt_keeps_the_stage_running_and_then_succeeds():
    h = History()
    entered = h.add("TaskStateEntered", 0, "Palette")
    h.add("LambdaFunctionScheduled", entered)
    h.add("LambdaFunctionFailed", dt=1)
    result = progress(h.events, finished=False, stopped_at=None, now=T0 + timedelta(seconds=2))
    assert stages(result)["Palette"][0] == "running"  # waiting for the retry
    h.add("LambdaFunctionScheduled", dt=1)
    done = h.add("LambdaFunctionSucceeded", dt=1)
    h.add("TaskStateExited", done, "Palette")
    assert stages(progress(h.events, finished=False, stopped_at=None, now=T0))["Palette"] == ("succeeded", 3.0)


def test_the_gpu_logo_is_one_stage_until_its_logo_is_collected():
    h = History()
    h.task("GenerateLogoOnGpu", 30.0, outcome="TaskSucceeded")
    assert stages(progress(h.events, finished=False, stopped_at=None, now=T0))["Logo"][0] == "running"
    h.task("CollectGpuLogo", 2.0)
    result = progress(h.events, finished=False, stopped_at=None, now=T0)
    assert stages(result)["Logo"] == ("succeeded", 32.0)


def test_a_caught_failure_fails_its_stage_and_an_aborted_sibling_did_not_finish():
    h = History()
    parallel = h.add("ParallelStateEntered", 0, "RationaleAndAssets")
    started = h.add("ParallelStateStarted", parallel)
    h.task("WriteRationale", 1.0, outcome="LambdaFunctionFailed", after=started)
    render = h.add("TaskStateEntered", started, "RenderAssets")
    h.add("TaskStateAborted", render, "RenderAssets", dt=0.5)
    h.task("RecordFailure", 0.25)
    h.add("ExecutionFailed")
    result = progress(h.events, finished=True, stopped_at=T0 + timedelta(seconds=9), now=T0)
    assert stages(result)["WriteRationale"] == ("failed", 1.0)
    assert stages(result)["RenderAssets"][0] == "failed"
    assert stages(result)["CompileGuidelines"] == ("pending", None)
    assert result["done"] == 0 and result["current"] is None


def test_a_run_stopped_mid_stage_leaves_that_stage_failed_at_the_stop():
    h = History()
    h.add("TaskStateEntered", 0, "ValidateBrief")
    h.add("ExecutionTimedOut", dt=10)
    result = progress(h.events, finished=True, stopped_at=T0 + timedelta(seconds=10), now=T0 + timedelta(days=1))
    assert stages(result)["ValidateBrief"] == ("failed", 10.0)


def test_no_state_entered_yet_is_all_pending():
    result = progress([{"id": 1, "type": "ExecutionStarted", "previousEventId": 0, "timestamp": T0}],
                      finished=False, stopped_at=None, now=T0)
    assert {s["status"] for s in result["stages"]} == {"pending"} and result["current"] is None
