"""(f) `sam build` succeeds on this machine (no container: Python 3.11 matches the runtime) and fits Lambda.

The layer's requirements are installed from the package index as manylinux2014 wheels for the
python3.11 runtime; each function plus the layer must stay under Lambda's 250 MB unzipped limit.
Every handler must then import with nothing but the built function and layer on its path.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from cfn_template import ROOT

pytestmark = pytest.mark.slow  # downloads and installs the layer's wheels (about a minute)

UNZIPPED_LIMIT = 250 * 1024 * 1024


def _size(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file() and not f.is_symlink())


@pytest.fixture(scope="module")
def build_dir(tmp_path_factory) -> Path:
    sam = shutil.which("sam") or shutil.which("sam", path=os.path.dirname(sys.executable))
    if not sam:
        pytest.fail("sam is not installed (pip install -e '.[dev]')")
    out = tmp_path_factory.mktemp("sam-build")
    run = subprocess.run(
        [sam, "build", "--template-file", "template.yaml", "--build-dir", str(out), "--no-cached", "--parallel"],
        cwd=ROOT,
        env={**os.environ, "AWS_DEFAULT_REGION": "us-east-1", "SAM_CLI_TELEMETRY": "0"},
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert run.returncode == 0, f"sam build failed:\n{run.stdout[-4000:]}{run.stderr[-4000:]}"
    return out


def test_each_function_with_the_layer_fits_lambda(build_dir, functions, capsys):
    (layer_dir,) = [p for p in build_dir.iterdir() if p.name.startswith("CoreLayer")]
    layer = _size(layer_dir)
    assert (layer_dir / "python" / "brandkit" / "__init__.py").is_file(), "the core package is not in the layer"
    rows = [("CoreLayer", layer)]
    for name in functions:
        function = _size(build_dir / name)
        rows.append((name, function))
        assert function + layer < UNZIPPED_LIMIT, f"{name}: {(function + layer) / 2**20:.1f} MB unzipped with the layer"
    with capsys.disabled():
        print("\nsam build, unzipped sizes:")
        for name, size in rows:
            print(f"  {name:<26} {size / 2**10:10.1f} KiB")
        print(f"  {'largest function + layer':<26} {(max(s for _, s in rows[1:]) + layer) / 2**20:10.1f} MiB")


def test_handlers_import_from_the_build_alone(build_dir, functions):
    """Isolated from site-packages (-I -S): every import must be satisfied by the function and the layer."""
    (layer_dir,) = [p for p in build_dir.iterdir() if p.name.startswith("CoreLayer")]
    for name in functions:
        run = subprocess.run(
            [sys.executable, "-I", "-S", "-c",
             f"import sys; sys.path[:0] = [{str(build_dir / name)!r}, {str(layer_dir / 'python')!r}]; "
             "import app; assert callable(app.lambda_handler)"],
            env={"AWS_DEFAULT_REGION": "us-east-1", "POWERTOOLS_TRACE_DISABLED": "1", "PATH": os.environ.get("PATH", "")},
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert run.returncode == 0, f"{name}: handler does not import from the build:\n{run.stderr[-3000:]}"
