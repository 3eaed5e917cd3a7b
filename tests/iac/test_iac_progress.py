"""The stages GET /brands/{id} reports are the state machine's Task states, grouped: nothing unmapped, nothing stale."""

from __future__ import annotations

from typing import Any

from brandkit.progress import FAILURE_STATES, HANDOVER_STATES, STAGE_OF_STATE, STAGES


def _task_states(states: dict[str, Any]) -> dict[str, dict[str, Any]]:
    found: dict[str, dict[str, Any]] = {}
    for name, state in states.items():
        if state["Type"] == "Task":
            found[name] = state
        for branch in state.get("Branches", []):
            found.update(_task_states(branch["States"]))
        for nested in ("Iterator", "ItemProcessor"):
            if nested in state:
                found.update(_task_states(state[nested]["States"]))
    return found


def test_every_task_state_is_a_stage_or_the_failure_path(asl):
    tasks = set(_task_states(asl["States"]))
    unmapped = tasks - set(STAGE_OF_STATE) - FAILURE_STATES
    assert not unmapped, (
        f"add these Task states to brandkit.progress.STAGE_OF_STATE or FAILURE_STATES: {sorted(unmapped)}"
    )
    stale = (set(STAGE_OF_STATE) | FAILURE_STATES) - tasks
    assert not stale, f"brandkit.progress names states the state machine no longer has: {sorted(stale)}"
    assert not set(STAGE_OF_STATE) & FAILURE_STATES


def test_every_stage_has_a_state_and_stages_follow_the_workflow_order(asl):
    assert set(STAGE_OF_STATE.values()) == set(STAGES)
    # Walk the happy path (first Choice branch and the Default both lead on; Parallel branches in order).
    order: list[str] = []

    def walk(states: dict[str, Any], name: str | None) -> None:
        while name:
            state = states[name]
            if name in STAGE_OF_STATE and STAGE_OF_STATE[name] not in order:
                order.append(STAGE_OF_STATE[name])
            if state["Type"] == "Parallel":
                for branch in sorted(state["Branches"], key=lambda b: STAGES.index(STAGE_OF_STATE[b["StartAt"]])):
                    walk(branch["States"], branch["StartAt"])
            name = state.get("Default") if state["Type"] == "Choice" else state.get("Next")

    walk(asl["States"], asl["StartAt"])
    assert tuple(order) == tuple(s for s in STAGES if s in order)
    assert order[0] == STAGES[0] and order[-1] == STAGES[-1]


def test_handover_states_are_exactly_those_that_pass_on_within_their_stage(asl):
    tasks = _task_states(asl["States"])
    handing_over = {
        name for name, state in tasks.items()
        if name in STAGE_OF_STATE and STAGE_OF_STATE.get(state.get("Next", "")) == STAGE_OF_STATE[name]
    }
    assert handing_over == HANDOVER_STATES


def test_failure_states_run_only_after_a_catch(asl):
    caught_into = {c["Next"] for s in _task_states(asl["States"]).values() for c in s.get("Catch", [])}
    assert "RecordFailure" in caught_into and FAILURE_STATES <= caught_into | {asl["States"]["RecordFailure"]["Next"]}
