"""What Lambda's runtime gives a handler, without moto: the context object, the handler loaded from its
code directory, and the error payload Lambda returns. Worker processes import only this (and the handler)."""

from __future__ import annotations

import importlib.util
import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass
class LambdaContext:
    function_name: str
    memory_limit_in_mb: int
    invoked_function_arn: str
    aws_request_id: str
    deadline: float
    function_version: str = "$LATEST"
    log_group_name: str = ""
    log_stream_name: str = "local"

    def get_remaining_time_in_millis(self) -> int:
        return max(0, int((self.deadline - time.monotonic()) * 1000))


def load_handler(name: str, code_dir: Path, handler: str) -> Callable[[Any, Any], Any]:
    """Import functions/<x>/<module>.py as Lambda does on a cold start and return its handler."""
    module_file, attr = handler.rsplit(".", 1)
    path = Path(code_dir) / f"{module_file.replace('.', '/')}.py"
    spec = importlib.util.spec_from_file_location(f"brandkit_local_fn.{name}", path)
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot load {name}'s handler from {path}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return getattr(module, attr)


def runtime_environment(name: str, code_dir: str, handler: str, memory_mb: int) -> dict[str, str]:
    """The variables Lambda's Python runtime sets in every function's environment, on top of the template's.
    Libraries read them to know they run in Lambda: the X-Ray SDK, without LAMBDA_TASK_ROOT, builds two X-Ray
    clients at import (0.5 s of each cold start on a loaded 2-core machine) for a sampler Lambda never uses."""
    return {
        "AWS_LAMBDA_FUNCTION_NAME": name,
        "AWS_LAMBDA_FUNCTION_VERSION": "$LATEST",
        "AWS_LAMBDA_FUNCTION_MEMORY_SIZE": str(memory_mb),  # brandkit.forked sizes its pool from it
        "AWS_LAMBDA_LOG_GROUP_NAME": f"/aws/lambda/{name}",
        "AWS_EXECUTION_ENV": "AWS_Lambda_python3.11",
        "LAMBDA_TASK_ROOT": code_dir,
        "_HANDLER": handler,
        "AWS_XRAY_CONTEXT_MISSING": "LOG_ERROR",
    }


def lambda_error_payload(exc: BaseException) -> bytes:
    """The payload Lambda returns for an unhandled exception (errorType is what Step Functions sees)."""
    return json.dumps({"errorMessage": str(exc), "errorType": type(exc).__name__}).encode("utf-8")


def timed_out_payload(timeout_s: float) -> bytes:
    return json.dumps({"errorType": "Sandbox.Timedout",
                       "errorMessage": f"Task timed out after {timeout_s} seconds"}).encode("utf-8")
