"""End-to-end kits in the local twin (embedded graph, vector engine), and each handler on a warm call.

    python bench/bench_workflow.py [--kits 5] [--concurrent 6] [--json docs/bench_workflow.json]

- per kit: median wall time from submit to SUCCEEDED, after one warm-up kit in the same cloud
  (target < 1.5 s); kits per minute with --concurrent submissions at once (target >= 60);
- state transitions per kit: StateEntered events in the execution history (Step Functions bills
  these; target <= 15);
- per stage: the manifest's timings_ms of the warm kits (median), and each Lambda's invocation
  seconds as the twin measured them (the cost model reads these from the --json file);
- per handler: peak Python memory (tracemalloc) of a warm call fed its events/ sample under moto,
  as tests/integration/test_handlers.py does (a lower bound of RSS: C allocations are not traced).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
import tracemalloc
from collections import defaultdict
from pathlib import Path
from unittest import mock

ROOT = Path(__file__).resolve().parents[1]

from _report import emit, figure, machine  # noqa: E402

PIPELINE = ["validate_brief", "design_logo", "palette", "rationale", "render_assets", "guidelines",
            "publish_manifest", "record_failure"]
SAMPLES = sorted((ROOT / "docs" / "samples").glob("*.json"))
TARGET_KIT_S, TARGET_KPM, TARGET_TRANSITIONS = 1.5, 60.0, 15


def _brief(i: int):
    from brandkit.brief import parse_brief

    return parse_brief(json.loads(SAMPLES[i % len(SAMPLES)].read_text()))


def _kit(cloud, job_id: str, i: int) -> float:
    start = time.perf_counter()
    cloud.submit(_brief(i), job_id=job_id)
    status = cloud.wait(job_id, poll_s=0.02)
    elapsed = time.perf_counter() - start
    if status["status"] != "SUCCEEDED":
        raise RuntimeError(f"{job_id} ended {status['status']}")
    return elapsed


def run_workflow(kits: int, concurrent: int) -> dict:
    from brandkit_local.twin import LocalCloud

    with LocalCloud() as cloud:
        _kit(cloud, "bench-warmup", 0)
        warm_from = len(cloud.lambdas.invocations)
        walls, transitions, stage_ms = [], [], defaultdict(list)
        kit_bytes, kit_objects = [], []
        for i in range(kits):
            job_id = f"bench-seq-{i}"
            walls.append(_kit(cloud, job_id, i))
            transitions.append(sum(1 for e in cloud.history(job_id) if e["type"].endswith("StateEntered")))
            files = cloud.kit_files(job_id)
            kit_bytes.append(sum(len(b) for b in files.values()))
            kit_objects.append(len(files))
            for stage, ms in json.loads(files["manifest.json"])["timings_ms"].items():
                stage_ms[stage].append(ms)
        lambda_s = defaultdict(list)
        for name, seconds in cloud.lambdas.invocations[warm_from:]:
            lambda_s[name].append(seconds)

        # N at once: submit all, then wait for each; throughput = N / time until the last one is done.
        start = time.perf_counter()
        ids = [f"bench-par-{i}" for i in range(concurrent)]
        for i, job_id in enumerate(ids):
            cloud.submit(_brief(i), job_id=job_id)
        for job_id in ids:
            if cloud.wait(job_id, poll_s=0.05)["status"] != "SUCCEEDED":
                raise RuntimeError(f"{job_id} failed")
        batch_s = time.perf_counter() - start
    return {
        "kit_wall_s": walls,
        "median_kit_s": statistics.median(walls),
        "concurrent": concurrent,
        "concurrent_batch_s": batch_s,
        "kits_per_minute": concurrent / batch_s * 60,
        "transitions_per_kit": max(transitions),
        "stage_ms": {k: statistics.median(v) for k, v in stage_ms.items()},
        "lambda_s": {k: statistics.median(v) for k, v in lambda_s.items()},
        "lambda_calls_per_kit": {k: len(v) / kits for k, v in lambda_s.items()},
        "kit_bytes": statistics.median(kit_bytes),
        "kit_objects": statistics.median(kit_objects),
    }


def handler_memory() -> dict[str, dict[str, float]]:
    """Peak traced memory and time of each handler's second (warm) call on its sample event."""
    import boto3
    from moto import mock_aws

    from brandkit_local import checkout
    from brandkit_local.twin.lambdas import LambdaContext

    bucket = "brandkit-local-kits"
    env = {"AWS_DEFAULT_REGION": "us-east-1", "KIT_BUCKET": bucket, "POWERTOOLS_TRACE_DISABLED": "true",
           "POWERTOOLS_METRICS_DISABLED": "true", "LOGO_ENGINE": "vector", "POWERTOOLS_LOG_LEVEL": "WARNING"}
    out = {}
    with mock.patch.dict(os.environ, env), mock_aws():
        s3 = boto3.client("s3")
        s3.create_bucket(Bucket=bucket)
        s3.put_object(Bucket=bucket, Key="tenants/default/kits/job-sample/brief.json",
                      Body=(ROOT / "docs" / "samples" / "northwind-coffee.json").read_bytes())
        # PublishManifest reads the sample event's execution history (stage timings, cost): give it one.
        pass_state_machine = checkout.import_module("tests.integration.api_fixtures").pass_state_machine
        boto3.client("stepfunctions").start_execution(stateMachineArn=pass_state_machine(), name="job-sample",
                                                      input="{}")
        for name in PIPELINE:
            module = checkout.handler(name, f"bench_{name}")
            event = json.loads((ROOT / "events" / f"{name}.json").read_text())
            ctx = LambdaContext(function_name=name, memory_limit_in_mb=1024, aws_request_id="req-1",
                                invoked_function_arn=f"arn:aws:lambda:us-east-1:123456789012:function:{name}",
                                deadline=time.monotonic() + 120)
            module.lambda_handler(event, ctx)  # cold call: imports, caches
            start = time.perf_counter()
            module.lambda_handler(event, ctx)
            warm_ms = (time.perf_counter() - start) * 1000
            tracemalloc.start()
            module.lambda_handler(event, ctx)
            peak = tracemalloc.get_traced_memory()[1]
            tracemalloc.stop()
            out[name] = {"warm_ms": warm_ms, "peak_mib": peak / 2**20}
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kits", type=int, default=5, help="sequential warm kits to time")
    parser.add_argument("--concurrent", type=int, default=6, help="kits submitted at once for the throughput figure")
    parser.add_argument("--json", type=Path, help="also write the measurements here (the cost model reads it)")
    args = parser.parse_args()

    wf = run_workflow(args.kits, args.concurrent)
    print(f"kit, warm: median {wf['median_kit_s']:.2f} s over {args.kits} "
          f"({', '.join(f'{s:.2f}' for s in wf['kit_wall_s'])})")
    print(f"{args.concurrent} at once: {wf['concurrent_batch_s']:.2f} s -> {wf['kits_per_minute']:.0f} kits/min")
    print(f"state transitions per kit: {wf['transitions_per_kit']}")
    print("stage timings (manifest, median ms): "
          + ", ".join(f"{k} {v:.0f}" for k, v in wf["stage_ms"].items()))
    mem = handler_memory()
    for name, row in mem.items():
        print(f"  {name:<17} warm {row['warm_ms']:7.0f} ms   peak traced {row['peak_mib']:6.1f} MiB")

    record = {"machine": machine(), **wf, "handlers": mem}
    if args.json:
        args.json.write_text(json.dumps(record, indent=2) + "\n")
    figures = [
        figure("kit wall time, warm (median)", round(wf["median_kit_s"], 3), "s", TARGET_KIT_S),
        figure(f"kits per minute, {args.concurrent} at once", round(wf["kits_per_minute"], 1), "kits/min",
               TARGET_KPM, below=False),
        figure("state transitions per kit", wf["transitions_per_kit"], "transitions", TARGET_TRANSITIONS + 1,
               target=f"<= {TARGET_TRANSITIONS}"),
    ]
    figures += [
        figure(f"stage {k} (manifest timing, warm median)", round(v, 1), "ms") for k, v in wf["stage_ms"].items()
    ]
    for name, row in mem.items():
        figures.append(figure(f"handler {name}: warm call", round(row["warm_ms"], 1), "ms"))
        figures.append(figure(f"handler {name}: peak traced memory", round(row["peak_mib"], 1), "MiB"))
    emit("workflow", figures)
    return 0 if all(f["met"] is not False for f in figures) else 1


if __name__ == "__main__":
    sys.exit(main())
