"""The REST API, one Powertools resolver built from the routers of brandkit.api.*.

functions/api/app.py serves it on Lambda behind API Gateway; the local server serves the same app.
"""

from __future__ import annotations

import json
import os
from functools import partial
from typing import Any

from aws_lambda_powertools.event_handler import APIGatewayRestResolver, CORSConfig, Response
from aws_lambda_powertools.event_handler.openapi.exceptions import RequestValidationError

from brandkit import __version__
from brandkit.api import brands, uploads, webhooks
from brandkit.api.guards import BODY_GUARD_RESPONSES, field_errors_response, request_guards
from brandkit.api.language import reader

TITLE = "Brandkit API"
DESCRIPTION = ("Submit a brand brief, follow the run stage by stage, and download the brand kit. "
               "Every request needs an API token as `Authorization: Bearer <token>` (it says which tenant is "
               "calling; tokens are minted with `brandkit tokens create`) and the usage plan's API key in the "
               "X-Api-Key header (throttling and quota only). Error messages (`message`, and `msg` of a "
               "field error) are written in the Accept-Language's language, else the brief's `language`, else "
               "English; status codes, `type` and `loc` stay English.")
ALLOW_HEADERS = ["Content-Type", "Authorization", "X-Api-Key", "Idempotency-Key"]
CORS_MAX_AGE_S = 600


def build_app() -> APIGatewayRestResolver:
    cors = CORSConfig(allow_origin=os.environ.get("CORS_ALLOW_ORIGIN", "*"), allow_headers=ALLOW_HEADERS,
                      max_age=CORS_MAX_AGE_S)
    app = APIGatewayRestResolver(cors=cors, enable_validation=True)
    _guard_before_validation(app)
    app.exception_handler(RequestValidationError)(lambda exc: field_errors_response(exc, reader(app.current_event)))
    app.include_router(brands.router)
    app.include_router(webhooks.router)
    app.include_router(uploads.router)

    @app.get("/openapi.json", include_in_schema=False)
    def openapi_document() -> dict[str, Any]:
        return openapi(app)

    return app


# What API Gateway answers before the function runs (its gateway responses carry {"message": ...}).
GATEWAY_RESPONSES = {
    "401": "Missing, unknown or revoked bearer token (answered by API Gateway's Lambda authorizer)",
    "403": "Missing or unknown X-Api-Key (answered by API Gateway)",
    "429": "Over the usage plan's rate, burst or daily quota (answered by API Gateway)",
}


def openapi(app: APIGatewayRestResolver) -> dict[str, Any]:
    """The OpenAPI 3 document of the app, generated from its routes and models, plus the answers
    API Gateway gives on every operation."""
    _configure_openapi(app)
    document = json.loads(app.get_openapi_json_schema())
    document.setdefault("components", {}).setdefault("schemas", {})["GatewayError"] = {
        "type": "object", "required": ["message"], "properties": {"message": {"type": "string"}}}
    for operations in document.get("paths", {}).values():
        for operation in operations.values():
            responses = operation.setdefault("responses", {})
            # Powertools documents a JSON null for a route returning Response[None]; a 204 has no content at all.
            responses.get("204", {}).pop("content", None)
            for status, description in GATEWAY_RESPONSES.items():
                responses.setdefault(status, _json_response(description, "GatewayError"))
            if "requestBody" in operation:  # request_guards answer these for any route with a body
                for status, description in BODY_GUARD_RESPONSES.items():
                    responses.setdefault(status, _json_response(description, "Problem"))
    result: dict[str, Any] = document
    return result


def _configure_openapi(app: APIGatewayRestResolver) -> None:
    """The document's title and security scheme. Set here, not in build_app: Powertools' OpenAPI models
    (~0.2 s of pydantic model building) are needed only to write the document, which no other route does."""
    from aws_lambda_powertools.event_handler.openapi.models import APIKey, APIKeyIn, HTTPBearer

    app.configure_openapi(
        title=TITLE,
        version=__version__,
        description=DESCRIPTION,
        security_schemes={
            "bearerToken": HTTPBearer(description="API token of a tenant, checked by the Lambda authorizer"),
            "apiKey": APIKey(name="X-Api-Key", in_=APIKeyIn.header,
                             description="API Gateway API key of the usage plan"),
        },
        security=[{"bearerToken": [], "apiKey": []}],  # both at once: one object
    )


def _json_response(description: str, schema: str) -> dict[str, Any]:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{schema}"}}},
    }


def _guard_before_validation(app: APIGatewayRestResolver) -> None:
    """Run request_guards as the outermost middleware of every route.

    Powertools runs its request validation before global middlewares (app.use), so there the guards
    would come too late: a form-encoded POST would get a 422 about missing fields instead of 415, and a
    1 MB body would be parsed before being refused. Validation is itself a middleware the resolver keeps
    on the app; the guards wrap it. tests/integration/test_api_brands.py fails if Powertools moves it.
    """
    validation = getattr(app, "_request_validation_middleware", None)
    if validation is None:
        raise RuntimeError("Powertools no longer keeps _request_validation_middleware; place request_guards anew")

    def guarded_validation(app: APIGatewayRestResolver, next_middleware: Any) -> Response[Any]:
        return request_guards(app, partial(validation, next_middleware=next_middleware))

    # Powertools' private slot, checked to exist above; its declared type is the class it replaces.
    app._request_validation_middleware = guarded_validation  # type: ignore[assignment]
