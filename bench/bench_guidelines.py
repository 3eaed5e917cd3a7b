"""Benchmark: build the guidelines PDF for a Latin, a CJK and an Arabic kit; print cold and warm times and size.

    python bench/bench_guidelines.py [--runs 5]

Cold is the first build in the process (fonts parsed and registered); warm is the median of the next runs,
which is what a warm Lambda pays. Target: warm under 500 ms, file under 3 MB.
"""

from __future__ import annotations

import argparse
import statistics
import time

from brandkit.guidelines import build_guidelines_pdf
from brandkit_local import checkout

fixtures = checkout.import_module("tests.unit.guidelines_fixtures")  # the guidelines tests' kits, one a script
SCRIPT_KITS, guidelines_input = fixtures.SCRIPT_KITS, fixtures.guidelines_input



def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    try:
        from reportlab.lib.rl_accel import fp_str

        accel = "C" if type(fp_str).__name__ == "builtin_function_or_method" else "pure Python"
    except ImportError:
        accel = "unknown"
    print(f"reportlab number formatting: {accel} (pip install rl-accel for the C version)")
    for name, kwargs in SCRIPT_KITS.items():
        doc = guidelines_input(**kwargs)
        start = time.perf_counter()
        pdf = build_guidelines_pdf(doc)
        cold = time.perf_counter() - start
        warm = []
        for _ in range(args.runs):
            start = time.perf_counter()
            pdf = build_guidelines_pdf(doc)
            warm.append(time.perf_counter() - start)
        print(f"{name:7} cold {cold * 1000:6.0f} ms   warm median {statistics.median(warm) * 1000:5.0f} ms "
              f"(min {min(warm) * 1000:.0f})   size {len(pdf) / 1e6:.2f} MB")


if __name__ == "__main__":
    main()
