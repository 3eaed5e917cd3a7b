"""The README's quick SDXL run, as a person meets it on a CPU: both commands as written, in a bounded time, without
a traceback; a timeout that ends cleanly, naming the state; a resolution the model cannot draw refused by name."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[2]
pytestmark = pytest.mark.slow


def readme_commands() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"<!-- quick-sdxl .*?-->\n```\n(.*?)```", text, re.S)
    assert block, "README.md lost its quick-sdxl block"
    return block.group(1).strip().splitlines()


def environment() -> dict[str, str]:
    # `brandkit` is this checkout's CLI (the editable install may point at another tree): put it first.
    paths = [str(ROOT / "layers" / "core"), str(ROOT / "local")]
    bin_dir = Path(sys.executable).parent
    return {**os.environ, "PYTHONPATH": os.pathsep.join(paths), "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}",
            "COLUMNS": "120"}


def shell(command: str, cwd: Path, timeout_s: float) -> subprocess.CompletedProcess:
    # The README's lines run from the repository root; their output folders are sent to a temporary folder.
    return subprocess.run(["bash", "-c", command], cwd=cwd, env=environment(), capture_output=True, text=True,
                          timeout=timeout_s, check=False)


@pytest.fixture(scope="module")
def outside(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("quick-sdxl")


def as_written(line: str, outside: Path) -> str:
    line = line.replace("--out tiny-sdxl", f"--out {outside}/tiny-sdxl").replace("--model-dir tiny-sdxl",
                                                                                  f"--model-dir {outside}/tiny-sdxl")
    line = line.replace("--out kit-sdxl", f"--out {outside}/kit-sdxl")
    return line.replace("brandkit generate", f"{sys.executable} -m brandkit_local.cli generate")


def test_the_readme_quick_sdxl_run_finishes_as_written(outside):
    build, generate = readme_commands()
    assert shell(as_written(build, outside), ROOT, 300).returncode == 0
    started = time.perf_counter()
    run = shell(as_written(generate, outside), ROOT, 300)
    elapsed = time.perf_counter() - started
    assert run.returncode == 0, run.stderr[-3000:]
    # The under-a-minute figure is a benchmark's to report (it moves with the machine's load: 37-63 s here on a
    # shared 2-core machine); this bound only catches the old default's ten-minute crawl coming back.
    print(f"README quick SDXL run: {elapsed:.1f} s")
    assert elapsed < 180, f"{elapsed:.0f} s"
    assert "GenerateLogoOnGpu" in run.stderr and "Brand kit ready" in run.stderr
    assert "Traceback" not in run.stderr and "terminate called" not in run.stderr
    assert (outside / "kit-sdxl" / "guidelines.pdf").is_file()


def test_a_timeout_ends_cleanly_naming_the_state(outside):
    if not (outside / "tiny-sdxl").is_dir():
        pytest.skip("needs the model of the README test")
    command = (f"{sys.executable} -m brandkit_local.cli generate docs/samples/northwind-coffee.json "
               f"--out {outside}/late --engine sdxl --model-dir {outside}/tiny-sdxl --steps 150 --timeout 4")
    run = shell(command, ROOT, 120)
    assert run.returncode == 1
    assert "Timed out" in run.stderr and ("GenerateLogoOnGpu" in run.stderr or "ValidateBrief" in run.stderr)
    assert "Traceback" not in run.stderr and "terminate called" not in run.stderr
    assert not (outside / "late").exists()


def test_a_resolution_the_model_cannot_draw_is_refused_by_name(outside):
    if not (outside / "tiny-sdxl").is_dir():
        pytest.skip("needs the model of the README test")
    command = (f"{sys.executable} -m brandkit_local.cli generate docs/samples/northwind-coffee.json "
               f"--out {outside}/big --engine sdxl --model-dir {outside}/tiny-sdxl --resolution 1024")
    run = shell(command, ROOT, 120)
    assert run.returncode == 2
    assert "--resolution" in run.stderr and "64 to 128" in run.stderr
