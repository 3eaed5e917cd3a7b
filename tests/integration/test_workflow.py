"""The whole workflow: the real state machine executed by the local twin, real handlers, real stages."""

from __future__ import annotations

import hashlib
import json
import math
from pathlib import Path

import pytest

from brandkit.brief import parse_brief
from brandkit_local.twin import LocalCloud

pytestmark = pytest.mark.slow
SAMPLES = Path(__file__).parents[2] / "docs" / "samples"
MAX_PAYLOAD = 256 * 1024


def sample(name: str):
    return parse_brief(json.loads((SAMPLES / f"{name}.json").read_text(encoding="utf-8")))


def entered_states(cloud: LocalCloud, job_id: str) -> list[str]:
    return [e["stateEnteredEventDetails"]["name"] for e in cloud.history(job_id) if "stateEnteredEventDetails" in e]


def payload_sizes(cloud: LocalCloud, job_id: str) -> list[int]:
    sizes = []
    for event in cloud.history(job_id):
        for details in event.values():
            if isinstance(details, dict):
                for field in ("input", "output"):
                    if isinstance(details.get(field), str):
                        sizes.append(len(details[field].encode("utf-8")))
    return sizes


@pytest.fixture(scope="module")
def cloud():
    with LocalCloud() as local:  # one stack, many jobs, as deployed
        yield local


def events_of(cloud: LocalCloud, job_id: str) -> list[dict]:
    cloud.published.extend(cloud.events())
    return [e for e in cloud.published if e.get("job_id") == job_id]


@pytest.fixture(scope="module")
def happy(cloud):
    cloud.published = []
    cloud.submit(sample("northwind-coffee"), job_id="happy")
    status = cloud.wait("happy", timeout_s=300)
    return cloud, status, cloud.kit_files("happy"), events_of(cloud, "happy")


def test_happy_path_succeeds_through_every_stage(happy):
    cloud, status, files, events = happy
    assert status["status"] == "SUCCEEDED", status
    states = entered_states(cloud, "happy")
    for state in ("ValidateBrief", "DesignLogo", "Palette", "WriteRationale", "RenderAssets",
                  "CompileGuidelines", "PublishManifest", "NotifySuccess", "KitReady"):
        assert state in states
    assert "GenerateLogoOnGpu" not in states and "ImportLogo" not in states
    assert len(states) <= 15  # Step Functions bills state transitions


def test_kit_holds_every_kind_of_artifact(happy):
    _, _, files, _ = happy
    assert files["guidelines.pdf"].startswith(b"%PDF-")
    assert any(p.startswith("logo/") and p.endswith(".svg") for p in files)
    assert any(p.startswith("logo/png/") and p.endswith(".png") for p in files)
    assert "palette/palette.json" in files and "manifest.json" in files
    assert json.loads(files["rationale.json"])["writer"] == "deterministic"
    assert any(p.startswith("logo/concepts/") for p in files) and "logo/favicon.ico" in files
    for path, data in files.items():
        if path.endswith(".svg"):
            text = data.decode("utf-8")
            assert "<text" not in text and "<script" not in text, path


def test_manifest_lists_every_file_with_its_checksum(happy):
    _, _, files, _ = happy
    manifest = json.loads(files["manifest.json"])
    listed = {a["path"]: a for a in manifest["artifacts"]}
    assert set(listed) == set(files) - {"manifest.json"}
    for path, entry in listed.items():
        assert entry["bytes"] == len(files[path])
        assert entry["sha256"] == hashlib.sha256(files[path]).hexdigest()
        assert entry["kind"] != "other", path
    for stage in ("validate_brief", "logo", "palette", "rationale", "render_assets", "guidelines"):
        assert manifest["timings_ms"][stage] > 0
    assert manifest["rationale"]["writer"] == "deterministic"


def test_manifest_cost_is_the_sum_of_what_the_run_used(happy):
    from brandkit.pricing import load_prices

    _, _, files, _ = happy
    manifest = json.loads(files["manifest.json"])
    cost = manifest["cost"]
    assert cost["total_usd"] == pytest.approx(sum(p["usd"] for p in cost["parts"]))
    assert cost["prices_as_of"] == load_prices()["as_of"] and cost["currency"] == "USD"
    assert cost["source"].startswith("local twin")  # the twin says its durations are its own
    for part in cost["parts"]:
        assert part["usd"] == pytest.approx(part["quantity"] * part["unit_usd"], abs=1e-8), part
    lambdas = {p["item"].split()[1]: p for p in cost["parts"] if p["item"].startswith("Lambda ") and p["unit"] == "GB-s"}
    assert set(lambdas) == {"ValidateBrief", "DesignLogo", "Palette", "Rationale", "RenderAssets", "CompileGuidelines",
                            "PublishManifest"}
    # RenderAssets: its measured duration at the template's 2048 MB
    render_ms = manifest["timings_ms"]["render_assets"]
    assert lambdas["RenderAssets"]["quantity"] == pytest.approx(math.ceil(render_ms) / 1000 * 2, rel=1e-6)
    steps = {p["item"]: p["quantity"] for p in cost["parts"]}
    assert steps["Step Functions"] == 11 and steps["S3 PUT"] >= len(files)
    assert not any(p["item"].startswith("Batch GPU") for p in cost["parts"])


def test_palette_text_pairs_meet_aa(happy):
    from coloraide import Color

    _, _, files, _ = happy
    palette = json.loads(files["palette/palette.json"])
    hexes = {c["role"]: c["hex"] for c in palette["colors"]}
    for pair in palette["text_pairs"]:
        ratio = Color(hexes[pair["foreground"]]).contrast(hexes[pair["background"]], method="wcag21")
        assert ratio >= (3.0 if pair["large_text"] else 4.5) - 1e-9, pair


def test_success_event_published_and_payloads_small(happy):
    cloud, _, _, events = happy
    assert [e["type"] for e in events] == ["brand.kit.succeeded"]
    assert events[0]["job_id"] == "happy" and events[0]["manifest_key"] == "kits/happy/kit/manifest.json"
    assert max(payload_sizes(cloud, "happy")) < MAX_PAYLOAD / 16


def test_existing_logo_skips_generation(cloud):
    svg = (b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100">'
           b'<circle cx="50" cy="50" r="40" fill="#0B6E4F"/><rect x="30" y="30" width="40" height="40" fill="#F2C14E"/></svg>')
    brief = sample("northwind-coffee").model_copy(update={"existing_logo": "mark.svg"})
    cloud.submit(brief, job_id="existing", uploads={"mark.svg": svg})
    status = cloud.wait("existing", timeout_s=300)
    assert status["status"] == "SUCCEEDED", status
    states = entered_states(cloud, "existing")
    assert "ImportLogo" in states and "DesignLogo" not in states
    manifest = json.loads(cloud.kit_files("existing")["manifest.json"])
    assert manifest["logo"]["engine"] == "existing"


def test_failing_stage_ends_failed_with_event_and_record(cloud):
    # The brief names a logo that was never uploaded: ImportLogo cannot succeed.
    brief = sample("northwind-coffee").model_copy(update={"existing_logo": "missing.png"})
    cloud.submit(brief, job_id="broken")
    status = cloud.wait("broken", timeout_s=120)
    assert status["status"] == "FAILED"
    states = entered_states(cloud, "broken")
    assert states[-3:] == ["RecordFailure", "NotifyFailure", "KitFailed"]
    (event,) = events_of(cloud, "broken")
    assert event["type"] == "brand.kit.failed" and event["stage"] == "ImportLogo"
    assert "missing.png" in event["cause"] and "Traceback" not in event["cause"]
    assert json.loads(cloud.read("broken", "failure.json"))["stage"] == "ImportLogo"
    assert "manifest.json" not in cloud.kit_files("broken")


def test_second_cloud_in_one_process_is_refused(cloud):
    with pytest.raises(RuntimeError, match="already running"):
        LocalCloud().__enter__()
