"""A registered webhook receiver: the record the registry stores and every delivery is addressed to.

Apart from delivery.py (which needs httpx) so that the API, which registers endpoints but never
delivers, does not import an HTTP client.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict


class Endpoint(BaseModel):
    """A registered receiver. `failing` still receives deliveries; `disabled` receives none."""

    model_config = ConfigDict(frozen=True)

    id: str
    url: str
    secret: str
    status: Literal["active", "failing", "disabled"] = "active"
