"""The process's AWS clients: made on first use, one per service, reused across warm Lambda invocations.

Anything else a process builds once around a client (the webhook registry, the idempotent starter)
is declared with `@per_process`, so that `reset()` forgets it together with the clients. Tests call
`reset()` through one pytest fixture (`fresh_clients` in tests/conftest.py) so that clients are made
inside their moto session; nothing else clears caches by hand.
"""

from __future__ import annotations

import functools
import os
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

from brandkit.errors import NotFound

T = TypeVar("T")

_clients: dict[str, Any] = {}
_lock = threading.Lock()  # PublishManifest's fetch threads may ask for the S3 client at the same moment
_per_process: list[Any] = []


def _config(service: str) -> Config | None:
    if service == "s3":
        # Retries cover S3 throttling. SigV4 also for presigned links (botocore still presigns us-east-1 with
        # SigV2 by default). AWS_ENDPOINT_URL_S3 is honoured by boto3 itself, so the local server's links
        # point at its own S3 endpoint.
        return Config(signature_version="s3v4", retries={"max_attempts": 5, "mode": "adaptive"})
    return None


def _make(service: str) -> Any:
    if service == "dynamodb-resource":
        return boto3.resource("dynamodb")
    endpoint = (os.environ.get("BRANDKIT_S3_ENDPOINT") or None) if service == "s3" else None
    # boto3's stubs overload client() per literal service name; the name here is a runtime string.
    make: Callable[..., Any] = boto3.client
    return make(service, endpoint_url=endpoint, config=_config(service))


def client(service: str) -> Any:
    """The boto3 client for `service` ("s3", "stepfunctions", "sns", "sqs"), or "dynamodb-resource"."""
    made = _clients.get(service)
    if made is None:
        with _lock:
            made = _clients.get(service) or _make(service)
            _clients[service] = made
    return made


def s3() -> Any:
    return client("s3")


def sfn() -> Any:
    return client("stepfunctions")


def sns() -> Any:
    return client("sns")


def sqs() -> Any:
    return client("sqs")


def dynamodb() -> Any:
    return client("dynamodb-resource")


def per_process(build: Callable[[], T]) -> Callable[[], T]:
    """Build once per process (like the clients it holds), forgotten by reset()."""
    cached = functools.cache(build)
    _per_process.append(cached)
    return cached


def override(service: str, value: Any) -> None:
    """Use `value` as the process's client for `service` (tests: a client of a given moto session or a stub)."""
    _clients[service] = value


def reset() -> None:
    """Forget every client and everything built around them (a new moto session is a new process)."""
    with _lock:
        _clients.clear()
    for cached in _per_process:
        cached.cache_clear()


# How S3 says "no such object": NoSuchKey/NoSuchVersion from GetObject, a bare 404 from HeadObject.
# (Without s3:ListBucket S3 answers 403 instead; every function that reads a file it may miss can list.)
_MISSING_CODES = frozenset({"NoSuchKey", "NoSuchVersion", "404", "NotFound"})


@contextmanager
def not_found_as(key: str) -> Iterator[None]:
    """S3's "no such object", raised inside the block, as brandkit.errors.NotFound(key); other errors as they are."""
    try:
        yield
    except ClientError as exc:
        if str(exc.response.get("Error", {}).get("Code", "")) in _MISSING_CODES:
            raise NotFound(key) from None
        raise
