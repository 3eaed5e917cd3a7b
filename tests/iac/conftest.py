"""Fixtures for the infrastructure tests: the SAM template, the ASL file, the CloudFormation SAM makes.

The loaders live in cfn_template.py (importable by any test); these fixtures cache them per session.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.iac.cfn_template import ASL, ROOT, load_template, resources_of_type, translate


@pytest.fixture(scope="session")
def template() -> dict[str, Any]:
    """template.yaml as written (SAM)."""
    return load_template()


@pytest.fixture(scope="session")
def cfn_template(template) -> dict[str, Any]:
    """template.yaml after the SAM transform (what CloudFormation actually deploys)."""
    return translate(template)


@pytest.fixture(scope="session")
def asl() -> dict[str, Any]:
    return json.loads(ASL.read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def asl_text() -> str:
    return ASL.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def functions(template) -> dict[str, dict[str, Any]]:
    """AWS::Serverless::Function resources by logical id."""
    return resources_of_type(template, "AWS::Serverless::Function")


@pytest.fixture(scope="session")
def sam_build(tmp_path_factory) -> Path:
    """`sam build` of the template (no container: Python 3.11 matches the runtime), once per session: the
    functions and the layers as they would be deployed (layers/Makefile -> layers/build_layer.py)."""
    sam = shutil.which("sam") or shutil.which("sam", path=os.path.dirname(sys.executable))
    if not sam:
        pytest.fail("sam is not installed (pip install -e '.[dev]')")
    out = tmp_path_factory.mktemp("sam-build")
    run = subprocess.run(
        [sam, "build", "--template-file", "template.yaml", "--build-dir", str(out), "--no-cached", "--parallel"],
        cwd=ROOT,
        env={**os.environ, "AWS_DEFAULT_REGION": "us-east-1", "SAM_CLI_TELEMETRY": "0"},
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert run.returncode == 0, f"sam build failed:\n{run.stdout[-4000:]}{run.stderr[-4000:]}"
    return out
