"""Functions in worker processes, as Lambda runs them: one execution environment (a process) per concurrent
invocation, kept warm and reused for the same function, with the function's timeout and memory enforced.

Workers are forked from a forkserver that has already imported the heavy common modules and built the knowledge
graph (warm.py), so a cold start costs a fork and the handler's own init. A worker reaches
AWS over HTTP (AWS_ENDPOINT_URL: the twin's moto server), because it cannot share the twin's in-process mock.

Limits: at most `limit` invocations run at once (others wait, like a throttled retry) and at most `limit`
environments beyond one per function are kept; a new one past that evicts the least recently used idle
one. The memory size is applied as RLIMIT_DATA (the heap and private mappings a handler can grow), not
RLIMIT_AS: the preloaded libraries map far more address space than they use, so an address-space cap would
fail imports long before Lambda would.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import multiprocessing
import os
import resource
import threading
import time
import uuid
from collections import OrderedDict
from multiprocessing.connection import Connection
from typing import Any

from brandkit_local.twin.runtime import (
    LambdaContext,
    lambda_error_payload,
    load_handler,
    runtime_environment,
    timed_out_payload,
)
from brandkit_local.twin.sam_template import FunctionDef

# A forked worker also re-imports the main script (multiprocessing's rule; 3.11's forkserver cannot preload it),
# so a script that starts a LocalCloud with workers imports the twin inside a function, not at the top.
PRELOAD = ["brandkit_local.twin.workers", "brandkit_local.twin.warm"]
_CONTEXT = None
_CONTEXT_LOCK = threading.Lock()


def _mp_context():
    global _CONTEXT
    with _CONTEXT_LOCK:
        if _CONTEXT is None:
            _CONTEXT = multiprocessing.get_context("forkserver")
            _CONTEXT.set_forkserver_preload(PRELOAD)
        return _CONTEXT


def start_forkserver() -> None:
    """Start the forkserver now, so its preloading overlaps the caller's own start-up (moto's import, seconds)."""
    from multiprocessing import forkserver

    _mp_context()
    forkserver.ensure_running()


class _Environment:
    """One warm worker process for one function."""

    def __init__(self, fn: FunctionDef, name: str, arn: str, environment: dict[str, str]):
        self.name = name
        self.fn = fn
        parent, child = _mp_context().Pipe()
        spec = {"name": name, "code_dir": str(fn.code_dir), "handler": fn.handler, "arn": arn,
                "memory_mb": fn.memory_mb, "environment": environment}
        self.process = _mp_context().Process(target=_serve, args=(child, spec), name=f"lambda-{name}", daemon=True)
        self.process.start()
        child.close()
        self.conn: Connection = parent

    def invoke(self, payload: bytes) -> tuple[bytes, str | None] | None:
        """The handler's answer, or None when it ran past the timeout (the environment is then killed)."""
        self.conn.send((payload, time.time() + self.fn.timeout_s))
        if not self.conn.poll(self.fn.timeout_s):
            self.kill()
            return None
        try:
            return self.conn.recv()
        except EOFError:  # the process died mid-invocation (out of memory, a crash in native code)
            code = self.process.exitcode
            self.kill()
            message = json.dumps(
                {
                    "errorType": "Runtime.ExitError",
                    "errorMessage": f"RequestId: exited before completing the request (exit code {code})",
                }
            )
            return message.encode("utf-8"), "Unhandled"

    def alive(self) -> bool:
        return self.process.is_alive()

    def kill(self) -> None:
        self.signal_kill()
        self.reap()

    def signal_kill(self) -> None:
        with contextlib.suppress(Exception):
            self.process.kill()

    def reap(self) -> None:
        with contextlib.suppress(Exception):
            self.process.join(5)
            self.conn.close()


class WorkerLambdas:
    """The LocalLambdas interface (dispatch, functions, arn_of, invocations) over worker processes."""

    def __init__(self, functions: dict[str, FunctionDef], arn_of: dict[str, str], limit: int):
        self.functions = functions
        self.arn_of = arn_of
        self.limit = max(1, limit)
        self.environment: dict[
            str, str
        ] = {}  # shared settings (region, credentials, endpoint) under each function's own
        self.overrides: dict[str, str] = {}  # the twin's settings over each function's own (log level, dev flags)
        self.invocations: list[tuple[str, float]] = []
        self.cold_starts = 0
        self._slots = threading.BoundedSemaphore(self.limit)
        self._lock = threading.Lock()
        self._idle: OrderedDict[int, _Environment] = OrderedDict()  # least recently used first
        self._count = 0
        self._ids = itertools.count()
        start_forkserver()

    def dispatch(self, name: str, payload: bytes) -> tuple[bytes, str | None]:
        fn = self.functions[name]
        started = time.perf_counter()
        with self._slots:
            env = self._acquire(name)
            answer = env.invoke(payload)
            if answer is None:
                self._discard()
                answer = timed_out_payload(fn.timeout_s), "Unhandled"
            elif env.alive():
                with self._lock:
                    self._idle[next(self._ids)] = env
            else:
                self._discard()
        self.invocations.append((name, time.perf_counter() - started))
        return answer

    def _acquire(self, name: str) -> _Environment:
        with self._lock:
            for key, env in reversed(self._idle.items()):  # the most recently used warm one, as Lambda prefers
                if env.name == name:
                    del self._idle[key]
                    return env
            # Keep one warm environment per function plus `limit` more; past that, retire the least recently used.
            if self._count >= self.limit + len(self.functions) and self._idle:
                _, old = self._idle.popitem(last=False)
                old.kill()
                self._count -= 1
            self._count += 1
            self.cold_starts += 1
        fn = self.functions[name]
        return _Environment(fn, name, self.arn_of[name], {**self.environment, **fn.environment, **self.overrides})

    def _discard(self) -> None:
        with self._lock:
            self._count -= 1

    def close(self) -> None:
        with self._lock:
            envs, self._idle = list(self._idle.values()), OrderedDict()
        for env in envs:  # every one told first, then each waited for: their exits overlap
            env.signal_kill()
        for env in envs:
            env.reap()


def _serve(conn: Connection, spec: dict[str, Any]) -> None:
    """A worker's life: become the function's environment, load the handler once, answer invocations."""
    os.environ.clear()
    os.environ.update(spec["environment"])
    os.environ.update(runtime_environment(spec["name"], spec["code_dir"], spec["handler"], spec["memory_mb"]))
    limit = spec["memory_mb"] * 1024 * 1024
    with contextlib.suppress(ValueError, OSError):
        resource.setrlimit(resource.RLIMIT_DATA, (limit, limit))
    handler = None
    while True:
        try:
            payload, deadline = conn.recv()
        except (EOFError, KeyboardInterrupt):
            return
        context = LambdaContext(function_name=spec["name"], memory_limit_in_mb=spec["memory_mb"],
                                invoked_function_arn=spec["arn"], aws_request_id=str(uuid.uuid4()),
                                deadline=time.monotonic() + (deadline - time.time()))
        try:
            answer: tuple[bytes, str | None]
            if handler is None:  # the init phase: imports the handler's module, as a cold start does
                handler = load_handler(spec["name"], spec["code_dir"], spec["handler"])
            answer = json.dumps(handler(json.loads(payload or b"{}"), context)).encode("utf-8"), None
        except MemoryError as exc:
            answer = (
                json.dumps(
                    {
                        "errorType": "Runtime.OutOfMemory",
                        "errorMessage": str(exc) or f"Runtime exited: memory size {spec['memory_mb']} MB exceeded",
                    }
                ).encode("utf-8"),
                "Unhandled",
            )
        except Exception as exc:  # noqa: BLE001 - reported as Lambda reports it
            answer = lambda_error_payload(exc), "Unhandled"
        try:
            conn.send(answer)
        except (BrokenPipeError, OSError):
            return
