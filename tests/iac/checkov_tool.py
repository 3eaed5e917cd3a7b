"""checkov, in a virtual environment of its own, and one run of it over the templates.

checkov pins libraries this project needs newer (checkov 3.3.30: networkx<2.7 against our networkx>=3.2,
boto3==1.35.49 against aws-sam-cli's and moto's), so it cannot share the project's environment.
It is installed, pinned by checkov-requirements.txt, into a cached venv keyed by that file's hash;
`python3 tests/iac/checkov_tool.py` (run by .ci/run) creates it ahead of the tests, and the tests
create it themselves when it is missing. $CHECKOV names another checkov executable to use instead.

The run is offline: --skip-download and BC_SKIP_MAPPING stop checkov's calls to its vendor's API.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REQUIREMENTS = HERE / "checkov-requirements.txt"
INSTALL_TIMEOUT_S = 600


def _venv() -> Path:
    digest = hashlib.sha256(REQUIREMENTS.read_bytes()).hexdigest()[:12]
    cache = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache"))
    return cache / "brandkit" / f"checkov-{digest}"


def checkov_executable() -> str:
    """Path of a checkov executable, installing the pinned one into its own venv when needed."""
    if os.environ.get("CHECKOV"):
        return os.environ["CHECKOV"]
    venv = _venv()
    exe, done = venv / "bin" / "checkov", venv / ".installed"
    if done.is_file():
        return str(exe)
    venv.parent.mkdir(parents=True, exist_ok=True)
    with open(venv.parent / f"{venv.name}.lock", "w") as lock:  # pytest-xdist workers may race to install
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not done.is_file():
            subprocess.run([sys.executable, "-m", "venv", "--clear", str(venv)], check=True)
            install = subprocess.run(
                [str(venv / "bin" / "python"), "-m", "pip", "install", "-q", "-r", str(REQUIREMENTS)],
                capture_output=True, text=True, timeout=INSTALL_TIMEOUT_S,
            )
            if install.returncode:
                raise RuntimeError(f"installing checkov into {venv} failed:\n{install.stdout}{install.stderr}")
            done.write_text(REQUIREMENTS.read_text(encoding="utf-8"), encoding="utf-8")
    return str(exe)


def run_checkov(files: list[Path]) -> list[dict[str, Any]]:
    """Every check result (passed, failed, skipped) of one checkov run over CloudFormation files.

    Each result is checkov's own JSON record plus "outcome" and "file" (the resolved path).
    """
    env = {**os.environ, "BC_SKIP_MAPPING": "TRUE", "LOG_LEVEL": "ERROR"}
    args = [checkov_executable(), "--framework", "cloudformation", "--output", "json", "--compact", "--skip-download"]
    for path in files:
        args += ["--file", str(path)]
    run = subprocess.run(args, capture_output=True, text=True, env=env, timeout=300)
    if run.returncode not in (0, 1):  # 1 = some check failed; anything else is checkov itself failing
        raise RuntimeError(f"checkov exited {run.returncode}:\n{run.stderr[-4000:]}")
    reports = json.loads(run.stdout)
    reports = reports if isinstance(reports, list) else [reports]
    results = []
    for report in reports:
        if report.get("check_type") != "cloudformation":
            continue
        if report["summary"].get("parsing_errors"):
            raise RuntimeError(f"checkov could not parse: {report['results'].get('parsing_errors')}")
        for outcome in ("passed", "failed", "skipped"):
            for result in report["results"][f"{outcome}_checks"]:
                file = Path(result["file_abs_path"]).resolve()
                results.append({**result, "outcome": outcome, "file": file})
    return results


if __name__ == "__main__":
    print(checkov_executable())
