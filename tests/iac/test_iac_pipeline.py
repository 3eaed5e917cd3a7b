"""The deploy pipeline (.github/workflows/deploy.yml): valid against the GitHub workflow schema (SchemaStore's,
vendored in tests/iac/schemas/), and shaped as docs/DEPLOY.md says: tests, build, staging, then production
behind an approved environment, AWS reached through OIDC only. It cannot run here (no runner, no AWS account).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

from tests.iac.cfn_template import ROOT, load_template

WORKFLOW = ROOT / ".github" / "workflows" / "deploy.yml"


SCHEMA = Path(__file__).with_name("schemas") / "github-workflow.schema.json"


def _schema_errors(path: Path) -> list[str]:
    from jsonschema import Draft7Validator

    validator = Draft7Validator(json.loads(SCHEMA.read_text(encoding="utf-8")))
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    if True in document:  # YAML 1.1 reads a bare `on` key as true; the schema wants the string
        document["on"] = document.pop(True)
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(document)]


@pytest.fixture(scope="module")
def workflow() -> dict:
    return yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))


def test_workflow_matches_the_github_schema():
    errors = _schema_errors(WORKFLOW)
    assert not errors, "\n".join(errors)


def test_the_schema_check_catches_a_broken_workflow(tmp_path):
    broken = tmp_path / "deploy.yml"
    text = WORKFLOW.read_text(encoding="utf-8").replace("runs-on: ubuntu-24.04", "runs_on: ubuntu-24.04", 1)
    broken.write_text(text, encoding="utf-8")
    assert any("runs_on" in e or "runs-on" in e for e in _schema_errors(broken))


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
    (credentials,) = [
        s for s in spec["steps"] if s.get("uses", "").startswith("aws-actions/configure-aws-credentials@")
    ]
    assert set(credentials["with"]) == {"role-to-assume", "aws-region"}  # no access keys
    assert re.fullmatch(r"\$\{\{ vars\.AWS_[A-Z_]+_ROLE_ARN \}\}", credentials["with"]["role-to-assume"])
    deploy = [s["run"] for s in spec["steps"] if "sam deploy" in s.get("run", "")]
    assert len(deploy) == 1 and "--stack-name" in deploy[0]
    parameters = load_template()["Parameters"]
    for name, value in re.findall(r"\b([A-Za-z0-9]+)=(\S+)", deploy[0].split("--parameter-overrides", 1)[-1]):
        assert name in parameters and value in map(str, parameters[name].get("AllowedValues", [value])), name
    assert "secrets." not in WORKFLOW.read_text(encoding="utf-8")
