"""All coupling to moto's internals lives here (moto is pinned to MOTO_VERSION in pyproject).

moto 5 ships LocalStack's ASL interpreter, which calls Lambda and Batch through moto's own
backends. These seams are patched while the twin runs:

- LambdaBackend.invoke: dispatch to the real handler (see lambdas.py) instead of Docker;
- BatchSimpleBackend._mark_job_as_finished: run the real Batch worker (see batch.py) instead of
  marking the job succeeded without running it;
- StateTaskServiceBatch request/response normalisation: moto's port stubs it out, so Step
  Functions' PascalCase parameters (JobName, JobQueue...) reach botocore unconverted and every
  `batch:submitJob.sync` task fails with KeyError 'JobName'. We restore LocalStack's behaviour:
  convert through the botocore operation shapes, as real Step Functions does.
  The two Batch seams are patched only in a stack that has Batch resources (batch_bridged), and moto.batch's
  package body (its models, and with them all of moto.ec2) runs only when Batch is used (_defer_package_body).

- S3 URL table: moto's S3 backend re-executes moto/s3/urls.py (importlib.reload) on every S3 request so that
  MOTO_S3_CUSTOM_ENDPOINTS changes are seen; a kit makes ~100 S3 calls, each paying a module exec and file stats
  under the GIL. We build the table once per value of that setting instead (same URLs, same handlers).
- JSONPath parsing: the ASL interpreter calls jsonpath_ng's parse() for every path of every state it evaluates,
  and jsonpath_ng builds a new PLY lexer and parser each time (~15 ms). Parsed paths are immutable, so we
  memoise them per path string (the grammar and the results are unchanged).
- Service models: moto loads each service's model for its responses through a new botocore Loader, which scans
  botocore's data folders again each time; while the twin runs, one Loader serves them all.
- moto's HTTP server routes each request by listing moto's package folder (twice, ~180 stats each); the list is
  read once while the twin runs.
- Task clients: the interpreter creates a new boto3 client (and SSL context, ~10 ms) for every Lambda, SNS and
  Batch task; while the twin runs, one client per region and service serves them all (clients are thread-safe).

- StateMachineInstance deep copy: start_execution snapshots the state machine with
  copy.deepcopy, which also copies every earlier execution and its thread locks, so the second
  execution of any state machine fails ("cannot pickle '_thread.RLock'"). A snapshot never needs
  the run history: we copy the machine without its executions.

- S3 POST-object uploads: moto stores any browser form without checking its policy (expiry, key, Content-Type,
  content-length-range, signature). The twin's S3 refuses what S3 refuses (post_policy.refusal) before moto's
  handler runs, so the presigned POSTs of logo uploads are tested against S3's rules (tests/unit/test_post_policy.py).

The twin's own waiting reads an execution's status from moto's backend (execution_status) rather than
through describe_execution: each SDK call serialises the execution's input and output (~4 ms holding the
GIL), and a caller polling every 20 ms would take a fifth of the interpreter from the kit it waits for.

Tests may also move SQS's clock (sqs_clock): message delays and visibility timeouts then follow a
clock the test controls, so a retry scheduled minutes ahead is due when the test says, not later.

tests/unit/test_moto_bridge.py proves each seam against the pinned version.
"""

from __future__ import annotations

import contextlib
import copy
import datetime
import functools
import importlib
import importlib.util
import itertools
import os
import sys
import threading
import time
import types
from collections.abc import Callable, Iterator
from typing import Any
from unittest import mock

import botocore.session
import jsonpath_ng
import jsonpath_ng.ext
import moto
from moto import backends as moto_backends
from moto import settings as moto_settings
from moto.awslambda.models import LambdaBackend
from moto.core import utils as moto_utils
from moto.core.config import DefaultConfig
from moto.s3 import notifications as s3_notifications
from moto.s3.models import S3Backend
from moto.s3.responses import S3Response
from moto.stepfunctions.models import StateMachineInstance
from moto.stepfunctions.parser.asl.component.common.path import result_path as asl_result_path
from moto.stepfunctions.parser.asl.component.state.exec.state_task import lambda_eval_utils as asl_lambda
from moto.stepfunctions.parser.asl.component.state.exec.state_task.service import state_task_service_sns as asl_sns
from moto.stepfunctions.parser.asl.utils import json_path as asl_json_path

from brandkit_local.twin import post_policy
from brandkit_local.twin.runtime import lambda_error_payload  # noqa: F401 - where callers found it before

MOTO_VERSION = "5.2.1"

# (function name, payload) -> (response payload, function error or None)
LambdaDispatch = Callable[[str, bytes], tuple[bytes, str | None]]
# (job definition container properties, parameters, container overrides) -> (succeeded, status reason)
BatchAttempt = Callable[[dict[str, Any], dict[str, str], dict[str, Any]], tuple[bool, str]]


def check_version() -> None:
    if moto.__version__ != MOTO_VERSION:
        raise RuntimeError(
            f"the local twin is tested against moto {MOTO_VERSION}, found {moto.__version__}; "
            "re-run tests/unit/test_moto_bridge.py before changing the pin"
        )


def mock_config(execute: bool = True) -> DefaultConfig:
    """execute=False: Step Functions accepts executions and leaves them RUNNING (exercising the API alone)."""
    return {"stepfunctions": {"execute_state_machine": execute}, "batch": {"use_docker": False}}


@contextlib.contextmanager
def bridged(dispatch_lambda: LambdaDispatch) -> Iterator[None]:
    check_version()
    _defer_package_body("moto.batch")

    def invoke(self, function_name, qualifier, body, headers, response_headers):
        name = function_name.rsplit(":function:", 1)[-1].split(":", 1)[0]
        payload, function_error = dispatch_lambda(
            name, body.encode("utf-8") if isinstance(body, str) else body or b"{}"
        )
        if function_error:
            response_headers["x-amz-function-error"] = function_error
        response_headers["Content-Length"] = str(len(payload))
        return payload

    task_client = _one_client_per_service(asl_lambda.boto_client_for)
    with (
        mock.patch.object(asl_lambda, "boto_client_for", task_client),
        mock.patch.object(asl_sns, "boto_client_for", task_client),
        mock.patch.object(LambdaBackend, "invoke", invoke),
        mock.patch.object(StateMachineInstance, "__deepcopy__", _snapshot_without_executions, create=True),
        mock.patch.object(s3_notifications, "_get_s3_event", _s3_event_as_s3_sends_it),
        mock.patch.object(S3Backend, "_url_module", property(_s3_url_module)),
        mock.patch.object(asl_json_path, "parse", _parse_ext_path),
        mock.patch.object(asl_result_path, "parse", _parse_path),
        mock.patch.object(S3Response, "_bucket_response_post", _post_object_as_s3_checks_it),
        mock.patch.object(moto_utils, "create_loader", _one_moto_loader),
        mock.patch.object(moto_backends, "list_of_moto_modules", _moto_modules),
    ):
        yield


@functools.cache
def _moto_modules() -> tuple[str, ...]:
    """moto's service packages, listed once: moto's HTTP server lists and stats its package folder (~180 entries)
    twice for every request it routes, a quarter of its CPU per request; the folder does not change."""
    return tuple(_ORIGINAL_MOTO_MODULES())


_ORIGINAL_MOTO_MODULES = moto_backends.list_of_moto_modules


# moto reads each service's model for its responses through a new Loader each time, and each new Loader scans
# botocore's data folders again (~40 ms); one Loader (moto's own kind, with its extras) serves them all.
_one_moto_loader = functools.cache(moto_utils.create_loader)


@contextlib.contextmanager
def batch_bridged(run_batch_attempt: BatchAttempt) -> Iterator[None]:
    """The Batch seams, for a stack that has Batch resources (importing moto's Batch backend imports all of
    moto.ec2: about a second, which a vector-only stack need not pay)."""
    from moto.batch_simple.models import BatchSimpleBackend
    from moto.stepfunctions.parser.asl.component.state.exec.state_task.service import (
        state_task_service_batch as asl_batch,
    )

    def mark_job_as_finished(self, include_start_attempt, job):
        self.backend._jobs[job.job_id] = job
        job.log_stream_name = job._stream_name
        job_def = job.job_definition
        retry = (job_def.retry_strategy or {}) if hasattr(job_def, "retry_strategy") else {}
        attempts = int(retry.get("attempts", 1) or 1)
        rules = retry.get("evaluateOnExit") or []
        overrides = job.container_overrides or {}
        for attempt in range(1, attempts + 1):
            job.job_started_at = datetime.datetime.now()
            job._start_attempt()
            params = {**(job_def.parameters or {}), **(job.parameters or {})}
            ok, reason = run_batch_attempt(job_def.container_properties or {}, params, overrides)
            if ok:
                job._mark_stopped(success=True)
                return
            job.job_stopped_reason = reason
            job.latest_attempt["statusReason"] = reason
            if attempt == attempts or not _should_retry(reason, rules):
                break
            job.latest_attempt["stoppedAt"] = int(datetime.datetime.now().timestamp() * 1000)
        job._mark_stopped(success=False)

    task_client = _one_client_per_service(asl_batch.boto_client_for)
    with (
        mock.patch.object(asl_batch, "boto_client_for", task_client),
        mock.patch.object(BatchSimpleBackend, "_mark_job_as_finished", mark_job_as_finished),
        mock.patch.object(asl_batch.StateTaskServiceBatch, "_normalise_parameters", _batch_request),
        mock.patch.object(asl_batch.StateTaskServiceBatch, "_normalise_response", _batch_response),
    ):
        yield


def _defer_package_body(name: str) -> None:
    """Register package `name` with its path but run its __init__ only when one of the names it defines is asked
    for. moto.batch's body is `from .models import batch_backends`, and its models import all of moto.ec2 (1-2 s:
    region tables built from boto3's endpoint data at class definition); the ASL interpreter imports the Batch
    task module, and with it moto.batch.utils, for every state machine that has a Task state. Importing a
    submodule does not run the body; moto's backend lookup (getattr batch_backends) does."""
    if name in sys.modules:
        return
    spec = importlib.util.find_spec(name)
    if spec is None or spec.loader is None:
        return
    package = importlib.util.module_from_spec(spec)

    def run_body(attribute: str) -> Any:
        if attribute.startswith("__"):  # the import system probing (__path__ and the like are set already)
            raise AttributeError(attribute)
        del package.__dict__["__getattr__"]
        spec.loader.exec_module(package)  # type: ignore[union-attr]
        return getattr(package, attribute)

    package.__dict__["__getattr__"] = run_body  # a module's __getattr__: asked for missing names only
    sys.modules[name] = package
    parent, _, child = name.rpartition(".")
    setattr(sys.modules[parent], child, package)


def _one_client_per_service(create: Callable[..., Any]) -> Callable[..., Any]:
    clients: dict[tuple[str, str], Any] = {}
    lock = threading.Lock()  # parallel branches ask at once; boto3's default session must not build two at a time

    def boto_client_for(region: str, service: str, state_credentials: Any = None) -> Any:
        # moto 5.2.1's boto_client_for ignores state_credentials (fixed keys), so region and service decide the client.
        with lock:
            if (region, service) not in clients:
                clients[(region, service)] = create(region=region, service=service, state_credentials=state_credentials)
            return clients[(region, service)]

    return boto_client_for


def _s3_url_module(self):
    return _s3_urls_for(tuple(moto_settings.get_s3_custom_endpoints()))


@functools.lru_cache(maxsize=4)
def _s3_urls_for(custom_endpoints: tuple[str, ...]) -> types.SimpleNamespace:
    """moto.s3.urls as moto's reload would produce it for these custom endpoints (the key: it reads them itself)."""
    import moto.s3.urls as urls

    importlib.reload(urls)
    return types.SimpleNamespace(url_bases=list(urls.url_bases), url_paths=dict(urls.url_paths))


_parse_ext_path = functools.lru_cache(maxsize=512)(jsonpath_ng.ext.parse)  # what json_path.py imports
_parse_path = functools.lru_cache(maxsize=512)(jsonpath_ng.parse)  # what result_path.py imports


_SEQUENCER = itertools.count(1)
_ORIGINAL_S3_EVENT = s3_notifications._get_s3_event


def _s3_event_as_s3_sends_it(event_name, bucket, key, notification_id):
    """moto 5.2.1 leaves versionId and sequencer out of S3 notifications; S3 sends both (versionId on a
    versioned bucket), and the S3 trigger tells uploads apart by them."""
    event = _ORIGINAL_S3_EVENT(event_name, bucket, key, notification_id)
    obj = event["Records"][0]["s3"]["object"]
    if getattr(key, "version_id", None) and key.version_id != "null":
        obj["versionId"] = key.version_id
    obj["sequencer"] = f"{time.time_ns():016X}{next(_SEQUENCER):04X}"
    return event


_ORIGINAL_BUCKET_POST = S3Response._bucket_response_post
# The worker processes' credential (LocalCloud gives every function it): a presigned POST made by the API function
# in a worker is signed with it, one made in the twin's own process with that process's.
WORKER_CREDENTIALS = {"AWS_ACCESS_KEY_ID": "local", "AWS_SECRET_ACCESS_KEY": "local", "AWS_SESSION_TOKEN": "local"}


def _post_object_as_s3_checks_it(self, request, bucket_name):
    """A browser POST upload is checked against its policy first (post_policy); DeleteObjects, which is a POST
    too, and everything moto does after the checks are unchanged."""
    self.path = self._get_path(request)  # what moto's handler sets first; is_delete_keys reads it
    if self.is_delete_keys() or not request.headers.get("Content-Length"):
        return _ORIGINAL_BUCKET_POST(self, request, bucket_name)
    form = {name: value for name, value in self.form_data.items() if name.lower() != "file"}
    body = self.body.encode("utf-8") if isinstance(self.body, str) else self.body or b""
    credentials = {os.environ.get("AWS_ACCESS_KEY_ID", ""): os.environ.get("AWS_SECRET_ACCESS_KEY", ""),
                   WORKER_CREDENTIALS["AWS_ACCESS_KEY_ID"]: WORKER_CREDENTIALS["AWS_SECRET_ACCESS_KEY"]}
    refused = post_policy.refusal(form, len(body), bucket_name, credentials=credentials)
    if refused:
        return refused.status, {"Content-Type": "application/xml"}, refused.xml()
    return _ORIGINAL_BUCKET_POST(self, request, bucket_name)


def _snapshot_without_executions(self, memo):
    clone = copy.copy(self)
    for key, value in self.__dict__.items():
        setattr(clone, key, [] if key == "executions" else copy.deepcopy(value, memo))
    return clone


def _should_retry(reason: str, rules: list[dict[str, str]]) -> bool:
    """AWS Batch evaluateOnExit: the first matching rule decides; no match means retry."""
    from fnmatch import fnmatchcase

    for rule in rules:
        pattern = rule.get("onStatusReason") or rule.get("onReason")
        if pattern is not None and fnmatchcase(reason, pattern):
            return rule.get("action", "").upper() == "RETRY"
    return True


@functools.lru_cache(maxsize=1)
def _batch_model():
    return botocore.session.get_session().get_service_model("batch")


def _operation(self: Any, service_action_name: str | None):  # self: a StateTaskServiceBatch
    model = _batch_model()
    action = (service_action_name or self.resource.api_action).replace("_", "").lower()
    name = {op.lower(): op for op in model.operation_names}[action]
    return model.operation_model(name)


def _batch_request(self, parameters, boto_service_name=None, service_action_name=None):
    self._to_boto_request(parameters, _operation(self, service_action_name).input_shape)


def _batch_response(self, response, boto_service_name=None, service_action_name=None):
    self._from_boto_response(response, _operation(self, service_action_name).output_shape)


def execution_status(execution_arn: str) -> str:
    """The status describe_execution would report, read from moto's Step Functions backend."""
    from moto.stepfunctions.responses import get_backend  # the interpreter's backend when executions run

    _, _, _, region, account, *_ = execution_arn.split(":")
    execution = get_backend(account, region).describe_execution(execution_arn)
    try:
        return execution.status
    except AttributeError:  # the interpreter has listed the execution but not started it yet
        return "RUNNING"


def execution_events(execution_arn: str) -> list[dict[str, Any]]:
    """The events get_execution_history would return, oldest first, read from moto's Step Functions backend
    (the SDK's call serialises every event of the history, inputs and outputs included, on each read: polled
    for a progress display, that was most of a kit's CPU in the twin's own process)."""
    from moto.stepfunctions.responses import get_backend

    _, _, _, region, account, *_ = execution_arn.split(":")
    execution: Any = get_backend(account, region).describe_execution(execution_arn)  # the interpreter's Execution
    events = execution.to_history_output()["events"]
    return [_as_the_sdk_gives_it(event) for event in events]


def _as_the_sdk_gives_it(event: dict[str, Any]) -> dict[str, Any]:
    """The interpreter keeps `type` as an enum and `timestamp` as ISO text; the SDK gives str and datetime."""
    stamp = event["timestamp"]
    return {**event, "type": str(getattr(event["type"], "value", event["type"])),
            "timestamp": stamp if isinstance(stamp, datetime.datetime)
            else datetime.datetime.fromisoformat(stamp.replace("Z", "+00:00"))}


def bucket_objects(bucket: str, prefix: str, skip: Callable[[str], bool] = lambda key: False,
                   account: str = "123456789012") -> dict[str, bytes]:
    """The current version of every object under prefix (what ListObjectsV2 lists and GetObject returns), read
    from moto's S3 backend: the twin's own reads of a finished job (export, the state kept for revise) need not
    pay an SDK round trip per object (~5 ms each, 160 objects a kit). Keys for which skip(key) is true are
    not read."""
    from moto.s3.models import FakeDeleteMarker, s3_backends

    found = s3_backends[account]["global"].get_bucket(bucket)
    return {name: key.value for name, key in sorted(list(found.keys.items()))
            if name.startswith(prefix) and not isinstance(key, FakeDeleteMarker) and not skip(name)}


def http_server(poll_s: float = 0.05) -> Any:
    """moto's ThreadedMotoServer on a free loopback port, its serving loop polling every poll_s: stop() waits for
    the loop to notice (werkzeug polls every 0.5 s by default, which every twin's close paid)."""
    from moto.moto_server.werkzeug_app import DomainDispatcherApplication, create_backend_app
    from moto.server import ThreadedMotoServer
    from werkzeug.serving import make_server

    class Server(ThreadedMotoServer):
        def _server_entry(self) -> None:  # ThreadedMotoServer's, with the poll interval
            app = DomainDispatcherApplication(create_backend_app)
            self._server = make_server(self._ip_address, self._port, app, True)
            self._server_ready_event.set()
            self._server.serve_forever(poll_interval=poll_s)

    return Server(ip_address="127.0.0.1", port=0, verbose=False)


HttpFault = Callable[[Any], "tuple[int, dict[str, str], bytes] | None"]


@contextlib.contextmanager
def faulty_requests(fault: HttpFault) -> Iterator[None]:
    """Fault injection at the HTTP level: `fault(request)` may answer an AWS request in moto's place
    (status, headers, body), e.g. a 503 SlowDown from S3; None lets moto answer as usual.
    The SDK sees a real error response and applies its own retries."""
    from moto.core.botocore_stubber import BotocoreStubber

    original = BotocoreStubber.process_request

    def process_request(self, request):
        return fault(request) or original(self, request)

    with mock.patch.object(BotocoreStubber, "process_request", process_request):
        yield


@contextlib.contextmanager
def sqs_clock(now_s: Callable[[], float]) -> Iterator[None]:
    """SQS reads the time from `now_s` (seconds since the epoch) while this is open: DelaySeconds,
    visibility timeouts and retention all follow it. moto's SQS models read the time only through
    these two functions."""
    from moto.sqs import models as sqs_models

    with (
        mock.patch.object(sqs_models, "unix_time", lambda *_: now_s()),
        mock.patch.object(sqs_models, "unix_time_millis", lambda *_: now_s() * 1000.0),
    ):
        yield
