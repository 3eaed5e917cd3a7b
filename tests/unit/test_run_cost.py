"""brandkit.run_cost: the manifest's cost section from the execution history and the template's memory map."""

from __future__ import annotations

import json
import math
from datetime import UTC, datetime, timedelta

import pytest

from brandkit.run_cost import lambda_state_runs, run_cost, stage_memory_mb
from brandkit.store import Listed

T0 = datetime(2026, 12, 2, 4, 0, tzinfo=UTC)
MEMORY = {"ValidateBrief": 512, "CollectGpuLogo": 1769, "Palette": 512, "PublishManifest": 512}


def history(*spans: tuple[str, str, float, float]) -> list[dict]:
    """Events for (type prefix, state, entered s, exited s), in time order as Step Functions lists them."""
    raw = []
    for kind, name, entered, exited in spans:
        raw.append((entered, {"type": f"{kind}StateEntered", "stateEnteredEventDetails": {"name": name}}))
        raw.append((exited, {"type": f"{kind}StateExited", "stateExitedEventDetails": {"name": name}}))
    raw.sort(key=lambda pair: pair[0])
    return [{**event, "id": i + 1, "timestamp": T0 + timedelta(seconds=at)} for i, (at, event) in enumerate(raw)]


GPU_RUN = history(("Task", "ValidateBrief", 0, 1.2005), ("Choice", "ChooseLogoSource", 1.2005, 1.201),
                  ("Task", "GenerateLogoOnGpu", 1.201, 300), ("Task", "CollectGpuLogo", 300, 302.5),
                  ("Task", "Palette", 302.5, 303.25), ("Task", "PublishManifest", 303.25, 304))


def test_lambda_states_are_billed_entered_to_exited_at_their_memory_and_others_not():
    runs = {r.name: r for r in lambda_state_runs(GPU_RUN, MEMORY)}
    assert set(runs) == {"ValidateBrief", "CollectGpuLogo", "Palette", "PublishManifest"}  # no Batch, no Choice
    assert runs["ValidateBrief"].duration_ms == pytest.approx(1200.5)
    assert runs["CollectGpuLogo"].memory_mb == 1769
    assert runs["ValidateBrief"].billed_gb_s == pytest.approx(math.ceil(1200.5) / 1000 * 512 / 1024)


def test_run_cost_adds_publish_manifests_own_time_and_counts_transitions(monkeypatch):
    monkeypatch.setenv("STAGE_MEMORY_MB", json.dumps(MEMORY))
    running = [dict(e) for e in GPU_RUN[:-1]]  # PublishManifest is still running when it writes the manifest
    # CollectGpuLogo's output (ResultPath $.logo) carries the GPU job's attempts; the cost reads them there.
    logo = {"gpu": {"attempt_seconds": [120.0, 170.5], "instance_type": "g4dn.xlarge", "lifecycle": "spot"}}
    collected = next(e for e in running if e["type"] == "TaskStateExited"
                     and e["stateExitedEventDetails"]["name"] == "CollectGpuLogo")
    collected["stateExitedEventDetails"] = {"name": "CollectGpuLogo", "output": json.dumps({"logo": logo})}
    cost = run_cost({}, running, [Listed("logo.svg", 2048)], [Listed("profile.json", 100)], 250.0, 2)
    items = {p["item"]: p for p in cost["parts"]}
    assert items["Lambda PublishManifest (512 MB)"]["quantity"] == pytest.approx(0.25 * 0.5)
    assert "Lambda GenerateLogoOnGpu" not in " ".join(items)
    assert items["Lambda requests"]["quantity"] == 4
    assert items["Step Functions"]["quantity"] == 6 + 2  # entered so far, then NotifySuccess and KitReady
    assert items["S3 PUT"]["quantity"] == 2 + 2 and items["S3 GET"]["quantity"] == 1
    assert [p["quantity"] for p in cost["parts"] if p["item"].startswith("Batch GPU")] == [120.0, 170.5]
    assert cost["total_usd"] == pytest.approx(sum(p["usd"] for p in cost["parts"]))


@pytest.mark.parametrize("raw", ["{not json", '{"Palette": 0}', '["Palette"]'])
def test_a_bad_memory_map_says_what_is_wrong(monkeypatch, raw):
    monkeypatch.setenv("STAGE_MEMORY_MB", raw)
    with pytest.raises(ValueError, match="STAGE_MEMORY_MB"):
        stage_memory_mb()
