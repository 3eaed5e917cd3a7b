"""(f) `sam build` succeeds on this machine (no container: Python 3.11 matches the runtime) and fits Lambda.

The layers (layers/layers.toml, built by layers/Makefile) are installed from the package index as
manylinux2014 wheels for the python3.11 runtime; each function plus its layers must stay under the
project's 50 MiB unzipped budget (bench/bench_package_size.py's target; Lambda's hard limit is 250 MB).
The one function allowed past it is named in OVER_BUDGET with its reason and its own ceiling. That every
handler imports and runs from the build alone is tests/iac/test_iac_layer_contents.py, on the same build.
"""

from __future__ import annotations

from pathlib import Path

import pytest

pytestmark = pytest.mark.slow  # downloads and installs the layer's wheels (about a minute)

MIB = 1024 * 1024
BUDGET = 50 * MIB
# ImportLogo traces uploaded raster logos with numpy (48 MiB, 25 of them OpenBLAS) and vtracer: about 99 MiB.
OVER_BUDGET = {"ImportLogoFunction": 110 * MIB}


def _size(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file() and not f.is_symlink())


@pytest.fixture(scope="module")
def build_dir(sam_build) -> Path:
    return sam_build


def _layers_of(build_dir: Path) -> dict[str, list[Path]]:
    """Function -> its built layer folders, Globals' first (the order Lambda stacks them in /opt)."""
    from brandkit_local.twin.sam_template import functions, load_template

    built = functions(load_template(build_dir / "template.yaml"), build_dir, {})
    return {name: [build_dir / layer for layer in fn.layers] for name, fn in built.items()}


def test_each_function_with_its_layers_fits_lambda(build_dir, functions, capsys):
    assert (build_dir / "CoreLayer" / "python" / "brandkit" / "__init__.py").is_file(), "no core package in CoreLayer"
    assert not (build_dir / "CoreLayer" / "python" / "brandkit" / "fonts" / "files").exists(), "font files in CoreLayer"
    assert not (build_dir / "CoreLayer" / "python" / "botocore").exists(), "the runtime provides the AWS SDK"
    layers = _layers_of(build_dir)
    rows = []
    for name in functions:
        total = _size(build_dir / name) + sum(_size(layer) for layer in layers[name])
        rows.append((name, total))
        limit = OVER_BUDGET.get(name, BUDGET)
        assert total < limit, f"{name}: {total / MIB:.1f} MiB unzipped with its layers, over {limit / MIB:.0f} MiB"
    with capsys.disabled():
        print("\nsam build, unzipped sizes of each function with its layers:")
        for name, total in rows:
            print(f"  {name:<26} {total / MIB:8.1f} MiB  ({', '.join(p.name for p in layers[name])})")
