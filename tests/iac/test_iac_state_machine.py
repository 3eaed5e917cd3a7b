"""The ASL file against the template: cfn-lint never opens a DefinitionUri, so these checks do.

(c) every ${...} in the ASL has a DefinitionSubstitutions entry and the other way round, and each
    substituted function exists with code; (d) every Task has a timeout, a jittered Retry and a path to
    RecordFailure; plus the timing relations between Lambda timeouts and state timeouts.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Iterator
from typing import Any

import boto3
from moto import mock_aws

from tests.iac.cfn_template import ASL, ROOT, resources_of_type

PLACEHOLDER = re.compile(r"\$\{([^}]*)\}")
FAILURE_ENTRY = "RecordFailure"
BATCH_SYNC = "arn:aws:states:::batch:submitJob.sync"


def _state_machine(template: dict[str, Any]) -> dict[str, Any]:
    (machine,) = resources_of_type(template, "AWS::Serverless::StateMachine").values()
    return machine["Properties"]


def _walk(states: dict[str, Any], enclosing: str | None = None) -> Iterator[tuple[str, dict[str, Any], str | None]]:
    """(name, state, name of the Parallel/Map it sits in or None), through every branch."""
    for name, state in states.items():
        yield name, state, enclosing
        for branch in state.get("Branches", []):
            yield from _walk(branch["States"], name)
        processor = state.get("ItemProcessor") or state.get("Iterator")
        if processor:
            yield from _walk(processor["States"], name)


def _tasks(asl: dict[str, Any]) -> list[tuple[str, dict[str, Any], str | None]]:
    return [(n, s, parent) for n, s, parent in _walk(asl["States"]) if s["Type"] == "Task"]


def _reachable(states: dict[str, Any], start: str) -> set[str]:
    seen, todo = set(), [start]
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        state = states[name]
        nexts = [state.get("Next"), state.get("Default")]
        nexts += [c.get("Next") for c in state.get("Choices", [])]
        nexts += [c.get("Next") for c in state.get("Catch", [])]
        todo.extend(n for n in nexts if n)
    return seen


def _catches_to_failure(state: dict[str, Any]) -> bool:
    return any("States.ALL" in c["ErrorEquals"] and c["Next"] == FAILURE_ENTRY for c in state.get("Catch", []))


# ---------------------------------------------------------------- (c) substitutions


def test_every_placeholder_has_a_substitution_and_back(template, asl_text):
    used = set(PLACEHOLDER.findall(asl_text))
    substituted = set(_state_machine(template)["DefinitionSubstitutions"])
    assert used - substituted == set(), "placeholders in the ASL with no DefinitionSubstitutions entry"
    assert substituted - used == set(), "DefinitionSubstitutions entries the ASL never uses"


def test_substituted_functions_exist_with_code(template, functions):
    substitutions = _state_machine(template)["DefinitionSubstitutions"]
    function_keys = {k: v for k, v in substitutions.items() if k.endswith("FunctionArn")}
    assert function_keys, "the state machine invokes no function?"
    for key, value in function_keys.items():
        logical_id = key.removesuffix("Arn")
        assert logical_id in functions, f"{key}: no AWS::Serverless::Function {logical_id}"
        assert value == {"Fn::GetAtt": [logical_id, "Arn"]}, f"{key} must be !GetAtt {logical_id}.Arn"
        code = ROOT / functions[logical_id]["Properties"]["CodeUri"] / "app.py"
        assert code.is_file(), f"{logical_id}: {code.relative_to(ROOT)} does not exist"


def test_other_substitutions_name_resources_of_the_right_type(template):
    substitutions = _state_machine(template)["DefinitionSubstitutions"]
    expected = {
        "GpuJobQueueArn": ("GpuJobQueue", "AWS::Batch::JobQueue"),
        "GpuJobDefinitionArn": ("GpuJobDefinition", "AWS::Batch::JobDefinition"),
        "EventsTopicArn": ("EventsTopic", "AWS::SNS::Topic"),
    }
    gpu_only = {"GpuJobQueueArn", "GpuJobDefinitionArn"}  # a vector-only stack has no GPU queue (UseSdxl)
    for key, (logical_id, resource_type) in expected.items():
        wanted = {"Ref": logical_id}
        if key in gpu_only:
            wanted = {"Fn::If": ["UseSdxl", wanted, "not-deployed"]}
            assert template["Resources"][logical_id]["Condition"] == "UseSdxl", logical_id
        assert substitutions.get(key) == wanted, key
        assert template["Resources"][logical_id]["Type"] == resource_type


def test_engine_choice_follows_the_deployment(template, asl):
    """The Choice sends a job to the GPU only in a vector+sdxl stack, the same condition that sets LOGO_ENGINE."""
    substitutions = _state_machine(template)["DefinitionSubstitutions"]
    assert substitutions["SdxlLogoSource"] == {"Fn::If": ["UseSdxl", "sdxl", "not-deployed"]}
    gpu_rule = next(c for c in asl["States"]["ChooseLogoSource"]["Choices"] if c["Next"] == "GenerateLogoOnGpu")
    assert gpu_rule["StringEquals"] == "${SdxlLogoSource}"
    env = template["Globals"]["Function"]["Environment"]["Variables"]
    assert env["LOGO_ENGINE"] == {"Fn::If": ["UseSdxl", "sdxl", "vector"]}


def test_lambda_tasks_use_substitutions_not_literal_arns(asl):
    for name, state, _ in _tasks(asl):
        resource = state["Resource"]
        if resource.startswith("arn:aws:states:::"):
            continue  # service integrations (batch, sns) are fixed ARNs by design
        assert PLACEHOLDER.fullmatch(resource), f"{name}: Resource {resource!r} is not a ${{...}} placeholder"


def test_state_machine_may_invoke_exactly_the_functions_it_uses(template, asl):
    invoked = {
        PLACEHOLDER.fullmatch(s["Resource"]).group(1).removesuffix("Arn")
        for _, s, _ in _tasks(asl)
        if PLACEHOLDER.fullmatch(s["Resource"])
    }
    allowed = {
        p["LambdaInvokePolicy"]["FunctionName"]["Ref"]
        for p in _state_machine(template)["Policies"]
        if isinstance(p, dict) and "LambdaInvokePolicy" in p
    }
    assert invoked == allowed


# ---------------------------------------------------------------- (d) robustness of every Task


def test_every_task_has_timeout_and_jittered_retry(asl):
    for name, state, _ in _tasks(asl):
        assert isinstance(state.get("TimeoutSeconds"), int) and state["TimeoutSeconds"] > 0, (
            f"{name}: no TimeoutSeconds"
        )
        retries = state.get("Retry") or []
        assert retries, f"{name}: no Retry"
        for rule in retries:
            assert rule.get("JitterStrategy") == "FULL", f"{name}: Retry {rule['ErrorEquals']} has no jitter"
            assert rule.get("MaxAttempts", 3) <= 5, f"{name}: unbounded-looking retry"


def test_every_task_outside_the_failure_path_is_caught_by_record_failure(asl):
    states = asl["States"]
    assert FAILURE_ENTRY in states and states[FAILURE_ENTRY]["Type"] == "Task"
    failure_path = _reachable(states, FAILURE_ENTRY)
    for name, state, parent in _tasks(asl):
        if parent is None and name in failure_path:
            continue
        if parent is None:
            assert _catches_to_failure(state), f"{name}: no Catch [States.ALL] -> {FAILURE_ENTRY}"
        else:
            # A branch cannot jump out of its Parallel/Map: the enclosing state must catch.
            assert _catches_to_failure(states[parent]), (
                f"{name} (in {parent}): {parent} does not catch -> {FAILURE_ENTRY}"
            )
    for name, state in states.items():
        if state["Type"] in ("Parallel", "Map") and name not in failure_path:
            assert _catches_to_failure(state), f"{name}: no Catch [States.ALL] -> {FAILURE_ENTRY}"


def test_failure_path_always_ends_in_fail(asl):
    states = asl["States"]
    failure_path = _reachable(states, FAILURE_ENTRY)
    ends = {n for n in failure_path if states[n]["Type"] in ("Fail", "Succeed") or states[n].get("End")}
    assert ends and all(states[n]["Type"] == "Fail" for n in ends), f"failure path ends in {ends}"
    for name in failure_path:
        if states[name]["Type"] == "Task":
            # A failure while reporting a failure must still end the run in Fail, not as a raw task error.
            assert states[name].get("Catch"), f"{name}: a failure-path Task without Catch"


def test_batch_task_retries_only_service_errors(asl):
    """Each Step Functions retry of a .sync Batch task submits a new job: Batch itself retries spot reclaims."""
    batch_tasks = [(n, s) for n, s, _ in _tasks(asl) if s["Resource"] == BATCH_SYNC]
    assert batch_tasks, "no batch:submitJob.sync task"
    for name, state in batch_tasks:
        for rule in state["Retry"]:
            broad = {"States.ALL", "States.TaskFailed", "States.Timeout"} & set(rule["ErrorEquals"])
            assert not broad, f"{name}: retries {broad}, which would resubmit failed GPU jobs"


def test_lambda_timeouts_fit_inside_their_states(template, asl, functions):
    """A Lambda that outlives its state is cut off as States.Timeout (not retried) while still running."""
    for name, state, _ in _tasks(asl):
        match = PLACEHOLDER.fullmatch(state["Resource"])
        if not match:
            continue
        function = functions[match.group(1).removesuffix("Arn")]["Properties"]
        assert function["Timeout"] < state["TimeoutSeconds"], (
            f"{name}: function Timeout {function['Timeout']} s >= state TimeoutSeconds {state['TimeoutSeconds']} s"
        )


def test_batch_state_outlasts_one_gpu_attempt(template, asl):
    attempt = template["Resources"]["GpuJobDefinition"]["Properties"]["Timeout"]["AttemptDurationSeconds"]
    for name, state, _ in _tasks(asl):
        if state["Resource"] == BATCH_SYNC:
            assert state["TimeoutSeconds"] > attempt, f"{name}: state times out before one Batch attempt can"


def test_publish_manifest_gets_the_execution_whose_history_times_the_stages(asl):
    # brandkit.stages.publish_manifest reads the stage timings from this execution's history.
    assert asl["States"]["PublishManifest"]["Parameters"]["execution.$"] == "$$.Execution.Id"


def test_the_fallback_failure_event_names_the_tenant_of_the_brief(fresh_clients):
    """When RecordFailure itself failed, FallbackFailureEvent still finds the job's tenant (for NotifyFailure's
    `tenant` attribute) in the execution's input, with the intrinsic functions moto's interpreter runs."""
    fallback = dict(json.loads(ASL.read_text(encoding="utf-8"))["States"]["FallbackFailureEvent"])
    fallback.pop("Next")
    machine = {"StartAt": "Fallback", "States": {"Fallback": {**fallback, "End": True}}}
    with mock_aws(config={"stepfunctions": {"execute_state_machine": True}}):
        sfn = boto3.client("stepfunctions", region_name="us-east-1")
        arn = sfn.create_state_machine(name="fallback", definition=json.dumps(machine),
                                       roleArn="arn:aws:iam::123456789012:role/x")["stateMachineArn"]
        run = sfn.start_execution(stateMachineArn=arn, name="bk-1", input=json.dumps(
            {"bucket": "b", "brief_key": "tenants/acme/kits/bk-1/brief.json"}))["executionArn"]
        deadline = time.monotonic() + 10
        while (described := sfn.describe_execution(executionArn=run))["status"] == "RUNNING":
            assert time.monotonic() < deadline, "the execution did not end"
            time.sleep(0.05)
    assert described["status"] == "SUCCEEDED", described
    failure = json.loads(described["output"])["failure"]
    assert failure["tenant"] == "acme" and failure["event"]["job_id"] == "bk-1"
