"""The IaC gate: checkov on template.yaml and on the CloudFormation SAM makes of it, with every finding explained;
and the rules scanners miss, written per resource type so they cover resources added later.

checkov: template.yaml must have no failed check. Each suppression sits on its resource
(Metadata: checkov: skip: [{id, comment}]) with a reason, and must still suppress a real finding (a copy
of the template without the skips is scanned too). On the translated template, findings that SAM's
generated resources cannot carry a skip for are listed in checkov_suppressions.yaml, which may hold
neither more nor less than what checkov finds.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.iac.cfn_template import TEMPLATE, resources_of_type
from tests.iac.checkov_tool import run_checkov

ALLOW_LIST = Path(__file__).with_name("checkov_suppressions.yaml")
MIN_REASON = 40  # characters: a reason says why, not "n/a"


def _checkov_skips(template: dict[str, Any]) -> Iterator[tuple[str, str, str]]:
    """(check id, resource, comment) for every checkov skip declared in a template's resource Metadata."""
    for name, resource in template["Resources"].items():
        for skip in ((resource.get("Metadata") or {}).get("checkov") or {}).get("skip", []):
            yield skip.get("id", ""), name, skip.get("comment", "")


def _findings(results: list[dict[str, Any]], path: Path, outcome: str = "failed") -> set[tuple[str, str]]:
    """(check id, resource logical id) of one file's results with this outcome."""
    return {
        (r["check_id"], r["resource"].rsplit(".", 1)[-1])
        for r in results
        if r["file"] == path and r["outcome"] == outcome
    }


def _describe(pairs: set[tuple[str, str]], results: list[dict[str, Any]]) -> str:
    names = {r["check_id"]: r["check_name"] for r in results}
    return "\n".join(f"  {check} on {resource}: {names.get(check, '?')}" for check, resource in sorted(pairs))


@pytest.fixture(scope="session")
def checkov_scan(template, cfn_template, tmp_path_factory):
    """One checkov run over: template.yaml, the same without its skips, and the translated template."""
    folder = tmp_path_factory.mktemp("checkov")
    unsuppressed = json.loads(json.dumps(template))
    for resource in unsuppressed["Resources"].values():
        (resource.get("Metadata") or {}).pop("checkov", None)
    files = {
        "raw": TEMPLATE.resolve(),
        "unsuppressed": folder / "unsuppressed.json",
        "translated": folder / "translated.json",
    }
    files["unsuppressed"].write_text(json.dumps(unsuppressed, indent=1), encoding="utf-8")
    files["translated"].write_text(json.dumps(cfn_template, indent=1), encoding="utf-8")
    files = {kind: path.resolve() for kind, path in files.items()}
    return files, run_checkov(list(files.values()))


@pytest.mark.slow  # one checkov run (about 10 s; the first ever also installs it, about 1 min)
class TestCheckov:
    def test_scanned_every_template(self, checkov_scan, template, cfn_template):
        files, results = checkov_scan
        for kind, source in (("raw", template), ("translated", cfn_template)):
            scanned = {r["resource"].rsplit(".", 1)[-1] for r in results if r["file"] == files[kind]}
            # Every stateful or executable resource got checks (checkov has none for some types, e.g.
            # WaitConditionHandle).
            for type_ in (
                "AWS::S3::Bucket",
                "AWS::DynamoDB::Table",
                "AWS::SQS::Queue",
                "AWS::SNS::Topic",
                "AWS::Logs::LogGroup",
            ):
                assert set(resources_of_type(source, type_)) <= scanned, f"{kind}: checkov skipped some {type_}"
            assert len([r for r in results if r["file"] == files[kind] and r["outcome"] == "passed"]) > 50, kind

    def test_figures_are_recorded(self, checkov_scan, template, cfn_template):
        from tests.reliability.figures import record

        files, results = checkov_scan
        figures = {}
        for kind, source in (("raw", template), ("translated", cfn_template)):
            mine = [r for r in results if r["file"] == files[kind]]
            figures[kind] = {outcome: len([r for r in mine if r["outcome"] == outcome])
                             for outcome in ("passed", "failed", "skipped")}
            figures[kind]["resources"] = len(source["Resources"])
        assert figures["raw"]["failed"] == 0
        record("iac_gate", {"checkov": figures})

    def test_template_has_no_unsuppressed_finding(self, checkov_scan):
        files, results = checkov_scan
        failed = _findings(results, files["raw"])
        assert not failed, (
            "checkov findings on template.yaml: fix them, or add a skip with the reason on the resource "
            f"(Metadata: checkov: skip: [{{id, comment}}]):\n{_describe(failed, results)}"
        )

    def test_every_template_skip_has_a_reason_and_a_finding(self, checkov_scan, template):
        files, results = checkov_scan
        declared = set()
        for check, resource, comment in _checkov_skips(template):
            assert re.fullmatch(r"CKV2?_AWS_\d+", check), f"{resource}: skip of {check!r} is not a checkov AWS check id"
            assert len(comment.strip()) >= MIN_REASON, f"{resource}: skip of {check} gives no reason"
            declared.add((check, resource))
        stale = declared - _findings(results, files["unsuppressed"])
        assert not stale, f"skips in template.yaml that suppress nothing (remove them):\n{_describe(stale, results)}"
        assert declared == _findings(results, files["raw"], "skipped"), "checkov did not honour every skip"

    def test_translated_template_findings_are_all_allow_listed(self, checkov_scan):
        files, results = checkov_scan
        entries = yaml.safe_load(ALLOW_LIST.read_text(encoding="utf-8"))["translated"] or []
        for entry in entries:
            assert len(str(entry.get("reason", "")).strip()) >= MIN_REASON, (
                f"{ALLOW_LIST.name}: {entry} gives no reason"
            )
        allowed = {(e["check"], e["resource"]) for e in entries}
        assert len(allowed) == len(entries), f"{ALLOW_LIST.name} lists an entry twice"
        failed = _findings(results, files["translated"])
        assert failed == allowed, (
            f"checkov findings on the translated template, not in {ALLOW_LIST.name}:\n"
            f"{_describe(failed - allowed, results)}\n"
            f"stale entries in {ALLOW_LIST.name} (no such finding now):\n{_describe(allowed - failed, results)}"
        )

    def test_function_skips_survive_the_transform(self, checkov_scan, template):
        """SAM copies a function's Metadata to the AWS::Lambda::Function it makes, so its skips need no allow-list."""
        files, results = checkov_scan
        functions = set(resources_of_type(template, "AWS::Serverless::Function"))
        carried = {(c, r) for c, r, _ in _checkov_skips(template) if r in functions}
        assert carried and carried <= _findings(results, files["translated"], "skipped")


# ---------------------------------------------------------------- what scanners miss, for every resource of a type


def _policy_statements(
    template: dict[str, Any], policy_type: str, target_key: str
) -> Iterator[tuple[Any, dict[str, Any]]]:
    """(target reference, statement) of every statement of every policy resource of this type."""
    for policy in resources_of_type(template, policy_type).values():
        props = policy["Properties"]
        targets = props[target_key] if isinstance(props[target_key], list) else [props[target_key]]
        for statement in props["PolicyDocument"]["Statement"]:
            for target in targets:
                yield target, statement


def _denies_insecure_transport(statement: dict[str, Any]) -> bool:
    return (
        statement["Effect"] == "Deny"
        and statement.get("Principal") in ("*", {"AWS": "*"})
        and statement.get("Condition", {}).get("Bool", {}).get("aws:SecureTransport") in ("false", False)
    )


def test_every_bucket_is_encrypted_private_and_tls_only(cfn_template):
    buckets = resources_of_type(cfn_template, "AWS::S3::Bucket")
    assert buckets
    tls_only = {
        json.dumps(target): statement
        for target, statement in _policy_statements(cfn_template, "AWS::S3::BucketPolicy", "Bucket")
        if _denies_insecure_transport(statement) and statement["Action"] in ("s3:*", ["s3:*"])
    }
    for name, bucket in buckets.items():
        props = bucket["Properties"]
        assert props["BucketEncryption"]["ServerSideEncryptionConfiguration"][0]["ServerSideEncryptionByDefault"][
            "SSEAlgorithm"
        ], name
        block = props.get("PublicAccessBlockConfiguration", {})
        assert set(block) == {
            "BlockPublicAcls",
            "BlockPublicPolicy",
            "IgnorePublicAcls",
            "RestrictPublicBuckets",
        } and all(v is True for v in block.values()), f"{name}: public access not fully blocked"
        deny = tls_only.get(json.dumps({"Ref": name}))
        assert deny, f"{name}: no bucket policy denies requests without TLS (aws:SecureTransport false)"
        resources = deny["Resource"] if isinstance(deny["Resource"], list) else [deny["Resource"]]
        assert {"Fn::GetAtt": [name, "Arn"]} in resources and {"Fn::Sub": f"${{{name}.Arn}}/*"} in resources, (
            f"{name}: the TLS-only deny must cover the bucket and its objects"
        )


def test_every_topic_and_queue_is_encrypted(cfn_template):
    topics = resources_of_type(cfn_template, "AWS::SNS::Topic")
    queues = resources_of_type(cfn_template, "AWS::SQS::Queue")
    assert topics and queues
    for name, topic in topics.items():
        assert topic["Properties"].get("KmsMasterKeyId"), f"SNS topic {name} is not encrypted (KmsMasterKeyId)"
    for name, queue in queues.items():
        props = queue["Properties"]
        assert props.get("KmsMasterKeyId") or props.get("SqsManagedSseEnabled") is True, (
            f"SQS queue {name} is not encrypted (KmsMasterKeyId or SqsManagedSseEnabled: true)"
        )


def test_every_table_is_encrypted_and_recoverable(cfn_template):
    """Translated, so an AWS::Serverless::SimpleTable (which has no PITR setting) is judged too."""
    tables = resources_of_type(cfn_template, "AWS::DynamoDB::Table")
    assert tables
    for name, table in tables.items():
        props = table["Properties"]
        assert props.get("SSESpecification", {}).get("SSEEnabled") is True, (
            f"DynamoDB table {name}: SSESpecification.SSEEnabled"
        )
        assert props.get("PointInTimeRecoverySpecification", {}).get("PointInTimeRecoveryEnabled") is True, (
            f"DynamoDB table {name}: point-in-time recovery is off"
        )


def test_every_function_logs_to_a_group_with_retention_and_traces(cfn_template):
    resources = cfn_template["Resources"]
    log_groups = resources_of_type(cfn_template, "AWS::Logs::LogGroup")
    for name, group in log_groups.items():
        assert group["Properties"].get("RetentionInDays"), f"log group {name} keeps logs forever (no RetentionInDays)"
    by_name = {json.dumps(g["Properties"].get("LogGroupName")): n for n, g in log_groups.items()}
    functions = resources_of_type(cfn_template, "AWS::Lambda::Function")
    assert functions
    for name, function in functions.items():
        configured = function["Properties"].get("LoggingConfig", {}).get("LogGroup")
        if configured:  # LoggingConfig.LogGroup: !Ref SomeLogGroup
            assert resources.get(configured.get("Ref", ""), {}).get("Type") == "AWS::Logs::LogGroup", (
                f"{name}: {configured}"
            )
        else:  # otherwise Lambda writes to /aws/lambda/<name>, which must exist in the stack to have a retention
            assert json.dumps({"Fn::Sub": f"/aws/lambda/${{{name}}}"}) in by_name, (
                f"function {name} has no log group /aws/lambda/${{{name}}} in the template:"
                " Lambda would make one that never expires"
            )
        assert function["Properties"].get("TracingConfig", {}).get("Mode") == "Active", (
            f"function {name}: X-Ray tracing off"
        )
