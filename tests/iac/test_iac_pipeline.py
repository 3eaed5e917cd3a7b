"""The deploy pipeline (.github/workflows/deploy.yml): valid against the GitHub workflow schema (check-jsonschema's
vendored copy of SchemaStore's, offline), and shaped as docs/DEPLOY.md says: tests, build, staging, then production
behind an approved environment, AWS reached through OIDC only. It cannot run here (no runner, no AWS account).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from cfn_template import ROOT, load_template

WORKFLOW = ROOT / ".github" / "workflows" / "deploy.yml"


def _schema_check(path: Path) -> subprocess.CompletedProcess:
    tool = shutil.which("check-jsonschema") or shutil.which("check-jsonschema", path=os.path.dirname(sys.executable))
    if not tool:
        pytest.fail("check-jsonschema is not installed (pip install -e '.[dev]')")
    return subprocess.run([tool, "--builtin-schema", "vendor.github-workflows", str(path)],
                          capture_output=True, text=True, timeout=120)


@pytest.fixture(scope="module")
def workflow() -> dict:
    return yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))


def test_workflow_matches_the_github_schema():
    run = _schema_check(WORKFLOW)
    assert run.returncode == 0, run.stdout + run.stderr


def test_the_schema_check_catches_a_broken_workflow(tmp_path):
    broken = tmp_path / "deploy.yml"
    text = WORKFLOW.read_text(encoding="utf-8").replace("runs-on: ubuntu-24.04", "runs_on: ubuntu-24.04", 1)
    broken.write_text(text, encoding="utf-8")
    assert _schema_check(broken).returncode != 0


def test_staging_then_production_behind_an_approval(workflow):
    jobs = workflow["jobs"]
    assert jobs["build"]["needs"] == "test" and jobs["staging"]["needs"] == "build"
    assert jobs["production"]["needs"] == "staging" and jobs["production"]["environment"] == "production"
    triggers = workflow.get("on", workflow.get(True))  # YAML 1.1 reads a bare `on` as true
    assert triggers["push"]["branches"] == ["main"] and workflow["permissions"] == {"contents": "read"}
    build = "\n".join(step.get("run", "") for step in jobs["build"]["steps"])
    assert "sam validate --lint" in build and "sam build" in build


@pytest.mark.parametrize("job", ["staging", "production"])
def test_aws_is_reached_through_oidc_only(workflow, job):
    spec = workflow["jobs"][job]
    assert spec["permissions"]["id-token"] == "write"
    (credentials,) = [s for s in spec["steps"] if s.get("uses", "").startswith("aws-actions/configure-aws-credentials@")]
    assert set(credentials["with"]) == {"role-to-assume", "aws-region"}  # no access keys
    assert re.fullmatch(r"\$\{\{ vars\.AWS_[A-Z_]+_ROLE_ARN \}\}", credentials["with"]["role-to-assume"])
    deploy = [s["run"] for s in spec["steps"] if "sam deploy" in s.get("run", "")]
    assert len(deploy) == 1 and "--stack-name" in deploy[0]
    parameters = load_template()["Parameters"]
    for name, value in re.findall(r"\b([A-Za-z0-9]+)=(\S+)", deploy[0].split("--parameter-overrides", 1)[-1]):
        assert name in parameters and value in map(str, parameters[name].get("AllowedValues", [value])), name
    assert "secrets." not in WORKFLOW.read_text(encoding="utf-8")
