"""(f) `sam build` succeeds on this machine (no container: Python 3.11 matches the runtime) and fits Lambda.

The layers (layers/layers.toml, built by layers/Makefile) are installed from the package index as
manylinux2014 wheels for the python3.11 runtime; each function plus its layers must stay under
Lambda's 250 MB unzipped limit. Every handler must then import with nothing but the built function
and its own layers on its path (the AWS SDK stands in for the runtime's, which the layers do not ship).
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


def _layers_of(build_dir: Path) -> dict[str, list[Path]]:
    """Function -> its built layer folders, Globals' first (the order Lambda stacks them in /opt)."""
    from brandkit.localtwin.sam_template import load_template

    template = load_template(build_dir / "template.yaml")
    shared = [ref["Ref"] for ref in template["Globals"]["Function"]["Layers"]]
    return {name: [build_dir / ref for ref in shared + [r["Ref"] for r in res["Properties"].get("Layers", [])]]
            for name, res in template["Resources"].items() if res["Type"] == "AWS::Serverless::Function"}


def test_each_function_with_its_layers_fits_lambda(build_dir, functions, capsys):
    assert (build_dir / "CoreLayer" / "python" / "brandkit" / "__init__.py").is_file(), "no core package in CoreLayer"
    assert not (build_dir / "CoreLayer" / "python" / "brandkit" / "fonts" / "files").exists(), "font files in CoreLayer"
    assert not (build_dir / "CoreLayer" / "python" / "botocore").exists(), "the runtime provides the AWS SDK"
    layers = _layers_of(build_dir)
    rows = []
    for name in functions:
        total = _size(build_dir / name) + sum(_size(layer) for layer in layers[name])
        rows.append((name, total))
        assert total < UNZIPPED_LIMIT, f"{name}: {total / 2**20:.1f} MB unzipped with its layers"
    with capsys.disabled():
        print("\nsam build, unzipped sizes of each function with its layers:")
        for name, total in rows:
            print(f"  {name:<26} {total / 2**20:8.1f} MiB  ({', '.join(p.name for p in layers[name])})")


def test_handlers_import_from_the_build_alone(build_dir, functions, tmp_path):
    """Isolated from site-packages (-I -S): every import must be satisfied by the function and its layers
    (and the AWS SDK, which the runtime provides: its folders are put last, as /var/runtime is)."""
    import importlib

    runtime = tmp_path / "runtime"  # stands in for /var/runtime: the SDK and its dependencies only
    runtime.mkdir()
    for module in ("boto3", "botocore", "s3transfer", "jmespath", "dateutil", "urllib3", "six"):
        source = Path(importlib.import_module(module).__file__)
        source = source.parent if source.name == "__init__.py" else source
        (runtime / source.name).symlink_to(source)
    layers = _layers_of(build_dir)
    for name in functions:
        path = [str(build_dir / name)] + [str(layer / "python") for layer in layers[name]]
        run = subprocess.run(
            [sys.executable, "-I", "-S", "-c",
             f"import sys; sys.path[:0] = {path!r}; sys.path.append({str(runtime)!r}); "
             "import app; assert callable(app.lambda_handler); "
             "assert 'numpy' not in sys.modules or 'TraceLayer' in str(sys.modules['numpy'].__file__)"],
            env={"AWS_DEFAULT_REGION": "us-east-1", "POWERTOOLS_TRACE_DISABLED": "1", "PATH": os.environ.get("PATH", "")},
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert run.returncode == 0, f"{name}: handler does not import from the build:\n{run.stderr[-3000:]}"
