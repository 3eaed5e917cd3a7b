"""The EC2 spot interruption notice and the host's instance type, from the instance metadata service (IMDSv2).

Two minutes before EC2 reclaims a spot instance, `spot/instance-action` starts answering 200 (404 until then).
The watcher polls it and sets the worker's stop event, so the worker stops at its next safe point with every
finished candidate checkpointed in S3 and exits with EXIT_SPOT_NOTICE, which the job definition retries. The
container must reach IMDS: a bridge-networked container is one hop further than the host, so the instance's
metadata hop limit must be 2 or more (not verified on AWS from here). Off EC2 the first request fails and the
watcher stops quietly.
"""

from __future__ import annotations

import logging
import threading
import urllib.error
import urllib.request
from dataclasses import dataclass

log = logging.getLogger("sdxl_worker")
_TIMEOUT_S = 1.0


@dataclass(frozen=True)
class Host:
    instance_type: str | None  # e.g. g4dn.xlarge; None off EC2
    lifecycle: str | None  # "spot" or "on-demand"


class Imds:
    def __init__(self, endpoint: str):
        self.endpoint = endpoint.rstrip("/")
        self._token: str | None = None
        self.reachable = True  # False after the first failed request: off EC2 nobody asks again

    def _request(self, method: str, path: str, headers: dict[str, str]) -> urllib.request.Request:
        return urllib.request.Request(f"{self.endpoint}{path}", method=method, headers=headers)

    def token(self) -> str:
        if self._token is None:
            request = self._request("PUT", "/latest/api/token", {"X-aws-ec2-metadata-token-ttl-seconds": "21600"})
            with urllib.request.urlopen(request, timeout=_TIMEOUT_S) as response:  # noqa: S310 - fixed http endpoint
                self._token = response.read().decode()
        return self._token

    def get(self, path: str) -> str | None:
        """The metadata value, or None when it does not exist (404)."""
        request = self._request("GET", f"/latest/meta-data/{path}", {"X-aws-ec2-metadata-token": self.token()})
        try:
            with urllib.request.urlopen(request, timeout=_TIMEOUT_S) as response:  # noqa: S310
                return response.read().decode()
        except urllib.error.HTTPError as exc:
            if exc.code == 404:
                return None
            raise

    def host(self) -> Host:
        try:
            return Host(self.get("instance-type"), self.get("instance-life-cycle"))
        except (OSError, urllib.error.URLError):
            self.reachable = False
            return Host(None, None)


class SpotNoticeWatcher:
    """Polls spot/instance-action every `interval_s`; on a notice sets `notice` and the worker's `stop`."""

    def __init__(self, imds: Imds, stop: threading.Event, interval_s: float):
        self.imds, self.stop, self.interval_s = imds, stop, interval_s
        self.notice = threading.Event()
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._run, name="spot-notice", daemon=True)

    def __enter__(self) -> SpotNoticeWatcher:
        if self.interval_s > 0:
            self._thread.start()
        return self

    def __exit__(self, *_exc) -> None:
        self._done.set()
        if self._thread.is_alive():
            self._thread.join(timeout=_TIMEOUT_S * 3)

    def _run(self) -> None:
        while self.imds.reachable and not self._done.is_set():
            try:
                action = self.imds.get("spot/instance-action")
            except (OSError, urllib.error.URLError) as exc:
                self.imds.reachable = False
                log.info("no instance metadata, not watching for spot notices", extra={"problem": str(exc)})
                return
            if action is not None:
                log.warning("spot interruption notice", extra={"instance_action": action})
                self.notice.set()
                self.stop.set()
                return
            self._done.wait(self.interval_s)
