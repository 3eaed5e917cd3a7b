"""The Brand Knowledge Graph on Amazon Neptune, through gremlinpython.

Authentication is IAM: the websocket handshake carries SigV4 headers signed for the `neptune-db`
service with the function's botocore credentials. One connection per process is opened on first use
and reused by every later Lambda invocation in the same execution environment; when it has died
(an environment frozen for a while) it is re-opened once with a fresh signature.

The traversals are module-level functions of a traversal source, so their Gremlin text can be checked
without a server (gremlin_python's Translator), and the same functions run against Neptune.

Neptune stores one value per property here (lists are kept as JSON text; see `encode_props`).
"""

from __future__ import annotations

import json
import os
import re
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any
from urllib.parse import urlsplit

from gremlin_python.process.graph_traversal import GraphTraversal, GraphTraversalSource, __
from gremlin_python.process.traversal import T

from brandkit.artifacts import Fact
from brandkit.bkg.dataset import DEPICTED_BY, Vertex, dataset
from brandkit.bkg.repository import BrandGraph, Symbol, sort_facts, sort_symbols, symbol_of
from brandkit.errors import TransientStageError
from brandkit.netloc import url_host

SERVICE = "neptune-db"
DEFAULT_PORT = 8182
_REGION_IN_HOST = re.compile(r"\.([a-z]{2}(?:-gov)?-[a-z]+-\d)\.neptune\.amazonaws\.com$")


# Property values ----------------------------------------------------------------------------------

def encode_props(props: dict[str, Any]) -> dict[str, Any]:
    """Lists (synonyms, scripts, OKLCH ranges) as JSON text: one single-cardinality value per key."""
    return {k: json.dumps(v, ensure_ascii=False) if isinstance(v, list | tuple) else v for k, v in props.items()}


@cache
def _list_keys() -> frozenset[str]:
    return frozenset(k for v in dataset().vertices for k, value in v.props.items() if isinstance(value, list))


def decode_props(props: dict[str, Any]) -> dict[str, Any]:
    """The inverse of encode_props for the dataset's list-valued keys."""
    keys = _list_keys()
    return {k: json.loads(v) if k in keys and isinstance(v, str) else v for k, v in props.items()}


# Traversals ---------------------------------------------------------------------------------------

def vertices_traversal(g: GraphTraversalSource, label: str) -> GraphTraversal:
    return g.V().has_label(label).element_map()


def facts_traversal(g: GraphTraversalSource, subjects: Sequence[str], relation: str) -> GraphTraversal:
    return (
        g.V(*subjects)
        .out_e(relation)
        .project("subject", "object", "weight", "source")
        .by(__.out_v().id_())
        .by(__.in_v().id_())
        .by("weight")
        .by("source")
    )


def symbols_traversal(g: GraphTraversalSource, subjects: Sequence[str]) -> GraphTraversal:
    """The depicted_by edges of the subjects with each symbol's properties: one round trip."""
    return (
        g.V(*subjects)
        .out_e(DEPICTED_BY)
        .project("subject", "object", "weight", "source", "symbol")
        .by(__.out_v().id_())
        .by(__.in_v().id_())
        .by("weight")
        .by("source")
        .by(__.in_v().element_map())
    )


def vertex_from_element_map(row: dict[Any, Any]) -> Vertex:
    props = {k: v for k, v in row.items() if isinstance(k, str)}
    return Vertex(id=str(row[T.id]), label=str(row[T.label]), props=decode_props(props))


# Connection ---------------------------------------------------------------------------------------

LOOPBACK = ("localhost", "127.0.0.1", "::1")


@dataclass(frozen=True)
class Endpoint:
    host: str
    port: int = DEFAULT_PORT
    scheme: str = "wss"  # plain ws only for a Gremlin Server on this machine

    @property
    def websocket_url(self) -> str:
        return f"{self.scheme}://{url_host(self.host)}:{self.port}/gremlin"

    @property
    def signing_url(self) -> str:
        # Neptune checks the signature of an HTTPS GET on the same host, port and path.
        return f"https://{self.host}:{self.port}/gremlin"

    @classmethod
    def parse(cls, text: str) -> Endpoint:
        """A host, host:port, or a wss:// / https:// URL, as NEPTUNE_ENDPOINT may hold (ws:// is accepted
        for a loopback Gremlin Server only: credentials never travel unencrypted off the machine)."""
        text = text.strip()
        if not text:
            raise ValueError("the Neptune endpoint is empty")
        parts = urlsplit(text if "://" in text else f"wss://{text}")
        plain_local = parts.scheme == "ws" and parts.hostname in LOOPBACK
        if (parts.scheme not in ("wss", "https") and not plain_local) or not parts.hostname:
            raise ValueError(f"not a Neptune endpoint: {text!r} (want host[:port] or wss://host:port/gremlin)")
        return cls(host=parts.hostname, port=parts.port or DEFAULT_PORT, scheme="ws" if plain_local else "wss")

    def region(self) -> str:
        match = _REGION_IN_HOST.search(self.host)
        region = os.environ.get("AWS_REGION") or os.environ.get("AWS_DEFAULT_REGION") or (match and match.group(1))
        if not region:
            raise ValueError(f"cannot tell the AWS region of {self.host!r}: set AWS_REGION")
        return region


def sigv4_headers(endpoint: Endpoint, credentials: Any = None, region: str | None = None) -> dict[str, str]:
    """The SigV4 headers (Authorization, X-Amz-Date, Host, X-Amz-Security-Token) for the handshake."""
    import botocore.session
    from botocore.auth import SigV4Auth
    from botocore.awsrequest import AWSRequest

    if credentials is None:
        credentials = botocore.session.get_session().get_credentials()
        if credentials is None:
            raise RuntimeError("no AWS credentials found for Neptune IAM authentication")
    request = AWSRequest(method="GET", url=endpoint.signing_url, data=None)
    request.headers["Host"] = f"{endpoint.host}:{endpoint.port}"
    SigV4Auth(credentials.get_frozen_credentials() if hasattr(credentials, "get_frozen_credentials") else credentials,
              SERVICE, region or endpoint.region()).add_auth(request)
    return dict(request.headers.items())


def open_remote(endpoint: Endpoint) -> Any:
    from gremlin_python.driver.driver_remote_connection import DriverRemoteConnection

    # One socket: a Lambda invocation sends one request at a time, and each socket is one signed handshake.
    return DriverRemoteConnection(endpoint.websocket_url, "g", headers=sigv4_headers(endpoint), pool_size=1)


class SharedConnection:
    """One remote connection per endpoint per process, re-opened (re-signed) when it has failed."""

    def __init__(self, opener: Callable[[Endpoint], Any] = open_remote) -> None:
        self._opener = opener
        self._lock = threading.Lock()
        self._remotes: dict[Endpoint, Any] = {}

    def traversal_source(self, endpoint: Endpoint) -> GraphTraversalSource:
        from gremlin_python.process.anonymous_traversal import traversal

        with self._lock:
            remote = self._remotes.get(endpoint)
            if remote is None:
                remote = self._remotes[endpoint] = self._opener(endpoint)
        return traversal().with_remote(remote)

    def discard(self, endpoint: Endpoint) -> None:
        with self._lock:
            remote = self._remotes.pop(endpoint, None)
        if remote is not None:
            try:
                remote.close()
            except Exception:  # noqa: BLE001 - a dead socket may fail to close; it is dropped either way
                pass


CONNECTIONS = SharedConnection()
# Errors after which a fresh connection may succeed: a socket closed while the environment was frozen.
_RECONNECT_ERRORS = (ConnectionError, OSError, RuntimeError, TimeoutError)


class NeptuneGraph(BrandGraph):
    """The graph on Neptune. Vertex lists are cached per instance: the dataset changes only by a load."""

    def __init__(self, endpoint: str | Endpoint | None = None, *, g: GraphTraversalSource | None = None,
                 connections: SharedConnection = CONNECTIONS) -> None:
        if g is None and endpoint is None:
            endpoint = os.environ.get("NEPTUNE_ENDPOINT", "")
        self.endpoint = Endpoint.parse(endpoint) if isinstance(endpoint, str) else endpoint
        self._g = g
        self._connections = connections
        self._vertex_cache: dict[str, list[Vertex]] = {}

    def _run(self, build: Callable[[GraphTraversalSource], GraphTraversal]) -> list[Any]:
        if self._g is not None:
            result: list[Any] = build(self._g).to_list()
            return result
        assert self.endpoint is not None  # __init__ reads one whenever no traversal source is given
        try:
            found: list[Any] = build(self._connections.traversal_source(self.endpoint)).to_list()
            return found
        except _RECONNECT_ERRORS:
            self._connections.discard(self.endpoint)
        try:
            retried: list[Any] = build(self._connections.traversal_source(self.endpoint)).to_list()
            return retried
        except _RECONNECT_ERRORS as exc:
            self._connections.discard(self.endpoint)
            # The state machine retries TransientStageError; the message is what the failure event says.
            raise TransientStageError(
                f"the brand knowledge graph on Neptune ({self.endpoint.host}:{self.endpoint.port}) "
                f"cannot be reached: {exc}"
            ) from exc

    def vertices(self, label: str) -> list[Vertex]:
        if label not in self._vertex_cache:
            rows = self._run(lambda g: vertices_traversal(g, label))
            self._vertex_cache[label] = sorted((vertex_from_element_map(r) for r in rows), key=lambda v: v.id)
        return list(self._vertex_cache[label])

    def facts(self, subjects: Sequence[str], relation: str) -> list[Fact]:
        subjects = list(dict.fromkeys(subjects))
        if not subjects:
            return []
        rows = self._run(lambda g: facts_traversal(g, subjects, relation))
        return sort_facts([
            Fact(subject=str(r["subject"]), relation=relation, object=str(r["object"]),
                 weight=float(r["weight"]), source=str(r["source"]))
            for r in rows
        ])

    def symbols(self, subjects: Sequence[str]) -> list[Symbol]:
        subjects = list(dict.fromkeys(subjects))
        if not subjects:
            return []
        rows = self._run(lambda g: symbols_traversal(g, subjects))
        return sort_symbols([
            symbol_of(vertex_from_element_map(r["symbol"]).props,
                      Fact(subject=str(r["subject"]), relation=DEPICTED_BY, object=str(r["object"]),
                           weight=float(r["weight"]), source=str(r["source"])))
            for r in rows
        ])
