"""Issue 9: the API handler's cold start stays lean. `import app` in a fresh interpreter, as Lambda runs it
(its runtime variables set, so Powertools' Tracer is on and patches what it patches), must not load
what the API never uses: the webhook delivery client, the rendering and PDF stack, the GPU stack."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parents[2]
API = ROOT / "functions" / "api"

# httpx: webhooks are delivered by the dispatcher, never by the API; requests/sqlite3: what a plain
# Tracer() (patch_all) would import; the rest belong to other functions' layers.
FORBIDDEN = ("httpx", "requests", "sqlite3", "anthropic", "reportlab", "PIL", "networkx", "gremlin_python",
             "fontTools", "uharfbuzz", "numpy", "torch", "brandkit.webhooks.delivery",
             "aws_lambda_powertools.event_handler.openapi.models")


def loaded_by_import(code_dir: Path, **extra_env: str) -> set[str]:
    env = {**os.environ, "AWS_DEFAULT_REGION": "us-east-1", "LAMBDA_TASK_ROOT": str(code_dir),
           "AWS_LAMBDA_FUNCTION_NAME": "brandkit-api", "AWS_EXECUTION_ENV": "AWS_Lambda_python3.11",
           "PYTHONPATH": os.pathsep.join([str(code_dir), str(ROOT / "layers" / "core")]), **extra_env}
    env.pop("POWERTOOLS_TRACE_DISABLED", None)  # the Tracer on, as in Lambda
    done = subprocess.run([sys.executable, "-c", "import app, sys, json; print(json.dumps(sorted(sys.modules)))"],
                          cwd=code_dir, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    return set(json.loads(done.stdout.strip().splitlines()[-1]))


def test_api_import_loads_nothing_it_never_uses():
    modules = loaded_by_import(API)
    assert "app" in modules and "brandkit.api" in modules  # the import really ran the handler
    assert "aws_xray_sdk.ext.botocore.patch" in modules  # tracing of AWS calls kept (brandkit.tracing)
    loaded = sorted(name for name in FORBIDDEN if name in modules)
    assert loaded == [], f"the API handler imports {loaded} at cold start"


def test_webhook_names_still_load_on_first_use():
    code = ("import sys, brandkit.webhooks as w; before = 'httpx' in sys.modules; w.deliver; w.TargetRefused; "
            "print(before, 'httpx' in sys.modules, w.Endpoint is __import__('brandkit.webhooks.endpoint', "
            "fromlist=['x']).Endpoint)")
    env = {**os.environ, "PYTHONPATH": str(ROOT / "layers" / "core")}
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60)
    assert done.stdout.split() == ["False", "True", "True"], done.stderr[-2000:]
