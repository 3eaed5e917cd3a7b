"""The SDXL Batch worker end to end on a tiny random SDXL pipeline, against S3 under moto.

The pipeline is a real StableDiffusionXLPipeline (built offline once per session), so
loading, both text encoders, batched denoising, VAE decode, tracing and the S3 protocol
(idempotent keys, result.json last, SIGTERM) all run for real on the CPU.
"""

import io
import json
import logging
import signal
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

pytest.importorskip("diffusers")
pytest.importorskip("torch")

import boto3  # noqa: E402
from moto import mock_aws  # noqa: E402
from PIL import Image  # noqa: E402

from brandkit.artifacts import BrandProfile, IndustryMatch  # noqa: E402
from brandkit.job_files import SDXL, SDXL_RESULT, sdxl_candidate  # noqa: E402
from sdxl_worker import outputs, worker  # noqa: E402
from sdxl_worker.tiny import build_tiny_pipeline  # noqa: E402

BUCKET, PREFIX, JOB = "kits-bucket", "kits/job-123", "job-123"
ARGS = ["--job-id", JOB, "--bucket", BUCKET, "--prefix", PREFIX]
N = 3


@pytest.fixture(scope="session")
def tiny_model(tmp_path_factory) -> Path:
    return build_tiny_pipeline(tmp_path_factory.mktemp("tiny-sdxl"))


@pytest.fixture
def s3(monkeypatch, fresh_clients):
    for name, value in {
        "AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing", "AWS_DEFAULT_REGION": "us-east-1",
    }.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("BRANDKIT_S3_ENDPOINT", raising=False)
    with mock_aws():
        client = boto3.client("s3", region_name="us-east-1")
        client.create_bucket(Bucket=BUCKET)
        yield client


@pytest.fixture
def base_env(monkeypatch, tmp_path):
    """Worker settings for a 64x64, 2-step run; MODEL_DIR points nowhere until `env` sets it."""
    for name in ("MODEL_S3_URI", "FEW_STEP", "LORA_DIR", "VAE_DIR", "BATCH_SIZE", "GUIDANCE", "DTYPE", "DEVICE"):
        monkeypatch.delenv(name, raising=False)
    settings = {"MODEL_DIR": str(tmp_path / "no-model"), "RESOLUTION": "64", "STEPS": "2",
                "NUM_CANDIDATES": str(N), "TORCH_NUM_THREADS": "1"}  # one thread: the CI machine is shared
    for name, value in settings.items():
        monkeypatch.setenv(name, value)


@pytest.fixture
def env(base_env, monkeypatch, tiny_model):
    monkeypatch.setenv("MODEL_DIR", str(tiny_model))


def put_profile(client, **changes):
    data = dict(
        company_name="Lumen </text><script>alert(1)</script>",
        industry=IndustryMatch(query="solar", industry="energy", label="Solar energy", method="exact", confidence=1.0),
        traits=[("innovative", 0.9), ("trustworthy", 0.7)],
        style=["tech", "minimal"],
        harmony="complementary",
        hue_families=["yellow", "blue"],
        script="Latin",
        fonts=[],
        facts=[],
        language="en",
    )
    data.update(changes)
    body = BrandProfile(**data).model_dump_json()
    client.put_object(Bucket=BUCKET, Key=f"{PREFIX}/work/profile.json", Body=body.encode())


def keys(client) -> list[str]:
    listing = client.list_objects_v2(Bucket=BUCKET, Prefix=f"{PREFIX}/{SDXL.key}/")
    return sorted(obj["Key"][len(PREFIX) + 1 :] for obj in listing.get("Contents", []))


def read(client, relkey: str) -> bytes:
    return client.get_object(Bucket=BUCKET, Key=f"{PREFIX}/{relkey}")["Body"].read()


def expected_keys(n=N) -> list[str]:
    return sorted(
        [SDXL_RESULT.key]
        + [sdxl_candidate(i, "png").key for i in range(n)]
        + [sdxl_candidate(i, "svg").key for i in range(n)]
    )


class SigtermWhen(logging.Handler):
    """Sends this process a real SIGTERM when the worker logs a given message (once)."""

    def __init__(self, message: str, **fields):
        super().__init__()
        self.message, self.fields, self.fired = message, fields, False

    def emit(self, record):
        if self.fired or record.getMessage() != self.message:
            return
        if all(getattr(record, k, None) == v for k, v in self.fields.items()):
            self.fired = True
            signal.raise_signal(signal.SIGTERM)


@pytest.fixture
def sigterm_when():
    handlers = []

    def install(message, **fields):
        handler = SigtermWhen(message, **fields)
        logging.getLogger("sdxl_worker").addHandler(handler)
        handlers.append(handler)
        return handler

    yield install
    for handler in handlers:
        logging.getLogger("sdxl_worker").removeHandler(handler)


@pytest.mark.slow
def test_worker_writes_every_candidate_and_a_complete_result(s3, env):
    put_profile(s3)
    assert worker.main(ARGS) == worker.EXIT_OK
    assert keys(s3) == expected_keys()

    result = json.loads(read(s3, SDXL_RESULT.key))
    assert result["complete"] is True and result["job_id"] == JOB
    assert result["model"]["device"] == "cpu" and result["model"]["dtype"] == "fp32"
    assert result["model"]["scheduler"] == "EulerDiscreteScheduler" and result["model"]["vae"] == "native"
    assert result["steps"] == 2 and result["guidance_scale"] == 5.0 and result["batch_size"] == N
    assert result["seeds"] == [outputs.candidate_seed(JOB, i) for i in range(N)] and len(set(result["seeds"])) == N
    assert len({p["mark_type"] for p in result["prompts"]}) == N
    assert all("solar energy" in p["prompt"] and "lumen" not in p["prompt"].lower() for p in result["prompts"])
    assert {"load", "generate", "postprocess", "upload", "total", "generate_per_image"} <= set(result["timings"])

    for candidate in result["candidates"]:
        png = Image.open(io.BytesIO(read(s3, candidate["png_key"])))
        assert png.format == "PNG" and png.size == (64, 64) and png.mode == "RGBA"
        svg = read(s3, candidate["svg_key"]).decode()
        root = ET.fromstring(svg)
        assert root.get("viewBox") == "0 0 64 64" and len(root) >= 1
        for bad in ("<text", "<script", "href", "<image", "<style"):
            assert bad not in svg
        assert 1 <= len(candidate["colors"]) <= 4
        assert all(len(c) == 7 and c.startswith("#") for c in candidate["colors"])


@pytest.mark.slow
def test_second_attempt_finds_the_job_done_and_duplicates_nothing(s3, env, caplog):
    put_profile(s3)
    assert worker.main(ARGS) == 0
    first = s3.head_object(Bucket=BUCKET, Key=f"{PREFIX}/{SDXL_RESULT.key}")["ETag"]
    caplog.set_level(logging.INFO, logger="sdxl_worker")
    caplog.clear()
    assert worker.main(ARGS) == 0
    assert "already complete" in caplog.messages and "denoise step" not in caplog.messages
    assert keys(s3) == expected_keys()
    assert s3.head_object(Bucket=BUCKET, Key=f"{PREFIX}/{SDXL_RESULT.key}")["ETag"] == first


@pytest.mark.slow
def test_sigterm_during_denoising_exits_nonzero_and_writes_nothing(s3, env, sigterm_when):
    put_profile(s3)
    trigger = sigterm_when("denoise step", step=1)
    assert worker.main(ARGS) == worker.EXIT_INTERRUPTED
    assert trigger.fired and keys(s3) == []
    # the handler was removed again: the next attempt runs to completion
    assert worker.main(ARGS) == 0 and keys(s3) == expected_keys()


@pytest.mark.slow
def test_sigterm_between_candidates_leaves_no_result_and_a_retry_completes(s3, env, sigterm_when, caplog):
    put_profile(s3)
    sigterm_when("candidate written", index=0)
    assert worker.main(ARGS) == worker.EXIT_INTERRUPTED
    assert keys(s3) == [sdxl_candidate(0, "png").key, sdxl_candidate(0, "svg").key]  # partial, and not marked complete
    caplog.set_level(logging.INFO, logger="sdxl_worker")
    caplog.clear()
    assert worker.main(ARGS) == 0
    assert "already complete" not in caplog.messages
    assert keys(s3) == expected_keys()


@pytest.mark.slow
def test_stale_and_incomplete_outputs_are_replaced(s3, env):
    put_profile(s3)
    stale = f"{PREFIX}/{sdxl_candidate(7, 'png').key}"
    s3.put_object(Bucket=BUCKET, Key=stale, Body=b"old")
    s3.put_object(Bucket=BUCKET, Key=f"{PREFIX}/{SDXL_RESULT.key}", Body=b'{"complete": true}')
    assert worker.main(ARGS) == 0
    assert keys(s3) == expected_keys()
    assert json.loads(read(s3, SDXL_RESULT.key))["complete"] is True


@pytest.mark.slow
def test_requested_dtype_is_the_dtype_that_runs(s3, env, monkeypatch):
    """DTYPE reaches the loaded weights (older diffusers ignore a misspelt dtype argument and stay fp32)."""
    monkeypatch.setenv("DTYPE", "bf16")
    monkeypatch.setenv("NUM_CANDIDATES", "1")
    put_profile(s3)
    assert worker.main(ARGS) == 0
    assert json.loads(read(s3, SDXL_RESULT.key))["model"]["dtype"] == "bf16"


def test_missing_profile_is_bad_input(s3, base_env):
    assert worker.main(ARGS) == worker.EXIT_BAD_INPUT
    s3.put_object(Bucket=BUCKET, Key=f"{PREFIX}/work/profile.json", Body=b'{"company_name": 1}')
    assert worker.main(ARGS) == worker.EXIT_BAD_INPUT
    assert keys(s3) == []


@pytest.mark.slow  # the first diffusers import in the process takes seconds
def test_missing_model_is_a_model_error(s3, base_env):
    put_profile(s3)
    assert worker.main(ARGS) == worker.EXIT_MODEL
    assert keys(s3) == []


@pytest.mark.parametrize(
    ("args", "env_changes"),
    [
        (["--job-id", "../x", "--bucket", BUCKET, "--prefix", PREFIX], {}),
        (["--job-id", "bk.1", "--bucket", BUCKET, "--prefix", PREFIX], {}),  # no execution name has a '.'
        (["--job-id", JOB, "--bucket", BUCKET, "--prefix", "kits/../other"], {}),
        (["--job-id", JOB, "--bucket", BUCKET], {}),
        (ARGS, {"RESOLUTION": "100"}),
        (ARGS, {"FEW_STEP": "turbo"}),
        (ARGS, {"MODEL_S3_URI": "s3://models/sdxl/"}),  # with MODEL_DIR too: ambiguous
    ],
)
def test_bad_arguments_or_configuration_exit_2(s3, base_env, monkeypatch, args, env_changes):
    for name, value in env_changes.items():
        monkeypatch.setenv(name, value)
    assert worker.main(args) == worker.EXIT_USAGE


@pytest.mark.slow
def test_model_synced_from_s3_once_per_host(s3, env, monkeypatch, tmp_path, tiny_model, caplog):
    s3.create_bucket(Bucket="models")
    for path in tiny_model.rglob("*"):
        if path.is_file():
            s3.upload_file(str(path), "models", f"sdxl/tiny/{path.relative_to(tiny_model).as_posix()}")
    monkeypatch.delenv("MODEL_DIR")
    monkeypatch.setenv("MODEL_S3_URI", "s3://models/sdxl/tiny/")
    monkeypatch.setenv("MODEL_CACHE", str(tmp_path / "nvme"))
    put_profile(s3)
    caplog.set_level(logging.INFO, logger="sdxl_worker")
    assert worker.main(ARGS) == 0
    synced = [r for r in caplog.records if r.getMessage() == "model synced"]
    assert synced[0].bytes_fetched > 0 and (tmp_path / "nvme").exists()
    result = json.loads(read(s3, SDXL_RESULT.key))
    assert result["model"]["name"] == "s3://models/sdxl/tiny/" and "model_sync" in result["timings"]

    s3.delete_object(Bucket=BUCKET, Key=f"{PREFIX}/{SDXL_RESULT.key}")  # force a second full run on the same host
    assert worker.main(ARGS) == 0
    synced = [r for r in caplog.records if r.getMessage() == "model synced"]
    assert synced[1].bytes_fetched == 0  # the cache was reused


@pytest.mark.slow
def test_few_step_lcm_with_a_lora(s3, env, monkeypatch, tmp_path, tiny_model):
    peft = pytest.importorskip("peft")
    from diffusers import StableDiffusionXLPipeline

    pipe = StableDiffusionXLPipeline.from_pretrained(tiny_model, local_files_only=True)
    pipe.unet.add_adapter(
        peft.LoraConfig(r=2, target_modules=["to_q", "to_k", "to_v", "to_out.0"], init_lora_weights="gaussian")
    )
    StableDiffusionXLPipeline.save_lora_weights(
        tmp_path / "lora", unet_lora_layers=peft.get_peft_model_state_dict(pipe.unet)
    )
    monkeypatch.setenv("FEW_STEP", "lcm")
    monkeypatch.setenv("LORA_DIR", str(tmp_path / "lora"))
    monkeypatch.delenv("STEPS")
    put_profile(s3)
    assert worker.main(ARGS) == 0
    result = json.loads(read(s3, SDXL_RESULT.key))
    assert result["model"]["scheduler"] == "LCMScheduler" and result["model"]["few_step"] == "lcm"
    assert (
        result["steps"] == 4 and result["guidance_scale"] == 1.0 and result["model"]["lora"] == str(tmp_path / "lora")
    )
    assert keys(s3) == expected_keys()


def test_sync_refuses_keys_outside_the_model_folder(s3, tmp_path):
    import threading

    from sdxl_worker.model import ModelError, sync_model

    s3.create_bucket(Bucket="models")
    s3.put_object(Bucket="models", Key="sdxl/../../etc/passwd", Body=b"x")
    with pytest.raises(ModelError, match="outside"):
        sync_model("s3://models/sdxl/", str(tmp_path), s3, threading.Event())
    with pytest.raises(ModelError, match="no model files"):
        sync_model("s3://models/empty/", str(tmp_path), s3, threading.Event())
