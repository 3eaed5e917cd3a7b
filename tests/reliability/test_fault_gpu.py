"""Suite 4, the GPU stage: spot reclaims and worker crashes in the SDXL Batch job, in the local twin.

The real state machine runs with logo_engine="sdxl"; its batch:submitJob.sync task runs the real worker
(gpu-jobs/sdxl_worker) on a tiny random-weight pipeline, under the job definition's RetryStrategy from
template.yaml (3 attempts; "Host EC2*" -> RETRY, anything else -> EXIT). Faults are played at the LocalBatch
seam: the twin imports the worker's entry point for every attempt, and the test wraps it.

A spot reclaim is played as it happens on EC2: SIGTERM reaches the worker mid-job (here: its stop event,
set as its SIGTERM handler would set it, after the first candidate is uploaded), the worker stops at its
next check and exits 143, and the host is gone, so Batch records "Host EC2 (instance ...) terminated."
(brandkit_local.twin.batch.SpotReclaimed).

Lost jobs = 0: every job submitted here ends terminal with exactly one brand.kit.* event.
"""

from __future__ import annotations

import contextlib
import json
import threading
from pathlib import Path
from unittest import mock

import boto3
import pytest

from brandkit.brief import parse_brief
from brandkit.job_files import FAILURE, MANIFEST
from brandkit.jobs import job_prefix
from brandkit.tenants import DEFAULT_TENANT
from brandkit_local.twin import LocalCloud
from brandkit_local.twin.batch import HOST_EC2_TERMINATED, SpotReclaimed
from brandkit_local.twin.cloud import BUCKET
from tests.reliability.figures import record

pytest.importorskip("diffusers")
pytestmark = pytest.mark.slow
ROOT = Path(__file__).parents[2]
BRIEF = parse_brief(json.loads((ROOT / "docs/samples/ledgerly-fintech.json").read_text("utf-8")))
CANDIDATES = 2
ATTEMPTS = 4  # GpuJobDefinition RetryStrategy.Attempts (tests/iac checks the template; here we see it act)
LEDGER: dict[str, str] = {}  # job -> expected terminal status
SDXL_DIR = "work/logo/sdxl/"


@pytest.fixture(scope="module")
def cloud(tmp_path_factory):
    from sdxl_worker.tiny import build_tiny_pipeline

    model = build_tiny_pipeline(tmp_path_factory.mktemp("tiny-sdxl"))
    env = {"MODEL_DIR": str(model), "RESOLUTION": "64", "STEPS": "2", "NUM_CANDIDATES": str(CANDIDATES),
           "TORCH_NUM_THREADS": "1"}
    with LocalCloud(logo_engine="sdxl", batch_environment=env) as local:
        local.published = []
        yield local
        # Lost jobs = 0: every job reached a terminal state and announced itself exactly once.
        local.published.extend(local.events())
        for job_id, expected in LEDGER.items():
            assert local.wait(job_id, timeout_s=60)["status"] == expected, job_id
            assert len([e for e in local.published if e.get("job_id") == job_id]) == 1, job_id
        record("fault_gpu", {"jobs": len(LEDGER), "lost": 0, "outcomes": dict(LEDGER)})


def run(cloud: LocalCloud, job_id: str, expected: str) -> tuple[str, list[dict]]:
    LEDGER[job_id] = expected
    cloud.submit(BRIEF, job_id=job_id)
    status = cloud.wait(job_id, timeout_s=300)["status"]
    cloud.published.extend(cloud.events())
    return status, [e for e in cloud.published if e.get("job_id") == job_id]


def attempts_of(cloud: LocalCloud, job_id: str) -> list[tuple[bool, str]]:
    """The Batch attempts the twin ran for one kit: (succeeded, status reason)."""
    return [(ok, reason) for argv, ok, reason in cloud.batch.attempts if job_id in argv]


def sdxl_files(job_id: str) -> dict[str, bytes]:
    """What the worker left under work/logo/sdxl/, by file name."""
    s3, prefix = boto3.client("s3"), f"{job_prefix(job_id, DEFAULT_TENANT)}/{SDXL_DIR}"
    listed = s3.list_objects_v2(Bucket=BUCKET, Prefix=prefix).get("Contents", [])
    return {o["Key"][len(prefix):]: s3.get_object(Bucket=BUCKET, Key=o["Key"])["Body"].read() for o in listed}


@contextlib.contextmanager
def gpu_faults(plan: list[str]):
    """Wrap the worker's entry point for the next attempts, one step of `plan` each:
    "ok" runs it untouched; "reclaim" plays a spot reclaim after the attempt's first candidate is uploaded
    (and checkpointed: a later attempt reuses it);
    "reclaim-after-result" lets the worker finish, then the host goes before Batch hears the exit;
    "crash" makes the pipeline fail to load (a CUDA fault), a non-spot exit.
    Yields a record of each attempt: its step, the worker's exit code, and whether it loaded the model."""
    import sdxl_worker.__main__ as entry
    from sdxl_worker import worker

    real_main, real_write, real_load = entry.main, worker._write_candidate, worker.load_pipeline
    record: list[dict] = []
    local = threading.local()

    def write_candidate(store, index, image, config, timer):
        colors = real_write(store, index, image, config, timer)
        if local.step == "reclaim":
            local.stop.set()  # SIGTERM: the worker's handler would do exactly this
        return colors

    def load_pipeline(model_dir, config):
        record[-1]["loaded_model"] = True
        if local.step == "crash":
            raise RuntimeError("CUDA error: an illegal memory access was encountered")
        return real_load(model_dir, config)

    def main(argv, stop=None):
        local.step = plan[min(len(record), len(plan) - 1)]
        local.stop = threading.Event()
        record.append({"step": local.step, "loaded_model": False})
        code = real_main(argv, local.stop)
        record[-1]["exit_code"] = code
        if local.step.startswith("reclaim"):
            raise SpotReclaimed()  # the instance is terminated: Batch sees the host go, not the exit code
        return code

    with mock.patch.object(entry, "main", main), mock.patch.object(worker, "_write_candidate", write_candidate), \
         mock.patch.object(worker, "load_pipeline", load_pipeline):
        yield record


def gpu_task_failure(cloud: LocalCloud, job_id: str) -> dict:
    """The Batch job as Step Functions reported it when GenerateLogoOnGpu failed (the TaskFailed cause)."""
    (failed,) = [e for e in cloud.history(job_id) if e["type"] == "TaskFailed"]
    return json.loads(failed["taskFailedEventDetails"]["cause"])


def assert_failed_on_gpu(cloud: LocalCloud, job_id: str, status: str, events: list[dict], reason: str) -> None:
    assert status == "FAILED"
    (event,) = events
    assert event["type"] == "brand.kit.failed" and event["stage"] == "GenerateLogoOnGpu"
    assert event["cause"].startswith(f"Batch job brandkit-logo-{job_id}") and reason in event["cause"]
    assert "Traceback" not in event["cause"] and "{" not in event["cause"], "a sentence, not the job's JSON"
    failure = cloud.store(job_id).load(FAILURE).model_dump()
    assert (failure["stage"], failure["cause"]) == ("GenerateLogoOnGpu", event["cause"])
    assert "manifest.json" not in cloud.kit_files(job_id)
    states = [e["stateEnteredEventDetails"]["name"] for e in cloud.history(job_id) if "stateEnteredEventDetails" in e]
    assert states == ["ValidateBrief", "ChooseLogoSource", "GenerateLogoOnGpu", "RecordFailure", "NotifyFailure",
                      "KitFailed"]


def reclaimed_then_completed(cloud: LocalCloud, job_id: str, first_step: str) -> list[dict]:
    """One reclaimed attempt, retried by Batch; the kit completes with one event. Returns the attempt record."""
    with gpu_faults([first_step, "ok"]) as record:
        status, events = run(cloud, job_id, "SUCCEEDED")
    assert status == "SUCCEEDED" and [e["type"] for e in events] == ["brand.kit.succeeded"]
    assert attempts_of(cloud, job_id) == [(False, HOST_EC2_TERMINATED), (True, "")]
    assert [r["step"] for r in record] == [first_step, "ok"]
    return record


def test_a_spot_reclaim_mid_job_is_retried_by_batch_and_the_kit_completes(cloud):
    job_id = "gpu-reclaim-once"
    record = reclaimed_then_completed(cloud, job_id, "reclaim")
    assert record[0]["exit_code"] == 143, "the worker stopped on SIGTERM, leaving result.json unwritten"
    # The second attempt wrote the same fixed keys: one copy of each candidate and its checkpoint, no leftovers,
    # then result.json.
    files = sdxl_files(job_id)
    assert sorted(files) == sorted([f"candidate-{i}.{ext}" for i in range(CANDIDATES) for ext in ("png", "svg", "json")]
                                   + ["result.json"])
    result = json.loads(files["result.json"])
    assert result["complete"] and [c["index"] for c in result["candidates"]] == list(range(CANDIDATES))
    manifest = cloud.store(job_id).load(MANIFEST)
    assert manifest["logo"]["engine"] == "sdxl"


def test_a_reclaim_after_the_result_was_written_reuses_the_finished_work(cloud):
    record = reclaimed_then_completed(cloud, "gpu-reclaim-late", "reclaim-after-result")
    assert record[0] == {"step": "reclaim-after-result", "loaded_model": True, "exit_code": 0}
    assert record[1] == {"step": "ok", "loaded_model": False, "exit_code": 0}, \
        "the retry found the complete result.json and did not render again"


def test_reclaims_on_every_attempt_exhaust_batch_retries_and_fail_the_kit(cloud):
    job_id = "gpu-reclaim-always"
    with gpu_faults(["reclaim"]) as record:
        status, events = run(cloud, job_id, "FAILED")
    assert attempts_of(cloud, job_id) == [(False, HOST_EC2_TERMINATED)] * ATTEMPTS
    # Each attempt checkpoints one more candidate before its host goes; once all are done an attempt only
    # writes result.json (exit 0) - and its host goes too, before Batch hears it.
    done = min(ATTEMPTS, CANDIDATES)
    assert [r["exit_code"] for r in record] == [143] * done + [0] * (ATTEMPTS - done)
    assert_failed_on_gpu(cloud, job_id, status, events, HOST_EC2_TERMINATED)
    batch_job = gpu_task_failure(cloud, job_id)
    assert batch_job["Status"] == "FAILED" and len(batch_job["Attempts"]) == ATTEMPTS
    assert f"after {ATTEMPTS} attempts" in events[0]["cause"]


def test_a_worker_crash_is_not_retried_and_fails_the_kit(cloud):
    job_id = "gpu-crash"
    with gpu_faults(["crash", "ok"]) as record:
        status, events = run(cloud, job_id, "FAILED")
    assert attempts_of(cloud, job_id) == [(False, "Essential container in task exited")], "OnReason * -> EXIT"
    assert record == [{"step": "crash", "loaded_model": True, "exit_code": 1}]
    assert_failed_on_gpu(cloud, job_id, status, events, "Essential container in task exited")
    assert len(gpu_task_failure(cloud, job_id)["Attempts"]) == 1
    assert "attempts" not in events[0]["cause"]
