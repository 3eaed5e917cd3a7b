"""The stages take a chosen option: ValidateBrief `choices.fonts`, Palette `choices.palette` (the hooks a
revision uses); the same brief and the same choices give the same palette and fonts, and options.json
records what was offered and what was chosen."""

from __future__ import annotations

import json
import os
from pathlib import Path
from unittest import mock

import boto3
import pytest
from moto import mock_aws

from brandkit.artifacts import BrandProfile, KitOptions, Palette
from brandkit.errors import OptionNotOffered
from brandkit.stages import design_logo, palette, validate_brief
from brandkit.store import S3Store

pytestmark = pytest.mark.slow  # the vector designer runs in each job
ROOT = Path(__file__).parents[2]
BUCKET = "brandkit-local-kits"
KITS = "tenants/default/kits"


@pytest.fixture()
def s3():
    env = {"AWS_DEFAULT_REGION": "us-east-1", "KIT_BUCKET": BUCKET, "LOGO_ENGINE": "vector"}
    with mock.patch.dict(os.environ, env), mock_aws():
        client = boto3.client("s3")
        client.create_bucket(Bucket=BUCKET)
        brief = (ROOT / "docs" / "samples" / "northwind-coffee.json").read_bytes()
        for job_id in ("first", "second"):
            client.put_object(Bucket=BUCKET, Key=f"{KITS}/{job_id}/brief.json", Body=brief)
        yield client


def read(s3, key: str) -> bytes:
    return s3.get_object(Bucket=BUCKET, Key=key)["Body"].read()


def run_to_palette(job_id: str, choices: dict | None = None) -> dict:
    start = {"job_id": job_id, "bucket": BUCKET, "brief_key": f"{KITS}/{job_id}/brief.json"}
    if choices is not None:
        start["choices"] = choices
    state = {**start, "job": validate_brief.run(start, S3Store)}
    state["logo"] = design_logo.run(state, S3Store)
    state["palette"] = palette.run(state, S3Store)
    return state


def test_chosen_options_are_used_and_recorded_and_reproducible(s3):
    run_to_palette("first")
    offered = KitOptions.model_validate_json(read(s3, f"{KITS}/first/kit/options.json"))
    assert offered.chosen == {"palette": offered.palettes[0].id, "fonts": offered.fonts[0].id}
    assert Palette.model_validate_json(read(s3, f"{KITS}/first/work/palette.json")) == offered.palettes[0].palette

    choices = {"palette": offered.palettes[2].id, "fonts": offered.fonts[1].id}
    state = run_to_palette("second", choices)
    assert state["palette"]["option"] == choices["palette"]
    recorded = KitOptions.model_validate_json(read(s3, f"{KITS}/second/kit/options.json"))
    assert recorded.chosen == choices
    assert recorded.palettes == offered.palettes and recorded.fonts == offered.fonts  # the same offer
    assert Palette.model_validate_json(read(s3, f"{KITS}/second/work/palette.json")) == offered.palettes[2].palette
    profile = BrandProfile.model_validate_json(read(s3, f"{KITS}/second/work/profile.json"))
    assert profile.fonts == [offered.fonts[1].heading, offered.fonts[1].body]

    run_to_palette("first", choices)  # the same brief and choices again: the same files
    assert read(s3, f"{KITS}/first/work/palette.json") == read(s3, f"{KITS}/second/work/palette.json")
    assert read(s3, f"{KITS}/first/kit/options.json") == read(s3, f"{KITS}/second/kit/options.json")
    first, second = (json.loads(read(s3, f"{KITS}/{job}/work/profile.json")) for job in ("first", "second"))
    assert first == second


def test_an_option_never_offered_fails_the_stage_naming_the_field(s3):
    with pytest.raises(OptionNotOffered, match="^fonts: 'papyrus-with-papyrus' is not one of"):
        run_to_palette("first", {"fonts": "papyrus-with-papyrus"})
    with pytest.raises(OptionNotOffered, match="^palette: 'triad-purple' is not one of"):
        run_to_palette("second", {"palette": "triad-purple"})
