"""`brandkit generate`'s inputs: which briefs a batch means, SDXL settings read from the model, worker progress."""

from __future__ import annotations

import json
import logging
from datetime import datetime
from pathlib import Path

import pytest
from rich.console import Console

from brandkit.brief import BriefError
from brandkit_local.generate import Progress, StepLog, expand_briefs, sdxl_environment


def briefs(folder: Path, *names: str) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    for name in names:
        (folder / name).write_text("{}", encoding="utf-8")
    return [folder / n for n in names]


def test_files_folders_and_globs_expand_in_order_each_once(tmp_path):
    a, b = briefs(tmp_path / "in", "a.json", "b.json")
    (c,) = briefs(tmp_path / "more", "c.json")
    (tmp_path / "in" / "notes.txt").write_text("x")
    assert expand_briefs([str(tmp_path / "in")]) == [a, b]
    assert expand_briefs([str(tmp_path / "*" / "*.json")]) == [a, b, c]
    assert expand_briefs([str(b), str(tmp_path / "in")]) == [b, a]


def test_a_pattern_matching_nothing_and_two_briefs_with_one_stem_are_refused(tmp_path):
    briefs(tmp_path / "x", "acme.json")
    briefs(tmp_path / "y", "acme.json")
    with pytest.raises(BriefError, match="matches no brief files"):
        expand_briefs([str(tmp_path / "*.nothing")])
    with pytest.raises(BriefError, match="would both write acme/"):
        expand_briefs([str(tmp_path / "x"), str(tmp_path / "y")])


def model(folder: Path, sample_size: int, blocks: int) -> Path:
    (folder / "unet").mkdir(parents=True)
    (folder / "vae").mkdir()
    (folder / "unet" / "config.json").write_text(json.dumps({"sample_size": sample_size}))
    (folder / "vae" / "config.json").write_text(json.dumps({"block_out_channels": [32] * blocks}))
    return folder


def test_sdxl_resolution_defaults_to_the_models_own_and_is_bounded_by_it(tmp_path):
    tiny, base = model(tmp_path / "tiny", 32, 2), model(tmp_path / "base", 128, 4)
    assert sdxl_environment(tiny, None, None)["RESOLUTION"] == "64"
    assert sdxl_environment(base, 4, None)["RESOLUTION"] == "1024"
    assert sdxl_environment(base, 4, None)["STEPS"] == "4"
    assert "STEPS" not in sdxl_environment(tiny, None, None)
    with pytest.raises(BriefError) as info:
        sdxl_environment(tiny, None, 1024)
    assert info.value.errors[0]["field"] == "--resolution" and "64 to 128" in info.value.errors[0]["message"]
    with pytest.raises(BriefError, match="between 1 and 150"):
        sdxl_environment(tiny, -1, None)
    with pytest.raises(BriefError, match="not a diffusers SDXL folder"):
        sdxl_environment(tmp_path, None, None)


def test_the_workers_denoising_steps_show_in_the_progress_display():
    progress = Progress(Console(file=open("/dev/null", "w")))  # noqa: SIM115
    progress.on_event({"type": "TaskStateEntered", "stateEnteredEventDetails": {"name": "GenerateLogoOnGpu"},
                       "timestamp": datetime.now()})
    record = logging.LogRecord("sdxl_worker", logging.INFO, __file__, 1, "denoise step", (), None)
    record.step, record.steps = 3, 30
    StepLog(progress).emit(record)
    assert progress.where() == "GenerateLogoOnGpu (denoise step 3 of 30)"


def test_a_batch_refuses_option_ids_naming_each_one_given_and_starts_nothing(tmp_path, capsys):
    from brandkit_local.cli import main

    briefs(tmp_path / "in", "a.json", "b.json")
    out = tmp_path / "kits"
    assert main(["generate", str(tmp_path / "in"), "--out", str(out), "--palette", "analogous-brown",
                 "--fonts", "inter-lato"]) == 2
    err = capsys.readouterr().err
    assert "--palette" in err and "--fonts" in err and "--concept" not in err
    assert "one brief's options" in err
    assert not out.exists()
