"""The GPU path end to end: the state machine's batch:submitJob.sync task runs the real SDXL worker
(gpu-jobs/) on a tiny random-weight pipeline, and CollectGpuLogo turns its traced candidates into the kit."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from brandkit.brief import parse_brief
from brandkit.job_files import SDXL_RESULT
from brandkit_local.twin import LocalCloud

pytest.importorskip("diffusers")
pytestmark = pytest.mark.slow
ROOT = Path(__file__).parents[2]


@pytest.fixture(scope="module")
def tiny_model(tmp_path_factory) -> Path:
    from sdxl_worker.tiny import build_tiny_pipeline

    return build_tiny_pipeline(tmp_path_factory.mktemp("tiny-sdxl"))


def test_sdxl_engine_runs_the_batch_worker(tiny_model):
    brief = parse_brief(json.loads((ROOT / "docs/samples/ledgerly-fintech.json").read_text()))
    worker_env = {"MODEL_DIR": str(tiny_model), "RESOLUTION": "64", "STEPS": "2", "NUM_CANDIDATES": "2",
                  "TORCH_NUM_THREADS": "1"}
    with LocalCloud(logo_engine="sdxl", batch_environment=worker_env) as cloud:
        cloud.submit(brief, job_id="gpu")
        status = cloud.wait("gpu", timeout_s=300)
        assert status["status"] == "SUCCEEDED", status
        states = [
            e["stateEnteredEventDetails"]["name"] for e in cloud.history("gpu") if "stateEnteredEventDetails" in e
        ]
        assert "GenerateLogoOnGpu" in states and "CollectGpuLogo" in states and "DesignLogo" not in states
        (argv, ok, _), = cloud.batch.attempts  # one job, one attempt, for all candidates
        assert ok and argv[:3] == ["python", "-m", "sdxl_worker"] and "gpu" in argv
        result = cloud.store("gpu").load(SDXL_RESULT)
        assert len(result.candidates) == 2
        files = cloud.kit_files("gpu")
        manifest = json.loads(files["manifest.json"])
        assert manifest["logo"]["engine"] == "sdxl"
        assert "guidelines.pdf" in files and any(p.startswith("logo/png/") for p in files)
