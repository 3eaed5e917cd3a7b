"""Kits on every core: batch throughput, a warm kit, and the first kit of a fresh process (issue 20).

    python bench/bench_cores.py [--part batch|warm|first|all] [--briefs 12] [--kits 5]

- batch: `brandkit generate DIR --jobs 1` then `--jobs 2` on the same 12 briefs (the samples, repeated), each a
  fresh process timed from start to exit; kits per minute of each and their ratio (targets: >= 40 kits/min with
  --jobs 2, ratio >= 1.7);
- warm: median wall time of a kit in one twin with worker processes, after one warm-up kit (target <= 1.5 s);
- first: wall time of a fresh `brandkit generate` process on one brief, start to exit (target <= 5 s), median of
  --first-runs, with the CPU of its whole process tree (bench/profile_first_kit.py says where it goes).
Every figure carries the load average at the time: on a shared machine the figures are only as good as it.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

from _report import emit, figure, machine  # noqa: E402

SAMPLES = sorted((ROOT / "docs" / "samples").glob("*.json"))
CLI = [sys.executable, "-m", "brandkit_local.cli", "generate"]
FIRST_BRIEF = ROOT / "docs" / "samples" / "northwind-coffee.json"  # the README's first command


def load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def _env() -> dict[str, str]:
    paths = [str(ROOT / "layers" / "core"), str(ROOT / "local"), os.environ.get("PYTHONPATH", "")]
    return {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in paths if p)}


def _run(args: list[str]) -> float:
    started = time.perf_counter()
    done = subprocess.run(CLI + args, env=_env(), capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        raise RuntimeError(f"brandkit generate {' '.join(args)} exited {done.returncode}:\n{done.stderr[-2000:]}")
    return elapsed


def batch(briefs: int) -> list[dict]:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "briefs"
        folder.mkdir()
        for i in range(briefs):
            shutil.copy(SAMPLES[i % len(SAMPLES)], folder / f"brief-{i:02d}.json")
        rates = {}
        for jobs in (1, 2):
            before = load()
            seconds = _run([str(folder), "--out", str(Path(tmp) / f"out-{jobs}"), "--jobs", str(jobs)])
            rates[jobs] = briefs / seconds * 60
            print(f"--jobs {jobs}: {briefs} kits in {seconds:.1f} s = {rates[jobs]:.1f} kits/min "
                  f"(load average before: {before}, after: {load()})")
    ratio = rates[2] / rates[1]
    print(f"ratio --jobs 2 / --jobs 1: {ratio:.2f}")
    return [figure("batch kits/min --jobs 1", round(rates[1], 1), "kits/min", note=f"load {load()}"),
            figure("batch kits/min --jobs 2", round(rates[2], 1), "kits/min", 40, below=False, note=f"load {load()}"),
            figure("batch ratio jobs2/jobs1", round(ratio, 2), "x", 1.7, below=False, note=f"load {load()}")]


def warm(kits: int) -> list[dict]:
    from brandkit.brief import parse_brief
    from brandkit_local.twin import LocalCloud

    briefs = [parse_brief(json.loads(p.read_text("utf-8"))) for p in SAMPLES]
    times = []
    with LocalCloud(workers=2) as cloud:
        for i in range(kits + 1):  # the first is the warm-up
            started = time.perf_counter()
            job = cloud.submit(briefs[i % len(briefs)])
            status = cloud.wait(job["job_id"], poll_s=0.02)["status"]
            if status != "SUCCEEDED":
                raise RuntimeError(f"kit {i} ended {status}")
            times.append(time.perf_counter() - started)
            print(f"kit {i}{' (warm-up)' if i == 0 else ''}: {times[-1]:.2f} s (load average {load()})")
        stages = {}
        for name, seconds in cloud.lambdas.invocations[-7:]:
            stages[name.removeprefix("brandkit-local-")] = round(seconds, 3)
        print("last kit's invocations (s):", stages)
    median = statistics.median(times[1:])
    print(f"warm kit median: {median:.2f} s (load average {load()})")
    return [figure("warm kit median", round(median, 2), "s", 1.5, note=f"load {load()}")]


def first(runs: int) -> list[dict]:
    """Fresh `brandkit generate` processes on one brief, start to exit: each run's wall time, the CPU of its whole
    process tree (the CLI with the twin, the forkserver, the function workers, their renderers) and the load."""
    from profile_first_kit import run as run_tree

    walls, cpus = [], []
    for i in range(runs):
        before = load()
        wall, cpu = run_tree(FIRST_BRIEF, None)
        walls.append(wall)
        cpus.append(sum(seconds for _, seconds in cpu.values()))
        print(f"first kit of a fresh process, run {i + 1}: {wall:.2f} s start to exit, {cpus[-1]:.2f} s CPU in "
              f"{len(cpu)} processes (load average before: {before}, after: {load()})")
    wall, cpu = statistics.median(walls), statistics.median(cpus)
    print(f"first kit of a fresh process: median {wall:.2f} s, CPU of the process tree {cpu:.2f} s "
          f"(load average {load()})")
    return [figure("first kit, fresh process", round(wall, 2), "s", 5, note=f"median of {runs}; load {load()}"),
            figure("first kit, fresh process: CPU of its process tree", round(cpu, 2), "s",
                   note=f"median of {runs}; load {load()}")]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--part", choices=["batch", "warm", "first", "all"], default="all")
    parser.add_argument("--briefs", type=int, default=12)
    parser.add_argument("--kits", type=int, default=5)
    parser.add_argument("--first-runs", type=int, default=3, help="fresh processes timed for the first kit")
    args = parser.parse_args()
    figures = []
    if args.part in ("first", "all"):
        figures += first(args.first_runs)
    if args.part in ("warm", "all"):
        figures += warm(args.kits)
    if args.part in ("batch", "all"):
        figures += batch(args.briefs)
    emit("cores", figures, machine=machine(), load_average=load())


if __name__ == "__main__":
    main()
