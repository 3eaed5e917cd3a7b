"""Suite 1: schemathesis against `brandkit serve`'s own OpenAPI document. Every generated request gets an
answer the document declares, with a body that matches its schema; none is a 5xx.

The server runs with --no-execute (Step Functions accepts runs without executing them), so thousands of
valid briefs do not start thousands of kits, and with a usage plan raised out of the way (429s are
declared and tested elsewhere). CI runs a reduced size; BRANDKIT_FULL_RELIABILITY=1 runs >= 2,000 requests.
The positive_data_acceptance check is left out: some rules cannot be written in a schema (a webhook URL
must resolve to a public address; a name must not be blank once Unicode-normalised), so a schema-valid
request may rightly get a 422.

Two tenants: the fuzzer is tenant "fuzz"; tenant "other" owns a job, a webhook and an upload made before the run.
No answer the fuzzer gets may name any of them, and they are all still there afterwards.
"""

from __future__ import annotations

import base64
import binascii
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
OTHER_TOKEN = "other-tenant-token-9876543210"
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


def texts(value) -> list[str]:
    """Every string in a report record, and what each decodes to when it is base64 (response bodies are)."""
    if isinstance(value, dict):
        return [t for v in value.values() for t in texts(v)]
    if isinstance(value, list):
        return [t for v in value for t in texts(v)]
    if not isinstance(value, str):
        return []
    try:
        return [value, base64.b64decode(value, validate=True).decode("utf-8", "replace")]
    except (binascii.Error, ValueError):
        return [value]


def other_tenants_things(served) -> dict[str, str]:
    """A job, a webhook and an upload of tenant "other" (runs are accepted, not executed)."""
    headers = {"X-Api-Key": KEY, "Authorization": f"Bearer {OTHER_TOKEN}"}
    brief = {"company_name": "Other Co", "industry": "bakery", "values": ["warm"], "style": ["classic"]}
    status, _, job = served.request("POST", "/brands", brief, headers=headers)
    assert status == 202, job
    status, _, hook = served.request("POST", "/webhooks", {"url": "https://93.184.216.34/h"}, headers=headers)
    assert status == 201, hook
    status, _, upload = served.request("POST", "/uploads", {"content_type": "image/png", "bytes": 100}, headers=headers)
    assert status == 201, upload
    return {"job": job["job_id"], "webhook": hook["id"], "upload": upload["upload_id"]}


def still_there(served, things: dict[str, str]) -> bool:
    headers = {"X-Api-Key": KEY, "Authorization": f"Bearer {OTHER_TOKEN}"}
    jobs = served.request("GET", "/brands", headers=headers)[2]["jobs"]
    hooks = served.request("GET", "/webhooks", headers=headers)[2]["webhooks"]
    return [j["job_id"] for j in jobs] == [things["job"]] and [h["id"] for h in hooks] == [things["webhook"]]


def test_generated_requests_get_declared_answers_and_no_5xx(tmp_path):
    examples = "200" if FULL else "25"
    with serve("--no-execute", "--rate", "100000", "--burst", "100000", "--api-key", KEY,
               "--tenant", f"fuzz={TOKEN}", "--tenant", f"other={OTHER_TOKEN}") as served:
        theirs = other_tenants_things(served)
        run = subprocess.run(
            [sys.executable, "-m", "schemathesis.cli", "run", f"{served.url}/openapi.json", "-H", f"X-Api-Key: {KEY}",
             "-H", f"Authorization: Bearer {TOKEN}",
             *CHECKS, "-n", examples, "--workers", "2", "--seed", "20261123", "--no-color",
             "--report", "ndjson", "--report-dir", str(tmp_path)],
            capture_output=True, text=True, timeout=1500)
        assert still_there(served, theirs)
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
    leaked = [(line[:200], name) for line in report.read_text(encoding="utf-8").splitlines()
              for text in texts(json.loads(line)) for name, value in {**theirs, "prefix": "tenants/other/"}.items()
              if value in text]
    assert not leaked, leaked[:3]
    record("api_fuzzing", {"requests": total, "by_status": {str(k): v for k, v in sorted(statuses.items())},
                           "failed_checks": len(failures), "checks": "all but positive_data_acceptance",
                           "tenants": 2, "answers_naming_the_other_tenants_things": len(leaked),
                           "examples_per_operation": int(examples)})
