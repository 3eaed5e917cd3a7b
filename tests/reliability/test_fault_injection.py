"""Suite 4: faults injected into the local twin, stage by stage, with the real state machine and handlers.

For each fault the outcome is either a complete kit with the fallback recorded, or FAILED naming the stage
and a readable cause, with a brand.kit.failed event and failure.json. No job is ever lost: every job
submitted here ends in a terminal state with exactly one event. Set BRANDKIT_FULL_RELIABILITY=1 to inject
timeouts into every stage (CI runs three).
"""

from __future__ import annotations

import contextlib
import json
import os
import time
from pathlib import Path
from unittest import mock

import httpx
import pytest
import respx

from brandkit import bkg
from brandkit.brief import parse_brief
from brandkit.job_files import FAILURE, KIT_RATIONALE, MANIFEST
from brandkit_local.twin import LocalCloud
from brandkit_local.twin.moto_bridge import faulty_requests
from tests.reliability.figures import FULL, record
from tests.unit import respx_httpx2  # noqa: F401  (respx for the anthropic SDK's httpx2)

pytestmark = pytest.mark.slow
SAMPLE = parse_brief(json.loads((Path(__file__).parents[2] / "docs/samples/northwind-coffee.json").read_text("utf-8")))
STAGES = {  # state name -> function logical id
    "ValidateBrief": "ValidateBriefFunction", "DesignLogo": "DesignLogoFunction", "Palette": "PaletteFunction",
    "WriteRationale": "RationaleFunction", "RenderAssets": "RenderAssetsFunction",
    "CompileGuidelines": "GuidelinesFunction", "PublishManifest": "PublishManifestFunction",
}
TIMEOUT_STAGES = list(STAGES) if FULL else ["ValidateBrief", "Palette", "CompileGuidelines"]
LEDGER: dict[str, str] = {}  # every job submitted in this module -> its expected terminal status


@pytest.fixture(scope="module")
def cloud():
    with LocalCloud() as local:
        local.published = []
        yield local
        # Lost jobs = 0: every job reached a terminal state and announced itself exactly once.
        local.published.extend(local.events())
        outcomes = {}
        for job_id, expected in LEDGER.items():
            status = local.wait(job_id, timeout_s=60)["status"]
            assert status == expected, job_id
            assert len([e for e in local.published if e.get("job_id") == job_id]) == 1, job_id
            outcomes[job_id] = status
        record("fault_injection", {"jobs": len(outcomes), "lost": 0, "outcomes": outcomes})


def run(cloud: LocalCloud, job_id: str, expected: str, timeout_s: float = 240) -> tuple[str, list[dict]]:
    LEDGER[job_id] = expected
    cloud.submit(SAMPLE, job_id=job_id)
    status = cloud.wait(job_id, timeout_s=timeout_s)["status"]
    cloud.published.extend(cloud.events())
    return status, [e for e in cloud.published if e.get("job_id") == job_id]


@contextlib.contextmanager
def broken_handler(cloud: LocalCloud, logical_id: str, kind: str):
    """Replace one function's handler: it raises, or it outlives a 1-second timeout."""
    name = cloud.function_name(logical_id)
    fn = cloud.lambdas.functions[name]
    calls = []

    def handler(event, context):
        calls.append(time.monotonic())
        if kind == "timeout":
            time.sleep(2.5)
            return {}
        raise RuntimeError(f"injected fault in {logical_id}")

    with mock.patch.object(cloud.lambdas, "handler", side_effect=lambda n, real=cloud.lambdas.handler:
                           handler if n == name else real(n)), \
         mock.patch.object(fn, "timeout_s", 1 if kind == "timeout" else fn.timeout_s):
        yield calls


def assert_failed_at(cloud, job_id, status, events, stage, cause):
    assert status == "FAILED"
    (event,) = events
    assert event["type"] == "brand.kit.failed" and event["stage"] == stage
    assert cause in event["cause"] and "Traceback" not in event["cause"]
    assert cloud.store(job_id).load(FAILURE).stage == stage
    assert "manifest.json" not in cloud.kit_files(job_id)


@pytest.mark.parametrize("stage", list(STAGES))
def test_a_lambda_error_fails_the_kit_at_that_stage(cloud, stage):
    job_id = f"fault-error-{stage.lower()}"
    with broken_handler(cloud, STAGES[stage], "error") as calls:
        status, events = run(cloud, job_id, "FAILED")
    assert_failed_at(cloud, job_id, status, events, stage, f"injected fault in {STAGES[stage]}")
    assert len(calls) == 1, "a bug is not retried"


@pytest.mark.parametrize("stage", TIMEOUT_STAGES)
def test_a_lambda_timeout_is_retried_then_fails_the_kit(cloud, stage):
    job_id = f"fault-timeout-{stage.lower()}"
    with broken_handler(cloud, STAGES[stage], "timeout") as calls:
        status, events = run(cloud, job_id, "FAILED")
    assert_failed_at(cloud, job_id, status, events, stage, "timed out")
    assert len(calls) == 3, "Sandbox.Timedout is retried twice"


def test_s3_throttling_is_absorbed_by_the_sdks_retries(cloud):
    throttled: dict[str, int] = {}

    def slow_down(request):  # the first three kit files each get SlowDown twice before they are taken
        url = request.url.split("?")[0]
        if request.method == "PUT" and "/tenants/default/kits/fault-s3-slow/kit/" in url and (
                url in throttled or len(throttled) < 3) and throttled.get(url, 0) < 2:
            throttled[url] = throttled.get(url, 0) + 1
            return 503, {}, b"<Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message></Error>"
        return None

    with faulty_requests(slow_down):
        status, events = run(cloud, "fault-s3-slow", "SUCCEEDED")
    assert status == "SUCCEEDED" and sum(throttled.values()) == 6
    assert [e["type"] for e in events] == ["brand.kit.succeeded"]


def test_s3_throttling_that_never_ends_fails_with_a_readable_cause(cloud):
    def always(request):  # kit/palette/* is written by RenderAssets
        if request.method == "PUT" and "/tenants/default/kits/fault-s3-down/kit/palette" in request.url:
            return 503, {}, b"<Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message></Error>"
        return None

    with faulty_requests(always):
        status, events = run(cloud, "fault-s3-down", "FAILED")
    assert_failed_at(cloud, "fault-s3-down", status, events, "RenderAssets", "SlowDown")


@pytest.mark.parametrize("reply", ["429", "500", "timeout"])
def test_claude_failures_fall_back_to_the_deterministic_writer(cloud, reply):
    job_id = f"fault-claude-{reply}"
    env = {"ANTHROPIC_API_KEY": "sk-ant-test", "ANTHROPIC_BASE_URL": "https://api.anthropic.com",
           "ANTHROPIC_MAX_RETRIES": "1", "ANTHROPIC_TIMEOUT_S": "2", "RATIONALE_DEADLINE_S": "8"}
    answer = {"429": httpx.Response(429, headers={"retry-after": "0"}, json={"type": "error", "error": {
                  "type": "rate_limit_error", "message": "slow down"}}),
              "500": httpx.Response(500, json={"type": "error", "error": {"type": "api_error", "message": "boom"}}),
              "timeout": httpx.ReadTimeout("timed out")}[reply]
    with mock.patch.dict(os.environ, env), respx.mock(using="httpx2", assert_all_called=False) as api:
        route = api.post("https://api.anthropic.com/v1/messages")
        route.mock(side_effect=answer) if reply == "timeout" else route.mock(return_value=answer)
        status, events = run(cloud, job_id, "SUCCEEDED")
    assert status == "SUCCEEDED" and route.call_count >= 1
    manifest = cloud.store(job_id).load(MANIFEST)
    assert manifest["rationale"]["writer"] == "deterministic"
    rationale = cloud.store(job_id).load(KIT_RATIONALE)
    assert any("Claude" in note for note in rationale.notes), "the fallback is recorded in the kit"


def test_neptune_unreachable_fails_validation_with_a_readable_cause(cloud):
    bkg._neptune_graph.cache_clear()
    try:
        with mock.patch.dict(os.environ, {"NEPTUNE_ENDPOINT": "127.0.0.1"}):
            status, events = run(cloud, "fault-neptune", "FAILED", timeout_s=300)
    finally:
        bkg._neptune_graph.cache_clear()
    assert_failed_at(cloud, "fault-neptune", status, events, "ValidateBrief", "")
    assert "knowledge graph on Neptune (127.0.0.1:8182) cannot be reached" in events[0]["cause"]
