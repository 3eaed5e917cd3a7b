"""bench/bench_sdxl_gpu.py: its SDXL configs are the real architecture, and its code runs (CPU smoke)."""

import json
import sys

import pytest

from brandkit_local import checkout

torch = pytest.importorskip("torch")
pytest.importorskip("diffusers")


@pytest.fixture(scope="module")
def bench():
    yield checkout.load_file("bench/bench_sdxl_gpu.py", "bench_sdxl_gpu")
    sys.modules.pop("bench_sdxl_gpu", None)


@pytest.mark.slow  # the first diffusers + transformers import takes seconds
def test_configs_build_the_published_sdxl_base_architecture(bench):
    from diffusers import AutoencoderKL, UNet2DConditionModel
    from transformers import CLIPTextConfig, CLIPTextModel, CLIPTextModelWithProjection

    with torch.device("meta"):  # shapes only: no memory, no init time
        models = {
            "unet": UNet2DConditionModel(**bench.SDXL_UNET),
            "vae": AutoencoderKL(**bench.SDXL_VAE),
            "text_encoder": CLIPTextModel(CLIPTextConfig(**bench.CLIP_L)),
            "text_encoder_2": CLIPTextModelWithProjection(CLIPTextConfig(**bench.OPENCLIP_BIGG)),
        }
    counts = {name: sum(p.numel() for p in m.parameters()) for name, m in models.items()}
    # parameter counts of stabilityai/stable-diffusion-xl-base-1.0's components
    assert counts == {
        "unet": 2_567_463_684, "vae": 83_653_863, "text_encoder": 123_060_480, "text_encoder_2": 694_659_840,
    }


@pytest.mark.skipif(torch.cuda.is_available(), reason="this machine has a GPU: the benchmark would run for real")
def test_without_a_gpu_the_benchmark_is_skipped(bench, capsys):
    assert bench.main([]) == 0
    assert "skipped (no CUDA GPU" in capsys.readouterr().out


@pytest.mark.slow
def test_smoke_run_measures_every_case_beside_the_baseline(bench, tmp_path, capsys):
    threads = torch.get_num_threads()
    torch.set_num_threads(1)  # the CI machine is shared: one thread is much faster for a tiny model
    try:
        assert bench.main(["--smoke", "--json", str(tmp_path / "bench.json")]) == 0
    finally:
        torch.set_num_threads(threads)
    report = json.loads((tmp_path / "bench.json").read_text())
    assert report["load_s"] > 0 and report["smoke"] is True
    variants = {row["variant"] for row in report["rows"]}
    assert bench.VARIANTS[0].name in variants and len(variants) == 2
    for variant in variants:
        cases = {(r["steps"], r["guidance"], r["batch"]) for r in report["rows"] if r["variant"] == variant}
        assert cases == {(2, 5.0, 1), (2, 5.0, 2), (1, 0.0, 1), (1, 0.0, 2)}
    assert all(r["seconds_per_image"] > 0 for r in report["rows"])
    assert "| variant | steps | CFG | batch | s/image | speed-up vs baseline | peak GiB |" in capsys.readouterr().out
