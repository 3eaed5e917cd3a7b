"""`brandkit serve`: the REST API and the web page on a local HTTP server, over the local twin.

The server is API Gateway's stand-in, not a second API: it matches the request against the resources
the template gives the API function, builds the same REST proxy event, invokes the real handler in
functions/api through the twin (warm module, timeout), and writes back its response. What API Gateway
answers itself is reproduced from the template: API-key check, usage-plan throttling (429), the
payload limit (413), CORS preflight. Everything else under / is the static web page in web/.
"""

from __future__ import annotations

import base64
import hashlib
import json
import logging
import mimetypes
import re
import threading
import time
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

from brandkit.tenants import DEFAULT_TENANT
from brandkit_local.twin import sam_template
from brandkit_local.twin.cloud import LocalCloud

log = logging.getLogger(__name__)

API_GATEWAY_PAYLOAD_LIMIT = 10 * 1024 * 1024  # REST APIs refuse larger requests before any Lambda runs
STAGE = "v1"


@dataclass(frozen=True)
class Route:
    resource: str  # "/brands/{id}"
    method: str  # "GET"
    pattern: re.Pattern[str]


def api_routes(template: dict[str, Any], function: str = "ApiFunction") -> list[Route]:
    """The API function's Api events, as API Gateway resources."""
    events = template["Resources"][function]["Properties"].get("Events", {})
    routes = []
    for event in events.values():
        if event.get("Type") != "Api":
            continue
        resource, method = event["Properties"]["Path"], event["Properties"]["Method"].upper()
        regex = re.sub(r"\\\{(\w+)\\\}", r"(?P<\1>[^/]+)", re.escape(resource))
        routes.append(Route(resource, method, re.compile(f"^{regex}$")))
    return routes


def _unquoted(value: str) -> str:
    return value.strip("'")


@dataclass(frozen=True)
class GatewaySettings:
    """What API Gateway does before the function runs, read from the BrandkitApi resource."""

    rate: float
    burst: int
    cors: dict[str, str]

    @classmethod
    def from_template(cls, template: dict[str, Any], refs: dict[str, str]) -> GatewaySettings:
        api = next(res["Properties"] for res in template["Resources"].values()
                   if res["Type"] == "AWS::Serverless::Api")
        throttle = api["Auth"]["UsagePlan"]["Throttle"]
        cors = api.get("Cors", {})
        names = {"AllowOrigin": "access-control-allow-origin", "AllowHeaders": "access-control-allow-headers",
                 "AllowMethods": "access-control-allow-methods", "MaxAge": "access-control-max-age"}
        headers = {header: _unquoted(sam_template.resolve(cors[key], refs) or "")
                   for key, header in names.items() if key in cors}
        return cls(rate=float(sam_template.resolve_required(throttle["RateLimit"], refs, "RateLimit")),
                   burst=int(sam_template.resolve_required(throttle["BurstLimit"], refs, "BurstLimit")), cors=headers)


class TokenBucket:
    """API Gateway's usage-plan throttle: `rate` requests a second on average, bursts up to `burst`."""

    def __init__(self, rate: float, burst: int):
        self.rate, self.burst = rate, burst
        self._tokens: dict[str, float] = {}
        self._stamp: dict[str, float] = {}
        self._lock = threading.Lock()

    def allow(self, key: str) -> bool:
        with self._lock:
            now = time.monotonic()
            tokens = min(self.burst, self._tokens.get(key, self.burst) + (now - self._stamp.get(key, now)) * self.rate)
            self._stamp[key] = now
            if tokens < 1:
                self._tokens[key] = tokens
                return False
            self._tokens[key] = tokens - 1
            return True


class _Listener(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 256  # the stdlib's 5 resets connections as soon as a few dozen clients connect at once


class LocalServer:
    def __init__(self, cloud: LocalCloud, *, host: str = "127.0.0.1", port: int = 8000, api_key: str | None = None,
                 web_dir: Path | None = None, rate: float | None = None, burst: int | None = None):
        self.cloud = cloud
        self.api_key = api_key
        self.web_dir = (web_dir or cloud.root / "web").resolve()
        self.routes = api_routes(cloud.template)
        self.gateway = GatewaySettings.from_template(cloud.template, cloud.refs)
        # The usage plan's throttle from the template, unless overridden (fuzzing, load runs)
        self.throttle = TokenBucket(rate or self.gateway.rate, burst or self.gateway.burst)
        self.api_function = cloud.function_name("ApiFunction")
        self.httpd = _Listener((host, port), _handler_for(self))

    @property
    def url(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host.decode() if isinstance(host, bytes) else host}:{port}"

    def serve_forever(self) -> None:
        self.httpd.serve_forever(poll_interval=0.2)

    def start(self) -> LocalServer:
        threading.Thread(target=self.serve_forever, name="brandkit-serve", daemon=True).start()
        return self

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    # -- API Gateway's part ------------------------------------------------------------------
    def match(self, method: str, path: str) -> tuple[Route, dict[str, str]] | None:
        for route in self.routes:
            found = route.pattern.match(path)
            if found and route.method == method:
                return route, {k: unquote(v) for k, v in found.groupdict().items()}
        return None

    def methods_at(self, path: str) -> set[str]:
        """The methods the API has on this path; empty when the path is not an API resource."""
        return {r.method for r in self.routes if r.pattern.match(path)}

    def api_key_id(self, headers: dict[str, str]) -> str | None:
        """None when the request must be refused; in development mode (no key configured) every caller is
        'local-dev'."""
        if self.api_key is None:
            return "local-dev"
        given = headers.get("x-api-key", "")
        if not given or not _same(given, self.api_key):
            return None
        return "local-" + hashlib.sha256(self.api_key.encode()).hexdigest()[:12]

    def proxy_event(self, route: Route, path_params: dict[str, str], method: str, path: str, query: str,
                    headers: list[tuple[str, str]], body: bytes, api_key_id: str, source_ip: str) -> dict[str, Any]:
        single: dict[str, str] = {}
        multi: dict[str, list[str]] = {}
        for name, value in headers:
            single[name] = value  # API Gateway keeps the last value, in the sender's case
            multi.setdefault(name, []).append(value)
        pairs = parse_qsl(query, keep_blank_values=True)
        qs_multi: dict[str, list[str]] = {}
        for name, value in pairs:
            qs_multi.setdefault(name, []).append(value)
        try:
            text, encoded = body.decode("utf-8"), False
        except UnicodeDecodeError:
            text, encoded = base64.b64encode(body).decode("ascii"), True
        return {
            "resource": route.resource,
            "path": path,
            "httpMethod": method,
            "headers": single or None,
            "multiValueHeaders": multi or None,
            "queryStringParameters": {k: v[-1] for k, v in qs_multi.items()} or None,
            "multiValueQueryStringParameters": qs_multi or None,
            "pathParameters": path_params or None,
            "stageVariables": None,
            "requestContext": {
                "resourcePath": route.resource, "httpMethod": method, "path": f"/{STAGE}{path}", "stage": STAGE,
                "requestId": str(uuid.uuid4()), "requestTimeEpoch": int(time.time() * 1000),
                "accountId": "123456789012", "apiId": "local", "protocol": "HTTP/1.1",
                "identity": {"sourceIp": source_ip, "apiKeyId": api_key_id, "userAgent": single.get("User-Agent")},
                # Development mode's one tenant, as the authorizer's context carries it on AWS (brandkit.api.tenant).
                "authorizer": {"tenant": DEFAULT_TENANT},
            },
            "body": text if body else None,
            "isBase64Encoded": encoded,
        }

    def invoke(self, event: dict[str, Any]) -> tuple[int, list[tuple[str, str]], bytes]:
        payload, error = self.cloud.lambdas.dispatch(self.api_function, json.dumps(event).encode("utf-8"))
        if error:  # what API Gateway answers when the integration fails
            log.error("API function failed: %s", payload[:500])
            return 502, [("content-type", "application/json")], b'{"message": "Internal server error"}'
        response = json.loads(payload)
        headers = [(k, str(v)) for k, v in (response.get("headers") or {}).items()]
        for name, values in (response.get("multiValueHeaders") or {}).items():
            headers.extend((name, str(v)) for v in values)
        body = response.get("body") or ""
        data = base64.b64decode(body) if response.get("isBase64Encoded") else body.encode("utf-8")
        return int(response.get("statusCode", 200)), headers, data


def _same(a: str, b: str) -> bool:
    return hashlib.sha256(a.encode()).digest() == hashlib.sha256(b.encode()).digest()


def _handler_for(server: LocalServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        server_version = "brandkit-serve"

        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the stdlib's signature
            log.info("%s %s", self.address_string(), format % args)

        def do_GET(self) -> None:  # noqa: N802
            self._dispatch("GET")

        def do_HEAD(self) -> None:  # noqa: N802
            self._dispatch("HEAD")

        def do_POST(self) -> None:  # noqa: N802
            self._dispatch("POST")

        def do_PUT(self) -> None:  # noqa: N802
            self._dispatch("PUT")

        def do_PATCH(self) -> None:  # noqa: N802
            self._dispatch("PATCH")

        def do_DELETE(self) -> None:  # noqa: N802
            self._dispatch("DELETE")

        def do_OPTIONS(self) -> None:  # noqa: N802
            self._dispatch("OPTIONS")

        def _dispatch(self, method: str) -> None:
            parts = urlsplit(self.path)
            path = parts.path or "/"
            length = self._content_length()
            if length is None:
                return
            if length > API_GATEWAY_PAYLOAD_LIMIT:
                self._discard(length)  # so the client sees the answer rather than a reset while it still sends
                self.close_connection = True
                return self._json(413, {"message": "Request Too Long"})
            body = self.rfile.read(length) if length else b""
            is_api_path = bool(server.methods_at(path))
            if method == "OPTIONS" and is_api_path:
                return self._send(204, list(server.gateway.cors.items()), b"")
            api_method = "GET" if method == "HEAD" else method
            matched = server.match(api_method, path)
            if matched is None:
                if api_method == "GET" and not is_api_path:
                    return self._static(path, head=method == "HEAD")
                return self._no_route(method, path)
            api_key_id = server.api_key_id({k.lower(): v for k, v in self.headers.items()})
            if api_key_id is None:
                return self._json(403, {"message": "Forbidden"})
            if not server.throttle.allow(api_key_id):
                return self._json(429, {"message": "Too Many Requests"})
            route, params = matched
            event = server.proxy_event(route, params, api_method, path, parts.query,
                                       list(self.headers.items()), body, api_key_id, self.client_address[0])
            status, headers, data = server.invoke(event)
            self._send(status, headers, b"" if method == "HEAD" else data)

        def __getattr__(self, name: str) -> Any:
            if name.startswith("do_"):  # TRACE, CONNECT, anything else: answered, never a 501 page
                return lambda: self._no_route(name[3:], urlsplit(self.path).path)
            raise AttributeError(name)

        def _no_route(self, method: str, path: str) -> None:
            allowed = sorted(server.methods_at(path))
            if not allowed:
                return self._json(404, {"message": f"no {method} {path}"})
            self.close_connection = True  # the body, if any, was not read
            self._json(405, {"message": f"{method} is not allowed on {path}"},
                       [("allow", ", ".join(allowed + ["OPTIONS"]))])

        def _content_length(self) -> int | None:
            raw = self.headers.get("Content-Length", "0") or "0"
            if self.headers.get("Transfer-Encoding"):
                self.close_connection = True
                self._json(411, {"message": "Length Required"})
                return None
            try:
                length = int(raw)
            except ValueError:
                length = -1
            if length < 0:
                self.close_connection = True
                self._json(400, {"message": "Content-Length must be a non-negative integer"})
                return None
            return length

        def _discard(self, length: int) -> None:
            left = min(length, 2 * API_GATEWAY_PAYLOAD_LIMIT)
            while left > 0:
                chunk = self.rfile.read(min(left, 1 << 16))
                if not chunk:
                    break
                left -= len(chunk)

        def _static(self, path: str, head: bool) -> None:
            relative = unquote(path).lstrip("/") or "index.html"
            target = (server.web_dir / relative).resolve()
            if not target.is_relative_to(server.web_dir) or not target.is_file():
                return self._json(404, {"message": f"no file {path}"})
            kind = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
            data = target.read_bytes()
            headers = [("content-type", kind), ("cache-control", "no-cache"),
                       ("x-content-type-options", "nosniff")]
            self._send(200, headers, b"" if head else data, length=len(data))

        def _json(self, status: int, body: dict[str, Any], extra: Sequence[tuple[str, str]] = ()) -> None:
            headers = [("content-type", "application/json"), *extra]
            origin = server.gateway.cors.get("access-control-allow-origin")
            if origin:  # the template's gateway responses carry CORS on API Gateway's own errors
                headers.append(("access-control-allow-origin", origin))
            self._send(status, headers, json.dumps(body).encode("utf-8"))

        def _send(self, status: int, headers: list[tuple[str, str]], data: bytes, length: int | None = None) -> None:
            self.send_response(status, HTTPStatus(status).phrase if status in HTTPStatus._value2member_map_ else "")
            for name, value in headers:
                if name.lower() not in ("content-length", "connection", "transfer-encoding"):
                    self.send_header(name, value)
            self.send_header("content-length", str(len(data) if length is None else length))
            if self.close_connection:
                self.send_header("connection", "close")
            self.end_headers()
            if data:
                self.wfile.write(data)

    return Handler
