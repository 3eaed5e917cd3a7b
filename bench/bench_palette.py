"""Palette stage timings with the embedded Brand Knowledge Graph.

    python bench/bench_palette.py [--repeat 15]

Prints, as medians over the sample briefs of tests/unit/test_palette_samples.py:
- graph load: building the dataset from its JSON files and the font catalog, and the networkx graph
  (what a cold process pays once; module imports are reported separately);
- profile: build_profile with the graph loaded and font cmaps read (warm);
- palette, warm: build_palette in a warm process with the colour caches emptied before each run, i.e.
  the cost of a new brand (target: under 50 ms); and again with the caches of a previous identical run.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "unit"))

PALETTE_TARGET_MS = 50.0
LOAD_TARGET_MS = 100.0


def _ms(start: float) -> float:
    return (time.perf_counter() - start) * 1000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()

    start = time.perf_counter()
    from brandkit.bkg import dataset as ds
    from brandkit.bkg.embedded import EmbeddedGraph
    from brandkit.palette import access, build_palette, colour
    from brandkit.profile import build_profile
    import_ms = _ms(start)

    from test_palette_samples import SAMPLES, sample_brief

    loads = []
    for _ in range(args.repeat):
        ds.dataset.cache_clear()
        start = time.perf_counter()
        graph = EmbeddedGraph(ds.dataset())
        loads.append(_ms(start))

    caches = (colour.fit_hex, colour.tone_of, colour.luminance, access.seen_as)
    profile_ms, cold_ms, warm_ms = [], [], []
    for key in SAMPLES:
        brief = sample_brief(key)
        build_profile(brief, graph)  # first use reads the font cmaps the choice needs
        runs = []
        for _ in range(args.repeat):
            start = time.perf_counter()
            profile = build_profile(brief, graph)
            runs.append(_ms(start))
        profile_ms.append(statistics.median(runs))
        runs = []
        for _ in range(args.repeat):
            for cache in caches:
                cache.cache_clear()
            start = time.perf_counter()
            build_palette(profile, graph=graph)
            runs.append(_ms(start))
        cold_ms.append(statistics.median(runs))
        runs = []
        for _ in range(args.repeat):
            start = time.perf_counter()
            build_palette(profile, graph=graph)
            runs.append(_ms(start))
        warm_ms.append(statistics.median(runs))
        print(f"  {key:<11} profile {profile_ms[-1]:6.1f} ms   palette {cold_ms[-1]:6.1f} ms "
              f"(repeat with caches {warm_ms[-1]:5.1f} ms)")

    load = statistics.median(loads)
    palette = statistics.median(cold_ms)
    print(f"imports (pydantic, networkx, coloraide, fontTools, brandkit): {import_ms:.0f} ms, once per process")
    print(f"graph load (dataset + networkx): median {load:.1f} ms, max {max(loads):.1f} ms "
          f"(target well under {LOAD_TARGET_MS:.0f} ms)")
    print(f"profile, warm: median {statistics.median(profile_ms):.1f} ms")
    print(f"palette stage, warm: median {palette:.1f} ms, worst brief {max(cold_ms):.1f} ms "
          f"(target under {PALETTE_TARGET_MS:.0f} ms); with caches of an identical run {statistics.median(warm_ms):.1f} ms")
    ok = palette < PALETTE_TARGET_MS and load < LOAD_TARGET_MS
    print("within targets" if ok else "OVER TARGET")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
