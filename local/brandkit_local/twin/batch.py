"""Run the real Batch worker (gpu-jobs/) for a submitted job, in-process, as its container would."""

from __future__ import annotations

import importlib
import inspect
import os
import signal
import sys
import threading
from pathlib import Path
from typing import Any
from unittest import mock

HOST_EC2_TERMINATED = "Host EC2 (instance i-local) terminated."


class SpotReclaimed(Exception):
    """Raised by a test or fault injector to play a spot reclaim during an attempt."""


class LocalBatch:
    def __init__(self, gpu_jobs_dir: Path, environment: dict[str, str] | None = None):
        self.gpu_jobs_dir = gpu_jobs_dir
        self.environment = environment or {}  # twin-only settings, e.g. MODEL_DIR of a tiny pipeline
        self.attempts: list[tuple[list[str], bool, str]] = []
        self._stop = threading.Event()  # what the container's SIGTERM handler would set
        self._running = 0
        self._idle = threading.Condition()

    def stop(self, grace_s: float = 30) -> bool:
        """Stop running attempts as `docker stop` would (the worker stops between denoising steps) and wait up to
        grace_s for them to end; True when none is running. Later attempts stop at once."""
        self._stop.set()
        with self._idle:
            return self._idle.wait_for(lambda: self._running == 0, grace_s)

    def run_attempt(
        self, container: dict[str, Any], parameters: dict[str, str], overrides: dict[str, Any]
    ) -> tuple[bool, str]:
        argv = [_substitute(arg, parameters) for arg in overrides.get("command") or container.get("command", [])]
        env = {e["name"]: e["value"] for e in container.get("environment", [])}
        env.update({e["name"]: e["value"] for e in overrides.get("environment", [])})
        env.update(self.environment)
        if argv[:2] != ["python", "-m"] or len(argv) < 3:
            return False, f"CannotStartContainerError: command {argv[:3]} is not 'python -m <module>'"
        if str(self.gpu_jobs_dir) not in sys.path:
            sys.path.insert(0, str(self.gpu_jobs_dir))
        with self._idle:
            self._running += 1
        try:
            main = importlib.import_module(f"{argv[2]}.__main__").main
            # In a container the worker is PID 1's main thread and installs a SIGTERM handler for spot
            # reclaims; here it runs on the interpreter's thread, where signal.signal() is refused.
            # Spot reclaims are played by raising SpotReclaimed instead (see the moto bridge tests).
            with mock.patch.dict(os.environ, env), mock.patch("signal.signal", _keep_handler):
                # The stop event stands in for SIGTERM (docker stop) where the entrypoint takes one.
                stop = {"stop": self._stop} if "stop" in inspect.signature(main).parameters else {}
                code = main(argv[3:], **stop)
        except SpotReclaimed:
            code, reason = None, HOST_EC2_TERMINATED
        except Exception as exc:  # noqa: BLE001 - the container would crash with this
            code, reason = 1, f"Essential container in task exited: {type(exc).__name__}: {exc}"
        else:
            reason = "Essential container in task exited" if code else ""
        finally:
            with self._idle:
                self._running -= 1
                self._idle.notify_all()
        self.attempts.append((argv, code == 0, reason))
        return code == 0, reason


def _keep_handler(signum, handler):
    return signal.getsignal(signum)


def _substitute(arg: str, parameters: dict[str, str]) -> str:
    # Batch replaces a whole argument "Ref::name" with the job parameter's value.
    if arg.startswith("Ref::") and arg[5:] in parameters:
        return parameters[arg[5:]]
    return arg
