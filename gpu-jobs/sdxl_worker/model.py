"""Where the SDXL weights come from and how the pipeline is set up for the device.

Weights are either baked into the image (MODEL_DIR) or synced from S3 to local NVMe
at start (MODEL_S3_URI -> MODEL_CACHE). Loading refuses pickle checkpoints
(safetensors only) and never reaches for the hub.
"""

from __future__ import annotations

import hashlib
import logging
import os
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from sdxl_worker.config import WorkerConfig

log = logging.getLogger("sdxl_worker")


class ModelError(RuntimeError):
    """The model cannot be found, synced or loaded."""


class Interrupted(Exception):
    """SIGTERM arrived: stop at the next safe point."""


def check_stop(stop: threading.Event) -> None:
    if stop.is_set():
        raise Interrupted()


def sync_model(uri: str, cache_root: str, client, stop: threading.Event, workers: int = 8) -> Path:
    """Copy s3://bucket/prefix/ to a local folder; files already there with the same size are kept.

    Each file is written under a temporary name and renamed, so an interrupted sync never
    leaves a truncated file that a later attempt on the same host would trust.
    """
    bucket, _, prefix = uri.removeprefix("s3://").partition("/")
    prefix = prefix.rstrip("/") + "/" if prefix.strip("/") else ""
    target = Path(cache_root) / hashlib.sha256(uri.encode()).hexdigest()[:16]
    objects = []
    for page in client.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix):
        for obj in page.get("Contents", []):
            rel = PurePosixPath(obj["Key"][len(prefix) :])
            if obj["Key"].endswith("/") or not rel.parts:
                continue
            if rel.is_absolute() or ".." in rel.parts:
                raise ModelError(f"refusing model file outside the model folder: {obj['Key']}")
            objects.append((obj["Key"], target.joinpath(*rel.parts), obj["Size"]))
    if not objects:
        raise ModelError(f"no model files under {uri}")

    def fetch(item: tuple[str, Path, int]) -> int:
        key, path, size = item
        if stop.is_set() or (path.exists() and path.stat().st_size == size):
            return 0
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(path.name + ".partial")
        client.download_file(bucket, key, str(partial))
        os.replace(partial, path)
        return size

    with ThreadPoolExecutor(max_workers=workers) as pool:
        fetched = sum(pool.map(fetch, objects))
    check_stop(stop)
    log.info("model synced", extra={"uri": uri, "files": len(objects), "bytes_fetched": fetched})
    return target


@dataclass
class Loaded:
    pipe: Any  # a diffusers StableDiffusionXLPipeline (its __call__ is untyped)
    device: str
    dtype: str
    vae: str  # "custom:<dir>", "upcast" or "native"
    scheduler: str


def pick_device(config: WorkerConfig) -> tuple[str, str]:
    import torch

    device = config.device
    if device == "auto":
        device = "cuda" if torch.cuda.is_available() else "cpu"
    if device == "cuda" and not torch.cuda.is_available():
        raise ModelError("DEVICE=cuda but no CUDA device is visible")
    dtype = config.dtype
    if dtype == "auto":
        dtype = "fp16" if device == "cuda" else "fp32"
    return device, dtype


def load_pipeline(model_dir: Path | str, config: WorkerConfig) -> Loaded:
    import torch
    from diffusers import AutoencoderKL, EulerDiscreteScheduler, LCMScheduler, StableDiffusionXLPipeline
    from diffusers.models.attention_processor import AttnProcessor2_0
    from diffusers.utils import logging as diffusers_logging

    diffusers_logging.disable_progress_bar()  # loading bars are noise in a JSON-lines log (and over the CLI's display)

    device, dtype_name = pick_device(config)
    dtype = {"fp16": torch.float16, "bf16": torch.bfloat16, "fp32": torch.float32}[dtype_name]
    if device == "cpu" and config.torch_num_threads:
        torch.set_num_threads(config.torch_num_threads)
    # torch_dtype, not dtype: diffusers < 0.42 silently ignores `dtype` and would load fp32.
    options = dict(torch_dtype=dtype, use_safetensors=True, local_files_only=True)
    if config.model_variant:
        options["variant"] = config.model_variant
    try:
        if config.vae_dir:
            vae = AutoencoderKL.from_pretrained(
                config.vae_dir, torch_dtype=dtype, use_safetensors=True, local_files_only=True
            )
            options["vae"] = vae
        pipe = StableDiffusionXLPipeline.from_pretrained(str(model_dir), **options)
    except (OSError, ValueError) as exc:
        raise ModelError(f"cannot load SDXL from {model_dir}: {exc}") from exc

    # The stock SDXL VAE overflows in fp16 (black or NaN images): decode in fp32 unless a fixed VAE is given.
    if config.vae_dir:
        vae_mode = f"custom:{config.vae_dir}"
    elif dtype == torch.float16:
        pipe.vae.register_to_config(force_upcast=True)
        vae_mode = "upcast"
    else:
        vae_mode = "native"

    if config.few_step == "lcm":
        pipe.scheduler = LCMScheduler.from_config(pipe.scheduler.config)
    elif config.few_step == "lightning":
        # SDXL-Lightning was distilled with trailing timesteps and no classifier-free guidance.
        pipe.scheduler = EulerDiscreteScheduler.from_config(pipe.scheduler.config, timestep_spacing="trailing")
    if config.lora_dir:
        try:
            pipe.load_lora_weights(config.lora_dir)
        except (OSError, ValueError) as exc:
            raise ModelError(f"cannot load LoRA from {config.lora_dir}: {exc}") from exc
        pipe.fuse_lora()  # fused weights: no per-step LoRA overhead
        pipe.unload_lora_weights()

    pipe.unet.set_attn_processor(AttnProcessor2_0())  # PyTorch SDPA (flash / memory-efficient kernels on CUDA)
    pipe.to(device)
    if device == "cuda":
        pipe.unet.to(memory_format=torch.channels_last)
        pipe.vae.to(memory_format=torch.channels_last)
    pipe.vae.enable_slicing()  # decode a batch one image at a time: bounds VAE memory at batch 4 x 1024^2
    if config.torch_compile:
        pipe.unet = torch.compile(pipe.unet, fullgraph=True)  # same setting as bench/bench_sdxl_gpu.py measures
    pipe.set_progress_bar_config(disable=True)
    actual = {torch.float16: "fp16", torch.bfloat16: "bf16", torch.float32: "fp32"}[pipe.unet.dtype]
    return Loaded(pipe=pipe, device=device, dtype=actual, vae=vae_mode, scheduler=type(pipe.scheduler).__name__)
