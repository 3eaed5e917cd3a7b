"""LocalCloud: the deployed system's AWS parts, in-process, for the CLI, the local server and tests.

It reads template.yaml, creates the bucket, topic, Lambda functions, Batch queue and job
definition and the state machine in moto, substitutes the real statemachines/*.asl.json with the
template's DefinitionSubstitutions, and executes it with moto's ASL interpreter. Lambda tasks run
the real handlers in functions/, the Batch task runs the real worker in gpu-jobs/.
"""

from __future__ import annotations

import contextlib
import io
import json
import logging
import os
import re
import threading
import time
import zipfile
from collections.abc import Callable
from pathlib import Path, PurePosixPath
from typing import Any
from unittest import mock

import boto3
from moto import mock_aws

from brandkit import clients
from brandkit.artifacts import Job
from brandkit.brief import Brief
from brandkit.job_files import KIT, plain_name
from brandkit.job_records import JobRecords
from brandkit.jobs import execution_arn, job_prefix, start_job
from brandkit.revisions import Revision, start_revision, start_version
from brandkit.store import BucketObjects, S3Store
from brandkit.tenants import DEFAULT_TENANT
from brandkit_local import font_assets
from brandkit_local.twin import moto_bridge, sam_template
from brandkit_local.twin.batch import LocalBatch
from brandkit_local.twin.event_sources import SqsPoller, sqs_sources
from brandkit_local.twin.lambdas import LocalLambdas
from brandkit_local.twin.sam_template import project_root
from brandkit_local.twin.workers import WorkerLambdas

REGION = "us-east-1"
ACCOUNT = "123456789012"
STACK = "brandkit-local"
BUCKET = "brandkit-local-kits"
TERMINAL = {"SUCCEEDED", "FAILED", "TIMED_OUT", "ABORTED"}


class LocalCloud(contextlib.AbstractContextManager["LocalCloud"]):
    def __init__(
        self,
        root: Path | None = None,
        *,
        logo_engine: str = "vector",
        definition: str | None = None,
        batch_environment: dict[str, str] | None = None,
        log_level: str = "WARNING",
        extra_environment: dict[str, str] | None = None,
        serve_s3: bool = False,
        execute: bool = True,
        workers: int = 0,
    ):
        self.root = root or project_root()
        self.template = sam_template.load_template(self.root / "template.yaml")
        self.logo_engine = logo_engine
        self.definition_override = definition  # tests: run a changed definition through the same twin
        self.log_level = log_level
        self.extra_environment = extra_environment or {}
        self.batch = LocalBatch(self.root / "gpu-jobs", batch_environment)
        # workers > 0: each function runs in worker processes (up to that many at once), as on Lambda, and reaches
        # AWS over HTTP; 0: handlers run as threads of this process, where tests can patch them (fault injection).
        self.workers = workers
        self.lambdas: WorkerLambdas | LocalLambdas = WorkerLambdas({}, {}, workers) if workers else LocalLambdas({}, {})
        self._stack = contextlib.ExitStack()
        self.state_machine_arn = ""
        self.topic_arn = ""
        self.events_queue_url = ""
        self.execute = execute  # False: executions are accepted but never run (API fuzzing and load)
        self.serve_s3 = serve_s3  # the local server: S3 on a loopback port, so presigned links open in a browser
        self.s3_endpoint = ""
        self.endpoint = ""  # the moto HTTP server (worker processes and serve_s3)
        self.queues: dict[str, str] = {}  # logical id -> queue URL
        self.refs: dict[str, str] = {}  # what each template Ref / GetAtt resolved to here
        self._clients: dict[str, Any] = {}
        self._clients_lock = threading.Lock()
        self._job_records: JobRecords | None = None

    # -- lifecycle -------------------------------------------------------------------------
    _active = False  # moto's backends are process-wide: one local cloud at a time

    def __enter__(self) -> LocalCloud:
        moto_bridge.check_version()
        if LocalCloud._active:
            raise RuntimeError("a LocalCloud is already running in this process; submit more jobs to it instead")
        LocalCloud._active = True
        self._stack.callback(setattr, LocalCloud, "_active", False)
        # The functions run in this process: a new cloud is a new set of containers, with clients of its own.
        clients.reset()
        self._stack.callback(clients.reset)
        try:
            self._stack.enter_context(mock.patch.dict(os.environ, self._base_environment()))
            self._stack.enter_context(mock_aws(config=moto_bridge.mock_config(self.execute)))
            self._stack.enter_context(moto_bridge.bridged(self.lambdas.dispatch))
            self._stack.enter_context(_quiet_moto())
            if self.serve_s3 or self.workers:
                self._serve_http()
            if isinstance(self.lambdas, WorkerLambdas):
                self._stack.callback(self.lambdas.close)
            self._provision()
        except BaseException:
            self._stack.close()
            raise
        return self

    def __exit__(self, *exc: Any) -> None:
        self._stack.close()
        self._clients.clear()

    def client(self, service: str):
        """One SDK client per service for this cloud's own calls (creating one costs ~10 ms and an SSL context)."""
        with self._clients_lock:  # boto3's default session is not safe to create clients from two threads
            if service not in self._clients:
                make: Callable[..., Any] = boto3.client  # the stubs overload client() per literal service name
                self._clients[service] = make(service)
            return self._clients[service]

    def _base_environment(self) -> dict[str, str]:
        return {
            "AWS_DEFAULT_REGION": REGION,
            "AWS_REGION": REGION,
            **moto_bridge.WORKER_CREDENTIALS,
            "POWERTOOLS_TRACE_DISABLED": "true",
            "POWERTOOLS_METRICS_DISABLED": "true",
            "POWERTOOLS_LOG_LEVEL": self.log_level,
            # Every function has it (template Globals): the asset font faces are fetched from this bucket.
            "KIT_BUCKET": BUCKET,
            # The manifest's cost section says where its durations come from.
            "BRANDKIT_COST_SOURCE": (
                "local twin: Lambda states timed in the twin's execution history on this machine, not billed durations"
            ),
        }

    def _serve_http(self) -> None:
        """moto's own HTTP server on a free loopback port, sharing this process's backends. Worker processes reach
        every service through it. With serve_s3, every S3 client here (presigning included) uses it too, and moto
        serves this process's calls to it in-process (MOTO_S3_CUSTOM_ENDPOINTS)."""
        logging.getLogger("werkzeug").setLevel(logging.ERROR)
        server = moto_bridge.http_server()
        server.start()
        self._stack.callback(server.stop)
        host, port = server.get_host_and_port()
        self.endpoint = f"http://{host}:{port}"
        if isinstance(self.lambdas, WorkerLambdas):
            self.lambdas.environment = {**self._base_environment(), "AWS_ENDPOINT_URL": self.endpoint}
        if self.serve_s3:
            self.s3_endpoint = self.endpoint
            self._stack.enter_context(mock.patch.dict(os.environ, {
                "AWS_ENDPOINT_URL_S3": self.s3_endpoint, "MOTO_S3_CUSTOM_ENDPOINTS": self.s3_endpoint}))

    # -- provisioning from template.yaml ------------------------------------------------------
    def _provision(self) -> None:
        iam = self.client("iam")
        role = iam.create_role(RoleName=f"{STACK}-role", AssumeRolePolicyDocument="{}")["Role"]["Arn"]
        self.client("s3").create_bucket(Bucket=BUCKET)
        font_assets.sync(BucketObjects(BUCKET, self.client("s3")))  # what `brandkit assets sync` does after a deploy
        sns, sqs = self.client("sns"), self.client("sqs")
        self.topic_arn = sns.create_topic(Name=f"{STACK}-events")["TopicArn"]
        self.events_queue_url = sqs.create_queue(QueueName=f"{STACK}-events-subscriber")["QueueUrl"]
        queue_arn = sqs.get_queue_attributes(QueueUrl=self.events_queue_url, AttributeNames=["QueueArn"])
        sns.subscribe(TopicArn=self.topic_arn, Protocol="sqs", Endpoint=queue_arn["Attributes"]["QueueArn"])

        definition_path, substitutions = sam_template.state_machine(self.template, self.root)
        sm_name = f"{STACK}-brand-kit"
        self.state_machine_arn = f"arn:aws:states:{REGION}:{ACCOUNT}:stateMachine:{sm_name}"
        refs = self._refs(sm_name)
        refs.update(self._create_queues(refs))
        self._create_tables(refs)
        self._wire_notifications(refs)
        refs.update(self._create_batch(role, refs))
        refs.update(self._create_functions(role, refs))
        self.refs = refs

        text = self.definition_override or definition_path.read_text(encoding="utf-8")
        values = {key: sam_template.resolve(value, refs) for key, value in substitutions.items()}
        missing = sorted({m for m in re.findall(r"\$\{(\w+)\}", text) if values.get(m) is None})
        if missing:
            raise LookupError(f"the state machine uses substitutions the template does not resolve: {missing}")
        text = re.sub(r"\$\{(\w+)\}", lambda m: values[m.group(1)] or "", text)  # none is None: checked above
        arn = self.client("stepfunctions").create_state_machine(name=sm_name, definition=text, roleArn=role)
        assert arn["stateMachineArn"] == self.state_machine_arn

    def _refs(self, sm_name: str) -> dict[str, str]:
        refs = sam_template.parameter_defaults(self.template)
        refs.update({"AWS::Region": REGION, "AWS::AccountId": ACCOUNT, "AWS::StackName": STACK, "AWS::Partition": "aws",
                     "AWS::URLSuffix": "amazonaws.com",
                     "LogoEngines": "vector+sdxl" if self.logo_engine == "sdxl" else "vector"})
        refs.update(sam_template.evaluate_conditions(self.template, refs))
        self.template = sam_template.deployed(self.template, refs)  # e.g. no Batch resources in a vector-only stack
        for logical_id, res in self.template["Resources"].items():
            kind = res["Type"]
            if kind == "AWS::S3::Bucket":
                refs[logical_id] = BUCKET
                refs[f"{logical_id}.Arn"] = f"arn:aws:s3:::{BUCKET}"
            elif kind == "AWS::SNS::Topic":
                refs[logical_id] = self.topic_arn
                refs[f"{logical_id}.TopicArn"] = self.topic_arn
            elif kind == "AWS::Serverless::StateMachine":
                refs[logical_id] = self.state_machine_arn
                refs[f"{logical_id}.Name"] = sm_name
            elif kind == "AWS::DynamoDB::Table":
                refs[logical_id] = f"{STACK}-{logical_id}"
        return refs

    def _create_queues(self, refs: dict[str, str]) -> dict[str, str]:
        """Every AWS::SQS::Queue, then their redrive policies (a DLQ must exist before it is named)."""
        sqs = self.client("sqs")
        out: dict[str, str] = {}
        queues = sam_template.resources_of(self.template, "AWS::SQS::Queue")
        for logical_id, props in queues.items():
            attributes: dict[Any, str] = {
                k: str(props[k]) for k in ("VisibilityTimeout", "MessageRetentionPeriod", "DelaySeconds") if k in props
            }
            url = sqs.create_queue(QueueName=f"{STACK}-{logical_id}"[:80], Attributes=attributes)["QueueUrl"]
            arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
            self.queues[logical_id] = url
            out.update({logical_id: url, f"{logical_id}.Arn": arn, f"{logical_id}.QueueName": arn.rsplit(":", 1)[1],
                        f"{logical_id}.QueueUrl": url})
        for logical_id, props in queues.items():
            redrive = props.get("RedrivePolicy")
            if redrive:
                policy = {"deadLetterTargetArn": sam_template.resolve(redrive["deadLetterTargetArn"], out),
                          "maxReceiveCount": int(redrive["maxReceiveCount"])}
                sqs.set_queue_attributes(QueueUrl=out[logical_id], Attributes={"RedrivePolicy": json.dumps(policy)})
        return out

    def _create_tables(self, refs: dict[str, str]) -> None:
        ddb = self.client("dynamodb")
        for logical_id, props in sam_template.resources_of(self.template, "AWS::DynamoDB::Table").items():
            indexes = {k: props[k] for k in ("GlobalSecondaryIndexes",) if k in props}
            ddb.create_table(TableName=refs[logical_id], AttributeDefinitions=props["AttributeDefinitions"],
                             KeySchema=props["KeySchema"], BillingMode=props.get("BillingMode", "PAY_PER_REQUEST"),
                             **indexes)
            if "TimeToLiveSpecification" in props:
                ddb.update_time_to_live(TableName=refs[logical_id],
                                        TimeToLiveSpecification=props["TimeToLiveSpecification"])

    def _wire_notifications(self, refs: dict[str, str]) -> None:
        """SNS subscriptions and the bucket's S3 -> SQS notifications, as the template declares them."""
        sns = self.client("sns")
        for props in sam_template.resources_of(self.template, "AWS::SNS::Subscription").values():
            attributes = {"RawMessageDelivery": str(props.get("RawMessageDelivery", False)).lower()}
            sns.subscribe(
                TopicArn=sam_template.resolve_required(props["TopicArn"], refs, "TopicArn"),
                Protocol=props["Protocol"],
                Endpoint=sam_template.resolve_required(props["Endpoint"], refs, "Endpoint"),
                Attributes=attributes,
            )
        for props in sam_template.resources_of(self.template, "AWS::S3::Bucket").values():
            if props.get("VersioningConfiguration", {}).get("Status") == "Enabled":  # uploads are told apart by version
                self.client("s3").put_bucket_versioning(Bucket=BUCKET, VersioningConfiguration={"Status": "Enabled"})
            queues = props.get("NotificationConfiguration", {}).get("QueueConfigurations", [])
            if queues:
                config: list[Any] = [{"QueueArn": sam_template.resolve(q["Queue"], refs), "Events": [q["Event"]],
                           "Filter": {"Key": {"FilterRules": q["Filter"]["S3Key"]["Rules"]}}} for q in queues]
                self.client("s3").put_bucket_notification_configuration(
                    Bucket=BUCKET, NotificationConfiguration={"QueueConfigurations": config})

    def _create_functions(self, role: str, refs: dict[str, str]) -> dict[str, str]:
        lam = self.client("lambda")
        defs = sam_template.functions(self.template, self.root, refs)
        arns: dict[str, str] = {}
        by_name: dict[str, Any] = {}
        arn_of: dict[str, str] = {}
        environment: dict[str, str] = {}
        for logical_id, fn in defs.items():
            name = f"{STACK}-{logical_id}"[:64]
            for key, value in fn.environment.items():
                if environment.setdefault(key, value) != value and not self.workers:
                    raise ValueError(f"functions disagree on {key}; the in-process twin shares one environment")
            created = lam.create_function(
                FunctionName=name, Runtime="python3.11", Role=role, Handler=fn.handler,
                Code={"ZipFile": _empty_zip()}, Timeout=fn.timeout_s, MemorySize=fn.memory_mb,
            )
            arns[f"{logical_id}.Arn"] = created["FunctionArn"]
            by_name[name], arn_of[name] = fn, created["FunctionArn"]
        self.lambdas.functions.update(by_name)
        self.lambdas.arn_of.update(arn_of)
        # quiet by default, whatever the template says
        overrides = {**self.extra_environment, "POWERTOOLS_LOG_LEVEL": self.log_level}
        if isinstance(self.lambdas, WorkerLambdas):  # each worker gets its own function's environment, as on Lambda
            self.lambdas.overrides = overrides
            if self.serve_s3:
                self.lambdas.overrides["AWS_ENDPOINT_URL_S3"] = self.s3_endpoint
        else:
            self._stack.enter_context(mock.patch.dict(os.environ, {**environment, **overrides}))
        return arns

    def _create_batch(self, role: str, refs: dict[str, str]) -> dict[str, str]:
        if not sam_template.resources_of(self.template, "AWS::Batch::JobDefinition"):
            return {}  # LogoEngines=vector
        self._stack.enter_context(moto_bridge.batch_bridged(self.batch.run_attempt))
        batch = self.client("batch")
        env = batch.create_compute_environment(
            computeEnvironmentName=f"{STACK}-gpu", type="UNMANAGED", state="ENABLED", serviceRole=role)
        queue = batch.create_job_queue(
            jobQueueName=f"{STACK}-gpu", state="ENABLED", priority=1,
            computeEnvironmentOrder=[{"order": 1, "computeEnvironment": env["computeEnvironmentArn"]}])
        spec = sam_template.job_definition(self.template, refs)
        definition = batch.register_job_definition(
            jobDefinitionName=f"{STACK}-sdxl",
            type="container",
            containerProperties={
                "image": "brandkit-sdxl:local",
                "command": spec["command"],
                "environment": spec["environment"],
                "resourceRequirements": [{"type": "VCPU", "value": "4"}, {"type": "MEMORY", "value": "15000"}],
            },
            retryStrategy=spec["retryStrategy"],
            timeout=spec["timeout"],
        )
        refs_out = {}
        for logical_id, res in self.template["Resources"].items():
            if res["Type"] == "AWS::Batch::JobQueue":
                refs_out[logical_id] = queue["jobQueueArn"]
            elif res["Type"] == "AWS::Batch::JobDefinition":
                refs_out[logical_id] = definition["jobDefinitionArn"]
        return refs_out

    def function_name(self, logical_id: str) -> str:
        """The twin's physical name of a template function."""
        return next(name for name, fn in self.lambdas.functions.items() if fn.logical_id == logical_id)

    def start_event_sources(self) -> SqsPoller:
        """Run the template's SQS -> Lambda mappings until the cloud closes (the local server needs them)."""
        physical = {fn.logical_id: name for name, fn in self.lambdas.functions.items()}
        poller = SqsPoller(sqs_sources(self.template, self.refs, physical), self.lambdas).start()
        self._stack.callback(poller.stop)
        return poller

    # -- running jobs (the CLI's and the benches' are DEFAULT_TENANT's unless a tenant is named) ----------
    def submit(self, brief: Brief, *, job_id: str | None = None, uploads: dict[str, bytes] | None = None,
               choices: dict[str, str] | None = None, tenant: str = DEFAULT_TENANT) -> dict[str, str]:
        return start_job(brief, tenant=tenant, bucket=BUCKET, state_machine_arn=self.state_machine_arn, job_id=job_id,
                         uploads=uploads, choices=choices, records=self.job_records())

    def job_records(self) -> JobRecords:
        """The template's JobsTable, where each job's tenant is recorded (brandkit.job_records): a template
        the twin submits jobs to must declare one."""
        with self._clients_lock:
            if self._job_records is None:
                name = self.refs["JobsTable"]
                self._job_records = JobRecords(name, table=boto3.resource("dynamodb").Table(name))
            return self._job_records

    def revise(self, job_id: str, revision: Revision, *, parent: int | None = None,
               number: int | None = None, tenant: str = DEFAULT_TENANT) -> dict[str, Any]:
        """Start the next version of a brand (brandkit.revisions); wait on it with its execution name. With
        `parent` and `number`, version `number` starts from `parent` whose files were put back with
        `restore` (the CLI's revise: this process never ran the earlier versions)."""
        stores, sfn = (lambda job: S3Store(job, self.client("s3"))), self.client("stepfunctions")
        if parent is None or number is None:
            return start_revision(job_id, revision, tenant=tenant, bucket=BUCKET,
                                  state_machine_arn=self.state_machine_arn, stores=stores, sfn=sfn)
        job = Job(id=job_id, bucket=BUCKET, prefix=job_prefix(job_id, tenant))
        return start_version(job, revision, parent=parent, number=number, state_machine_arn=self.state_machine_arn,
                             stores=stores, sfn=sfn)

    def job_objects(self, job_id: str, tenant: str = DEFAULT_TENANT,
                    skip: Callable[[str], bool] = lambda relkey: False) -> dict[str, bytes]:
        """Every file of the job in the bucket (all versions), by key under the job's prefix; files for which
        skip(relkey) is true are not read. One read serves both export and the state kept for revise."""
        prefix = job_prefix(job_id, tenant) + "/"
        found = moto_bridge.bucket_objects(BUCKET, prefix, lambda key: skip(key.removeprefix(prefix)), ACCOUNT)
        return {key.removeprefix(prefix): data for key, data in found.items()}

    def restore(self, job_id: str, files: dict[str, bytes], tenant: str = DEFAULT_TENANT) -> None:
        """Put a job's files (as job_objects gave them) back into the bucket."""
        objects = BucketObjects(BUCKET, self.client("s3"))
        for relkey, data in files.items():
            if not plain_name(relkey):
                raise ValueError(f"refusing to restore job key {relkey!r}")
            objects.put(f"{job_prefix(job_id, tenant)}/{relkey}", data, "application/octet-stream")

    def wait(self, job_id: str, on_event: Callable[[dict[str, Any]], None] | None = None,
             timeout_s: float = 600, poll_s: float = 0.1) -> dict[str, Any]:
        sfn = self.client("stepfunctions")
        arn = execution_arn(self.state_machine_arn, job_id)
        sfn.describe_execution(executionArn=arn)  # an unknown job fails here as the API says it
        seen = 0
        deadline = time.monotonic() + timeout_s
        while True:
            status = moto_bridge.execution_status(arn)  # cheap: no SDK round trip while it runs
            if on_event:  # read from moto's backend: the SDK's history call serialises every event on each poll
                events = moto_bridge.execution_events(arn)
                for event in events[seen:]:
                    on_event(event)
                seen = len(events)
            if status in TERMINAL:
                return sfn.describe_execution(executionArn=arn)
            if time.monotonic() > deadline:
                raise TimeoutError(f"job {job_id} still {status} after {timeout_s:.0f} s")
            time.sleep(poll_s)

    def history(self, job_id: str) -> list[dict[str, Any]]:
        sfn = self.client("stepfunctions")
        arn = execution_arn(self.state_machine_arn, job_id)
        events: list[dict[str, Any]] = []
        for page in sfn.get_paginator("get_execution_history").paginate(executionArn=arn):
            events.extend(page["events"])
        return events

    def store(self, job_id: str, version: int = 1, tenant: str = DEFAULT_TENANT) -> S3Store:
        """The job's files in the local bucket: `cloud.store(job_id).load(FAILURE)`."""
        return S3Store(Job(id=job_id, bucket=BUCKET, prefix=job_prefix(job_id, tenant), version=version),
                       self.client("s3"))

    def kit_files(self, job_id: str, version: int = 1, tenant: str = DEFAULT_TENANT,
                  objects: dict[str, bytes] | None = None) -> dict[str, bytes]:
        """The version's kit/ files by name; from `objects` (job_objects' answer) when given, else the bucket."""
        if objects is None:
            store = self.store(job_id, version, tenant)
            return {f.name: store.load(KIT.file(f.name)) for f in store.list(KIT)}
        job = Job(id=job_id, bucket=BUCKET, prefix=job_prefix(job_id, tenant), version=version)
        folder = job.key(KIT.key).removeprefix(job.prefix + "/") + "/"  # kit/ for version 1, v<n>/kit/ after
        return {relkey.removeprefix(folder): data for relkey, data in objects.items() if relkey.startswith(folder)}

    def export(self, job_id: str, out_dir: Path, version: int = 1,
               objects: dict[str, bytes] | None = None) -> list[Path]:
        """Copy the kit out of the local bucket (or `objects`, job_objects' answer) into out_dir, refusing any
        key that would escape it."""
        out_dir = out_dir.resolve()
        written = []
        for relpath, data in sorted(self.kit_files(job_id, version, objects=objects).items()):
            parts = PurePosixPath(relpath).parts
            if not parts or any(p in ("", ".", "..") for p in parts) or PurePosixPath(relpath).is_absolute():
                raise ValueError(f"refusing to export kit key {relpath!r}")
            target = out_dir.joinpath(*parts)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
            written.append(target)
        return written

    def events(self) -> list[dict[str, Any]]:
        """Events published to the topic so far (drained from the subscriber queue)."""
        return [event for event, _ in self.messages()]

    def messages(self) -> list[tuple[dict[str, Any], dict[str, str]]]:
        """Events published to the topic so far, each with its message attributes ({"type": ..., "tenant": ...}),
        drained from the subscriber queue."""
        sqs = self.client("sqs")
        out: list[tuple[dict[str, Any], dict[str, str]]] = []
        while True:
            batch = sqs.receive_message(QueueUrl=self.events_queue_url, MaxNumberOfMessages=10).get("Messages", [])
            if not batch:
                return out
            for message in batch:
                envelope = json.loads(message["Body"])  # SNS's envelope: not a raw delivery
                attributes = {k: v["Value"] for k, v in (envelope.get("MessageAttributes") or {}).items()}
                out.append((json.loads(envelope["Message"]), attributes))
                sqs.delete_message(QueueUrl=self.events_queue_url, ReceiptHandle=message["ReceiptHandle"])


def _empty_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("README", "code runs from functions/ in the local twin")
    return buffer.getvalue()


@contextlib.contextmanager
def _quiet_moto():
    # moto's interpreter logs every caught task failure at ERROR; the twin reports failures itself.
    log = logging.getLogger("moto")
    level = log.level
    log.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        log.setLevel(level)
