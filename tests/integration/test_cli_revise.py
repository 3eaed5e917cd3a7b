"""`brandkit generate --palette/--fonts/--concept` and `brandkit revise KITDIR` (issue 15), through the twin."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from brandkit_local.cli import main

pytestmark = pytest.mark.slow
SAMPLE = Path(__file__).parents[2] / "docs" / "samples" / "northwind-coffee.json"


def digests(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in folder.rglob("*")
            if p.is_file() and p.relative_to(folder).parts[0] not in ("v2", "v3", ".brandkit")}


def test_generate_with_choices_then_revise_beside_it(tmp_path, capsys):
    out = tmp_path / "kit"
    assert main(["generate", str(SAMPLE), "--out", str(out), "--fonts", "manrope-with-lato",
                 "--concept", "emblem"]) == 0
    options = json.loads((out / "options.json").read_text())
    assert options["chosen"]["fonts"] == "manrope-with-lato"
    assert json.loads((out / "manifest.json").read_text())["version"]["choices"]["concept"] == "emblem"
    first = digests(out)

    second = options["palettes"][1]["id"]
    assert main(["revise", str(out), "--palette", second]) == 0
    v2 = json.loads((out / "v2" / "options.json").read_text())
    assert v2["chosen"] == {"palette": second, "fonts": "manrope-with-lato"}  # the fonts choice carries over
    manifest = json.loads((out / "v2" / "manifest.json").read_text())
    assert manifest["version"]["parent"] == 1 and manifest["version"]["changes"] == {"palette": second}
    assert manifest["version"]["choices"]["concept"] == "emblem"
    assert (out / "v2" / "guidelines.pdf").read_bytes().startswith(b"%PDF-")
    assert digests(out) == first  # version 1 untouched

    capsys.readouterr()
    assert main(["revise", str(out), "--concept", "no-such-concept"]) == 2
    assert "--concept" in capsys.readouterr().err
    assert not (out / "v3").exists()
    assert main(["revise", str(out)]) == 2  # nothing to change
    assert main(["revise", str(tmp_path / "missing")]) == 2
