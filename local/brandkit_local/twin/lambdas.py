"""Run the real handlers in functions/<name>/app.py the way Lambda would: one warm module per
function, a context object, the function's timeout, and Lambda's error payload on failure."""

from __future__ import annotations

import json
import threading
import time
import uuid
from typing import Any

from brandkit_local.twin.runtime import (
    LambdaContext,
    lambda_error_payload,
    load_handler,
    timed_out_payload,
)
from brandkit_local.twin.sam_template import FunctionDef

__all__ = ["LambdaContext", "LocalLambdas"]


class LocalLambdas:
    """Functions by physical name, each loaded once (a warm container) on first invoke.

    A container handles one invocation at a time, as on Lambda: handlers keep per-request state at
    module level (Powertools' resolver holds the current event), so two requests in one module at once
    would see each other's. Lambda would start a second container; the twin has one per function, so
    invocations of the same function queue, and different functions run side by side.
    """

    def __init__(self, functions: dict[str, FunctionDef], arn_of: dict[str, str]):
        self.functions = functions  # physical name -> definition
        self.arn_of = arn_of
        self._handlers: dict[str, Any] = {}
        self._lock = threading.Lock()
        self._busy: dict[str, threading.Lock] = {}
        self.invocations: list[tuple[str, float]] = []  # (function, seconds), for timings and tests

    def handler(self, name: str):
        with self._lock:
            if name not in self._handlers:
                fn = self.functions[name]
                self._handlers[name] = load_handler(name, fn.code_dir, fn.handler)
            return self._handlers[name]

    def dispatch(self, name: str, payload: bytes) -> tuple[bytes, str | None]:
        with self._lock:
            busy = self._busy.setdefault(name, threading.Lock())
        with busy:
            return self._invoke(name, payload)

    def _invoke(self, name: str, payload: bytes) -> tuple[bytes, str | None]:
        fn = self.functions[name]
        event = json.loads(payload or b"{}")
        context = LambdaContext(
            function_name=name,
            memory_limit_in_mb=fn.memory_mb,
            invoked_function_arn=self.arn_of[name],
            aws_request_id=str(uuid.uuid4()),
            deadline=time.monotonic() + fn.timeout_s,
        )
        outcome: dict[str, Any] = {}

        def call() -> None:
            try:
                outcome["result"] = self.handler(name)(event, context)
            except Exception as exc:  # noqa: BLE001 - reported as Lambda reports it
                outcome["error"] = exc

        started = time.perf_counter()
        # A thread so the function's timeout can be enforced; a timed-out call is abandoned, as Lambda does.
        worker = threading.Thread(target=call, name=f"lambda-{name}", daemon=True)
        worker.start()
        worker.join(fn.timeout_s)
        self.invocations.append((name, time.perf_counter() - started))
        if worker.is_alive():
            return timed_out_payload(fn.timeout_s), "Unhandled"
        if "error" in outcome:
            return lambda_error_payload(outcome["error"]), "Unhandled"
        return json.dumps(outcome.get("result")).encode("utf-8"), None
