"""The lint and type gates (issue 19): `ruff check` and `mypy`, configured in pyproject.toml, pass on the repository.

Both run as the developer runs them, from the repository root with no arguments, so pyproject.toml alone decides
what is checked (ruff: every Python file; mypy: the core library and the handlers strictly, the twin and the
SDXL worker lightly). A failure shows the tool's own report. mypy keeps its cache in .mypy_cache (ignored by git):
the first run on a machine takes a minute or two, later ones a few seconds.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _run(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", *command], cwd=ROOT, capture_output=True, text=True, timeout=900)


def test_ruff_finds_nothing():
    run = _run("ruff", "check", "--no-fix", ".")
    hint = "fix them, or run `ruff check --fix` for the mechanical ones"
    assert run.returncode == 0, f"ruff check found problems ({hint}):\n{run.stdout}{run.stderr}"


def test_mypy_finds_nothing():
    run = _run("mypy")
    assert run.returncode == 0, f"mypy found problems:\n{run.stdout}{run.stderr}"
    assert "Success: no issues found" in run.stdout
    # The configuration still reaches the code it is meant to check (a wrong `files` entry would pass vacuously).
    checked = int(run.stdout.rsplit(" in ", 1)[1].split()[0])
    assert checked > 100, run.stdout
