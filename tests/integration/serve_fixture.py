"""Start `brandkit serve` as its own process (one local cloud per process) and talk to it over HTTP."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).parents[2]
BANNER = re.compile(r"Brandkit on (http://\S+) .*S3 at (http://[^;\s]+)")


@dataclass
class Served:
    url: str
    s3_endpoint: str
    process: subprocess.Popen
    output: list[str] = field(default_factory=list)

    def request(self, method: str, path: str, body: Any = None, headers: dict[str, str] | None = None,
                raw: bytes | None = None, timeout: float = 60) -> tuple[int, dict[str, str], Any]:
        data = raw if raw is not None else (json.dumps(body).encode() if body is not None else None)
        hdrs = {"content-type": "application/json"} if body is not None else {}
        hdrs.update(headers or {})
        req = urllib.request.Request(self.url + path, data=data, method=method, headers=hdrs)
        try:
            with urllib.request.urlopen(req, timeout=timeout) as resp:
                status, got, text = resp.status, dict(resp.headers), resp.read()
        except urllib.error.HTTPError as exc:
            status, got, text = exc.code, dict(exc.headers), exc.read()
        got = {k.lower(): v for k, v in got.items()}
        parsed = json.loads(text) if text and "json" in got.get("content-type", "") else text
        return status, got, parsed

    def wait_for(self, job_id: str, timeout_s: float = 240) -> dict[str, Any]:
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            status, _, body = self.request("GET", f"/brands/{job_id}")
            if status == 200 and body["status"] in ("succeeded", "failed"):
                return body
            if status == 429:
                time.sleep(0.5)
            time.sleep(0.5)
        raise TimeoutError(f"job {job_id} did not finish in {timeout_s} s; server said:\n" + "".join(self.output[-40:]))


@contextmanager
def serve(*args: str, env: dict[str, str] | None = None) -> Iterator[Served]:
    process = subprocess.Popen(
        [sys.executable, "-m", "brandkit_local.cli", "serve", "--port", "0", *args],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        env={**os.environ, "BRANDKIT_ROOT": str(ROOT), "PYTHONUNBUFFERED": "1", **(env or {})},
    )
    output: list[str] = []
    try:
        deadline = time.monotonic() + 120
        match = None
        while match is None:
            line = process.stdout.readline()
            if not line:
                raise RuntimeError("brandkit serve exited:\n" + "".join(output))
            output.append(line)
            match = BANNER.search(line)
            if time.monotonic() > deadline:
                raise TimeoutError("brandkit serve did not start")
        threading.Thread(target=lambda: output.extend(process.stdout), daemon=True).start()  # keep the pipe drained
        yield Served(match.group(1), match.group(2), process, output)
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
