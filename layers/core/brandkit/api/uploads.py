"""/uploads: a presigned S3 POST for the logo a person already has (brandkit.logo_uploads).

The browser (or any client) POSTs the file straight to S3 with the returned url and fields; the API never
carries the bytes. A brief then names the upload id in existing_logo.
"""

from __future__ import annotations

import os
from typing import Any, Literal

from aws_lambda_powertools.event_handler import Response, content_types
from aws_lambda_powertools.event_handler.api_gateway import Router
from pydantic import BaseModel, ConfigDict, Field

from brandkit.api.models import invalid
from brandkit.api.tenant import request_tenant
from brandkit.logo_uploads import EXPIRES_IN, MAX_LOGO_BYTES, presigned_upload

router = Router()


class UploadIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    content_type: Literal["image/png", "image/svg+xml"] = Field(description="the logo's media type")
    bytes: int = Field(ge=1, le=MAX_LOGO_BYTES, description=f"the file's size; at most {MAX_LOGO_BYTES} (5 MiB)")


class UploadCreated(BaseModel):
    model_config = ConfigDict(extra="forbid")

    upload_id: str = Field(pattern=r"^up_[0-9a-f]{32}$", examples=["up_6f1c0e5d2b8a4f0e9c3d7b1a5e2f8c4d"],
                           description="name it in a brief's existing_logo")
    url: str = Field(description="POST a multipart/form-data form here: the fields, then the file as `file`")
    fields: dict[str, str] = Field(description="form fields to send as they are (key, Content-Type, policy, ...)")
    expires_in: int = Field(ge=1, examples=[EXPIRES_IN], description="seconds the form stays valid")


@router.post("/uploads", summary="Upload an existing logo (a presigned S3 POST)", tags=["uploads"], responses={
    201: {"description": "POST the file to url with fields within expires_in seconds.",
          "content": {content_types.APPLICATION_JSON: {"model": UploadCreated}}},
    422: invalid("content_type is not image/png or image/svg+xml, or bytes is not 1..5 MiB."),
})
def create_upload(upload: UploadIn) -> Response[dict[str, Any]]:
    """A form S3 accepts once, for this file only: the key is fixed, the Content-Type is the declared one and
    the size at most the declared bytes."""
    created = presigned_upload(request_tenant(router.current_event), upload.content_type, upload.bytes,
                               bucket=os.environ["KIT_BUCKET"])
    return Response(status_code=201, content_type=content_types.APPLICATION_JSON,
                    body=UploadCreated.model_validate(created).model_dump(mode="json"))
