"""`brandkit generate`: the newcomer's first command."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from brandkit_local.cli import main

SAMPLES = Path(__file__).parents[2] / "docs" / "samples"


def test_invalid_brief_exits_2_with_field_errors_and_writes_nothing(tmp_path, capsys):
    brief = tmp_path / "brief.json"
    brief.write_text(json.dumps({"company_name": "", "industry": "x", "primary_color": "blue"}))
    out = tmp_path / "kit"
    assert main(["generate", str(brief), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert "company_name" in err and "primary_color" in err
    assert not out.exists()


def test_unreadable_brief_exits_2(tmp_path, capsys):
    (tmp_path / "b.json").write_text("{not json")
    assert main(["generate", str(tmp_path / "b.json"), "--out", str(tmp_path / "k")]) == 2
    assert main(["generate", str(tmp_path / "nope.json"), "--out", str(tmp_path / "k")]) == 2


def test_markup_in_errors_is_printed_literally(tmp_path, capsys):
    brief = tmp_path / "brief.json"
    brief.write_text(json.dumps({"company_name": "ok", "industry": "x", "[bold]evil[/]": 1}))
    assert main(["generate", str(brief), "--out", str(tmp_path / "k")]) == 2
    assert "[bold]evil[/]" in capsys.readouterr().err


@pytest.mark.slow
def test_generate_writes_a_kit(tmp_path, capsys):
    out = tmp_path / "kit"
    assert main(["generate", str(SAMPLES / "northwind-coffee.json"), "--out", str(out)]) == 0
    assert (out / "guidelines.pdf").is_file() and (out / "manifest.json").is_file()
    err = capsys.readouterr().err
    assert "Brand kit ready" in err and "PublishManifest" in err


@pytest.mark.slow
def test_failed_workflow_exits_1_naming_the_state(tmp_path, capsys):
    brief = json.loads((SAMPLES / "northwind-coffee.json").read_text())
    brief["existing_logo"] = "logo.png"
    (tmp_path / "logo.png").write_bytes(b"not a png at all")
    path = tmp_path / "brief.json"
    path.write_text(json.dumps(brief))
    out = tmp_path / "kit"
    assert main(["generate", str(path), "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert "ImportLogo" in err
    assert not out.exists()


def test_bkg_load_dry_run_prints_idempotent_upserts(capsys):
    assert main(["bkg", "load", "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "mergeV" in out and "mergeE" in out and "industry:" in out


def test_bkg_load_needs_a_target():
    with pytest.raises(SystemExit) as info:
        main(["bkg", "load"])
    assert info.value.code == 2


@pytest.mark.slow
def test_a_batch_writes_one_kit_per_brief_and_continues_past_a_failed_one(tmp_path, capsys):
    briefs = tmp_path / "briefs"
    briefs.mkdir()
    for name in ("northwind-coffee.json", "sakura-tea.json"):
        (briefs / name).write_bytes((SAMPLES / name).read_bytes())
    (briefs / "broken.json").write_text(json.dumps({"company_name": ""}))
    out = tmp_path / "kits"
    assert main(["generate", str(briefs), "--out", str(out), "--jobs", "2"]) == 1
    assert sorted(p.name for p in out.iterdir()) == ["northwind-coffee", "sakura-tea"]
    for kit in out.iterdir():
        assert (kit / "manifest.json").is_file() and (kit / "guidelines.pdf").is_file()
    err = capsys.readouterr().err
    assert "Kits written: 2 of 3" in err and "--jobs 2" in err
    assert "broken.json" in err and "company_name" in err
