"""Build one Lambda layer of layers.toml into a directory (what `sam build` runs through layers/Makefile).

    python3 layers/build_layer.py CoreLayer OUT_DIR

Installs the layer's packages, at the versions layers/core/requirements.txt allows, as manylinux2014
wheels for CPython 3.11 (what the python3.11 runtime, Amazon Linux 2, loads) into OUT_DIR/python, then
removes what another layer or the runtime already provides, so a function carries each file once:
- every distribution in the dependency closure of CoreLayer (all functions have it) and of the layers
  named in `beside` (every function with this layer has them too);
- RUNTIME_PROVIDED from every layer: the python3.11 runtime ships the AWS SDK for Python, and the
  brandkit code only calls long-standing APIs (S3 put/get/head/presign, Step Functions start/describe,
  SNS publish, SQS send, DynamoDB get/put/update/query), all in any boto3 the runtime has carried.
Then the layer's `prune` globs (files or folders no code path loads, less its `keep` globs), console scripts,
byte-code and test suites go, and everything is compiled to CPython 3.11 byte-code (see compile_byte_code).
The brandkit package ships as code (CoreLayer, without font files) or fonts (FontsLayer: fonts/files, each
font xz-compressed, which brandkit.fonts unpacks on first use, less the files of the catalog's "asset" faces,
which the kit bucket holds; their licences stay); Lambda merges layers into /opt/python, so the two halves meet
at /opt/python/brandkit.
"""

from __future__ import annotations

import json
import lzma
import os
import py_compile
import re
import shutil
import subprocess
import sys
import tomllib
from importlib.metadata import Distribution, distributions
from pathlib import Path

HERE = Path(__file__).resolve().parent
CORE = HERE / "core"
RUNTIME_PROVIDED = {"boto3", "botocore", "s3transfer", "jmespath", "python-dateutil", "six", "urllib3"}
PIP_TARGET = ["--platform", "manylinux2014_x86_64", "--implementation", "cp", "--python-version", "3.11",
              "--abi", "cp311", "--only-binary=:all:"]


def norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def spec() -> dict[str, dict]:
    return tomllib.loads((HERE / "layers.toml").read_text(encoding="utf-8"))


def requirement_lines() -> dict[str, str]:
    """Requirement name -> its line (with extras and version bounds) in layers/core/requirements.txt."""
    lines = {}
    for raw in (CORE / "requirements.txt").read_text(encoding="utf-8").splitlines():
        line = raw.split("#", 1)[0].strip()
        if line:
            lines[norm(re.split(r"[\[<>=!~ ;]", line, maxsplit=1)[0])] = line
    return lines


def pip_install(requirements: list[str], target: Path) -> None:
    # --no-warn-conflicts: pip would compare the target with this interpreter's own site-packages.
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
                    "--no-warn-conflicts",
                    "--no-compile", "--target", str(target), *PIP_TARGET, *requirements], check=True)


def installed(site: Path) -> dict[str, Distribution]:
    return {norm(d.metadata["Name"]): d for d in distributions(path=[str(site)]) if d.metadata["Name"]}


def closure(site: Path, requirements: list[str]) -> set[str]:
    """Distributions that `requirements` pulls in, as installed in site (extras followed where asked)."""
    from pip._vendor.packaging.requirements import Requirement  # pip is what installs them: always there

    dists, seen, todo = installed(site), set(), [Requirement(r) for r in requirements]
    while todo:
        req = todo.pop()
        name = norm(req.name)
        if (name, frozenset(req.extras)) in seen or name not in dists:
            continue
        seen.add((name, frozenset(req.extras)))
        for dep in map(Requirement, dists[name].requires or []):
            env = [{"extra": e} for e in req.extras] or [{"extra": ""}]
            if dep.marker is None or any(dep.marker.evaluate(e) for e in env):
                todo.append(dep)
    return {name for name, _ in seen}


def remove_distribution(site: Path, dist: Distribution) -> None:
    files = [site / f for f in dist.files or []]  # read once: RECORD is among them
    for path in files:
        if path.is_file() or path.is_symlink():
            path.unlink()
    for folder in sorted({p.parent for p in files}, key=lambda p: -len(p.parts)):
        while folder != site and folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()
            folder = folder.parent


def copy_compressing_fonts(src: str, dst: str) -> None:
    """copytree's copy_function for fonts/files: font files as name.ttf.xz (brandkit.fonts reads them), the
    licences as they are. xz at its strongest preset: a third of the size, unpacked in ~15 ms per MB."""
    if Path(src).suffix.lower() in (".ttf", ".otf"):
        Path(dst + ".xz").write_bytes(lzma.compress(Path(src).read_bytes(), preset=9 | lzma.PRESET_EXTREME))
    else:
        shutil.copy2(src, dst)


def asset_font_files() -> set[str]:
    """Names of the font files the fonts layer leaves out: the catalog's asset faces (brandkit.fonts)."""
    catalog = json.loads((CORE / "brandkit" / "fonts" / "catalog.json").read_text(encoding="utf-8"))
    return {Path(rel).name for entry in catalog if entry.get("asset") for rel in entry["files"].values() if rel}


def build(layer: str, out: Path) -> None:
    layers, lines = spec(), requirement_lines()
    if layer not in layers:
        raise SystemExit(f"unknown layer {layer!r}; layers.toml has {', '.join(layers)}")
    conf = layers[layer]
    own = [lines[norm(p)] for p in conf["packages"]]
    # Layers every function with this one also has: CoreLayer (Globals) and those named in `beside`.
    below = [lines[norm(p)] for name in ["CoreLayer", *conf.get("beside", [])] if name != layer
             for p in layers[name]["packages"]]
    site = out / "python"
    site.mkdir(parents=True, exist_ok=True)
    # Resolved with the layers below so shared dependencies get their versions, then dropped from this one.
    pip_install(below + own, site)
    drop = (closure(site, below) if below else set()) | RUNTIME_PROVIDED
    for name, dist in installed(site).items():
        if name in drop:
            remove_distribution(site, dist)
    keep = {path for pattern in conf.get("keep", []) for path in site.glob(pattern)}  # exceptions to prune
    for pattern in conf.get("prune", []):
        for path in site.glob(pattern):
            if path not in keep:
                shutil.rmtree(path) if path.is_dir() else path.unlink()
    strip_symbols([path for pattern in conf.get("strip", []) for path in site.glob(pattern)])
    part = conf.get("brandkit")
    if part == "code":
        shutil.copytree(CORE / "brandkit", site / "brandkit",
                        ignore=shutil.ignore_patterns("__pycache__", "*.pyc", "files", "*.po", "*.pot"))  # .mo ship
    elif part == "fonts":
        shutil.copytree(CORE / "brandkit" / "fonts" / "files", site / "brandkit" / "fonts" / "files",
                        ignore=shutil.ignore_patterns(*asset_font_files()), copy_function=copy_compressing_fonts)
    # Console scripts (they name this machine's interpreter), man pages, byte-code and test suites: no
    # code path in a Lambda loads them (numpy and networkx import their tests only when asked to test).
    for junk in ("bin", "share"):
        shutil.rmtree(site / junk, ignore_errors=True)
    for folder in [p for p in site.rglob("*") if p.is_dir() and p.name in ("__pycache__", "tests")]:
        shutil.rmtree(folder, ignore_errors=True)
    compile_byte_code(site)


def strip_symbols(libraries: list[Path]) -> None:
    """Drop the symbols a shared library does not need to load or link (`strip --strip-unneeded`, what Linux
    distributions ship): its exported and dynamic symbols stay. Without binutils the library ships as it is."""
    tool = shutil.which("strip")
    if not tool:
        if libraries:
            print("build_layer: no `strip` (binutils) on this machine: shared libraries ship unstripped",
                  file=sys.stderr)
        return
    for library in libraries:
        subprocess.run([tool, "--strip-unneeded", str(library)], check=True)


def compile_byte_code(site: Path) -> None:
    """Ship CPython 3.11 byte-code. Lambda unpacks layers read-only into /opt, where Python cannot cache
    what it compiles, so a layer of sources is compiled again on every cold start (0.3-0.8 s of a handler's
    init, bench/bench_cold_start.py). unchecked-hash .pyc files: the zip does not keep timestamps exactly and
    a layer version never changes. brandkit keeps its sources beside __pycache__ (readable tracebacks of our
    code); third-party modules ship as byte-code alone, in place of their .py, which keeps each layer about
    the size of its sources."""
    if sys.implementation.cache_tag != "cpython-311":
        raise SystemExit(f"build_layer.py must run on CPython 3.11 (the runtime's byte-code), not {sys.version}")
    for source in list(site.rglob("*.py")):
        ours = source.relative_to(site).parts[0] == "brandkit"
        target = None if ours else str(source.with_suffix(".pyc"))
        try:
            py_compile.compile(str(source), cfile=target, doraise=True,
                               invalidation_mode=py_compile.PycInvalidationMode.UNCHECKED_HASH)
        except py_compile.PyCompileError:
            continue  # Python 2 leftovers (aenum/_py2.py) that no Python 3 path imports: left as they are
        if not ours:
            source.unlink()


def build_all(names: set[str] | list[str], out: Path) -> dict[str, Path]:
    """Build several layers at once (a process each) into out/<name>; name -> its python/ folder."""
    builds = {name: subprocess.Popen([sys.executable, str(Path(__file__).resolve()), name, str(out / name)],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True) for name in names}
    for name, process in builds.items():
        _, err = process.communicate(timeout=900)
        if process.returncode:
            raise RuntimeError(f"{name} did not build:\n{err[-3000:]}")
    return {name: out / name / "python" for name in names}


def merge(sites: list[Path], dest: Path) -> Path:
    """What Lambda makes of a function's layers: each extracted, in order, into one /opt/python (brandkit's
    code and its font files meet there). Hard links: nothing is copied."""
    for site in sites:
        shutil.copytree(site, dest, copy_function=os.link, dirs_exist_ok=True)
    return dest


def stand_in_runtime(dest: Path) -> Path:
    """A folder standing in for /var/runtime: the AWS SDK and its dependencies only (links to this
    interpreter's installs), for running a handler on its layers alone (python -I -S)."""
    import importlib

    dest.mkdir(parents=True, exist_ok=True)
    for module in ("boto3", "botocore", "s3transfer", "jmespath", "dateutil", "urllib3", "six"):
        source = Path(importlib.import_module(module).__file__)
        source = source.parent if source.name == "__init__.py" else source
        if not (dest / source.name).exists():
            (dest / source.name).symlink_to(source)
    return dest


def main() -> int:
    if len(sys.argv) != 3:
        raise SystemExit(__doc__)
    build(sys.argv[1], Path(sys.argv[2]).resolve())
    return 0


if __name__ == "__main__":
    sys.exit(main())
