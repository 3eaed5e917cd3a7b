"""The /webhooks routes: register, list and delete the caller's tenant's webhook endpoints (another tenant's
id answers 404 like an unknown one; events reach only the endpoints of their own tenant).

The URL is checked by the SSRF guard at registration (and again at every delivery); a refusal is a
422 field error on ["body", "url"] that says why. The signing secret is in the 201 answer only. The routes'
messages are in the reader's language (brandkit.api.language); the guard's own reason stays English (it is the
same text the dispatcher logs at delivery).
"""

from __future__ import annotations

from typing import Any, Literal

from aws_lambda_powertools.event_handler import Response, content_types
from aws_lambda_powertools.event_handler.api_gateway import Router
from aws_lambda_powertools.event_handler.exceptions import NotFoundError
from pydantic import BaseModel, ConfigDict, Field

from brandkit.api.language import reader
from brandkit.api.models import invalid, problem
from brandkit.api.tenant import request_tenant
from brandkit.i18n import Translator
from brandkit.webhooks.registry import registry_from_env
from brandkit.webhooks.ssrf import TargetRefused

router = Router()

NO_CONTROL_CHARACTERS = r"^[^\x00-\x1f\x7f]*$"


class WebhookIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    url: str = Field(min_length=1, max_length=2048, description="https URL that receives signed POSTs of every event.")
    description: str | None = Field(default=None, max_length=200, pattern=NO_CONTROL_CHARACTERS)


class Webhook(BaseModel):
    id: str = Field(examples=["wh_6f1c0e5d2b8a4f0e9c3d7b1a5e2f8c4d"])
    url: str
    description: str | None
    status: Literal["active", "failing", "disabled"] = Field(
        description="failing: the last delivery gave up (still receives events); disabled: the receiver answered 410")
    created_at: str


class WebhookCreated(Webhook):
    secret: str = Field(description="whsec_<base64>: verifies webhook-signature (Standard Webhooks). Shown only here.")


class WebhookList(BaseModel):
    webhooks: list[Webhook]


@router.post("/webhooks", responses={
    201: {"description": "Registered; the secret is shown this once.",
          "content": {content_types.APPLICATION_JSON: {"model": WebhookCreated}}},
    422: invalid("A malformed body, or a URL the SSRF guard refuses (the msg says why)."),
})
def create_webhook(webhook: WebhookIn) -> Response[dict[str, Any]]:
    """Register an endpoint: every brand.kit.* event is POSTed to it, signed with its secret."""
    try:
        endpoint = registry_from_env().register(webhook.url, webhook.description, tenant=_tenant())
    except TargetRefused as refused:
        t = _t()
        msg = t.gettext("webhook URL refused: {reason}").format(reason=refused.said.say(t))
        error = {"loc": ["body", "url"], "type": "value_error", "msg": msg}
        return Response(status_code=422, content_type=content_types.APPLICATION_JSON,
                        body={"statusCode": 422, "detail": [error]})
    return Response(status_code=201, content_type=content_types.APPLICATION_JSON,
                    body=WebhookCreated.model_validate(endpoint.model_dump()).model_dump(mode="json"))


@router.get("/webhooks")
def list_webhooks() -> WebhookList:
    """The caller's endpoints, oldest first (never the secrets)."""
    return WebhookList(webhooks=[Webhook.model_validate(e.public()) for e in registry_from_env().list(_tenant())])


@router.delete("/webhooks/<webhook_id>", responses={
    204: {"description": "Deleted (no body)."},
    404: problem("No such webhook."),
})
def delete_webhook(webhook_id: str) -> Response[None]:
    """Remove an endpoint; deliveries still queued for it are skipped."""
    if not registry_from_env().delete(webhook_id, tenant=_tenant()):
        raise NotFoundError(_t().gettext("no webhook {webhook_id}").format(webhook_id=repr(webhook_id[:64])))
    return Response(status_code=204)


def _tenant() -> str:
    """Whose endpoints these are (the authorizer's context; 401 without one)."""
    return request_tenant(router.current_event)


def _t() -> Translator:
    """The catalogue of the person reading this request's answer (brandkit.api.language)."""
    return reader(router.current_event)
