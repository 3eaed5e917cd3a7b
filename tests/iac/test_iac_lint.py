"""(a) cfn-lint and (b) `sam validate --lint` report nothing on template.yaml. Both run offline."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest
from cfn_template import ROOT

pytestmark = pytest.mark.slow  # each starts a CLI that loads its whole rule set (3-6 s)


def _tool(name: str) -> str:
    found = shutil.which(name) or shutil.which(name, path=os.path.dirname(sys.executable))
    if not found:
        pytest.fail(f"{name} is not installed (pip install -e '.[dev]')")
    return found


def _env() -> dict[str, str]:
    return {**os.environ, "AWS_DEFAULT_REGION": "us-east-1", "SAM_CLI_TELEMETRY": "0"}


def test_cfn_lint_reports_nothing():
    run = subprocess.run(
        [_tool("cfn-lint"), "template.yaml"], cwd=ROOT, env=_env(), capture_output=True, text=True, timeout=180
    )
    assert run.returncode == 0 and not run.stdout.strip(), f"cfn-lint findings:\n{run.stdout}{run.stderr}"


def test_sam_validate_lint_passes():
    run = subprocess.run(
        [_tool("sam"), "validate", "--lint", "--template-file", "template.yaml"],
        cwd=ROOT, env=_env(), capture_output=True, text=True, timeout=180,
    )
    assert run.returncode == 0, f"sam validate --lint failed:\n{run.stdout}{run.stderr}"
    assert "is a valid SAM Template" in run.stdout + run.stderr
