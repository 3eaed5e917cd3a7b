"""Cold start of every Lambda handler: import-and-init of functions/*/app.py in a fresh interpreter.

    python bench/bench_cold_start.py [--runs 3]

Each run is a new `python` process with the function's environment from template.yaml (parameter
defaults; resource names stand in for refs), timing `import app` (module import plus the module-level
init: Powertools objects, clients, caches) — what Lambda's init phase pays on top of the runtime's own
start. Median of --runs. Also fails if a handler pulls in torch (sys.modules checked in the child).
Targets: the API handler < 250 ms, every other CPU handler < 1 s.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

from _report import emit, figure  # noqa: E402

API_TARGET_MS, OTHER_TARGET_MS = 250.0, 1000.0

CHILD = r"""
import json, sys, time
start = time.perf_counter()
import app
init_ms = (time.perf_counter() - start) * 1000
heavy = sorted(m for m in ("torch", "diffusers", "transformers") if m in sys.modules)
print(json.dumps({"init_ms": init_ms, "heavy": heavy, "modules": len(sys.modules)}))
"""


def function_environments() -> dict[str, tuple[Path, dict[str, str]]]:
    """functions/<dir> -> (code dir, environment) as the template defines them."""
    from brandkit.localtwin import sam_template

    template = sam_template.load_template(ROOT / "template.yaml")
    refs = sam_template.parameter_defaults(template)
    refs.update({logical_id: f"brandkit-{logical_id}" for logical_id in template["Resources"]})
    defs = sam_template.functions(template, ROOT, refs)
    return {fn.code_dir.name: (fn.code_dir, fn.environment) for fn in defs.values()}


def cold_start(code_dir: Path, environment: dict[str, str]) -> dict:
    env = {**os.environ, **environment, "AWS_DEFAULT_REGION": "us-east-1", "AWS_REGION": "us-east-1",
           "PYTHONPATH": os.pathsep.join([str(code_dir), str(ROOT / "layers" / "core")])}
    done = subprocess.run([sys.executable, "-c", CHILD], cwd=code_dir, env=env, capture_output=True, text=True,
                          check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    figures, torch_free = [], True
    for name, (code_dir, environment) in sorted(function_environments().items()):
        if not (code_dir / "app.py").is_file():
            continue
        runs = [cold_start(code_dir, environment) for _ in range(args.runs)]
        init = statistics.median(r["init_ms"] for r in runs)
        heavy = sorted({m for r in runs for m in r["heavy"]})
        torch_free &= not heavy
        limit = API_TARGET_MS if name == "api" else OTHER_TARGET_MS
        listed = ", ".join(f"{r['init_ms']:.0f}" for r in runs)
        print(f"{name:<17} import+init median {init:6.0f} ms (runs: {listed}) "
              f"modules {runs[-1]['modules']}" + (f"  HEAVY: {heavy}" if heavy else ""))
        figures.append(figure(f"cold start {name} (import + init)", round(init, 1), "ms", limit))
    figures.append(figure("handlers importing torch/diffusers/transformers", 0 if torch_free else 1, "handlers", 1,
                          target="none"))
    emit("cold_start", figures)
    return 0 if all(f["met"] is not False for f in figures) else 1


if __name__ == "__main__":
    sys.exit(main())
