"""Revisions (issue 15): how long a revision takes beside a full run, through the local twin.

    python bench/bench_revisions.py [--runs 3]

For one sample brief: a full run (version 1), then a palette-only revision and a concept-only revision,
each timed from start to a finished execution (median over --runs brands). Target: a palette-only revision
under half the time of a full run (it runs no logo stage and reuses the profile's work).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

from _report import emit, figure

ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()

    from brandkit.brief import parse_brief
    from brandkit.job_files import CONCEPTS, OPTIONS
    from brandkit.jobs import execution_name
    from brandkit.revisions import Revision
    from brandkit_local.twin import LocalCloud

    brief = parse_brief(json.loads((ROOT / "docs" / "samples" / "northwind-coffee.json").read_text(encoding="utf-8")))
    full, palette_only, concept_only = [], [], []
    with LocalCloud() as cloud:
        def timed(start, name: str) -> float:
            began = time.perf_counter()
            start()
            assert cloud.wait(name, timeout_s=600)["status"] == "SUCCEEDED", name
            return time.perf_counter() - began

        cloud.submit(brief, job_id="warmup")  # the first run pays for imports in every function
        cloud.wait("warmup", timeout_s=600)
        for i in range(args.runs):
            job = f"bench-{i}"
            full.append(timed(lambda: cloud.submit(brief, job_id=job), job))
            second = cloud.store(job).load(OPTIONS).palettes[1].id
            palette_only.append(timed(lambda: cloud.revise(job, Revision(palette=second)), execution_name(job, 2)))
            concepts = cloud.store(job, 2).load(CONCEPTS)
            other = next(c.id for c in concepts.concepts if c.id != concepts.primary)
            concept_only.append(timed(lambda: cloud.revise(job, Revision(concept=other)), execution_name(job, 3)))
    f, p, c = (statistics.median(x) * 1000 for x in (full, palette_only, concept_only))
    print(f"full run {f:.0f} ms, palette-only revision {p:.0f} ms ({p / f:.0%}), concept-only revision {c:.0f} ms "
          f"({c / f:.0%}); medians over {args.runs} brands")
    emit("revisions", [
        figure("full run (version 1)", round(f), "ms"),
        figure("palette-only revision / full run", round(p / f, 2), "ratio", 0.5, note=f"{p:.0f} ms"),
        figure("concept-only revision / full run", round(c / f, 2), "ratio", note=f"{c:.0f} ms"),
    ])
    return 0 if p < f / 2 else 1


if __name__ == "__main__":
    sys.exit(main())
