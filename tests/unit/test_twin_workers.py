"""The twin's worker processes behave as Lambda's execution environments: one process per concurrent
invocation, reused while warm, each with its function's environment, timeout and memory size."""

from __future__ import annotations

import json
import os
import threading
from pathlib import Path

import pytest

from brandkit_local.twin.sam_template import FunctionDef
from brandkit_local.twin.workers import WorkerLambdas

HANDLER = '''
import os, time
def lambda_handler(event, context):
    if event.get("sleep"):
        time.sleep(event["sleep"])
    if event.get("allocate_mb"):
        hold = bytearray(event["allocate_mb"] * 1024 * 1024)
    if event.get("fail"):
        raise ValueError("the brief named no colour")
    if event.get("runtime"):  # what Lambda's runtime tells the libraries, and what the X-Ray SDK made of it
        from aws_xray_sdk.core import xray_recorder
        return {"task_root": os.environ.get("LAMBDA_TASK_ROOT"), "name": os.environ.get("AWS_LAMBDA_FUNCTION_NAME"),
                "handler": os.environ.get("_HANDLER"), "memory": os.environ.get("AWS_LAMBDA_FUNCTION_MEMORY_SIZE"),
                "xray_context": type(xray_recorder.context).__name__}
    if event.get("s3_client"):  # which of botocore's data files a first client reads, and whose settings it takes
        import boto3, botocore.loaders
        reads, original = [], botocore.loaders.JSONFileLoader.load_file
        botocore.loaders.JSONFileLoader.load_file = lambda s, path, *a: reads.append(path) or original(s, path, *a)
        client = boto3.client("s3")
        return {"reads": reads, "region": client.meta.region_name,
                "access_key": boto3.DEFAULT_SESSION.get_credentials().access_key}
    return {"pid": os.getpid(), "colour": os.environ.get("COLOUR"), "name": context.function_name,
            "remaining_ms": context.get_remaining_time_in_millis()}
'''


@pytest.fixture
def lambdas(tmp_path: Path):
    (tmp_path / "app.py").write_text(HANDLER, encoding="utf-8")

    def fn(colour: str, timeout_s: int = 20, memory_mb: int = 512) -> FunctionDef:
        return FunctionDef(logical_id=colour, code_dir=tmp_path, handler="app.lambda_handler",
                           timeout_s=timeout_s, memory_mb=memory_mb, environment={"COLOUR": colour})

    functions = {
        "red": fn("red"),
        "blue": fn("blue"),
        "slow": fn("slow", timeout_s=1),
        "small": fn("small", memory_mb=256),
        "aws": FunctionDef(logical_id="aws", code_dir=tmp_path, handler="app.lambda_handler", timeout_s=20,
                           memory_mb=512, environment={"AWS_DEFAULT_REGION": "eu-west-1",
                                                       "AWS_ACCESS_KEY_ID": "function-key",
                                                       "AWS_SECRET_ACCESS_KEY": "function-secret"}),
    }
    pool = WorkerLambdas(
        functions, {name: f"arn:aws:lambda:us-east-1:123456789012:function:{name}" for name in functions}, limit=2
    )
    yield pool
    pool.close()


def call(pool: WorkerLambdas, name: str, **event) -> tuple[dict, str | None]:
    payload, error = pool.dispatch(name, json.dumps(event).encode())
    return json.loads(payload), error


def test_a_function_runs_in_its_own_warm_process_with_its_own_environment(lambdas):
    first, error = call(lambdas, "red")
    again, _ = call(lambdas, "red")
    other, _ = call(lambdas, "blue")
    assert error is None
    assert first["pid"] != os.getpid() and first["pid"] == again["pid"]  # reused while warm
    assert other["pid"] != first["pid"]
    assert (first["colour"], other["colour"]) == ("red", "blue")
    assert first["name"] == "red" and 0 < first["remaining_ms"] <= 20_000
    assert lambdas.cold_starts == 2


def test_concurrent_invocations_get_separate_processes(lambdas):
    results = []
    threads = [
        threading.Thread(target=lambda: results.append(call(lambdas, "red", sleep=1.5)[0]["pid"])) for _ in range(2)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(set(results)) == 2


def test_a_handler_past_its_timeout_is_killed_and_reported_as_lambda_does(lambdas):
    payload, error = call(lambdas, "slow", sleep=30)
    assert error == "Unhandled"
    assert payload == {"errorType": "Sandbox.Timedout", "errorMessage": "Task timed out after 1 seconds"}
    answer, error = call(lambdas, "slow")  # a fresh environment answers the next call
    assert error is None and lambdas.cold_starts == 2


def test_a_handler_past_its_memory_size_fails_with_out_of_memory(lambdas):
    payload, error = call(lambdas, "small", allocate_mb=400)
    assert error == "Unhandled" and payload["errorType"] == "Runtime.OutOfMemory"
    assert call(lambdas, "small", allocate_mb=50)[1] is None


def test_an_exception_is_returned_as_lambdas_error_payload(lambdas):
    payload, error = call(lambdas, "red", fail=True)
    assert error == "Unhandled"
    assert payload == {"errorType": "ValueError", "errorMessage": "the brief named no colour"}


def test_a_workers_first_client_reads_no_botocore_data_and_takes_its_own_settings(lambdas, monkeypatch):
    """The forkserver loaded the services' data (warm.py) before forking: a worker's first S3 client costs no
    JSON read, and still takes the region and credentials of its function's environment, not the forkserver's."""
    answer, error = call(lambdas, "aws", s3_client=True)
    assert error is None, answer
    assert answer["reads"] == []
    assert (answer["region"], answer["access_key"]) == ("eu-west-1", "function-key")


def test_a_worker_has_lambdas_runtime_variables_so_the_xray_sdk_knows_it_is_in_lambda(lambdas, tmp_path):
    answer, error = call(lambdas, "small", runtime=True)
    assert error is None, answer
    assert answer == {"task_root": str(tmp_path), "name": "small", "handler": "app.lambda_handler", "memory": "256",
                      "xray_context": "LambdaContext"}  # not the default context, whose sampler makes X-Ray clients


def test_close_ends_every_worker_without_waiting_on_each_in_turn(lambdas):
    import time

    import psutil

    threads = [threading.Thread(target=call, args=(lambdas, name)) for name in ("red", "blue", "small")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    pids = [env.process.pid for env in lambdas._idle.values()]
    assert len(pids) == 3
    started = time.perf_counter()
    lambdas.close()
    assert time.perf_counter() - started < 10  # signalled together, not waited on one after another
    for pid in pids:  # reaped by the forkserver before close returns: gone, not left as zombies
        assert not psutil.pid_exists(pid)
