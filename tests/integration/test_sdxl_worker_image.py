"""The worker's container definition, checked by reading it (no Docker engine here) and by running its entrypoint."""

import json
import os
import re
import shlex
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parents[2]
GPU_JOBS = ROOT / "gpu-jobs"


def instructions() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) pairs, continuation lines joined, comments dropped."""
    text = re.sub(r"\\\n", " ", (GPU_JOBS / "Dockerfile").read_text())
    out = []
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            word, _, rest = line.partition(" ")
            out.append((word.upper(), rest.strip()))
    return out


def of(kind: str) -> list[str]:
    return [args for word, args in instructions() if word == kind]


def test_base_image_is_a_pinned_cuda_runtime():
    (base,) = of("FROM")
    image, _, tag = base.partition("@")[0].partition(":")
    assert image == "nvidia/cuda"
    assert "@sha256:" in base or re.fullmatch(r"\d+\.\d+\.\d+-(cudnn-)?runtime-ubuntu\d+\.\d+", tag), base


def test_runs_as_a_non_root_user():
    users = of("USER")
    assert users, "no USER instruction"
    user = users[-1].split(":")[0]
    assert user not in ("root", "0")
    assert any(f"--uid {user}" in args for args in of("RUN")), "the user is created in the image"
    # nothing runs as root after the switch except the entrypoint itself
    words = [word for word, _ in instructions()]
    assert words.index("USER") > max(i for i, w in enumerate(words) if w == "RUN")


def test_entrypoint_runs_the_worker_module():
    (entrypoint,) = of("ENTRYPOINT")
    command = json.loads(entrypoint)  # exec form: signals reach the worker, not a shell
    script = next(args.split()[-2] for args in of("COPY") if args.split()[-1] == command[0])
    assert script.endswith("entrypoint.sh")
    assert "exec python -m sdxl_worker" in (ROOT / script).read_text()
    assert (GPU_JOBS / "sdxl_worker" / "__main__.py").is_file()


def test_every_copy_source_exists_and_the_core_is_installed():
    sources = [word for args in of("COPY") for word in shlex.split(args)[:-1] if not word.startswith("--")]
    assert sources, "nothing copied"
    for source in sources:
        assert (ROOT / source).exists(), source
    assert "layers/core/brandkit" in sources and "gpu-jobs/sdxl_worker" in sources
    assert any("-r /opt/requirements/core.txt" in args for args in of("RUN"))
    env = " ".join(of("ENV"))
    assert "HF_HUB_OFFLINE=1" in env and "PYTHONPATH=/app" in env


def requirements() -> dict[str, Requirement]:
    lines = (GPU_JOBS / "requirements.txt").read_text().splitlines()
    reqs = [Requirement(line.split("#")[0]) for line in lines if line.split("#")[0].strip()]
    return {r.name.lower(): r for r in reqs}


def test_gpu_requirements_are_pinned_and_agree_with_pyproject():
    reqs = requirements()
    assert {"torch", "diffusers", "transformers", "accelerate", "peft", "vtracer"} <= set(reqs)
    for name, req in reqs.items():
        assert len(req.specifier) == 1 and next(iter(req.specifier)).operator == "==", f"{name} is not pinned"
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text())
    for line in pyproject["project"]["optional-dependencies"]["gpu"]:
        extra = Requirement(line)
        if extra.name.lower() in reqs:
            pinned = next(iter(reqs[extra.name.lower()].specifier)).version
            assert extra.specifier.contains(pinned), (
                f"{extra.name}: image pins {pinned}, pyproject wants {extra.specifier}"
            )


FLAGS = ["--job-id", "../not-an-id", "--bucket", "b", "--prefix", "kits/x"]


def test_gpu_pins_fit_the_core_requirements_they_install_beside():
    """The image runs one pip install over both files: a pin outside a core range fails the build."""
    core = [line.split("#")[0].strip() for line in (ROOT / "layers/core/requirements.txt").read_text().splitlines()]
    pins = requirements()
    for line in filter(None, core):
        req = Requirement(line)
        if req.name.lower() in pins:
            pinned = next(iter(pins[req.name.lower()].specifier)).version
            assert req.specifier.contains(pinned), f"{req.name}: gpu-jobs pins {pinned}, the core needs {req.specifier}"


@pytest.mark.parametrize("argv", [FLAGS, ["python", "-m", "sdxl_worker", *FLAGS]])
def test_entrypoint_script_accepts_flags_or_the_full_command(argv):
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(GPU_JOBS), str(ROOT / "layers/core")]))
    bindir = Path(sys.executable).parent  # the script calls `python`, as in the image's venv
    env["PATH"] = f"{bindir}{os.pathsep}{env['PATH']}"
    done = subprocess.run(
        ["sh", str(GPU_JOBS / "entrypoint.sh"), *argv], env=env, capture_output=True, text=True, timeout=60
    )
    # the worker itself parsed the flags (and refused the job id), whichever form Batch used
    assert done.returncode == 2, done.stderr
    assert "--job-id: letters, digits" in done.stderr and "unrecognized" not in done.stderr
