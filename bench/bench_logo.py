"""Benchmark of the CPU logo engine: every concept, reviewed (target < 300 ms), and the whole logo system
(target < 1 s per kit), plus the social canvases for reference (no target). The profiles carry the
knowledge graph's coffee symbols, so the symbol concepts are made and reviewed too.

Run: python bench/bench_logo.py [--repeat N]
Cold = first call in the process (fonts parsed, caches empty); warm = median of the repeats.
"""

from __future__ import annotations

import argparse
import statistics
import time

from brandkit.bkg import embedded_graph
from brandkit.logo.designer import design_concepts
from brandkit.logo.system import build_logo_system
from brandkit.social import render_social
from brandkit_local import checkout

fixtures = checkout.import_module("tests.unit.logo_fixtures")  # the logo tests' hard names, palette and profile
HARD_NAMES, palette, profile = fixtures.HARD_NAMES, fixtures.palette, fixtures.profile

CASES = [("latin", ["minimal"]), ("long", ["vintage"]), ("cjk", ["tech"]), ("arabic", ["organic"]),
         ("emoji", ["playful"])]
TARGET_CONCEPTS_MS, TARGET_SYSTEM_MS = 300, 1000


def _ms(fn) -> tuple[float, object]:
    start = time.perf_counter()
    out = fn()
    return (time.perf_counter() - start) * 1000, out


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--social", action="store_true", help="also time render_social once per case")
    args = parser.parse_args()
    pal = palette()
    symbols = [s.fact for s in embedded_graph().symbols(["industry:coffee"])]
    print(f"{'name':<8} {'style':<8} {'concepts cold':>14} {'warm':>7} {'system cold':>12} {'warm':>7}"
          + ("  social" if args.social else ""))
    worst_concepts = worst_system = 0.0
    for key, style in CASES:
        prof = profile(HARD_NAMES[key], style=style).model_copy(update={"symbols": symbols})
        cold_c, concepts = _ms(lambda: design_concepts(prof, pal, seed=0))
        warm_c = statistics.median(_ms(lambda: design_concepts(prof, pal, seed=i + 1))[0] for i in range(args.repeat))
        primary = concepts.concepts[0]
        cold_s, system = _ms(lambda: build_logo_system(primary, prof, pal, alternates=concepts.concepts))
        warm_s = statistics.median(
            _ms(lambda: build_logo_system(primary, prof, pal, alternates=concepts.concepts))[0]
            for _ in range(args.repeat))
        line = f"{key:<8} {style[0]:<8} {cold_c:>12.0f}ms {warm_c:>5.0f}ms {cold_s:>10.0f}ms {warm_s:>5.0f}ms"
        if args.social:
            line += f"  {_ms(lambda: render_social(prof, pal, system))[0]:.0f}ms"
        print(line, f"({len(concepts.concepts)} concepts, {len(system.files)} files)")
        worst_concepts = max(worst_concepts, warm_c)
        worst_system = max(worst_system, warm_s)
    ok_c = worst_concepts < TARGET_CONCEPTS_MS
    ok_s = worst_system < TARGET_SYSTEM_MS
    print(
        f"worst warm: all concepts {worst_concepts:.0f} ms"
        f" (target < {TARGET_CONCEPTS_MS}: {'ok' if ok_c else 'MISSED'}),"
        f" logo system {worst_system:.0f} ms (target < {TARGET_SYSTEM_MS}: {'ok' if ok_s else 'MISSED'})"
    )
    return 0 if ok_c and ok_s else 1


if __name__ == "__main__":
    raise SystemExit(main())
