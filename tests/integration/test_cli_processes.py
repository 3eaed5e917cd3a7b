"""A fresh `brandkit generate` process ends with nothing of it left running: its workers, the forkserver they
were forked from and the renderers they forked all exit with it."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

ROOT = Path(__file__).parents[2]


@pytest.mark.slow
def test_a_fresh_generate_leaves_no_process_behind(tmp_path):
    paths = [str(ROOT / "layers" / "core"), str(ROOT / "local"), os.environ.get("PYTHONPATH", "")]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in paths if p)}
    brief = ROOT / "docs" / "samples" / "northwind-coffee.json"
    child = subprocess.Popen([sys.executable, "-m", "brandkit_local.cli", "generate", str(brief), "--out",
                              str(tmp_path / "kit")], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    root, seen = psutil.Process(child.pid), {}
    while child.poll() is None:
        with contextlib.suppress(psutil.NoSuchProcess):
            for proc in root.children(recursive=True):
                seen[proc.pid] = proc
        time.sleep(0.05)
    assert child.returncode == 0, child.stderr.read().decode()[-2000:] if child.stderr else ""
    assert len(seen) >= 3  # the forkserver and at least two function workers were seen

    def running() -> list[psutil.Process]:
        # A pid seen earlier is the same process only if its creation time matches (pids are reused).
        return [proc for proc in seen.values() if proc.is_running() and proc.status() != psutil.STATUS_ZOMBIE]

    deadline = time.monotonic() + 5  # the forkserver notices its parent's exit on its next read
    while running() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert running() == []
