"""(a) cfn-lint and (b) `sam validate --lint` report nothing on template.yaml. Both run offline.

cfn-lint runs with the settings in .cfnlintrc (read from the directory it runs in, so a bare `cfn-lint`
there does the same): informational checks and the serverless rules on top of errors and warnings. A check
ignored on a resource (Metadata: cfn-lint: config: ignore_checks) carries its reason beside it
(Metadata: cfn-lint: reasons: {ID: why}) and must still silence a real finding.
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

from tests.iac.cfn_template import ROOT

pytestmark = pytest.mark.slow  # each starts a CLI that loads its whole rule set (3-6 s)


def _tool(name: str) -> str:
    found = shutil.which(name) or shutil.which(name, path=os.path.dirname(sys.executable))
    if not found:
        pytest.fail(f"{name} is not installed (pip install -e '.[dev]')")
    return found


def _env() -> dict[str, str]:
    return {**os.environ, "AWS_DEFAULT_REGION": "us-east-1", "SAM_CLI_TELEMETRY": "0"}


def _cfn_lint(path: Path | str) -> tuple[int, list[dict[str, Any]], str]:
    """(exit code, findings, stderr) of cfn-lint on one template, run from the root so .cfnlintrc applies."""
    run = subprocess.run(
        [_tool("cfn-lint"), "--format", "json", "--", str(path)],
        cwd=ROOT, env=_env(), capture_output=True, text=True, timeout=180,
    )
    return run.returncode, json.loads(run.stdout or "[]"), run.stderr


def _ignored_checks(template: dict[str, Any]) -> dict[tuple[str, str], str]:
    """{(rule id, resource): reason} for every cfn-lint check a resource's Metadata ignores."""
    ignored = {}
    for name, resource in template["Resources"].items():
        meta = (resource.get("Metadata") or {}).get("cfn-lint") or {}
        reasons = meta.get("reasons") or {}
        for rule in (meta.get("config") or {}).get("ignore_checks", []):
            ignored[(rule, name)] = str(reasons.get(rule, ""))
        assert set(reasons) <= set((meta.get("config") or {}).get("ignore_checks", [])), (
            f"{name}: reason for no ignored check"
        )
    return ignored


def test_cfn_lint_reports_nothing():
    code, findings, stderr = _cfn_lint("template.yaml")
    described = "\n".join(
        f"{f['Rule']['Id']} {'/'.join(map(str, f['Location']['Path']))}: {f['Message']}" for f in findings
    )
    assert code == 0 and not findings, f"cfn-lint findings:\n{described}{stderr}"


def test_cfn_lint_runs_informational_and_serverless_rules(tmp_path):
    """.cfnlintrc is in force: a queue with neither a deletion policy nor a DLQ draws I3011 and ES6000."""
    planted = tmp_path / "planted.yaml"
    planted.write_text(
        'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  Queue:\n    Type: AWS::SQS::Queue\n'
        "    Properties: { SqsManagedSseEnabled: true }\n",
        encoding="utf-8",
    )
    _, findings, stderr = _cfn_lint(planted)
    assert {"I3011", "ES6000"} <= {f["Rule"]["Id"] for f in findings}, f"{findings}{stderr}"


def test_cfn_lint_ignores_have_reasons_and_still_silence_a_finding(template, tmp_path):
    ignored = _ignored_checks(template)
    for (rule, name), reason in ignored.items():
        assert len(reason.strip()) >= 40, (
            f"{name} ignores {rule} without a reason (Metadata: cfn-lint: reasons: {rule})"
        )
    bare = json.loads(json.dumps(template))
    for resource in bare["Resources"].values():
        (resource.get("Metadata") or {}).pop("cfn-lint", None)
    copy = tmp_path / "template.json"
    copy.write_text(json.dumps(bare), encoding="utf-8")
    _, findings, stderr = _cfn_lint(copy)
    found = {
        (f["Rule"]["Id"], f["Location"]["Path"][1]) for f in findings if f["Location"]["Path"][:1] == ["Resources"]
    }
    assert set(ignored) <= found, f"cfn-lint ignores that silence nothing (remove them): {set(ignored) - found}{stderr}"


def test_sam_validate_lint_passes():
    run = subprocess.run(
        [_tool("sam"), "validate", "--lint", "--template-file", "template.yaml"],
        cwd=ROOT, env=_env(), capture_output=True, text=True, timeout=180,
    )
    assert run.returncode == 0, f"sam validate --lint failed:\n{run.stdout}{run.stderr}"
    assert "is a valid SAM Template" in run.stdout + run.stderr
