"""Where a fresh `brandkit generate` process's time goes: cProfile of the CLI's process, CPU of its whole tree.

    python bench/profile_first_kit.py [--brief docs/samples/northwind-coffee.json] [--top 25] [--no-profile]

Runs `brandkit generate BRIEF --out TMP` in a child process (under cProfile unless --no-profile) and samples,
with psutil every 50 ms, the CPU time of that process and every process below it (forkserver, workers, forked
renderers): a process's last sample is its CPU. Prints the wall time, the tree's CPU by process name, the load
average, and the CLI process's top functions by cumulative time. A diagnosis tool: it writes no figure to
PERFORMANCE.md (bench_cores.py --part first does).
"""

from __future__ import annotations

import argparse
import os
import pstats
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]


def load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def _env() -> dict[str, str]:
    paths = [str(ROOT / "layers" / "core"), str(ROOT / "local"), os.environ.get("PYTHONPATH", "")]
    return {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in paths if p)}


ROLES = ("CLI (twin, moto)", "forkserver", "function workers", "forked renderers")


def run(brief: Path, profile: Path | None) -> tuple[float, dict[int, tuple[str, float]]]:
    """Wall seconds and {pid: (role, cpu seconds)} of the CLI's process tree; a process's role is its depth."""
    with tempfile.TemporaryDirectory() as tmp:
        profiler = ["-m", "cProfile", "-o", str(profile)] if profile else []
        prefix = [sys.executable, *profiler, "-m", "brandkit_local.cli"]
        started = time.perf_counter()
        child = subprocess.Popen([*prefix, "generate", str(brief), "--out", str(Path(tmp) / "kit")], env=_env(),
                                 stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        root = psutil.Process(child.pid)
        cpu: dict[int, tuple[str, float]] = {}
        while child.poll() is None:
            try:
                tree = [root, *root.children(recursive=True)]
            except psutil.NoSuchProcess:
                break
            for proc in tree:
                try:
                    depth, parent = 0, proc
                    while parent.pid != root.pid and (parent := parent.parent()) is not None:
                        depth += 1
                    times = proc.cpu_times()
                    role = "resource tracker" if "resource_tracker" in " ".join(proc.cmdline()) else ROLES[
                        min(depth, len(ROLES) - 1)]
                    cpu[proc.pid] = (role, times.user + times.system)
                except psutil.NoSuchProcess:
                    pass
            time.sleep(0.05)
        _, err = child.communicate()
        wall = time.perf_counter() - started
        if child.returncode:
            raise SystemExit(f"brandkit generate exited {child.returncode}:\n{err.decode()[-2000:]}")
    return wall, cpu


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--brief", type=Path, default=ROOT / "docs" / "samples" / "northwind-coffee.json")
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--no-profile", action="store_true", help="wall and CPU only (cProfile slows the CLI)")
    parser.add_argument("--save", type=Path, help="keep the CLI's profile in this file (pstats format)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        profile = None if args.no_profile else (args.save or Path(tmp) / "cli.prof").resolve()
        before = load()
        wall, cpu = run(args.brief, profile)
        print(f"wall {wall:.2f} s; CPU of the process tree {sum(c for _, c in cpu.values()):.2f} s "
              f"in {len(cpu)} processes (load average before: {before}, after: {load()})")
        by_name: dict[str, list[float]] = {}
        for name, seconds in cpu.values():
            by_name.setdefault(name, []).append(seconds)
        for name, values in sorted(by_name.items(), key=lambda kv: -sum(kv[1])):
            print(f"  {name:<20} {sum(values):6.2f} s CPU in {len(values)} process(es)")
        if profile:
            pstats.Stats(str(profile)).sort_stats("cumulative").print_stats(args.top)
    return 0


if __name__ == "__main__":
    sys.exit(main())
