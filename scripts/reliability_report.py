"""Write docs/RELIABILITY.md from the figures the reliability suites recorded (docs/reliability/*.json)
and from template.yaml's own suppression reasons.

    python3 scripts/reliability_report.py          # rewrite the document from the last full run's figures
    python3 scripts/reliability_report.py --run    # run every suite at full size first (an hour or more)

A suite records its figures only when it runs at full size (BRANDKIT_FULL_RELIABILITY=1), so the
document always shows the last full run; CI runs the same suites at a reduced size.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
FIGURES = ROOT / "docs" / "reliability"
DOC = ROOT / "docs" / "RELIABILITY.md"
sys.path.insert(0, str(ROOT / "layers" / "core"))

from brandkit_local.twin.sam_template import load_template  # noqa: E402

SUITES = [  # (figures file, title, command, CI size, full size)
    ("api_fuzzing", "1. API fuzzing (schemathesis)", "tests/reliability/test_api_fuzzing.py",
     "25 examples per operation (~600 requests)", "200 examples per operation (>= 2,000 requests)"),
    ("brief_properties", "2. Brief property tests (hypothesis)", "tests/reliability/test_brief_properties.py",
     "400 briefs validated, 3 run to a kit", "3,000 validated, 12 run to a kit"),
    ("prompt_injection", "3. Injection corpora", "tests/reliability/test_prompt_injection_corpus.py "
     "tests/unit/test_guidelines.py tests/unit/test_logo_importer.py tests/integration/test_brief_upload.py",
     "all payloads", "all payloads"),
    ("fault_injection", "4. Fault injection in the local twin", "tests/reliability/test_fault_injection.py "
     "tests/reliability/test_fault_gpu.py tests/reliability/test_fault_webhooks.py",
     "timeouts in 3 stages", "timeouts in every stage"),
    ("duplicates", "5. Duplicates", "tests/reliability/test_duplicates.py", "5 copies", "5 copies"),
    ("load", "6. Load against brandkit serve", "tests/reliability/test_load.py",
     "16 briefs, 8 clients, plan 2/s burst 8", "500 briefs, 50 clients, plan 1/s burst 20"),
    ("iac_gate", "7. IaC gate", "tests/iac", "everything", "everything"),
    ("hostile_uploads", "8. Hostile logo uploads", "tests/reliability/test_hostile_uploads.py "
     "tests/unit/test_post_policy.py tests/integration/test_api_uploads.py", "every case", "every case"),
]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--run", action="store_true", help="run every suite at full size first")
    args = parser.parse_args(argv)
    if args.run:
        paths = sorted({p for _, _, command, _, _ in SUITES for p in command.split() if (ROOT / p).exists()})
        env = {**os.environ, "BRANDKIT_FULL_RELIABILITY": "1"}
        code = subprocess.call([sys.executable, "-m", "pytest", "-p", "no:cacheprovider", *paths], cwd=ROOT, env=env)
        if code:
            print("some suites failed: the document keeps the figures of the suites that passed", file=sys.stderr)
    DOC.write_text(render(), encoding="utf-8")
    print(f"wrote {DOC.relative_to(ROOT)}")
    return 0


def render() -> str:
    figures = {path.stem: json.loads(path.read_text(encoding="utf-8")) for path in sorted(FIGURES.glob("*.json"))}
    out = [
        "# Reliability",
        "",
        "Written by `python3 scripts/reliability_report.py` from the figures of the last full run "
        "(`--run` runs it: `BRANDKIT_FULL_RELIABILITY=1` over every suite). CI runs every suite at the reduced size.",
        "",
        "| suite | one command (`python3 -m pytest ...`) | CI size | full size | last full run |",
        "| --- | --- | --- | --- | --- |",
    ]
    for key, title, command, ci, full in SUITES:
        when = figures.get(key, {}).get("measured_at", "not yet")
        out.append(f"| {title} | `{command}` | {ci} | {full} | {when} |")
    for key, title, _command, _ci, _full in SUITES:
        out += ["", f"## {title}", ""]
        out += SECTIONS[key](figures.get(key))
    out += ["", "## Suppressions and why", "", *suppressions()]
    return "\n".join(out) + "\n"


NOT_YET = "No full run recorded yet."


def _machine(data: dict[str, Any]) -> str:
    return f"Measured {data['measured_at']} on {data['machine']}."


def recorded(section: Callable[[dict[str, Any]], list[str]]) -> Callable[[dict[str, Any] | None], list[str]]:
    """A section of one figures file: its lines, then when and where they were measured."""
    def render(data: dict[str, Any] | None) -> list[str]:
        return [*section(data), "", _machine(data)] if data else [NOT_YET]
    return render


@recorded
def api_fuzzing(data):
    statuses = ", ".join(f"{k}: {v}" for k, v in data["by_status"].items())
    return [
        f"{data['requests']} generated requests against `brandkit serve --no-execute`"
        f" ({data['examples_per_operation']} "
        f"examples per operation, checks: {data['checks']}): {data['failed_checks']} failed checks, no 5xx. "
        f"Answers by status: {statuses}."
        + (f" Two tenants: the fuzzer is one, the other owns a job, a webhook and an upload; "
           f"{data['answers_naming_the_other_tenants_things']} answers named any of them, and all were intact after."
           if "tenants" in data else "")
    ]


@recorded
def brief_properties(data):
    return [f"{data['validation_examples']} generated briefs through validation (accepted, or refused field by field); "
            f"{data['workflow_examples']} generated valid briefs through the whole local workflow to a complete kit."]


@recorded
def prompt_injection(data):
    return [f"{data['payloads']} prompt-injection payloads through the Claude path (HTTP-level mocks playing "
            f"{data['model_behaviours']} obedient model behaviours): {data['outcome']}. The markup, SVG/XML and "
            "key-traversal corpora run as unit tests of the PDF text, the logo importer and the S3 trigger."]


def fault_injection(data):
    """Three modules: stage faults, the GPU path, webhook receivers (their figures sit in sibling files)."""
    modules = [(title, data if key == "fault_injection" else _figures(key)) for key, title in (
        ("fault_injection", "Lambda errors and timeouts, S3 throttling, Claude, Neptune"),
        ("fault_gpu", "Batch spot reclaims and crashes (SDXL on the tiny pipeline)"),
        ("fault_webhooks", "Webhook receivers down, slow, failing"))]
    lines: list[str] = []
    for title, figures in modules:
        lines += [f"**{title}.**", ""]
        if not figures:
            lines += [NOT_YET, ""]
            continue
        lines += [
            f"{figures['jobs']} jobs, lost: {figures['lost']} (every job ended in its expected state with exactly "
            "one brand.kit.* event).",
            "",
            "| job (fault) | outcome |",
            "| --- | --- |",
        ]
        lines += [f"| {job} | {status} |" for job, status in figures["outcomes"].items()]
        if figures.get("deliveries"):
            lines += ["", "| delivery | state |", "| --- | --- |"]
            lines += [f"| {where} | {state} |" for where, state in figures["deliveries"].items()]
        lines += ["", _machine(figures), ""]
    return lines


def _figures(key: str) -> dict[str, Any] | None:
    path = FIGURES / f"{key}.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else None


@recorded
def duplicates(data):
    api, s3 = data.get("api_same_key", {}), data.get("s3_same_event", {})
    return [f"Same Idempotency-Key, {api.get('copies')} requests at once: answers {api.get('answers')}, "
            f"{api.get('executions')} execution. Same S3 notification, {s3.get('copies')} copies at once: "
            f"{s3.get('executions')} execution."]


@recorded
def load(data):
    return [
        f"{data['briefs']} briefs from {data['clients']} clients ({data['usage_plan']}): {data['accepted']} accepted, "
        f"{data['throttled']} throttled with 429, nothing else; {data['completed']} of the accepted completed. "
        f"API latency p50 {data['api_p50_ms']} ms, p95 {data['api_p95_ms']} ms; {data['kits_per_minute']} kits per "
        f"minute over {data['wall_s']} s."
    ]


def iac_gate(data):
    lines = ["cfn-lint (with cfn-lint-serverless, settings in `.cfnlintrc`) and `sam validate --lint`: no findings. "
             "checkov runs on template.yaml and on the CloudFormation the SAM transform makes of it, in its own venv "
             "(its pins clash with the project's; `tests/iac/checkov_tool.py`). Scanners' blind spots are asserted for "
             "every resource of a type: every API method needs a key, state machines log and trace, no IAM `*` where "
             "an ARN exists, buckets TLS-only, topics, queues and tables encrypted."]
    if data:
        lines += [
            "",
            "| template | resources | checks passed | failed | suppressed |",
            "| --- | --- | --- | --- | --- |",
        ]
        allowed = len(_allow_list())
        for kind, counts in data["checkov"].items():
            failed = f"{counts['failed']}" + (
                f" (all {allowed} allow-listed, below)" if kind == "translated" and counts["failed"] else ""
            )
            lines.append(f"| {kind} | {counts['resources']} | {counts['passed']} | {failed} | {counts['skipped']} |")
        lines += ["", _machine(data)]
    return lines


@recorded
def hostile_uploads(data):
    lines = [f"Each file through POST /uploads, the presigned POST to the served S3 and a brief naming it "
             f"({data['requests']} requests, {data['server_errors']} answered 5xx). Another tenant's upload id reads "
             "as an unknown one (422, tests/integration/test_api_uploads.py); the twin's S3 refuses forms outside "
             "their policy as S3 does (tests/unit/test_post_policy.py).", "", "| case | outcome |", "| --- | --- |"]
    return lines + [f"| {case} | {outcome.replace('|', '/')} |" for case, outcome in data["cases"].items()]


SECTIONS = {"api_fuzzing": api_fuzzing, "brief_properties": brief_properties, "prompt_injection": prompt_injection,
            "fault_injection": fault_injection, "duplicates": duplicates, "load": load, "iac_gate": iac_gate,
            "hostile_uploads": hostile_uploads}


def _allow_list() -> list[dict[str, str]]:
    """Findings on resources SAM makes itself, allowed with a reason (tests/iac/checkov_suppressions.yaml)."""
    allow = yaml.safe_load((ROOT / "tests" / "iac" / "checkov_suppressions.yaml").read_text(encoding="utf-8")) or {}
    return allow.get("translated", []) if isinstance(allow, dict) else allow


def suppressions() -> list[str]:
    """Every suppression with its reason, read from the template and the allow-list (never stale)."""
    template = load_template(ROOT / "template.yaml")
    by_reason: dict[tuple[str, str], list[str]] = {}
    for name, resource in template["Resources"].items():
        metadata = resource.get("Metadata") or {}
        for skip in (metadata.get("checkov") or {}).get("skip", []):
            by_reason.setdefault((f"checkov {skip['id']}", skip["comment"]), []).append(name)
        for check, reason in ((metadata.get("cfn-lint") or {}).get("reasons") or {}).items():
            by_reason.setdefault((f"cfn-lint {check}", " ".join(str(reason).split())), []).append(name)
    for entry in _allow_list():
        by_reason.setdefault((f"checkov {entry.get('check')}", entry.get("reason", "")), []).append(
            f"{entry.get('resource')} (translated template)")
    rows = ["| check | where | why |", "| --- | --- | --- |"]
    for (check, reason), where in sorted(by_reason.items()):
        rows.append(f"| {check} | {', '.join(where)} | {reason.replace('|', '/')} |")
    return rows


if __name__ == "__main__":
    raise SystemExit(main())
