"""The local twin's seams into moto, proved on a small synthetic project (template + ASL + handlers + worker).

If a moto upgrade changes an internal, these tests say which seam broke.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from brandkit.brief import Brief
from brandkit_local.twin import LocalCloud

TEMPLATE = """\
Transform: AWS::Serverless-2016-10-31
Parameters:
  Greeting: {Type: String, Default: hello}
Globals:
  Function:
    Timeout: 2
    Environment:
      Variables:
        GREETING: !Ref Greeting
        KIT_BUCKET: !Ref KitBucket
Resources:
  KitBucket: {Type: AWS::S3::Bucket}
  EventsTopic: {Type: AWS::SNS::Topic}
  JobsTable:  # where the twin's submit records each job's tenant (brandkit.job_records)
    Type: AWS::DynamoDB::Table
    Properties:
      AttributeDefinitions:
        - {AttributeName: id, AttributeType: S}
        - {AttributeName: tenant, AttributeType: S}
        - {AttributeName: started_at, AttributeType: S}
      KeySchema: [{AttributeName: id, KeyType: HASH}]
      GlobalSecondaryIndexes:
        - IndexName: tenant-started
          KeySchema: [{AttributeName: tenant, KeyType: HASH}, {AttributeName: started_at, KeyType: RANGE}]
          Projection: {ProjectionType: ALL}
  EchoFunction:
    Type: AWS::Serverless::Function
    Properties: {CodeUri: functions/echo/, Handler: app.lambda_handler}
  SlowFunction:
    Type: AWS::Serverless::Function
    Properties: {CodeUri: functions/slow/, Handler: app.lambda_handler, Timeout: 1}
  GpuJobQueue: {Type: AWS::Batch::JobQueue}
  GpuJobDefinition:
    Type: AWS::Batch::JobDefinition
    Properties:
      ContainerProperties:
        Command: [python, -m, fake_worker, --job-id, Ref::job_id]
        Environment: [{Name: MODE, Value: batch}]
      RetryStrategy:
        Attempts: 3
        EvaluateOnExit:
          - {OnStatusReason: "Host EC2*", Action: RETRY}
          - {OnReason: "*", Action: EXIT}
  Machine:
    Type: AWS::Serverless::StateMachine
    Properties:
      DefinitionUri: sm.asl.json
      DefinitionSubstitutions:
        EchoArn: !GetAtt EchoFunction.Arn
        SlowArn: !GetAtt SlowFunction.Arn
        Queue: !Ref GpuJobQueue
        Definition: !Ref GpuJobDefinition
        Topic: !Ref EventsTopic
"""

ASL = {
    "StartAt": "Echo",
    "States": {
        "Echo": {"Type": "Task", "Resource": "${EchoArn}", "ResultPath": "$.echo", "Next": "Gpu"},
        "Gpu": {
            "Type": "Task", "Resource": "arn:aws:states:::batch:submitJob.sync",
            "Parameters": {"JobName": "j", "JobQueue": "${Queue}", "JobDefinition": "${Definition}",
                           "Parameters": {"job_id.$": "$$.Execution.Name"}},
            "ResultSelector": {"status.$": "$.Status", "attempts.$": "States.ArrayLength($.Attempts)"},
            "ResultPath": "$.gpu", "Next": "Slow",
            "Catch": [{"ErrorEquals": ["States.ALL"], "ResultPath": "$.error", "Next": "Announce"}],
        },
        "Slow": {"Type": "Task", "Resource": "${SlowArn}", "ResultPath": "$.slow", "Next": "Announce",
                 "Catch": [{"ErrorEquals": ["States.ALL"], "ResultPath": "$.error", "Next": "Announce"}]},
        "Announce": {"Type": "Task", "Resource": "arn:aws:states:::sns:publish",
                     "Parameters": {"TopicArn": "${Topic}", "Message.$": "States.JsonToString($)"}, "End": True},
    },
}

ECHO = """\
import os
def lambda_handler(event, context):
    if event.get("explode"):
        raise KeyError("boom")
    return {"greeting": os.environ["GREETING"], "bucket": os.environ["KIT_BUCKET"],
            "function": context.function_name, "keys": sorted(event)}
"""

SLOW = """\
import time
def lambda_handler(event, context):
    time.sleep(float(event.get("sleep", 0)))
    return {"slept": True}
"""

WORKER = """\
import os
from brandkit_local.twin.batch import SpotReclaimed
RUNS = []
def main(argv):
    RUNS.append((list(argv), os.environ.get("MODE")))
    plan = os.environ.get("PLAN", "ok").split(",")
    step = plan[min(len(RUNS) - 1, len(plan) - 1)]
    if step == "reclaim":
        raise SpotReclaimed()
    return 0 if step == "ok" else 3
"""


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    (tmp_path / "template.yaml").write_text(TEMPLATE)
    (tmp_path / "sm.asl.json").write_text(json.dumps(ASL))
    for name, code in (("echo", ECHO), ("slow", SLOW)):
        (tmp_path / "functions" / name).mkdir(parents=True)
        (tmp_path / "functions" / name / "app.py").write_text(code)
    worker = tmp_path / "gpu-jobs" / "fake_worker"
    worker.mkdir(parents=True)
    (worker / "__init__.py").write_text("")
    (worker / "__main__.py").write_text(WORKER)
    yield tmp_path
    import sys
    for mod in [m for m in sys.modules if m.startswith("fake_worker")]:
        del sys.modules[mod]
    sys.path[:] = [p for p in sys.path if not p.startswith(str(tmp_path))]


BRIEF = Brief(company_name="Acme", industry="tools")


def run(project: Path, payload_extra: dict | None = None, **cloud_kwargs):
    import sys

    sys.modules.pop("fake_worker.__main__", None)  # a fresh container per run
    with LocalCloud(project, **cloud_kwargs) as cloud:
        if payload_extra:  # start an execution with a custom input
            import boto3

            boto3.client("stepfunctions").start_execution(
                stateMachineArn=cloud.state_machine_arn, name="job-2", input=json.dumps(payload_extra))
            job = {"job_id": "job-2"}
        else:
            job = cloud.submit(BRIEF, job_id="job-1")
        status = cloud.wait(job["job_id"], timeout_s=30)
        return status, cloud.events(), cloud.batch.attempts, cloud.lambdas.invocations


def test_lambda_task_runs_real_handler_with_template_environment(project):
    status, events, attempts, _ = run(project)
    assert status["status"] == "SUCCEEDED"
    state = events[0]
    assert state["echo"]["greeting"] == "hello"  # Globals env, parameter default resolved
    assert state["echo"]["bucket"] == "brandkit-local-kits"
    assert state["echo"]["function"].endswith("EchoFunction")
    assert state["echo"]["keys"] == ["brief_key", "bucket"]


def test_batch_sync_runs_worker_with_ref_parameters(project):
    status, events, attempts, _ = run(project)
    assert events[0]["gpu"] == {"status": "SUCCEEDED", "attempts": 1}
    argv, ok, _ = attempts[0]
    assert argv == ["python", "-m", "fake_worker", "--job-id", "job-1"] and ok


def test_spot_reclaim_is_retried_by_batch_then_other_failures_exit(project):
    status, events, attempts, _ = run(project, batch_environment={"PLAN": "reclaim,reclaim,ok"})
    assert events[0]["gpu"]["attempts"] == 3 and events[0]["gpu"]["status"] == "SUCCEEDED"

    status, events, attempts, _ = run(project, batch_environment={"PLAN": "crash,ok"})
    assert len(attempts) == 1, "a non-spot failure must not be retried (OnReason * -> EXIT)"
    assert events[0]["error"]["Error"] == "States.TaskFailed"


def test_handler_exception_becomes_lambda_error(project):
    status, events, _, _ = run(project, payload_extra={"explode": True})
    assert status["status"] == "FAILED"  # Echo has no Catch


def test_function_timeout_is_enforced(project):
    status, events, _, invocations = run(project, payload_extra={"sleep": 3})
    assert events[0]["error"]["Error"] == "Sandbox.Timedout"
    slow = [t for name, t in invocations if name.endswith("SlowFunction")]
    assert slow and slow[0] < 2.5


def test_changed_definition_changes_the_run(project):
    changed = json.loads(json.dumps(ASL))
    changed["States"]["Echo"]["Next"] = "Announce"  # skip the GPU and the slow function
    with LocalCloud(project, definition=json.dumps(changed)) as cloud:
        cloud.submit(BRIEF, job_id="job-1")
        assert cloud.wait("job-1", timeout_s=30)["status"] == "SUCCEEDED"
        names = [
            e["stateEnteredEventDetails"]["name"] for e in cloud.history("job-1") if "stateEnteredEventDetails" in e
        ]
        assert names == ["Echo", "Announce"]
        assert cloud.batch.attempts == []


def test_unresolved_substitution_is_refused(project):
    asl = json.dumps(ASL).replace("${Topic}", "${NoSuchThing}")
    with pytest.raises(LookupError, match="NoSuchThing"):
        LocalCloud(project, definition=asl).__enter__()


def test_many_jobs_run_on_one_state_machine(project):
    with LocalCloud(project) as cloud:
        for n in range(3):
            cloud.submit(BRIEF, job_id=f"job-{n}")
            assert cloud.wait(f"job-{n}", timeout_s=30)["status"] == "SUCCEEDED"


def test_s3_notifications_carry_version_id_and_sequencer_as_s3_sends_them():
    import boto3
    from moto import mock_aws

    from brandkit_local.twin import moto_bridge

    with mock_aws(), moto_bridge.bridged(lambda *a: (b"{}", None)):
        s3, sqs = boto3.client("s3", region_name="us-east-1"), boto3.client("sqs", region_name="us-east-1")
        s3.create_bucket(Bucket="kits")
        s3.put_bucket_versioning(Bucket="kits", VersioningConfiguration={"Status": "Enabled"})
        queue = sqs.create_queue(QueueName="uploads")["QueueUrl"]
        arn = sqs.get_queue_attributes(QueueUrl=queue, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
        s3.put_bucket_notification_configuration(Bucket="kits", NotificationConfiguration={
            "QueueConfigurations": [{"QueueArn": arn, "Events": ["s3:ObjectCreated:*"]}]})
        versions = [s3.put_object(Bucket="kits", Key="briefs/a.json", Body=body)["VersionId"] for body in (b"1", b"2")]
        objects = []
        for message in sqs.receive_message(QueueUrl=queue, MaxNumberOfMessages=10)["Messages"]:
            for record in json.loads(message["Body"]).get("Records", []):
                objects.append(record["s3"]["object"])
    assert sorted(o["versionId"] for o in objects) == sorted(versions)
    assert len({o["sequencer"] for o in objects}) == 2


def test_sqs_clock_moves_message_delays_and_visibility():
    import boto3
    from moto import mock_aws

    from brandkit_local.twin.moto_bridge import sqs_clock

    clock = {"now": 1_800_000_000.0}
    with mock_aws(), sqs_clock(lambda: clock["now"]):
        sqs = boto3.client("sqs", region_name="us-east-1")
        url = sqs.create_queue(QueueName="q", Attributes={"VisibilityTimeout": "60"})["QueueUrl"]
        sqs.send_message(QueueUrl=url, MessageBody="later", DelaySeconds=300)

        def visible() -> list[str]:
            return [m["Body"] for m in sqs.receive_message(QueueUrl=url).get("Messages", [])]

        assert visible() == []
        clock["now"] += 299  # nothing moves while the clock stands still, however long the test takes
        assert visible() == []
        clock["now"] += 2
        assert visible() == ["later"]
        assert visible() == [], "in flight for the visibility timeout"
        clock["now"] += 61
        assert visible() == ["later"]


def test_s3_url_table_is_built_once_per_custom_endpoint_setting(monkeypatch):
    """moto reloads moto/s3/urls.py on every S3 request; the bridge builds it once per MOTO_S3_CUSTOM_ENDPOINTS
    value, and a changed value still changes the URLs moto routes (the local server's loopback S3 relies on it)."""
    import importlib

    import boto3
    from moto import mock_aws

    from brandkit_local.twin import moto_bridge

    reloads = []
    real_reload = importlib.reload
    monkeypatch.setattr(importlib, "reload", lambda module: reloads.append(module.__name__) or real_reload(module))
    moto_bridge._s3_urls_for.cache_clear()
    with mock_aws(), moto_bridge.bridged(lambda *a: (b"{}", None)):
        s3 = boto3.client("s3", region_name="us-east-1")
        s3.create_bucket(Bucket="kits")
        for n in range(5):
            s3.put_object(Bucket="kits", Key=f"k{n}", Body=b"x")
        assert s3.get_object(Bucket="kits", Key="k4")["Body"].read() == b"x"
        assert reloads.count("moto.s3.urls") == 1
        monkeypatch.setenv("MOTO_S3_CUSTOM_ENDPOINTS", "http://127.0.0.1:4599")
        from moto.s3.models import s3_backends

        assert "http://127.0.0.1:4599" in s3_backends["123456789012"]["global"].url_bases
        assert reloads.count("moto.s3.urls") == 2


def test_asl_jsonpaths_are_parsed_once_and_still_evaluated_per_input(project):
    """The interpreter's JSONPath parser is memoised: the same paths, parsed once, give each execution its own
    values."""
    from brandkit_local.twin import moto_bridge

    moto_bridge._parse_ext_path.cache_clear()
    misses = []
    with LocalCloud(project) as cloud:
        for n in range(2):
            cloud.submit(Brief(company_name=f"Acme {n}", industry="tools"), job_id=f"job-{n}")
            assert cloud.wait(f"job-{n}", timeout_s=30)["status"] == "SUCCEEDED"
            misses.append(moto_bridge._parse_ext_path.cache_info().misses)
        events = cloud.events()
    assert misses[0] > 0 and misses[1] == misses[0], "the second execution parsed no path again"
    assert {e["brief_key"] for e in events} == {f"tenants/default/kits/job-{n}/brief.json" for n in range(2)}


def test_execution_status_reads_what_describe_execution_reports(project):
    import boto3

    from brandkit.jobs import execution_arn
    from brandkit_local.twin import moto_bridge

    with LocalCloud(project) as cloud:
        cloud.submit(BRIEF, job_id="job-1")
        arn = execution_arn(cloud.state_machine_arn, "job-1")
        assert cloud.wait("job-1", timeout_s=30)["status"] == "SUCCEEDED"
        assert moto_bridge.execution_status(arn) == "SUCCEEDED"
        assert boto3.client("stepfunctions").describe_execution(executionArn=arn)["status"] == "SUCCEEDED"
        with pytest.raises(Exception, match="ExecutionDoesNotExist"):
            cloud.wait("no-such-job", timeout_s=1)


def test_execution_events_are_the_history_the_sdk_returns_and_feed_a_waiting_listener(project):
    from brandkit.jobs import execution_arn
    from brandkit_local.twin import moto_bridge

    with LocalCloud(project) as cloud:
        cloud.submit(BRIEF, job_id="job-1")
        heard: list[dict] = []
        assert cloud.wait("job-1", on_event=heard.append, timeout_s=30)["status"] == "SUCCEEDED"
        events = moto_bridge.execution_events(execution_arn(cloud.state_machine_arn, "job-1"))
        assert events == cloud.history("job-1")  # type as str, timestamp as an aware datetime, as the SDK gives
        assert heard == events and [e["id"] for e in heard] == list(range(1, len(heard) + 1))
        assert all(type(e["type"]) is str and e["timestamp"].tzinfo is not None for e in events)


def test_step_functions_tasks_share_one_client_per_service(project, monkeypatch):
    """The interpreter's per-task boto3 clients are made once per service while the twin runs."""
    from moto.stepfunctions.parser.asl.utils import boto_client

    made = []
    real = boto_client.boto_client_for
    monkeypatch.setattr(boto_client, "boto_client_for", lambda **k: made.append(k["service"]) or real(**k))
    from moto.stepfunctions.parser.asl.component.state.exec.state_task import lambda_eval_utils

    monkeypatch.setattr(lambda_eval_utils, "boto_client_for", boto_client.boto_client_for)
    with LocalCloud(project) as cloud:
        for n in range(3):
            cloud.submit(BRIEF, job_id=f"job-{n}")
            assert cloud.wait(f"job-{n}", timeout_s=30)["status"] == "SUCCEEDED"
    assert made.count("lambda") == 1  # three executions, two Lambda tasks each (Echo, Slow)


def test_a_stack_without_batch_never_imports_motos_batch_models_and_batch_still_loads_when_asked():
    """moto.batch's body (its models, all of moto.ec2) is deferred: the interpreter's Task states import only
    moto.batch.utils; moto's backend lookup for Batch still finds batch_backends."""
    import subprocess
    import sys

    child = """
import sys, boto3, json
from moto import mock_aws
from brandkit_local.twin import moto_bridge
with mock_aws(), moto_bridge.bridged(lambda *a: (b"{}", None)):
    sfn = boto3.client("stepfunctions", region_name="us-east-1")
    iam = boto3.client("iam", region_name="us-east-1")
    role = iam.create_role(RoleName="r", AssumeRolePolicyDocument="{}")["Role"]["Arn"]
    definition = {"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "arn:aws:states:::sns:publish",
                  "Parameters": {"TopicArn": "arn:aws:sns:us-east-1:123456789012:t", "Message": "m"}, "End": True}}}
    arn = sfn.create_state_machine(name="m", definition=json.dumps(definition), roleArn=role)["stateMachineArn"]
    sfn.start_execution(stateMachineArn=arn, name="e")
    import moto.stepfunctions.parser.asl.component.state.exec.state_task.service.state_task_service_factory
    assert "moto.batch.utils" in sys.modules, "the interpreter's Batch task module was not imported"
    assert "moto.ec2" not in sys.modules and "moto.batch.models" not in sys.modules, "moto.batch ran its body"
    from moto.backends import get_backend
    assert get_backend("batch")["123456789012"]["us-east-1"].describe_compute_environments([]) == []
    assert "moto.batch.models" in sys.modules
print("ok")
"""
    done = subprocess.run([sys.executable, "-c", child], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-3000:]
    assert done.stdout.strip().endswith("ok")


def test_bucket_objects_reads_what_the_sdk_lists_and_gets():
    """The twin's own read of a job (export, the state kept for revise) from moto's backend: the current version
    of each key under the prefix, deleted keys left out, skipped keys not read."""
    import boto3
    from moto import mock_aws

    from brandkit_local.twin import moto_bridge

    with mock_aws():
        s3 = boto3.client("s3", region_name="us-east-1")
        s3.create_bucket(Bucket="kits")
        s3.put_bucket_versioning(Bucket="kits", VersioningConfiguration={"Status": "Enabled"})
        for key, body in (("job/a.json", b"1"), ("job/a.json", b"2"), ("job/kit/b.png", b"\x89PNG"),
                          ("job/gone.txt", b"x"), ("job/kit.zip", b"zip"), ("other/c.txt", b"c")):
            s3.put_object(Bucket="kits", Key=key, Body=body)
        s3.delete_object(Bucket="kits", Key="job/gone.txt")
        via_sdk = {obj["Key"]: s3.get_object(Bucket="kits", Key=obj["Key"])["Body"].read()
                   for obj in s3.list_objects_v2(Bucket="kits", Prefix="job/")["Contents"]}
        assert moto_bridge.bucket_objects("kits", "job/") == via_sdk
        assert via_sdk == {"job/a.json": b"2", "job/kit/b.png": b"\x89PNG", "job/kit.zip": b"zip"}
        skipped = moto_bridge.bucket_objects("kits", "job/", skip=lambda key: key.endswith("kit.zip"))
        assert skipped == {"job/a.json": b"2", "job/kit/b.png": b"\x89PNG"}


def test_moto_loads_service_models_through_one_loader_while_bridged():
    import boto3
    from moto import mock_aws
    from moto.core import utils as moto_utils

    from brandkit_local.twin import moto_bridge

    with mock_aws(), moto_bridge.bridged(lambda *a: (b"{}", None)):
        loader = moto_utils.create_loader()
        assert moto_utils.create_loader() is loader
        assert boto3.client("sqs", region_name="us-east-1").create_queue(QueueName="q")["QueueUrl"].endswith("/q")
        assert loader.load_service_model("sqs", "service-2")["metadata"]["serviceId"] == "SQS"
    assert moto_utils.create_loader() is not moto_utils.create_loader()  # moto's own behaviour again


def test_the_http_servers_routing_lists_motos_services_once_while_bridged(monkeypatch):
    import os

    import boto3
    from moto import backends, mock_aws

    from brandkit_local.twin import moto_bridge

    with mock_aws(), moto_bridge.bridged(lambda *a: (b"{}", None)):
        server = moto_bridge.http_server()
        server.start()
        try:
            host, port = server.get_host_and_port()
            s3 = boto3.client("s3", endpoint_url=f"http://{host}:{port}", region_name="us-east-1",
                              aws_access_key_id="k", aws_secret_access_key="s")
            s3.create_bucket(Bucket="routing-bucket")
            listed = []
            real = os.listdir
            monkeypatch.setattr(os, "listdir", lambda path=".": listed.append(path) or real(path))
            for n in range(3):
                s3.put_object(Bucket="routing-bucket", Key=f"k{n}", Body=b"x")
            assert s3.get_object(Bucket="routing-bucket", Key="k2")["Body"].read() == b"x"
            assert listed == []  # no folder listed per request
            assert "s3" in backends.list_of_moto_modules()
        finally:
            server.stop()
    assert list(backends.list_of_moto_modules()) == list(moto_bridge._moto_modules())  # moto's own again, same list
