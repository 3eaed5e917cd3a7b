"""The two deployment modes (LogoEngines) and the alarms, on the template each stack actually gets.

cfn_template.materialise decides the conditions for a set of parameter values, as CloudFormation does; the
result is translated by SAM. The vector-only stack must hold no Batch, EC2 or Neptune resource and ask for no
network or GPU parameter; the full stack must have an alarm (or, for Batch, a rule) on the ops topic for every
failure an operator has to hear about. tests/iac/test_iac_lint.py and test_iac_gate.py lint and scan both.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.iac.cfn_template import FULL, VECTOR_ONLY, materialise, resources_of_type, translate

OPS = {"Ref": "OpsTopic"}


@pytest.fixture(scope="module")
def vector_stack(template) -> dict[str, Any]:
    return translate(materialise(template, VECTOR_ONLY))


@pytest.fixture(scope="module")
def full_stack(template) -> dict[str, Any]:
    return translate(materialise(template, FULL))


def test_vector_only_stack_has_no_batch_ec2_neptune_or_network(template, vector_stack):
    kinds = {r["Type"] for r in vector_stack["Resources"].values()}
    assert not {k for k in kinds if k.startswith(("AWS::Batch::", "AWS::EC2::", "AWS::Neptune::"))}, kinds
    gpu_or_network = {
        "SubnetIds",
        "SecurityGroupIds",
        "GpuImageUri",
        "ModelS3Uri",
        "GpuInstanceTypes",
        "GpuMaxvCpus",
        "GpuWarmvCpus",
        "GpuOnDemandMaxvCpus",
        "SdxlSteps",
        "SdxlCandidates",
        "SdxlModelVariant",
        "GpuQueueWaitSeconds",
    }
    assert gpu_or_network <= set(template["Parameters"]), "the full template lost a GPU parameter this test names"
    assert not gpu_or_network & set(vector_stack["Parameters"])
    required = {n for n, p in materialise(template, VECTOR_ONLY)["Parameters"].items() if "Default" not in p}
    assert not required, f"a vector-only deploy would have to answer {required}"
    for name, function in resources_of_type(vector_stack, "AWS::Lambda::Function").items():
        assert "VpcConfig" not in function["Properties"], f"{name} joins a VPC in a vector-only stack"
    machine = next(iter(resources_of_type(vector_stack, "AWS::StepFunctions::StateMachine").values()))
    assert machine["Properties"]["DefinitionSubstitutions"]["SdxlLogoSource"] == "not-deployed"
    env = next(iter(resources_of_type(vector_stack, "AWS::Lambda::Function").values()))["Properties"]["Environment"]
    assert env["Variables"]["LOGO_ENGINE"] == "vector"


def test_full_stack_sends_jobs_to_spot_then_on_demand(full_stack):
    machine = next(iter(resources_of_type(full_stack, "AWS::StepFunctions::StateMachine").values()))
    assert machine["Properties"]["DefinitionSubstitutions"]["SdxlLogoSource"] == "sdxl"
    (queue,) = resources_of_type(full_stack, "AWS::Batch::JobQueue").values()
    order = sorted(queue["Properties"]["ComputeEnvironmentOrder"], key=lambda o: o["Order"])
    kinds = [
        full_stack["Resources"][o["ComputeEnvironment"]["Ref"]]["Properties"]["ComputeResources"]["Type"] for o in order
    ]
    assert kinds == ["SPOT", "EC2"]


def _alarms(stack: dict[str, Any]) -> list[dict[str, Any]]:
    return [a["Properties"] for a in resources_of_type(stack, "AWS::CloudWatch::Alarm").values()]


def _watching(stack: dict[str, Any], namespace: str, metric: str) -> list[dict[str, Any]]:
    return [a for a in _alarms(stack) if a["Namespace"] == namespace and a["MetricName"] == metric]


def test_every_alarm_tells_the_ops_topic_and_has_a_parameter_threshold(full_stack, template):
    alarms = _alarms(full_stack)
    assert len(alarms) >= 3 + 2 + 2 * 12 + 2 + 1
    for alarm in alarms:
        assert alarm["AlarmActions"] == [OPS], alarm
        assert alarm["TreatMissingData"] == "notBreaching", alarm  # no data = nothing happened
        threshold = alarm["Threshold"]
        assert threshold == 0 or (isinstance(threshold, dict) and threshold["Ref"] in template["Parameters"]), alarm


def test_full_stack_alarms_cover_every_failure(full_stack):
    machine = next(iter(resources_of_type(full_stack, "AWS::StepFunctions::StateMachine")))
    for metric in ("ExecutionsFailed", "ExecutionsTimedOut", "ExecutionsAborted"):
        (alarm,) = _watching(full_stack, "AWS/States", metric)
        assert alarm["Dimensions"] == [{"Name": "StateMachineArn", "Value": {"Ref": machine}}]

    queues = resources_of_type(full_stack, "AWS::SQS::Queue")
    dead_letter = {
        q["Properties"]["RedrivePolicy"]["deadLetterTargetArn"]["Fn::GetAtt"][0]
        for q in queues.values()
        if "RedrivePolicy" in q["Properties"]
    }
    watched = {
        a["Dimensions"][0]["Value"]["Fn::GetAtt"][0]
        for a in _watching(full_stack, "AWS/SQS", "ApproximateNumberOfMessagesVisible")
        if a["ComparisonOperator"] == "GreaterThanThreshold" and a["Threshold"] == 0
    }
    assert dead_letter and dead_letter <= watched

    functions = set(resources_of_type(full_stack, "AWS::Lambda::Function"))
    for metric in ("Errors", "Throttles"):
        alarmed = {a["Dimensions"][0]["Value"]["Ref"] for a in _watching(full_stack, "AWS/Lambda", metric)}
        assert alarmed == functions, f"{metric}: {functions ^ alarmed}"

    (api,) = resources_of_type(full_stack, "AWS::ApiGateway::RestApi").values()
    (errors,) = _watching(full_stack, "AWS/ApiGateway", "5XXError")
    (latency,) = _watching(full_stack, "AWS/ApiGateway", "Latency")
    assert latency["ExtendedStatistic"] == "p95"
    for alarm in (errors, latency):
        assert {"Name": "ApiName", "Value": api["Properties"]["Name"]} in alarm["Dimensions"]

    (wait,) = _watching(full_stack, "Brandkit", "GpuQueueWaitSeconds")
    assert wait["Dimensions"] == [{"Name": "service", "Value": "brandkit"}]

    (rule,) = resources_of_type(full_stack, "AWS::Events::Rule").values()
    assert rule["Properties"]["EventPattern"]["detail"]["status"] == ["FAILED"]
    assert rule["Properties"]["EventPattern"]["detail"]["jobQueue"] == [{"Ref": "GpuJobQueue"}]
    assert [t["Arn"] for t in rule["Properties"]["Targets"]] == [OPS]

    (budget,) = resources_of_type(full_stack, "AWS::Budgets::Budget").values()
    subscribers = [s for n in budget["Properties"]["NotificationsWithSubscribers"] for s in n["Subscribers"]]
    assert subscribers and all(s == {"SubscriptionType": "SNS", "Address": OPS} for s in subscribers)
    (subscription,) = [
        s
        for s in resources_of_type(full_stack, "AWS::SNS::Subscription").values()
        if s["Properties"]["TopicArn"] == OPS
    ]
    assert subscription["Properties"]["Endpoint"] == {"Ref": "OpsNotificationEndpoint"}


def test_vector_stack_has_no_gpu_alarm_budget_or_subscription_by_default(vector_stack):
    assert not _watching(vector_stack, "Brandkit", "GpuQueueWaitSeconds")
    assert not resources_of_type(vector_stack, "AWS::Events::Rule")
    assert not resources_of_type(vector_stack, "AWS::Budgets::Budget")
    assert all(
        s["Properties"]["TopicArn"] != OPS for s in resources_of_type(vector_stack, "AWS::SNS::Subscription").values()
    )


def test_dashboard_shows_the_alarmed_figures_and_kits_per_hour(full_stack):
    (dashboard,) = resources_of_type(full_stack, "AWS::CloudWatch::Dashboard").values()
    body = json.loads(dashboard["Properties"]["DashboardBody"]["Fn::Sub"])
    shown = {(m[0], m[1]) for w in body["widgets"] for m in w["properties"]["metrics"] if m[0] != "."}
    shown |= {(None, m[1]) for w in body["widgets"] for m in w["properties"]["metrics"]}
    alarmed = {(a["Namespace"], a["MetricName"]) for a in _alarms(full_stack)}
    missing = {(ns, name) for ns, name in alarmed if (ns, name) not in shown and (None, name) not in shown}
    assert not missing, missing
    hourly = [w for w in body["widgets"] if w["properties"].get("period") == 3600]
    assert any(m[1] == "ExecutionsSucceeded" for w in hourly for m in w["properties"]["metrics"])


def test_template_rules_refuse_an_sdxl_or_neptune_stack_without_its_parameters(template):
    """Defaults are empty so a vector-only stack needs nothing; the rules make the other modes ask for them."""
    rules = template["Rules"]
    sdxl = rules["SdxlNeedsImageModelAndNetwork"]
    assert sdxl["RuleCondition"] == {"Fn::Equals": [{"Ref": "LogoEngines"}, "vector+sdxl"]}
    checked = json.dumps(sdxl["Assertions"])
    for name in ("GpuImageUri", "ModelS3Uri", "SubnetIds", "SecurityGroupIds"):
        assert f'{{"Ref": "{name}"}}' in checked, name
    assert '{"Fn::Contains": [{"Ref": "SubnetIds"}, ""]}' in json.dumps(rules["NeptuneNeedsNetwork"]["Assertions"])
    allowed = {
        "Ref",
        "Fn::Equals",
        "Fn::Not",
        "Fn::And",
        "Fn::Or",
        "Fn::Contains",
        "Fn::EachMemberEquals",
        "Fn::EachMemberIn",
        "Fn::ValueOf",
        "Fn::ValueOfAll",
        "Fn::RefAll",
    }

    def functions_in(value):
        if isinstance(value, dict):
            for key, inner in value.items():
                yield key
                yield from functions_in(inner)
        elif isinstance(value, list):
            for inner in value:
                yield from functions_in(inner)

    used = {f for f in functions_in(rules) if f.startswith(("Fn::", "Ref"))}
    assert used <= allowed, f"functions CloudFormation rules do not support: {used - allowed}"
