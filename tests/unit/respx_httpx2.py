"""Teach respx to mock httpx2, the HTTP client the anthropic SDK (1.0 and later) uses.

respx patches `httpx`; anthropic moved to its fork `httpx2`, so a plain `respx.mock` never
sees the SDK's requests (and `httpx2.alias_httpx()` cannot help once respx's pytest plugin
has imported httpx). This mocker patches httpx2's own transports instead, at the same
place respx patches httpcore: the SDK, its retries and its timeouts all run for real and
only the bytes on the wire are faked. Use it as `respx.mock(using="httpx2")`.
"""

from __future__ import annotations

import httpx
import httpx2
from respx.mocks import AbstractRequestMocker


def _to_httpx2_error(exc: httpx.HTTPError, request: httpx2.Request) -> Exception:
    # respx raises httpx's exception classes (side_effect=httpx.ReadTimeout); the SDK catches httpx2's.
    kind = getattr(httpx2, type(exc).__name__, httpx2.TransportError)
    return kind(str(exc) or type(exc).__name__, request=request)


class HTTPX2Mocker(AbstractRequestMocker):
    name = "httpx2"
    targets = ["httpx2.HTTPTransport", "httpx2.AsyncHTTPTransport"]
    target_methods = ["handle_request", "handle_async_request"]

    @classmethod
    def to_httpx_request(cls, **kwargs):
        request: httpx2.Request = kwargs["request"]
        return httpx.Request(
            request.method,
            str(request.url),
            headers=request.headers.raw,
            content=request.read(),
            extensions=request.extensions,
        )

    @classmethod
    def _send_sync_request(cls, httpx_request, *, target_spec, instance, **kwargs):
        try:
            return super()._send_sync_request(httpx_request, target_spec=target_spec, instance=instance, **kwargs)
        except httpx.HTTPError as exc:
            raise _to_httpx2_error(exc, kwargs["request"]) from None

    @classmethod
    async def _send_async_request(cls, httpx_request, *, target_spec, instance, **kwargs):
        try:
            return await super()._send_async_request(
                httpx_request, target_spec=target_spec, instance=instance, **kwargs
            )
        except httpx.HTTPError as exc:
            raise _to_httpx2_error(exc, kwargs["request"]) from None

    @classmethod
    def from_sync_httpx_response(cls, httpx_response, target, **kwargs):
        return httpx2.Response(
            status_code=httpx_response.status_code,
            headers=httpx_response.headers.raw,
            content=httpx_response.read(),
            request=kwargs["request"],
        )

    @classmethod
    async def from_async_httpx_response(cls, httpx_response, target, **kwargs):
        return httpx2.Response(
            status_code=httpx_response.status_code,
            headers=httpx_response.headers.raw,
            content=await httpx_response.aread(),
            request=kwargs["request"],
        )
