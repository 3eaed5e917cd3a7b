"""Deployment size of every function with its layers after `sam build` (unzipped), against 50 MB.

    python bench/bench_package_size.py [--build-dir DIR | --direct]

Runs `sam build` (no container; about a minute, it installs the layer's wheels) into a temporary
directory unless --build-dir points at an existing build. --direct lays out the same build without sam:
each layer through layers/build_layer.py (what sam's makefile build runs) and each function's CodeUri
copied as is (their requirements.txt are empty, so sam adds nothing to them). Prints each layer's size and biggest
top-level packages, and each function's own size plus the layers it has (Globals' and its own, read
from the built template) against the 50 MB target (Lambda's hard limit is 250 MB unzipped).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from _report import emit, figure

from brandkit_local import checkout

ROOT = Path(__file__).resolve().parents[1]

TARGET_MB, HARD_LIMIT_MB = 50.0, 250.0
MB = 1024 * 1024  # Lambda's limits are in MiB, written "MB"


def size(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file() and not f.is_symlink())


def sam_build(out: Path) -> None:
    sam = shutil.which("sam") or shutil.which("sam", path=os.path.dirname(sys.executable))
    if not sam:
        raise SystemExit("sam is not installed (pip install aws-sam-cli)")
    subprocess.run([sam, "build", "--template-file", "template.yaml", "--build-dir", str(out), "--no-cached",
                    "--parallel"], cwd=ROOT, check=True, capture_output=True, text=True, timeout=900,
                   env={**os.environ, "AWS_DEFAULT_REGION": "us-east-1", "SAM_CLI_TELEMETRY": "0"})


def direct_build(out: Path) -> None:
    """What `sam build` writes, made without it: the layers by build_layer.py, the functions copied."""
    from brandkit_local.twin.sam_template import load_template

    build_layer = checkout.load_file("layers/build_layer.py", "build_layer")

    template = load_template(ROOT / "template.yaml")
    shutil.copy(ROOT / "template.yaml", out / "template.yaml")
    resources = template["Resources"].items()
    build_layer.build_all([name for name, res in resources if res["Type"] == "AWS::Serverless::LayerVersion"], out)
    for name, res in resources:
        if res["Type"] == "AWS::Serverless::Function":
            shutil.copytree(ROOT / res["Properties"]["CodeUri"], out / name,
                            ignore=shutil.ignore_patterns("__pycache__"))


def contributors(layer_python: Path, top: int = 8) -> list[tuple[str, int]]:
    """Largest top-level entries of a layer (packages, with their .libs and dist-info folded in)."""
    sizes: dict[str, int] = {}
    for entry in layer_python.iterdir():
        key = entry.name.split("-")[0].removesuffix(".libs").removesuffix(".py").lower()
        sizes[key] = sizes.get(key, 0) + (size(entry) if entry.is_dir() else entry.stat().st_size)
    return sorted(sizes.items(), key=lambda kv: -kv[1])[:top]


def function_layers(build: Path) -> dict[str, list[str]]:
    """Function logical id -> its layers (Globals first, as Lambda stacks them) from the built template."""
    from brandkit_local.twin.sam_template import functions, load_template

    return {name: fn.layers for name, fn in functions(load_template(build / "template.yaml"), build, {}).items()}


def report(build: Path) -> int:
    layer_sizes = {p.name: size(p) for p in build.iterdir() if p.is_dir() and (p / "python").is_dir()}
    figures = []
    for name, total in sorted(layer_sizes.items()):
        parts = contributors(build / name / "python")
        print(f"{name:<26} {total / MB:8.1f} MiB   largest: " + ", ".join(f"{n} {s / MB:.1f}" for n, s in parts[:5]))
        figures.append(figure(f"{name} unzipped", round(total / MB, 1), "MiB", None,
                              note="largest: " + ", ".join(f"{n} {s / MB:.0f} MiB" for n, s in parts[:4])))
    for fn, layers in sorted(function_layers(build).items()):
        own = size(build / fn)
        total = (own + sum(layer_sizes[name] for name in layers)) / MB
        print(f"{fn:<26} {own / 1024:8.1f} KiB   with {'+'.join(layers)} {total:6.1f} MiB "
              f"(target < {TARGET_MB:.0f}, hard limit {HARD_LIMIT_MB:.0f})")
        figures.append(figure(f"{fn} + layers unzipped", round(total, 1), "MiB", TARGET_MB,
                              note=f"layers: {', '.join(layers)}; function alone {own / 1024:.1f} KiB"))
    emit("package_size", figures)
    return 0 if all(f["met"] is not False for f in figures) else 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    source = parser.add_mutually_exclusive_group()
    source.add_argument("--build-dir", type=Path, help="an existing `sam build` output to measure instead")
    source.add_argument("--direct", action="store_true",
                        help="build the layers with layers/build_layer.py instead of running sam build")
    args = parser.parse_args()
    if args.build_dir:
        return report(args.build_dir)
    with tempfile.TemporaryDirectory(prefix="brandkit-sam-build-") as tmp:
        (direct_build if args.direct else sam_build)(Path(tmp))
        return report(Path(tmp))


if __name__ == "__main__":
    sys.exit(main())
