"""The sample events in events/ are what the state machine (or API Gateway) really hands each function.

The state machine's data flow is followed symbolically (top-level keys only: Parameters replace the
input, ResultPath adds one key, Catch adds the error key), so an event that drifts from the ASL fails here.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from typing import Any

import pytest

from brandkit.api.uploads import UploadIn
from brandkit.artifacts import Job
from brandkit.brief import Brief
from tests.iac.cfn_template import ROOT

EVENTS = ROOT / "events"
PLACEHOLDER = re.compile(r"\$\{(\w+)FunctionArn\}")
BUCKET, JOB_ID = "brandkit-local-kits", "job-sample"
PREFIX = f"tenants/default/kits/{JOB_ID}"
START_KEYS = frozenset({"bucket", "brief_key"})  # what brandkit.jobs.start_job passes to StartExecution


def _result(keys: frozenset[str], path: str | None) -> frozenset[str]:
    if path is None:
        return keys
    if path == "$":
        raise AssertionError("ResultPath $ replaces the whole state: the symbolic walk needs a key")
    return keys | {path.removeprefix("$.").split(".")[0]}


def state_inputs(asl: dict[str, Any]) -> dict[str, set[frozenset[str]]]:
    """For every state (branches included), the sets of top-level keys its input can have.

    Only what flows on matters: the output of a branch's or the machine's last state is never followed.
    """
    inputs: dict[str, set[frozenset[str]]] = defaultdict(set)

    def run(states: dict[str, Any], name: str, keys: frozenset[str]) -> None:
        if keys in inputs[name]:
            return
        inputs[name].add(keys)
        state = states[name]
        assert "InputPath" not in state and "OutputPath" not in state, f"{name}: extend the walk for Input/OutputPath"
        for catch in state.get("Catch", []):
            run(states, catch["Next"], _result(keys, catch.get("ResultPath", "$")))
        if state["Type"] == "Parallel":
            for branch in state["Branches"]:
                run(branch["States"], branch["StartAt"], _task_input_keys(state, keys))
        if state["Type"] == "Choice":
            for target in [c["Next"] for c in state["Choices"]] + [state["Default"]]:
                run(states, target, keys)
        elif "Next" in state:
            run(states, state["Next"], _result(keys, state.get("ResultPath", "$")))

    run(asl["States"], asl["StartAt"], START_KEYS)
    return inputs


def _task_states(asl: dict[str, Any]) -> dict[str, dict[str, Any]]:
    found: dict[str, dict[str, Any]] = {}

    def collect(states: dict[str, Any]) -> None:
        for name, state in states.items():
            if state["Type"] == "Task":
                found[name] = state
            for branch in state.get("Branches", []):
                collect(branch["States"])

    collect(asl["States"])
    return found


def _task_input_keys(state: dict[str, Any], keys: frozenset[str]) -> frozenset[str]:
    return frozenset(k.removesuffix(".$") for k in state["Parameters"]) if "Parameters" in state else keys


def _events_by_code_dir(functions) -> dict[str, list[str]]:
    dirs = {name: f["Properties"]["CodeUri"].strip("/").split("/")[-1] for name, f in functions.items()}
    files = sorted(p.stem for p in EVENTS.glob("*.json"))
    return {name: [f for f in files if f == d or f.startswith(f"{d}_")] for name, d in dirs.items()}


def _load(name: str) -> dict[str, Any]:
    return json.loads((EVENTS / f"{name}.json").read_text(encoding="utf-8"))


def test_every_function_has_a_sample_event(functions):
    for name, files in _events_by_code_dir(functions).items():
        assert files, f"{name}: no events/<dir>.json"


def test_stage_events_match_what_the_state_machine_passes(asl, functions):
    inputs = state_inputs(asl)
    by_function: dict[str, list[tuple[str, dict[str, Any]]]] = defaultdict(list)
    for state_name, state in _task_states(asl).items():
        match = PLACEHOLDER.fullmatch(state["Resource"])
        if match:
            by_function[f"{match.group(1)}Function"].append((state_name, state))
    events = _events_by_code_dir(functions)
    assert set(by_function) <= set(events)
    for function, states in by_function.items():
        expected = {_task_input_keys(s, keys): n for n, s in states for keys in inputs[n]}
        for event_name in events[function]:
            keys = frozenset(_load(event_name))
            assert keys in expected, (
                f"events/{event_name}.json has keys {sorted(keys)};"
                f" the ASL passes one of {sorted(map(sorted, expected))}"
            )


def test_record_failure_event_carries_a_state_the_catch_can_produce(asl):
    inputs = state_inputs(asl)
    event = _load("record_failure")
    assert frozenset(event["input"]) in inputs["RecordFailure"]
    assert {"Error", "Cause"} <= set(event["input"]["error"])
    assert event["execution"].endswith(f":execution:brandkit-brand-kit:{JOB_ID}") and event["job_id"] == JOB_ID


def _stage_event_names() -> list[str]:
    """Events the state machine hands a stage: not API requests, not the authorizer's ("type": "REQUEST"), not
    SQS/SNS batches ("Records")."""
    events = {p.name: json.loads(p.read_text(encoding="utf-8")) for p in EVENTS.glob("*.json")}
    return sorted(name for name, event in events.items()
                  if not name.startswith("api") and "Records" not in event and event.get("type") != "REQUEST")


@pytest.mark.parametrize("path", _stage_event_names())
def test_stage_events_use_the_sample_job(path):
    event = json.loads((EVENTS / path).read_text(encoding="utf-8"))
    found = event.get("input", event)
    if "job" in found:
        job = Job.model_validate(found["job"])
        assert (job.id, job.bucket, job.prefix) == (JOB_ID, BUCKET, PREFIX)
    else:
        assert (found["job_id"], found["bucket"], found["brief_key"]) == (JOB_ID, BUCKET, f"{PREFIX}/brief.json")


def _api_routes(functions) -> set[tuple[str, str]]:
    return {
        (e["Properties"]["Path"], e["Properties"]["Method"].upper())
        for e in functions["ApiFunction"]["Properties"]["Events"].values()
        if e["Type"] == "Api"
    }


@pytest.mark.parametrize("path", sorted(p.name for p in EVENTS.glob("api_*.json")))
def test_api_events_are_rest_proxy_events_for_real_routes(path, functions):
    from aws_lambda_powertools.utilities.data_classes import APIGatewayProxyEvent

    event = APIGatewayProxyEvent(json.loads((EVENTS / path).read_text(encoding="utf-8")))
    assert (event.resource, event.http_method) in _api_routes(functions)
    assert event.request_context.stage == "v1" and event.request_context.resource_path == event.resource
    assert event.headers.get("x-api-key") and event.request_context.identity.api_key == event.headers["x-api-key"]
    for name, value in (event.path_parameters or {}).items():
        assert f"{{{name}}}" in event.resource and value in event.path
    if event.http_method == "POST":
        assert event.headers["Content-Type"] == "application/json"
        {"/brands": Brief, "/uploads": UploadIn}[event.resource].model_validate_json(event.body)
