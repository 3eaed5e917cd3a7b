"""The worker's configuration: environment variables (set on the Batch job definition), validated once at start."""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

FewStep = Literal["", "lcm", "lightning"]
# Few-step modes run at their own step count and guidance unless STEPS / GUIDANCE say otherwise.
FEW_STEP_DEFAULTS: dict[str, tuple[int, float]] = {"": (30, 5.0), "lcm": (4, 1.0), "lightning": (4, 0.0)}


class ConfigError(ValueError):
    """The environment does not describe a runnable worker."""


class WorkerConfig(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    model_dir: str | None = None  # a diffusers SDXL folder on local disk (baked into the image)
    model_s3_uri: str | None = Field(default=None, pattern=r"^s3://[a-z0-9.\-]{3,63}/.*$")  # synced to model_cache
    model_cache: str = "/tmp/models"  # local NVMe on the GPU instance
    model_name: str | None = None  # what result.json calls the model; defaults to the folder or URI
    model_variant: str | None = None  # e.g. "fp16" for *.fp16.safetensors files
    vae_dir: str | None = None  # an fp16-safe VAE (madebyollin/sdxl-vae-fp16-fix); without it fp16 upcasts the VAE
    few_step: FewStep = ""
    lora_dir: str | None = None  # LCM-LoRA or SDXL-Lightning LoRA folder
    num_candidates: int = Field(default=4, ge=1, le=16)
    resolution: int = Field(default=1024, ge=64, le=2048, multiple_of=8)
    steps: int = Field(default=0, ge=0, le=150)  # 0: the mode's default
    guidance: float = Field(default=-1.0, le=30.0)  # < 0: the mode's default
    batch_size: int = Field(default=0, ge=0, le=16)  # 0: all candidates in one batch
    colors: int = Field(default=4, ge=1, le=12)  # colour reduction k
    dtype: Literal["auto", "fp16", "bf16", "fp32"] = "auto"  # auto: fp16 on CUDA, fp32 on the CPU
    device: Literal["auto", "cuda", "cpu"] = "auto"
    torch_compile: bool = False  # compiles the UNet: minutes of warm-up, only worth it for long jobs
    torch_num_threads: int = Field(default=0, ge=0)  # CPU runs only; 0 leaves torch's default
    imds_endpoint: str = "http://169.254.169.254"  # instance metadata: spot notices, instance type
    spot_poll_seconds: float = Field(default=5.0, ge=0)  # 0: do not watch for spot interruption notices

    @model_validator(mode="after")
    def _one_model_source(self) -> WorkerConfig:
        if not (self.model_dir or self.model_s3_uri):
            raise ValueError("set MODEL_DIR or MODEL_S3_URI")
        if self.model_dir and self.model_s3_uri:
            raise ValueError("set only one of MODEL_DIR and MODEL_S3_URI")
        return self

    @property
    def num_steps(self) -> int:
        return self.steps or FEW_STEP_DEFAULTS[self.few_step][0]

    @property
    def guidance_scale(self) -> float:
        return self.guidance if self.guidance >= 0 else FEW_STEP_DEFAULTS[self.few_step][1]

    @property
    def batch(self) -> int:
        return min(self.batch_size or self.num_candidates, self.num_candidates)

    @property
    def name(self) -> str:
        return self.model_name or (self.model_s3_uri or os.path.basename(os.path.normpath(self.model_dir or "")))

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> WorkerConfig:
        env = os.environ if env is None else env
        values = {field: env[field.upper()] for field in cls.model_fields if env.get(field.upper(), "") != ""}
        try:
            return cls.model_validate(values)
        except ValidationError as exc:
            problems = "; ".join(
                f"{'.'.join(str(p) for p in e['loc']).upper() or 'config'}: {e['msg']}" for e in exc.errors()
            )
            raise ConfigError(problems) from None
