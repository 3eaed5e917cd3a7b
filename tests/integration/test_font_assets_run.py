"""The twin's kit bucket holds the asset faces as `brandkit assets sync` puts them, and a run fetches them from
there: without the face a Japanese name needs, the run fails at its first stage that sets the name, saying which
font is missing and where it was expected."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from brandkit import fonts
from brandkit.brief import parse_brief
from brandkit.job_files import FAILURE
from brandkit_local.twin import LocalCloud
from brandkit_local.twin.cloud import BUCKET

pytestmark = pytest.mark.slow
SAMPLES = Path(__file__).parents[2] / "docs" / "samples"


def test_a_run_without_its_asset_face_fails_naming_the_font_and_where(tmp_path, monkeypatch):
    monkeypatch.setattr(fonts, "FONT_CACHE_DIR", tmp_path / "cache")  # a new container: nothing fetched yet
    fonts._fetched.cache_clear()
    brief = parse_brief(json.loads((SAMPLES / "sakura-tea.json").read_text(encoding="utf-8")))
    try:
        with LocalCloud() as cloud:
            keys = [fonts.asset_key(rel) for rel in (fonts.font_info("M PLUS 1").files.regular,
                                                     fonts.font_info("M PLUS 1").files.bold)]
            for key in keys:  # seeded by the twin as after a deploy: present until removed here
                cloud.client("s3").head_object(Bucket=BUCKET, Key=key)
                cloud.client("s3").delete_object(Bucket=BUCKET, Key=key)
            cloud.submit(brief, job_id="no-face")
            assert cloud.wait("no-face", timeout_s=300)["status"] == "FAILED"
            failure = cloud.store("no-face").load(FAILURE)
    finally:
        fonts._fetched.cache_clear()
    assert failure.stage == "DesignLogo" and failure.error == "FontAssetMissing", failure
    assert "'M PLUS 1'" in failure.cause and "Traceback" not in failure.cause
    assert any(f"s3://{BUCKET}/{key}" in failure.cause for key in keys), failure.cause
