"""GPU benchmark of SDXL at full size with random weights: what a logo job costs on a GPU.

    python bench/bench_sdxl_gpu.py [--json out.json] [--variants baseline,fp16-sdpa,...] [--skip-compile]

Builds the SDXL base 1.0 architecture from its published component configs (below, as
dicts: no weights, no hub), saves it once in fp16 to local disk and measures:
  - load time: from_pretrained (safetensors, fp16) + move to the GPU;
  - seconds per 1024x1024 image at 30 steps with classifier-free guidance (5.0) and at
    4 steps without guidance (how LCM-LoRA / Lightning run), for batch 1 and 4;
  - peak GPU memory of each run;
for each optimisation variant, every one beside the unoptimised pipeline (fp32, classic
attention) in the same run. Random weights cost exactly what trained ones do.
Without a CUDA GPU it says so and exits 0. `--smoke` runs the same code on the CPU with
the tiny test pipeline (a check that the benchmark works, not a measurement).
"""

from __future__ import annotations

import argparse
import gc
import json
import platform
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from brandkit_local import checkout

ROOT = Path(__file__).resolve().parents[1]

# stabilityai/stable-diffusion-xl-base-1.0, unet/config.json
SDXL_UNET = dict(
    act_fn="silu",
    addition_embed_type="text_time",
    addition_embed_type_num_heads=64,
    addition_time_embed_dim=256,
    attention_head_dim=[5, 10, 20],
    block_out_channels=[320, 640, 1280],
    center_input_sample=False,
    class_embed_type=None,
    class_embeddings_concat=False,
    conv_in_kernel=3,
    conv_out_kernel=3,
    cross_attention_dim=2048,
    cross_attention_norm=None,
    down_block_types=["DownBlock2D", "CrossAttnDownBlock2D", "CrossAttnDownBlock2D"],
    downsample_padding=1,
    dual_cross_attention=False,
    encoder_hid_dim=None,
    encoder_hid_dim_type=None,
    flip_sin_to_cos=True,
    freq_shift=0,
    in_channels=4,
    layers_per_block=2,
    mid_block_only_cross_attention=None,
    mid_block_scale_factor=1,
    mid_block_type="UNetMidBlock2DCrossAttn",
    norm_eps=1e-05,
    norm_num_groups=32,
    num_attention_heads=None,
    num_class_embeds=None,
    only_cross_attention=False,
    out_channels=4,
    projection_class_embeddings_input_dim=2816,  # 6 time ids x 256 + 1280 pooled text embedding
    resnet_out_scale_factor=1.0,
    resnet_skip_time_act=False,
    resnet_time_scale_shift="default",
    sample_size=128,
    time_cond_proj_dim=None,
    time_embedding_act_fn=None,
    time_embedding_dim=None,
    time_embedding_type="positional",
    timestep_post_act=None,
    transformer_layers_per_block=[1, 2, 10],
    up_block_types=["CrossAttnUpBlock2D", "CrossAttnUpBlock2D", "UpBlock2D"],
    upcast_attention=None,
    use_linear_projection=True,
)
# vae/config.json
SDXL_VAE = dict(
    act_fn="silu",
    block_out_channels=[128, 256, 512, 512],
    down_block_types=["DownEncoderBlock2D"] * 4,
    in_channels=3,
    latent_channels=4,
    layers_per_block=2,
    norm_num_groups=32,
    out_channels=3,
    sample_size=1024,
    scaling_factor=0.13025,
    up_block_types=["UpDecoderBlock2D"] * 4,
    force_upcast=True,
)
# Shared by both text encoders' configs (the CLIP BPE vocabulary and 77-token context).
_CLIP_TEXT = dict(
    vocab_size=49408, max_position_embeddings=77, layer_norm_eps=1e-05, bos_token_id=0, eos_token_id=2, pad_token_id=1
)
# text_encoder/config.json: OpenAI CLIP ViT-L/14 text tower
CLIP_L = dict(
    _CLIP_TEXT,
    hidden_size=768,
    intermediate_size=3072,
    num_hidden_layers=12,
    num_attention_heads=12,
    hidden_act="quick_gelu",
    projection_dim=768,
)
# text_encoder_2/config.json: OpenCLIP ViT-bigG/14 text tower (with projection)
OPENCLIP_BIGG = dict(
    _CLIP_TEXT,
    hidden_size=1280,
    intermediate_size=5120,
    num_hidden_layers=32,
    num_attention_heads=20,
    hidden_act="gelu",
    projection_dim=1280,
)
# scheduler/scheduler_config.json
SDXL_SCHEDULER = dict(
    beta_start=0.00085,
    beta_end=0.012,
    beta_schedule="scaled_linear",
    num_train_timesteps=1000,
    prediction_type="epsilon",
    steps_offset=1,
    timestep_spacing="leading",
    interpolation_type="linear",
    use_karras_sigmas=False,
)

DTYPES = {"fp32": "float32", "fp16": "float16", "bf16": "bfloat16"}


def torch_dtype(name: str):
    import torch

    return getattr(torch, DTYPES[name])

PROMPT = "an abstract geometric logo mark built from a few simple shapes, flat vector logo, plain white background"
NEGATIVE = "text, letters, words, photo, gradient, shadow, blurry"


@dataclass(frozen=True)
class Variant:
    name: str
    dtype: str  # fp32 | fp16 | bf16
    sdpa: bool
    channels_last: bool = False
    compile: bool = False
    vae_upcast: bool = False  # the stock SDXL VAE in fp16 (decodes in fp32); False = an fp16-safe VAE


VARIANTS = [
    Variant("baseline (fp32, classic attention)", "fp32", sdpa=False),
    Variant("fp16 + SDPA", "fp16", sdpa=True),
    Variant("bf16 + SDPA", "bf16", sdpa=True),
    Variant("fp16 + SDPA, stock VAE upcast to fp32", "fp16", sdpa=True, vae_upcast=True),
    Variant("fp16 + SDPA + channels-last", "fp16", sdpa=True, channels_last=True),
    Variant("fp16 + SDPA + channels-last + torch.compile", "fp16", sdpa=True, channels_last=True, compile=True),
]


@dataclass
class Row:
    variant: str
    steps: int
    guidance: float
    batch: int
    seconds_per_batch: float
    seconds_per_image: float
    peak_gib: float
    warmup_s: float


def build_full_sdxl(device: str):
    """The SDXL base architecture with random weights, initialised directly on `device`."""
    import torch
    from diffusers import AutoencoderKL, EulerDiscreteScheduler, StableDiffusionXLPipeline, UNet2DConditionModel
    from transformers import CLIPTextConfig, CLIPTextModel, CLIPTextModelWithProjection

    make_tokenizer = checkout.import_module("sdxl_worker.tiny").make_tokenizer  # the worker's own tiny tokenizer

    torch.manual_seed(0)
    with torch.device(device):
        unet = UNet2DConditionModel(**SDXL_UNET)
        vae = AutoencoderKL(**SDXL_VAE)
        text_encoder = CLIPTextModel(CLIPTextConfig(**CLIP_L))
        text_encoder_2 = CLIPTextModelWithProjection(CLIPTextConfig(**OPENCLIP_BIGG))
    # Any CLIP BPE costs the same once padded to 77 tokens; the generated one needs no download.
    tokenizer = make_tokenizer()
    return StableDiffusionXLPipeline(
        vae=vae, text_encoder=text_encoder, text_encoder_2=text_encoder_2, tokenizer=tokenizer,
        tokenizer_2=tokenizer, unet=unet, scheduler=EulerDiscreteScheduler(**SDXL_SCHEDULER),
    )


def build_tiny_sdxl(device: str):
    from diffusers import StableDiffusionXLPipeline

    tiny_components = checkout.import_module("sdxl_worker.tiny").tiny_components

    return StableDiffusionXLPipeline(**tiny_components()).to(device)


class Gpu:
    """Synchronised timing and peak memory on CUDA; plain timing on the CPU (smoke runs)."""

    def __init__(self, device: str):
        import torch

        self.torch, self.cuda = torch, device == "cuda"

    def sync(self):
        if self.cuda:
            self.torch.cuda.synchronize()

    def reset_peak(self):
        if self.cuda:
            self.torch.cuda.reset_peak_memory_stats()

    def peak_gib(self) -> float:
        return round(self.torch.cuda.max_memory_allocated() / 2**30, 2) if self.cuda else 0.0

    def timed(self, fn) -> float:
        self.sync()
        start = time.perf_counter()
        fn()
        self.sync()
        return time.perf_counter() - start

    def free(self):
        gc.collect()
        if self.cuda:
            self.torch.cuda.empty_cache()


def configure(pipe, variant: Variant, device: str):
    import torch
    from diffusers.models.attention_processor import AttnProcessor, AttnProcessor2_0

    pipe.to(device)  # already loaded in the variant's dtype
    pipe.unet.set_attn_processor(AttnProcessor2_0() if variant.sdpa else AttnProcessor())
    pipe.vae.set_attn_processor(AttnProcessor2_0() if variant.sdpa else AttnProcessor())
    pipe.vae.register_to_config(force_upcast=variant.vae_upcast)
    if variant.channels_last:
        pipe.unet.to(memory_format=torch.channels_last)
        pipe.vae.to(memory_format=torch.channels_last)
    if variant.compile:
        pipe.unet = torch.compile(pipe.unet, fullgraph=True)
    pipe.set_progress_bar_config(disable=True)
    return pipe


def run_variant(pipe, variant: Variant, resolution: int, cases, batches, gpu: Gpu) -> list[Row]:
    import torch

    rows = []
    for steps, guidance in cases:
        for batch in batches:
            def call(n_steps=steps, b=batch, g=guidance):
                with torch.inference_mode():
                    pipe(
                        prompt=[PROMPT] * b, negative_prompt=[NEGATIVE] * b, num_inference_steps=n_steps,
                        guidance_scale=g, height=resolution, width=resolution, output_type="pil",
                        generator=[torch.Generator("cpu").manual_seed(i) for i in range(b)],
                    )

            # One short call per shape first: kernel selection, cuDNN autotune, and compilation if any.
            warmup = gpu.timed(lambda: call(n_steps=2))
            gpu.reset_peak()
            seconds = gpu.timed(call)
            rows.append(Row(variant.name, steps, guidance, batch, round(seconds, 3), round(seconds / batch, 3),
                            gpu.peak_gib(), round(warmup, 2)))
            print(f"  {variant.name:48s} steps={steps:2d} cfg={guidance:3.1f} batch={batch}: "
                  f"{seconds / batch:7.3f} s/image  peak {rows[-1].peak_gib:6.2f} GiB", flush=True)
    return rows


def measure_load(model_dir: Path, device: str, gpu: Gpu, dtype_name: str) -> float:
    from diffusers import StableDiffusionXLPipeline

    def load():
        StableDiffusionXLPipeline.from_pretrained(model_dir, torch_dtype=torch_dtype(dtype_name), use_safetensors=True,
                                                  local_files_only=True).to(device)

    seconds = gpu.timed(load)
    gpu.free()
    return round(seconds, 2)


def markdown(report: dict) -> str:
    lines = [
        f"SDXL (random weights, base 1.0 architecture) on {report['device']}, {report['resolution']}px",
        f"load (from_pretrained, fp16 safetensors from local disk, then to the device): {report['load_s']} s",
        "",
        "| variant | steps | CFG | batch | s/image | speed-up vs baseline | peak GiB |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    base = {
        (r["steps"], r["batch"]): r["seconds_per_image"] for r in report["rows"] if r["variant"] == VARIANTS[0].name
    }
    for r in report["rows"]:
        ref = base.get((r["steps"], r["batch"]))
        speedup = f"{ref / r['seconds_per_image']:.2f}x" if ref and r["seconds_per_image"] else "-"
        lines.append(f"| {r['variant']} | {r['steps']} | {r['guidance']} | {r['batch']} | "
                     f"{r['seconds_per_image']:.3f} | {speedup} | {r['peak_gib']:.2f} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", type=Path, help="also write the results here")
    parser.add_argument("--variants", help="comma-separated subset of: " + ", ".join(v.name for v in VARIANTS))
    parser.add_argument("--skip-compile", action="store_true", help="leave out torch.compile (minutes of warm-up)")
    parser.add_argument("--smoke", action="store_true", help="tiny pipeline on the CPU: checks the benchmark runs")
    args = parser.parse_args(argv)

    try:
        import torch
    except ImportError:
        print("bench_sdxl_gpu: skipped (torch is not installed)")
        return 0
    if args.smoke:
        device, resolution, cases, batches = "cpu", 64, [(2, 5.0), (1, 0.0)], [1, 2]
        variants = [v for v in VARIANTS if v.dtype == "fp32"] + [Variant("SDPA (fp32, CPU smoke)", "fp32", sdpa=True)]
        build = build_tiny_sdxl
    elif torch.cuda.is_available():
        device, resolution, cases, batches = "cuda", 1024, [(30, 5.0), (4, 0.0)], [1, 4]
        variants = [v for v in VARIANTS if not (args.skip_compile and v.compile)]
        build = build_full_sdxl
    else:
        print("bench_sdxl_gpu: skipped (no CUDA GPU on this machine)")
        return 0
    if args.variants:
        wanted = {name.strip() for name in args.variants.split(",")}
        variants = [v for v in variants if v.name in wanted or v == VARIANTS[0]]  # the baseline always runs

    gpu = Gpu(device)
    report = {
        "device": torch.cuda.get_device_name() if device == "cuda" else platform.processor() or "cpu",
        "torch": torch.__version__, "resolution": resolution, "smoke": args.smoke, "rows": [],
    }
    import diffusers

    report["diffusers"] = diffusers.__version__
    with tempfile.TemporaryDirectory(prefix="sdxl-bench-") as tmp:
        pipe = build(device)
        save_dtype = "fp32" if args.smoke else "fp16"
        pipe.to(dtype=torch_dtype(save_dtype))
        pipe.save_pretrained(tmp, safe_serialization=True)
        del pipe
        gpu.free()
        report["load_s"] = measure_load(Path(tmp), device, gpu, save_dtype)
        print(f"load: {report['load_s']} s", flush=True)
        for variant in variants:
            from diffusers import StableDiffusionXLPipeline

            pipe = StableDiffusionXLPipeline.from_pretrained(
                tmp, torch_dtype=torch_dtype(variant.dtype), local_files_only=True, use_safetensors=True
            )
            pipe = configure(pipe, variant, device)
            rows = run_variant(pipe, variant, resolution, cases, batches, gpu)
            report["rows"].extend(asdict(r) for r in rows)
            del pipe
            gpu.free()
            if device == "cuda":
                torch._dynamo.reset()
    print()
    print(markdown(report))
    if args.json:
        args.json.write_text(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
