"""How the rationale stage talks to Claude, read from the environment.

ANTHROPIC_API_KEY (local runs) or ANTHROPIC_SECRET_ARN (Lambda: a Secrets Manager secret
holding the key, as plain text or as JSON {"ANTHROPIC_API_KEY": "..."}) switches Claude on;
without either the deterministic writer runs. RATIONALE_DEADLINE_S bounds the whole Claude
conversation (every retry included) and must stay below the Lambda timeout (85 s in
template.yaml) so the fallback writer still has time to run.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping

from pydantic import BaseModel, ConfigDict, Field, SecretStr

DEFAULT_MODEL = "claude-sonnet-5-5"


class RationaleSettings(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    model: str = DEFAULT_MODEL
    max_tokens: int = Field(default=8000, ge=1024, le=16000)  # the SDK refuses non-streamed calls much above 16k
    timeout_s: float = Field(default=45.0, gt=0)  # one HTTP attempt
    deadline_s: float = Field(default=60.0, gt=0)  # the whole Claude conversation
    max_retries: int = Field(default=2, ge=0, le=5)  # SDK retries of 408/409/429/5xx and connection errors
    effort: str | None = "low"  # output_config.effort, sent only to models that take it
    api_key: SecretStr | None = None
    secret_arn: str | None = None
    secret_max_age_s: int = 300
    base_url: str | None = None

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> RationaleSettings:
        env = os.environ if environ is None else environ
        values = {
            "model": env.get("ANTHROPIC_MODEL"),
            "max_tokens": env.get("ANTHROPIC_MAX_TOKENS"),
            "timeout_s": env.get("ANTHROPIC_TIMEOUT_S"),
            "deadline_s": env.get("RATIONALE_DEADLINE_S"),
            "max_retries": env.get("ANTHROPIC_MAX_RETRIES"),
            "effort": env.get("ANTHROPIC_EFFORT"),
            "api_key": env.get("ANTHROPIC_API_KEY"),
            "secret_arn": env.get("ANTHROPIC_SECRET_ARN"),
            "base_url": env.get("ANTHROPIC_BASE_URL"),
        }
        settings = cls.model_validate({k: v for k, v in values.items() if v not in (None, "")})
        if env.get("ANTHROPIC_EFFORT") == "":
            settings = settings.model_copy(update={"effort": None})  # empty = never send effort
        return settings

    @property
    def uses_claude(self) -> bool:
        return bool(self.api_key or self.secret_arn)

    def resolve_api_key(self) -> str | None:
        """The API key: from the environment, else from Secrets Manager (cached for secret_max_age_s)."""
        if self.api_key:
            return self.api_key.get_secret_value()
        if not self.secret_arn:
            return None
        from aws_lambda_powertools.utilities import parameters

        secret: str | bytes = parameters.get_secret(  # SecretBinary comes back as bytes
           self.secret_arn, max_age=self.secret_max_age_s)
        if isinstance(secret, bytes):
            secret = secret.decode()
        return _key_from_secret(str(secret))


def _key_from_secret(secret: str) -> str:
    secret = secret.strip()
    if secret.startswith("{"):
        data = json.loads(secret)
        for name in ("ANTHROPIC_API_KEY", "api_key"):
            if data.get(name):
                return str(data[name])
        raise ValueError("the secret is JSON without an ANTHROPIC_API_KEY field")
    return secret
