"""Suite 1: schemathesis against `brandkit serve`'s own OpenAPI document. Every generated request gets an
answer the document declares, with a body that matches its schema; none is a 5xx.

The server runs with --no-execute (Step Functions accepts runs without executing them), so thousands of
valid briefs do not start thousands of kits, and with a usage plan raised out of the way (429s are
declared and tested elsewhere). CI runs a reduced size; BRANDKIT_FULL_RELIABILITY=1 runs >= 2,000 requests.
The positive_data_acceptance check is left out: some rules cannot be written in a schema (a webhook URL
must resolve to a public address; a name must not be blank once Unicode-normalised), so a schema-valid
request may rightly get a 422.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from tests.integration.serve_fixture import serve
from tests.reliability.figures import FULL, record

pytestmark = pytest.mark.slow
KEY = "fuzz-key"
TOKEN = "fuzz-tenant-token-0123456789"  # every request as tenant "fuzz", through the real authorizer
CHECKS = ["--checks", "all", "--exclude-checks", "positive_data_acceptance"]


def interactions(report: Path) -> tuple[Counter, list[dict]]:
    statuses: Counter = Counter()
    failures = []
    for line in report.read_text(encoding="utf-8").splitlines():
        event = json.loads(line)
        finished = event.get("ScenarioFinished")
        if not finished:
            continue
        recorder = finished["recorder"]
        for interaction in (recorder.get("interactions") or {}).values():
            statuses[(interaction.get("response") or {}).get("status_code")] += 1
        for case_id, checks in (recorder.get("checks") or {}).items():
            failures += [
                {"case": case_id, "operation": recorder["label"], **c} for c in checks if c["status"] != "success"
            ]
    return statuses, failures


def test_generated_requests_get_declared_answers_and_no_5xx(tmp_path):
    examples = "200" if FULL else "25"
    with serve("--no-execute", "--rate", "100000", "--burst", "100000", "--api-key", KEY,
               "--tenant", f"fuzz={TOKEN}") as served:
        run = subprocess.run(
            [sys.executable, "-m", "schemathesis.cli", "run", f"{served.url}/openapi.json", "-H", f"X-Api-Key: {KEY}",
             "-H", f"Authorization: Bearer {TOKEN}",
             *CHECKS, "-n", examples, "--workers", "2", "--seed", "20261123", "--no-color",
             "--report", "ndjson", "--report-dir", str(tmp_path)],
            capture_output=True, text=True, timeout=1500)
    reports = list(tmp_path.glob("*.ndjson"))
    assert len(reports) == 1, (
        f"schemathesis wrote no report (exit {run.returncode}):\n{run.stdout[-2000:]}{run.stderr[-2000:]}"
    )
    report = reports[0]
    statuses, failures = interactions(report)
    total = sum(statuses.values())
    assert total >= (2000 if FULL else 300), run.stdout[-3000:]
    assert not [s for s in statuses if s is None or s >= 500], statuses
    assert not failures, json.dumps(failures[:5], indent=1) + run.stdout[-3000:]
    record("api_fuzzing", {"requests": total, "by_status": {str(k): v for k, v in sorted(statuses.items())},
                           "failed_checks": len(failures), "checks": "all but positive_data_acceptance",
                           "examples_per_operation": int(examples)})
