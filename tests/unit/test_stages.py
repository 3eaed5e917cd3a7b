"""The stages' own logic on the in-memory store (no moto): what each reads, writes and returns.

tests/integration/test_handlers.py runs the same stages through their Lambda handlers on S3 (moto).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from brandkit.artifacts import Job, SdxlCandidate, SdxlModelInfo, SdxlResult
from brandkit.brief import parse_brief
from brandkit.job_files import BRIEF, CONCEPTS, FAILURE, PALETTE, PROFILE, PROFILE_PALETTE, SDXL_RESULT, UPLOADS
from brandkit.stages import (
    StageError,
    design_logo,
    import_logo,
    palette,
    publish_manifest,
    record_failure,
    validate_brief,
)
from brandkit.store import MemoryBucket
from tests.unit.logo_upload_files import ENTITY_SVG, GARBAGE, png, png_bomb
from tests.unit.test_progress import run_through_guidelines

ROOT = Path(__file__).parents[2]
SAMPLE = parse_brief(json.loads((ROOT / "docs" / "samples" / "northwind-coffee.json").read_text(encoding="utf-8")))
ARRIVING = Job(id="job-1", bucket="kits", prefix="kits/job-1")


@pytest.fixture()
def bucket(monkeypatch):
    monkeypatch.setenv("LOGO_ENGINE", "vector")
    return MemoryBucket()


def validated(bucket: MemoryBucket, brief=SAMPLE) -> Job:
    bucket.store(ARRIVING).save(BRIEF, brief)
    return Job.model_validate(validate_brief.run(
        {"job_id": "job-1", "bucket": "kits", "brief_key": "kits/job-1/brief.json"}, bucket.store))


def test_validate_brief_returns_the_job_and_writes_the_profile_and_its_palette(bucket):
    job = validated(bucket)
    assert (job.logo_source, job.language) == ("vector", "en")
    store = bucket.store(job)
    assert store.load(PROFILE).company_name == SAMPLE.company_name
    assert store.load(PROFILE_PALETTE).hex("primary").startswith("#")
    existing = validated(MemoryBucket(), SAMPLE.model_copy(update={"existing_logo": "logo.svg"}))
    assert existing.logo_source == "existing"


def test_validate_brief_refuses_a_brief_key_outside_its_job(bucket):
    with pytest.raises(StageError, match="brief key"):
        validate_brief.run({"job_id": "job-1", "bucket": "kits", "brief_key": "kits/other/brief.json"}, bucket.store)


def test_design_logo_then_palette_write_concepts_and_the_final_palette(bucket):
    job = validated(bucket)
    event = {"job": job.model_dump()}
    logo = design_logo.run(event, bucket.store)
    concepts = bucket.store(job).load(CONCEPTS)
    assert logo == {"engine": "vector", "count": len(concepts.concepts), "primary": concepts.primary}
    out = palette.run(event, bucket.store)
    assert out["primary"] == bucket.store(job).load(PALETTE).hex("primary")


def test_import_logo_names_a_missing_upload(bucket):
    job = validated(bucket, SAMPLE.model_copy(update={"existing_logo": "logo.svg"}))
    with pytest.raises(StageError, match="'logo.svg' was not uploaded"):
        import_logo.run({"job": job.model_dump()}, bucket.store)


def test_import_logo_takes_an_uploaded_svg(bucket):
    job = validated(bucket, SAMPLE.model_copy(update={"existing_logo": "logo.svg"}))
    svg = b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect width="10" height="10" fill="#123456"/>'
    svg += b"</svg>"
    bucket.store(job).save(UPLOADS.file("logo.svg"), svg)
    out = import_logo.run({"job": job.model_dump()}, bucket.store)
    concepts = bucket.store(job).load(CONCEPTS)
    assert out["engine"] == "existing" and concepts.concepts[0].svg_key == "work/logo/imported.svg"
    assert "#123456" in [c.lower() for c in concepts.colors]


@pytest.mark.parametrize(("name", "data", "cause"), [
    ("logo.png", png_bomb(), "20000x20000 pixels"),
    ("logo.svg", png(), "named .svg but its content is PNG"),
    ("logo.svg", ENTITY_SVG, "without DTD or entities"),
    ("logo.png", GARBAGE, "neither a PNG nor an SVG"),
])
def test_import_logo_fails_an_unusable_upload_with_a_readable_cause(bucket, name, data, cause):
    job = validated(bucket, SAMPLE.model_copy(update={"existing_logo": name}))
    bucket.store(job).save(UPLOADS.file(name), data)
    with pytest.raises(StageError, match=f"your logo cannot be used: .*{cause}"):
        import_logo.run({"job": job.model_dump()}, bucket.store)


def test_collect_gpu_logo_turns_candidates_into_concepts(bucket):
    job = validated(bucket).model_copy(update={"logo_source": "sdxl"})
    model = SdxlModelInfo(name="tiny", device="cpu", dtype="fp32", vae="x", scheduler="x", few_step="none", lora=None,
                          attention="sdpa", resolution=64)
    candidates = [SdxlCandidate(index=i, seed=i, mark_type="emblem", png_key=f"work/logo/sdxl/candidate-{i}.png",
                                svg_key=f"work/logo/sdxl/candidate-{i}.svg", colors=[f"#00000{i}", "#ffffff"])
                  for i in range(2)]
    result = SdxlResult(job_id="job-1", complete=True, model=model, prompts=[], seeds=[0, 1], steps=2,
                        guidance_scale=1.0, batch_size=2, timings={}, candidates=candidates)
    bucket.store(job).save(SDXL_RESULT, result)
    assert import_logo.run({"job": job.model_dump()}, bucket.store) == {
        "engine": "sdxl",
        "count": 2,
        "primary": "sdxl-0",
    }
    assert bucket.store(job).load(CONCEPTS).colors == ["#000000", "#ffffff", "#000001"]
    bucket.store(job).save(SDXL_RESULT, result.model_copy(update={"candidates": []}))
    with pytest.raises(StageError, match="no candidates"):
        import_logo.run({"job": job.model_dump()}, bucket.store)


def test_record_failure_keeps_the_event_beside_a_job_known_only_by_its_brief_key(bucket, monkeypatch):
    monkeypatch.setattr(record_failure, "execution_events", lambda arn: [])
    state = {"bucket": "kits", "brief_key": "kits/job-1/brief.json", "error": {"Error": "BriefInvalid", "Cause": "x"}}
    out = record_failure.run({"input": state, "execution": "arn:x", "job_id": "job-1"}, bucket.store)
    kept = bucket.store(ARRIVING).load(FAILURE)
    assert out["event"] == kept.model_dump(mode="json") and kept.error == "BriefInvalid"


def test_the_manifest_times_the_stages_that_finished_from_the_history():
    h = run_through_guidelines()
    h.add("TaskStateEntered", name="PublishManifest")  # the stage asking: still running, not timed
    assert publish_manifest.stage_timings_ms(h.events) == {
        "validate_brief": 500.0, "logo": 1000.0, "palette": 250.0, "render_assets": 2000.0, "rationale": 1500.0,
        "guidelines": 3000.0}
