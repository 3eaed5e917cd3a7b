"""Palette stage timings with the embedded Brand Knowledge Graph.

    python bench/bench_palette.py [--repeat 15]

Prints, as medians over the sample briefs of tests/unit/test_palette_samples.py (wall-clock time, and the
process's CPU time beside it: on a shared machine the CPU time is what a dedicated Lambda would see):
- graph load: building the dataset from its JSON files and the font catalog, and the networkx graph
  (what a cold process pays once; module imports are reported separately);
- profile: build_profile with the graph loaded and font cmaps read (warm);
- palette stage, warm: what the Palette stage computes, the run's palette options (palette_options, each a
  whole palette), in a warm process with the colour caches emptied before each run, i.e. the cost of a
  new brand (target: under 50 ms); and again with the caches of a previous identical run;
- one palette: build_palette alone (the first option), caches emptied.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

PALETTE_TARGET_MS = 50.0
LOAD_TARGET_MS = 100.0


def _ms(start: float) -> float:
    return (time.perf_counter() - start) * 1000


def _timed(fn, repeat: int, before=None) -> tuple[float, float]:
    """Median wall and CPU milliseconds of fn() over `repeat` runs (`before` runs untimed before each)."""
    wall, cpu = [], []
    for _ in range(repeat):
        if before:
            before()
        w, c = time.perf_counter(), time.process_time()
        fn()
        cpu.append((time.process_time() - c) * 1000)
        wall.append(_ms(w))
    return statistics.median(wall), statistics.median(cpu)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()

    start = time.perf_counter()
    from brandkit import colour as shared_colour
    from brandkit.bkg import dataset as ds
    from brandkit.bkg.embedded import EmbeddedGraph
    from brandkit.palette import access, build_palette, colour, palette_options
    from brandkit.profile import build_profile
    import_ms = _ms(start)

    from brandkit_local import checkout

    samples = checkout.import_module("tests.unit.test_palette_samples")
    SAMPLES, sample_brief = samples.SAMPLES, samples.sample_brief  # noqa: N806 - the module's names

    def clear_dataset():
        ds.dataset.cache_clear()

    load, load_cpu = _timed(lambda: EmbeddedGraph(ds.dataset()), args.repeat, clear_dataset)
    graph = EmbeddedGraph(ds.dataset())

    caches = (colour.fit_hex, colour.tone_of, shared_colour.luminance, access.seen_as)

    def clear_colour_caches():
        for cache in caches:
            cache.cache_clear()

    rows = []
    for key in SAMPLES:
        brief = sample_brief(key)
        profile = build_profile(brief, graph)  # first use reads the font cmaps the choice needs
        prof = _timed(lambda: build_profile(brief, graph), args.repeat)
        new_brand = _timed(lambda: palette_options(profile, graph=graph), args.repeat, clear_colour_caches)
        repeat = _timed(lambda: palette_options(profile, graph=graph), args.repeat)
        one = _timed(lambda: build_palette(profile, graph=graph), args.repeat, clear_colour_caches)
        rows.append((prof, new_brand, repeat, one))
        print(f"  {key:<11} profile {prof[0]:6.1f} ms   options {new_brand[0]:6.1f} ms (cpu {new_brand[1]:5.1f} ms)"
              f"   repeat with caches {repeat[0]:5.1f} ms   one palette {one[0]:5.1f} ms")

    palette = statistics.median(r[1][0] for r in rows)
    palette_cpu = statistics.median(r[1][1] for r in rows)
    worst = max(rows, key=lambda r: r[1][0])[1]
    print(f"imports (pydantic, networkx, coloraide, fontTools, brandkit): {import_ms:.0f} ms, once per process")
    print(f"graph load (dataset + networkx): median {load:.1f} ms (cpu {load_cpu:.1f} ms); "
          f"target well under {LOAD_TARGET_MS:.0f} ms")
    print(f"profile, warm: median {statistics.median(r[0][0] for r in rows):.1f} ms")
    print(f"palette stage, warm: median {palette:.1f} ms (cpu {palette_cpu:.1f} ms), worst brief {worst[0]:.1f} ms "
          f"(cpu {worst[1]:.1f} ms); target under {PALETTE_TARGET_MS:.0f} ms; "
          f"with caches of an identical run {statistics.median(r[2][0] for r in rows):.1f} ms")
    print(f"one palette (build_palette), warm: median {statistics.median(r[3][0] for r in rows):.1f} ms")
    ok = palette < PALETTE_TARGET_MS and load < LOAD_TARGET_MS
    print("within targets" if ok else "OVER TARGET")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
