"""The state machine's FallbackFailureEvent (RecordFailure itself failed): the event it announces names the job
and the version apart, as RecordFailure's would, and is a valid brand.kit.failed event. The real state, taken
from statemachines/brand_kit.asl.json, is run by moto's ASL interpreter under the execution names the workflow
uses (brandkit.jobs.execution_name)."""

from __future__ import annotations

import json
import time
from pathlib import Path

import boto3
import pytest
from moto import mock_aws

from brandkit.jobs import execution_name
from brandkit.webhooks.events import BrandKitFailedV1
from brandkit_local.twin import moto_bridge

DEFINITION = Path(__file__).parents[2] / "statemachines" / "brand_kit.asl.json"


def fallback_failure(name: str) -> dict:
    state = json.loads(DEFINITION.read_text(encoding="utf-8"))["States"]["FallbackFailureEvent"]
    machine = {"StartAt": "Fallback", "States": {"Fallback": {**state, "Next": "Done"}, "Done": {"Type": "Succeed"}}}
    with mock_aws(config=moto_bridge.mock_config()):
        sfn = boto3.client("stepfunctions", region_name="us-east-1")
        arn = sfn.create_state_machine(name="fallback", definition=json.dumps(machine),
                                       roleArn="arn:aws:iam::123456789012:role/sfn")["stateMachineArn"]
        job_id = name.split(".")[0]
        request = {"bucket": "kits", "brief_key": f"tenants/acme/kits/{job_id}/brief.json"}  # as start_job writes it
        execution = sfn.start_execution(stateMachineArn=arn, name=name, input=json.dumps(request))["executionArn"]
        deadline = time.monotonic() + 10
        while (described := sfn.describe_execution(executionArn=execution))["status"] == "RUNNING":
            assert time.monotonic() < deadline, "the fallback state did not finish"
            time.sleep(0.02)
    assert described["status"] == "SUCCEEDED", described
    failure: dict = json.loads(described["output"])["failure"]
    return failure


@pytest.mark.parametrize(("job_id", "version"), [("bk-0a1b2c", 1), ("bk-0a1b2c", 3), ("v", 12), ("rev-v2_v", 2)])
def test_the_fallback_event_names_the_job_and_its_version_apart(job_id, version):
    failure = fallback_failure(execution_name(job_id, version))
    assert failure["tenant"] == "acme"  # the SNS message's tenant attribute: only acme's webhooks hear of it
    event = BrandKitFailedV1.model_validate(failure["event"])
    assert (event.job_id, event.kit_version) == (job_id, version)
    assert (event.stage, event.error) == ("unknown", "RecordFailureFailed")
