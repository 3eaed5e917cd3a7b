"""Checks every request passes before any route sees it, and the last word on anything unexpected."""

from __future__ import annotations

import base64
import binascii
from typing import Any

from aws_lambda_powertools import Logger
from aws_lambda_powertools.event_handler import Response, content_types
from aws_lambda_powertools.event_handler.exceptions import BadRequestError, RequestEntityTooLargeError, ServiceError
from aws_lambda_powertools.event_handler.openapi.exceptions import (
    RequestUnsupportedContentType,
    RequestValidationError,
    ResponseValidationError,
)

from brandkit.api.language import reader
from brandkit.api.tenant import request_tenant
from brandkit.brief import MAX_BRIEF_BYTES
from brandkit.field_errors import message
from brandkit.i18n import Translator

MAX_BODY_BYTES = MAX_BRIEF_BYTES  # the largest body any route takes is a brief
logger = Logger(service="brandkit")

# What Powertools turns into its own answers (4xx with a JSON body); everything else is a bug here: 500.
_ANSWERED = (ServiceError, RequestValidationError, ResponseValidationError, RequestUnsupportedContentType)


# The answers request_guards gives, as the OpenAPI document lists them on every operation with a body.
BODY_GUARD_RESPONSES = {
    "400": "The body is not UTF-8 (or is marked base64 and is not)",
    "413": f"The body is larger than {MAX_BODY_BYTES // 1024} KiB",
    "415": "The body is not application/json",
}


class UnsupportedMediaTypeError(ServiceError):
    def __init__(self, msg: str) -> None:
        super().__init__(415, msg)


def request_guards(app: Any, next_middleware: Any) -> Response[Any]:
    """401 without a tenant, 413 for a body over MAX_BODY_BYTES, 415 for a body that is not JSON, 500 (logged,
    no trace) for a bug. The tenant comes first: a caller the authorizer did not vouch for learns nothing about
    the request's shape."""
    event = app.current_event
    request_tenant(event)
    body = _decoded_body(event.body, event.is_base64_encoded, event)
    if body:
        if len(body) > MAX_BODY_BYTES:
            too_large = reader(event).gettext("the request body is {size} bytes; the limit is {limit}")
            raise RequestEntityTooLargeError(too_large.format(size=len(body), limit=MAX_BODY_BYTES))
        media_type = (event.headers.get("content-type") or "").split(";")[0].strip().lower()
        if media_type != content_types.APPLICATION_JSON:
            t = reader(event)
            raise UnsupportedMediaTypeError(
                t.gettext("Content-Type must be application/json, not {media_type}").format(media_type=media_type)
                if media_type else t.gettext("Content-Type must be application/json; the request has none"))
        try:
            body.decode("utf-8")
        except UnicodeDecodeError:
            raise BadRequestError(reader(event).gettext("the request body is not UTF-8 encoded JSON")) from None
    try:
        response: Response[Any] = next_middleware(app)
        return response
    except _ANSWERED:
        raise
    except Exception:
        logger.exception("unexpected error answering %s %s", event.http_method, event.path)
        return Response(status_code=500, content_type=content_types.APPLICATION_JSON,
                        body={"statusCode": 500, "message": reader(event).gettext("internal error")})


def _decoded_body(body: str | None, is_base64: bool, event: Any) -> bytes:
    if not body:
        return b""
    if not is_base64:
        return body.encode("utf-8")
    if len(body) > 2 * MAX_BODY_BYTES:  # no need to decode what is too large whatever it holds
        raise RequestEntityTooLargeError(reader(event).gettext("the request body is over {limit} bytes")
                                         .format(limit=MAX_BODY_BYTES))
    try:
        return base64.b64decode(body, validate=True)
    except (binascii.Error, ValueError):
        message = reader(event).gettext("the request body is marked base64 but is not valid base64")
        raise BadRequestError(message) from None


def field_errors_response(exc: RequestValidationError, t: Translator) -> Response[Any]:
    """422 naming each field and what is wrong with it (Powertools' default leaves out the message), the
    message in the reader's language (brandkit.field_errors). The offending input is never echoed: it may be
    large or hostile."""
    detail = [{"loc": list(err.get("loc", ())), "type": err.get("type", "value_error"), "msg": message(err, t)}
              for err in exc.errors()]
    return Response(status_code=422, content_type=content_types.APPLICATION_JSON,
                    body={"statusCode": 422, "detail": detail})
