"""The whole workflow: the real state machine executed by the local twin, real handlers, real stages."""

from __future__ import annotations

import hashlib
import json
import math
from pathlib import Path

import pytest

from brandkit.brief import parse_brief
from brandkit.job_files import FAILURE
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
    return [e for e, _ in messages_of(cloud, job_id)]


def messages_of(cloud: LocalCloud, job_id: str) -> list[tuple[dict, dict]]:
    """The job's events with their SNS message attributes."""
    cloud.published.extend(cloud.messages())
    return [(e, a) for e, a in cloud.published if e.get("job_id") == job_id]


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
    lambdas = {p["item"].split()[1]: p for p in cost["parts"]
               if p["item"].startswith("Lambda ") and p["unit"] == "GB-s"}
    assert set(lambdas) == {"ValidateBrief", "DesignLogo", "Palette", "WriteRationale", "RenderAssets",
                            "CompileGuidelines", "PublishManifest"}
    # RenderAssets: its time in the execution history (the manifest's timing, kept to 0.1 ms) at the template's 3538 MB
    render_ms, gb = manifest["timings_ms"]["render_assets"], 3538 / 1024
    assert lambdas["RenderAssets"]["quantity"] == pytest.approx(math.ceil(render_ms) / 1000 * gb, abs=2 * 0.001 * gb)
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


def test_kit_offers_three_palettes_and_three_pairings_and_uses_the_first(happy):
    from itertools import combinations

    from coloraide import Color

    _, _, files, _ = happy
    options = json.loads(files["options.json"])
    palettes, pairings = options["palettes"], options["fonts"]
    assert len(palettes) == 3 and len(pairings) == 3
    assert len({o["id"] for o in palettes}) == 3 and len({o["id"] for o in pairings}) == 3
    assert options["chosen"] == {"palette": palettes[0]["id"], "fonts": pairings[0]["id"]}
    assert all(o["reason"] for o in palettes + pairings)

    def brand_labs(option):
        hexes = {c["role"]: c["hex"] for c in option["palette"]["colors"]}
        return [Color(hexes[r]).convert("oklab").coords() for r in ("primary", "secondary", "accent")]

    for a, b in combinations(palettes, 2):  # Hausdorff distance of the brand colours, from coloraide alone
        la, lb = brand_labs(a), brand_labs(b)
        far = max(max(min(math.dist(x, y) for y in lb) for x in la), max(min(math.dist(x, y) for y in la) for x in lb))
        assert far >= 0.1, (a["id"], b["id"], far)
    for option in palettes:
        hexes = {c["role"]: c["hex"] for c in option["palette"]["colors"]}
        assert len(hexes) == 18  # every role, in full
        for pair in option["palette"]["text_pairs"]:
            ratio = Color(hexes[pair["foreground"]]).contrast(hexes[pair["background"]], method="wcag21")
            assert ratio >= (3.0 if pair["large_text"] else 4.5), (option["id"], pair)
    for pairing in pairings:
        assert pairing["heading"]["family"] != pairing["body"]["family"]

    kit_palette = json.loads(files["palette/palette.json"])
    first = palettes[0]["palette"]
    for field, value in first.items():  # palette.json is option 1's palette, its pairs with more detail
        if field == "text_pairs":
            assert [{k: p[k] for k in value[0]} for p in kit_palette[field]] == value
        else:
            assert kit_palette[field] == value, field
    assert kit_palette["fonts"] == [pairings[0]["heading"], pairings[0]["body"]]
    font_dirs = {p.split("/")[1] for p in files if p.startswith("fonts/")}
    assert font_dirs == {pairings[0][role]["family"].replace(" ", "-") for role in ("heading", "body")}


def test_manifest_lists_the_options(happy):
    _, _, files, _ = happy
    manifest = json.loads(files["manifest.json"])
    options = json.loads(files["options.json"])
    entry = next(a for a in manifest["artifacts"] if a["path"] == "options.json")
    assert entry["kind"] == "options"
    summary = manifest["options"]
    assert summary["chosen"] == options["chosen"]
    assert [(o["id"], o["rank"], o["reason"]) for o in summary["palettes"]] == [
        (o["id"], o["rank"], o["reason"]) for o in options["palettes"]]
    assert [o["primary"] for o in summary["palettes"]] == [
        next(c["hex"] for c in o["palette"]["colors"] if c["role"] == "primary") for o in options["palettes"]]
    assert [(o["id"], o["heading"], o["body"]) for o in summary["fonts"]] == [
        (o["id"], o["heading"]["family"], o["body"]["family"]) for o in options["fonts"]]


def test_success_event_published_and_payloads_small(happy):
    cloud, _, _, events = happy
    assert [e["type"] for e in events] == ["brand.kit.succeeded"]
    assert events[0]["job_id"] == "happy"
    assert events[0]["manifest_key"] == "tenants/default/kits/happy/kit/manifest.json"
    assert [a for e, a in cloud.published if e["job_id"] == "happy"] == [
        {"type": "brand.kit.succeeded", "tenant": "default"}]  # NotifySuccess names the job's tenant
    assert max(payload_sizes(cloud, "happy")) < MAX_PAYLOAD / 16


def test_existing_logo_skips_generation(cloud):
    svg = (
        b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100">'
        b'<circle cx="50" cy="50" r="40" fill="#0B6E4F"/>'
        b'<rect x="30" y="30" width="40" height="40" fill="#F2C14E"/></svg>'
    )
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
    ((event, attributes),) = messages_of(cloud, "broken")
    assert event["type"] == "brand.kit.failed" and event["stage"] == "ImportLogo"
    assert attributes == {"type": "brand.kit.failed", "tenant": "default"}  # the job's tenant: its webhooks only
    assert "missing.png" in event["cause"] and "Traceback" not in event["cause"]
    assert cloud.store("broken").load(FAILURE).stage == "ImportLogo"
    assert "manifest.json" not in cloud.kit_files("broken")


def test_second_cloud_in_one_process_is_refused(cloud):
    with pytest.raises(RuntimeError, match="already running"):
        LocalCloud().__enter__()


def test_kit_credits_the_icon_set_its_concepts_draw(happy):
    _, _, files, _ = happy
    manifest = json.loads(files["manifest.json"])
    credits = manifest["logo"]["symbols"]
    assert credits and {(c["set"], c["licence"], c["version"]) for c in credits} == {
        ("Material Design Icons", "Apache-2.0", "7.4.47")}
    assert "coffee" in {c["name"] for c in credits}
    licence = files["logo/LICENSE-symbols.txt"].decode("utf-8")
    assert "Apache License" in licence and "Version 2.0" in licence
    assert {a["kind"] for a in manifest["artifacts"] if a["path"] == "logo/LICENSE-symbols.txt"} == {"licence"}
