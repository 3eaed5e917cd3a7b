"""A tiny randomly-initialised SDXL pipeline, built offline, for running the worker on a CPU.

`python -m sdxl_worker.tiny --out DIR` writes a real diffusers StableDiffusionXLPipeline
folder (save_pretrained), so MODEL_DIR=DIR exercises the worker's whole code path -
loading, prompting both text encoders, batched denoising, VAE decode - in about a second
at 64x64. Component configs are those of diffusers' own SDXL fast tests
(tests/pipelines/stable_diffusion_xl, get_dummy_components). The tokenizer is generated:
no hub download, ids below the text encoders' vocab_size, and <|endoftext|> has the
highest id because this CLIP config (eos_token_id=2, the legacy value) pools at argmax(ids).
"""

from __future__ import annotations

import argparse
import json
import tempfile
from pathlib import Path
from typing import Any

TEXT_VOCAB_SIZE = 1000  # the dummy text encoders' vocab_size; every token id must stay below it
# Frequent English pairs, enough for the BPE to merge something; the rest is byte-level tokens.
MERGES = "t h|i n|a n|e r|o n|r e|e n|a t|o r|e s|th e</w>|i c|a l|l o|g o</w>".split("|")


def _byte_alphabet() -> list[str]:
    """GPT-2/CLIP byte-to-unicode table: every byte as a printable character."""
    printable = [*range(ord("!"), ord("~") + 1), *range(ord("¡"), ord("¬") + 1), *range(ord("®"), ord("ÿ") + 1)]
    chars, extra = list(printable), 0
    for b in range(256):
        if b not in printable:
            printable.append(b)
            chars.append(256 + extra)
            extra += 1
    return [chr(c) for c in chars]


def write_clip_tokenizer_files(folder: Path) -> Path:
    """vocab.json + merges.txt of a small byte-level CLIP BPE; returns the folder."""
    alphabet = _byte_alphabet()
    tokens = alphabet + [c + "</w>" for c in alphabet] + ["".join(m.split()) for m in MERGES]
    tokens += ["<|startoftext|>", "<|endoftext|>"]  # endoftext last: the highest id
    assert len(tokens) <= TEXT_VOCAB_SIZE
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "vocab.json").write_text(json.dumps({t: i for i, t in enumerate(tokens)}, ensure_ascii=False))
    (folder / "merges.txt").write_text("#version: 0.2\n" + "\n".join(MERGES) + "\n")
    return folder


def make_tokenizer():
    from transformers import CLIPTokenizer

    with tempfile.TemporaryDirectory() as tmp:
        return CLIPTokenizer.from_pretrained(write_clip_tokenizer_files(Path(tmp)), model_max_length=77)


def tiny_components(seed: int = 0) -> dict[str, Any]:
    import torch
    from diffusers import AutoencoderKL, EulerDiscreteScheduler, UNet2DConditionModel
    from transformers import CLIPTextConfig, CLIPTextModel, CLIPTextModelWithProjection

    torch.manual_seed(seed)
    unet = UNet2DConditionModel(
        block_out_channels=(2, 4),
        layers_per_block=2,
        sample_size=32,
        in_channels=4,
        out_channels=4,
        down_block_types=("DownBlock2D", "CrossAttnDownBlock2D"),
        up_block_types=("CrossAttnUpBlock2D", "UpBlock2D"),
        attention_head_dim=(2, 4),
        use_linear_projection=True,
        addition_embed_type="text_time",
        addition_time_embed_dim=8,
        transformer_layers_per_block=(1, 2),
        projection_class_embeddings_input_dim=80,  # 6 time ids * 8 + text_encoder_2 projection_dim 32
        cross_attention_dim=64,  # hidden sizes of both text encoders, concatenated
        norm_num_groups=1,
    )
    scheduler = EulerDiscreteScheduler(
        beta_start=0.00085, beta_end=0.012, steps_offset=1, beta_schedule="scaled_linear", timestep_spacing="leading"
    )
    torch.manual_seed(seed)
    vae = AutoencoderKL(
        block_out_channels=[32, 64],
        in_channels=3,
        out_channels=3,
        down_block_types=["DownEncoderBlock2D", "DownEncoderBlock2D"],
        up_block_types=["UpDecoderBlock2D", "UpDecoderBlock2D"],
        latent_channels=4,
        sample_size=128,
    )
    torch.manual_seed(seed)
    text_config = CLIPTextConfig(
        bos_token_id=0,
        eos_token_id=2,
        hidden_size=32,
        intermediate_size=37,
        layer_norm_eps=1e-05,
        num_attention_heads=4,
        num_hidden_layers=5,
        pad_token_id=1,
        vocab_size=TEXT_VOCAB_SIZE,
        hidden_act="gelu",
        projection_dim=32,
    )
    tokenizer = make_tokenizer()
    return {
        "unet": unet,
        "scheduler": scheduler,
        "vae": vae,
        "text_encoder": CLIPTextModel(text_config),
        "tokenizer": tokenizer,
        "text_encoder_2": CLIPTextModelWithProjection(text_config),
        "tokenizer_2": tokenizer,
    }


def build_tiny_pipeline(out: Path | str, seed: int = 0) -> Path:
    """Write the tiny pipeline to `out` (safetensors) and return the folder."""
    from diffusers import StableDiffusionXLPipeline

    out = Path(out)
    # diffusers adds save_pretrained through a mixin its annotations do not show on the pipeline class.
    StableDiffusionXLPipeline(**tiny_components(seed)).save_pretrained(out, safe_serialization=True)  # type: ignore[attr-defined]
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m sdxl_worker.tiny", description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", required=True, type=Path, help="folder to write the pipeline to")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    print(build_tiny_pipeline(args.out, args.seed))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
