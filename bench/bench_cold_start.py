"""Cold start of every Lambda handler: import-and-init of functions/*/app.py as Lambda would run it.

    python bench/bench_cold_start.py [--runs 3] [--only api ...] [--layers-dir DIR]

The layers are built as `sam build` builds them (layers/build_layer.py: pruned, CPython 3.11 byte-code;
into --layers-dir, reused when already there) and each function's are merged as Lambda merges them into
/opt/python. Each run is a new `python -I -S -B` process - no site-packages, no byte-code written, as on
Lambda's read-only /opt - whose path is the function's folder, its merged layers and the AWS SDK (standing
in for the runtime's), with the function's environment from template.yaml (parameter defaults; resource
names stand in for refs) plus the variables the Lambda runtime sets (LAMBDA_TASK_ROOT,
AWS_LAMBDA_FUNCTION_NAME, credentials...), timing `import app` (module import plus the module-level init:
Powertools objects, clients, caches) - what Lambda's init phase pays on top of the runtime's own start.
The runtime variables matter: Powertools' Tracer and the X-Ray SDK behave as on Lambda only with them.
Median of --runs. Also fails if a handler pulls in torch (sys.modules checked in the child).
Targets: the API handler < 250 ms, every other CPU handler < 1 s.

A second API figure, "cold import + first request", times the import and then the first request
(events/api_post_brands.json, POST /brands without its Idempotency-Key) in the same fresh process,
its AWS calls answered by a moto server in this process over HTTP. Work moved from init into the
first request shows there: that figure has no target of its own, it is what a caller waits for.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from _report import emit, figure

from brandkit_local import checkout

ROOT = Path(__file__).resolve().parents[1]
build_layer = checkout.load_file("layers/build_layer.py", "build_layer")

API_TARGET_MS, OTHER_TARGET_MS = 250.0, 1000.0

CHILD = r"""
import json, os, sys, time
sys.path[:0] = json.loads(sys.argv[1])
start = time.perf_counter()
import app
init_ms = (time.perf_counter() - start) * 1000
heavy = sorted(m for m in ("torch", "diffusers", "transformers") if m in sys.modules)
modules = len(sys.modules)
first_ms = None
if os.environ.get("BENCH_FIRST_EVENT"):
    class Context:  # what Powertools reads of Lambda's context object
        function_name, memory_limit_in_mb, aws_request_id = "api", 512, "bench-1"
        invoked_function_arn = "arn:aws:lambda:us-east-1:123456789012:function:api"
        def get_remaining_time_in_millis(self):
            return 15000
    event = json.loads(os.environ["BENCH_FIRST_EVENT"])
    response = app.lambda_handler(event, Context())
    first_ms = (time.perf_counter() - start) * 1000
    if response["statusCode"] != 202:
        sys.exit(f"first request answered {response['statusCode']}: {response['body']}")
print(json.dumps({"init_ms": init_ms, "first_ms": first_ms, "heavy": heavy, "modules": modules}))
"""

# What the Lambda runtime adds to every function's environment (values stand in for the real ones).
LAMBDA_RUNTIME = {"AWS_EXECUTION_ENV": "AWS_Lambda_python3.11", "AWS_LAMBDA_FUNCTION_MEMORY_SIZE": "1024",
                  "AWS_LAMBDA_FUNCTION_VERSION": "$LATEST", "_HANDLER": "app.lambda_handler",
                  "AWS_XRAY_CONTEXT_MISSING": "LOG_ERROR", "AWS_ACCESS_KEY_ID": "bench",
                  "AWS_SECRET_ACCESS_KEY": "bench", "AWS_SESSION_TOKEN": "bench",
                  "_X_AMZN_TRACE_ID": "Root=1-65f0c2a1-3f1e2d4c5b6a79808a9b0c1d;Parent=53995c3f42cd8ad8;Sampled=1"}


def function_environments() -> dict[str, tuple[Path, dict[str, str], list[str]]]:
    """functions/<dir> -> (code dir, environment, layers) as the template defines them."""
    from brandkit_local.twin import sam_template

    template = sam_template.load_template(ROOT / "template.yaml")
    refs = sam_template.parameter_defaults(template)
    refs.update({logical_id: f"brandkit-{logical_id}" for logical_id in template["Resources"]})
    defs = sam_template.functions(template, ROOT, refs)
    return {fn.code_dir.name: (fn.code_dir, fn.environment, fn.layers) for fn in defs.values()}


def lambda_paths(layers_dir: Path, functions: dict) -> dict[str, list[str]]:
    """functions/<dir> -> [its folder, its /opt/python, the runtime's SDK]: builds the layers that are missing."""
    wanted = {name for _, _, layers in functions.values() for name in layers}
    missing = {name for name in wanted if not (layers_dir / name / "python").is_dir()}
    if missing:
        print(f"building {', '.join(sorted(missing))} into {layers_dir} (build_layer.py, a few minutes)", flush=True)
        build_layer.build_all(missing, layers_dir)
    runtime = build_layer.stand_in_runtime(layers_dir / "runtime")
    paths = {}
    for name, (code_dir, _, layers) in functions.items():
        opt = layers_dir / "opt" / name / "python"
        if not opt.is_dir():
            build_layer.merge([layers_dir / layer / "python" for layer in layers], opt)
        paths[name] = [str(code_dir), str(opt), str(runtime)]
    return paths


def cold_start(
    code_dir: Path, environment: dict[str, str], path: list[str], extra: dict[str, str] | None = None
) -> dict:
    env = {**environment, **LAMBDA_RUNTIME, "AWS_DEFAULT_REGION": "us-east-1", "AWS_REGION": "us-east-1",
           "LAMBDA_TASK_ROOT": str(code_dir), "AWS_LAMBDA_FUNCTION_NAME": f"brandkit-{code_dir.name}",
           "PATH": os.environ.get("PATH", ""), **(extra or {})}
    done = subprocess.run([sys.executable, "-I", "-S", "-B", "-c", CHILD, json.dumps(path)], cwd=code_dir, env=env,
                          capture_output=True, text=True)
    if done.returncode:
        raise SystemExit(f"{code_dir.name} did not start:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def first_request_environment(server_url: str, environment: dict[str, str]) -> dict[str, str]:
    """A bucket, the jobs table and a one-state machine in the moto server; the child's AWS calls go to it."""
    import boto3

    from brandkit_local.twin import sam_template

    clients = {name: boto3.client(name, endpoint_url=server_url, region_name="us-east-1",
                                  aws_access_key_id="bench", aws_secret_access_key="bench")
               for name in ("s3", "iam", "stepfunctions", "dynamodb")}
    clients["s3"].create_bucket(Bucket=environment["KIT_BUCKET"])
    # POST /brands records the job as its tenant's in the jobs table (brandkit.job_records).
    jobs = sam_template.load_template(ROOT / "template.yaml")["Resources"]["JobsTable"]["Properties"]
    clients["dynamodb"].create_table(TableName=environment["JOBS_TABLE"], KeySchema=jobs["KeySchema"],
                                     AttributeDefinitions=jobs["AttributeDefinitions"], BillingMode=jobs["BillingMode"],
                                     GlobalSecondaryIndexes=jobs["GlobalSecondaryIndexes"])
    role = clients["iam"].create_role(RoleName="bench-role", AssumeRolePolicyDocument="{}")["Role"]["Arn"]
    machine = clients["stepfunctions"].create_state_machine(
        name="bench-brand-kit", roleArn=role,
        definition=json.dumps({"StartAt": "Done", "States": {"Done": {"Type": "Pass", "End": True}}}))
    event = json.loads((ROOT / "events" / "api_post_brands.json").read_text(encoding="utf-8"))
    for headers in (event["headers"], event["multiValueHeaders"]):
        headers.pop("Idempotency-Key")  # the keyed path also needs the jobs table (DynamoDB)
    return {"AWS_ENDPOINT_URL": server_url, "STATE_MACHINE_ARN": machine["stateMachineArn"],
            "BENCH_FIRST_EVENT": json.dumps(event)}


def api_first_request(code_dir: Path, environment: dict[str, str], path: list[str], runs: int) -> list[dict]:
    import logging

    from moto.server import ThreadedMotoServer

    logging.getLogger("werkzeug").setLevel(logging.ERROR)  # no line per request
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    try:
        host, port = server.get_host_and_port()
        extra = first_request_environment(f"http://{host}:{port}", environment)
        return [cold_start(code_dir, environment, path, extra) for _ in range(runs)]
    finally:
        server.stop()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--only", nargs="+", metavar="NAME", help="just these functions/<NAME> (default: all)")
    parser.add_argument(
        "--layers-dir", type=Path, help="where the built layers are or go (default: a temporary folder)"
    )
    args = parser.parse_args()
    functions = {name: f for name, f in function_environments().items() if not args.only or name in args.only}
    with tempfile.TemporaryDirectory(prefix="brandkit-layers-") as tmp:
        return measure(functions, lambda_paths((args.layers_dir or Path(tmp)).resolve(), functions), args.runs)


def measure(functions: dict, paths: dict[str, list[str]], runs_per_function: int) -> int:
    figures, torch_free = [], True
    for name, (code_dir, environment, _) in sorted(functions.items()):
        runs = [cold_start(code_dir, environment, paths[name]) for _ in range(runs_per_function)]
        init = statistics.median(r["init_ms"] for r in runs)
        heavy = sorted({m for r in runs for m in r["heavy"]})
        torch_free &= not heavy
        limit = API_TARGET_MS if name == "api" else OTHER_TARGET_MS
        listed = ", ".join(f"{r['init_ms']:.0f}" for r in runs)
        print(f"{name:<17} import+init median {init:6.0f} ms (runs: {listed}) "
              f"modules {runs[-1]['modules']}" + (f"  HEAVY: {heavy}" if heavy else ""))
        figures.append(figure(f"cold start {name} (import + init)", round(init, 1), "ms", limit))
        if name == "api":
            first_runs = api_first_request(code_dir, environment, paths[name], runs_per_function)
            first = statistics.median(r["first_ms"] for r in first_runs)
            listed = ", ".join(f"{r['first_ms']:.0f}" for r in first_runs)
            print(f"{'api':<17} cold import + first request (POST /brands) median {first:6.0f} ms (runs: {listed})")
            figures.append(figure("cold start api (import + first request, POST /brands)", round(first, 1), "ms",
                                  note="moto server over HTTP answers the AWS calls"))
    figures.append(figure("handlers importing torch/diffusers/transformers", 0 if torch_free else 1, "handlers", 1,
                          target="none"))
    emit("cold_start", figures)
    return 0 if all(f["met"] is not False for f in figures) else 1


if __name__ == "__main__":
    sys.exit(main())
