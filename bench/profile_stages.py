"""Where a kit's CPU goes: cProfile of each stage of one full run and one palette-only revision, through the twin.

    python bench/profile_stages.py [--top 12] [--stage render_assets]

The twin runs the handlers as threads of this process (workers=0) so each stage's `run` can be profiled; a
warm-up kit is run first, so the figures are a warm kit's. Prints each stage's wall time and its top functions
by cumulative time (own code and libraries alike). A diagnosis tool: it writes no figure to PERFORMANCE.md.
"""

from __future__ import annotations

import argparse
import cProfile
import importlib
import io
import json
import pstats
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
STAGES = ("validate_brief", "design_logo", "palette", "rationale", "render_assets", "guidelines", "publish_manifest")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--top", type=int, default=12, help="functions listed per stage")
    parser.add_argument("--stage", action="append", help="only these stages (default: all)")
    args = parser.parse_args()

    profiles: dict[str, cProfile.Profile] = {}
    walls: dict[str, float] = {}
    for name in STAGES:  # before the twin loads the handlers, which take `run` when they are imported
        module = importlib.import_module(f"brandkit.stages.{name}")
        module.run = _profiled(name, module.run, profiles, walls)

    from brandkit.brief import parse_brief
    from brandkit.job_files import OPTIONS
    from brandkit.jobs import execution_name
    from brandkit.revisions import Revision
    from brandkit_local.twin import LocalCloud

    brief = parse_brief(json.loads((ROOT / "docs" / "samples" / "northwind-coffee.json").read_text(encoding="utf-8")))
    with LocalCloud() as cloud:
        cloud.submit(brief, job_id="warmup")
        cloud.wait("warmup", timeout_s=600)
        for run_name, start, wait_for in (
            ("full run", lambda: cloud.submit(brief, job_id="profiled"), "profiled"),
            ("palette-only revision",
             lambda: cloud.revise("profiled", Revision(palette=cloud.store("profiled").load(OPTIONS).palettes[1].id)),
             execution_name("profiled", 2)),
        ):
            profiles.clear()
            walls.clear()
            began = time.perf_counter()
            start()
            assert cloud.wait(wait_for, timeout_s=600)["status"] == "SUCCEEDED", wait_for
            total = time.perf_counter() - began
            print(f"=== {run_name}: {total * 1000:.0f} ms end to end; stages: "
                  + ", ".join(f"{s} {walls[s] * 1000:.0f} ms" for s in walls))
            for stage, profile in profiles.items():
                if args.stage and stage not in args.stage:
                    continue
                out = io.StringIO()
                pstats.Stats(profile, stream=out).sort_stats("cumulative").print_stats(args.top)
                print(f"--- {stage} ({walls[stage] * 1000:.0f} ms)")
                print("\n".join(line for line in out.getvalue().splitlines()[6:] if line.strip()))
    return 0


def _profiled(name: str, run: Callable[..., dict[str, Any]], profiles: dict[str, cProfile.Profile],
              walls: dict[str, float]) -> Callable[..., dict[str, Any]]:
    def profiled(event: dict[str, Any], stores: Any) -> dict[str, Any]:
        profile = cProfile.Profile()
        began = time.perf_counter()
        try:
            return profile.runcall(run, event, stores)
        finally:
            walls[name] = time.perf_counter() - began
            profiles[name] = profile

    profiled.__module__ = run.__module__  # the handler names its stage after the module
    return profiled


if __name__ == "__main__":
    sys.exit(main())
