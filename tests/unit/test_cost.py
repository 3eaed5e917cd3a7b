"""Cost model arithmetic, checked against sums worked out by hand on small round numbers."""

from __future__ import annotations

import json
import math

import pytest

from brandkit_local.cost import estimate, gpu_seconds_per_kit, load_assumptions, load_prices
from brandkit_local.cost.model import SECONDS_PER_MONTH, STAGES, batching_wait_s

FUNCS = set(STAGES["vector"]) | set(STAGES["sdxl"]) | {"ApiFunction"}
PRICES = {
    "lambda": {"gb_second_x86": 0.00001, "per_million_requests": 1.0},
    "step_functions": {"per_thousand_state_transitions": 0.02},
    "ec2_spot": {"instance_type": "g4dn.xlarge", "ebs_gp3_per_gb_month": 0.0, "root_volume_gb": 0},
    "gpu_instances": {"g4dn.xlarge": {"spot": 0.36, "on_demand": 0.72}},
    "s3": {"per_gb_month": 0.02, "per_thousand_put": 0.005, "per_thousand_get": 0.0},
    "sns": {"per_million_publishes": 0.5},
    "api_gateway": {"rest_per_million_requests": 0.0},
    "dynamodb": {"per_million_write_request_units": 0.0, "per_million_read_request_units": 0.0},
    "cloudwatch_logs": {"ingest_per_gb": 0.0},
    "ecr": {"per_gb_month": 0.1},
    "secrets_manager": {"per_secret_month": 0.4},
    "neptune_serverless": {"per_ncu_hour": 0.1, "min_ncu": 1.0, "storage_per_gb_month": 0.0},
}
GPU = {"seconds_per_step_t4": 1.0, "seconds_per_image_lcm_4_steps": 8.0, "candidates": 4, "steps": 30,
       "instance_cold_start_s": 100, "image_pull_s": 50, "job_overhead_s": 20, "idle_before_scale_in_s": 0,
       "image_gb": 10, "model_gb": 5}
ASSUME = {
    "lambda_seconds": {f: 1.0 for f in FUNCS}, "api_calls_per_kit": 2, "state_transitions_per_kit": 10,
    "kit_bytes": 1024**3 // 1000, "work_bytes": 0, "s3_puts_per_kit": 100, "s3_gets_per_kit": 0,
    "sns_publishes_per_kit": 1, "dynamodb_writes_per_kit": 0, "dynamodb_reads_per_kit": 0,
    "log_bytes_per_kit": 0, "kit_retention_days": 730 / 24, "claude": {"input_tokens": 1000, "output_tokens": 100},
    "gpu": GPU,
}
MEMORY = {f: 1024 for f in FUNCS}


def _line(est, prefix):
    (line,) = [x for x in est.lines if x.component.startswith(prefix)]
    return line.monthly


def test_vector_kit_by_hand():
    est = estimate(1000, engine="vector", prices=PRICES, assumptions=ASSUME, memory_mb=MEMORY)
    # 7 stages + 2 API calls, 1 s each at 1 GB = 9 GB-s per kit; 1000 kits x 9 x 0.00001 = $0.09
    assert _line(est, "Lambda compute") == pytest.approx(0.09)
    assert _line(est, "Lambda requests") == pytest.approx(1000 * 9 / 1e6)
    assert _line(est, "Step Functions") == pytest.approx(1000 * 10 * 0.02 / 1000)  # $0.20
    # 1000 kits of 1 GiB/1000 held one month: ~1 GiB x $0.02
    assert _line(est, "S3 storage") == pytest.approx(0.02, rel=1e-3)
    assert _line(est, "S3 requests") == pytest.approx(1000 * 100 * 0.005 / 1000)  # $0.50
    assert _line(est, "SNS") == pytest.approx(0.0005)
    assert est.floor == 0
    assert est.per_kit == pytest.approx(est.monthly / 1000)
    assert not any(x.component.startswith("Batch") for x in est.lines)


def test_memory_size_scales_lambda_cost():
    big = dict(MEMORY, RenderAssetsFunction=3072)  # 3 GB instead of 1: +2 GB-s per kit
    base = _line(estimate(1000, prices=PRICES, assumptions=ASSUME, memory_mb=MEMORY), "Lambda compute")
    more = _line(estimate(1000, prices=PRICES, assumptions=ASSUME, memory_mb=big), "Lambda compute")
    assert more - base == pytest.approx(1000 * 2 * 0.00001)


def test_gpu_seconds_without_idle_tail_pay_every_cold_start():
    secs = gpu_seconds_per_kit(1000, GPU)
    # T = 0: never warm; 20 s overhead + 4 x 30 steps x 1 s + 150 s cold start, no idle
    assert secs["work"] == 140 and secs["cold"] == pytest.approx(150) and secs["idle"] == pytest.approx(0)
    assert secs["total"] == pytest.approx(290)


def test_gpu_idle_tail_is_poisson_expectation():
    gpu = dict(GPU, idle_before_scale_in_s=600)
    rate = 10_000 / SECONDS_PER_MONTH
    secs = gpu_seconds_per_kit(10_000, gpu)
    assert secs["p_cold"] == pytest.approx(math.exp(-rate * 600))
    assert secs["idle"] == pytest.approx((1 - math.exp(-rate * 600)) / rate)
    assert secs["idle"] < 600
    # volume amortises the cold start: per-kit seconds fall as kits per month rise
    assert gpu_seconds_per_kit(100_000, gpu)["total"] < secs["total"] < gpu_seconds_per_kit(100, gpu)["total"]


def test_kits_sharing_a_job_share_its_start_up_but_not_their_images():
    one, four = gpu_seconds_per_kit(1000, GPU), gpu_seconds_per_kit(1000, GPU, kits_per_job=4)
    # T = 0: every job cold. Per kit: images 4 x 30 s stay; 20 s overhead and 150 s cold start split four ways
    assert four["work"] == pytest.approx(120 + 20 / 4) and four["cold"] == pytest.approx(150 / 4)
    assert one["total"] - four["total"] == pytest.approx((20 + 150) * 3 / 4)
    with pytest.raises(ValueError, match="kits_per_job"):
        gpu_seconds_per_kit(1000, GPU, kits_per_job=0)


def test_batching_wait_is_half_the_time_to_gather_the_other_kits():
    rate_per_hour = 1000 / 730
    assert batching_wait_s(1000, 1) == 0
    assert batching_wait_s(1000, 3) == pytest.approx(3600 / rate_per_hour)  # (3 - 1) / 2 arrivals


def test_lcm_steps_use_the_measured_four_step_time():
    assert gpu_seconds_per_kit(1000, dict(GPU, steps=4))["work"] == 20 + 4 * 8


def test_sdxl_engine_adds_gpu_and_fixed_storage():
    est = estimate(1000, engine="sdxl", prices=PRICES, assumptions=ASSUME, memory_mb=MEMORY)
    # 290 s x $0.36/h = $0.029 per kit
    assert _line(est, "Batch GPU") == pytest.approx(1000 * 290 * 0.36 / 3600)
    assert est.floor == pytest.approx(10 * 0.1 + 5 * 0.02)


def test_neptune_and_claude_lines():
    est = estimate(100, neptune=True, claude_model="claude-sonnet-5-5", prices=PRICES, assumptions=ASSUME,
                   memory_mb=MEMORY)
    assert _line(est, "Neptune") == pytest.approx(730 * 0.1)
    # sonnet 5.5: $2 in / $10 out per million: 1000 x 2e-6 + 100 x 1e-5 = $0.003 per kit
    assert _line(est, "Claude") == pytest.approx(100 * 0.003)
    assert est.floor == pytest.approx(73 + 0.4)
    with pytest.raises(ValueError):
        estimate(100, claude_model="no-such-model", prices=PRICES, assumptions=ASSUME, memory_mb=MEMORY)


def test_rejects_unknown_engine_and_negative_volume():
    with pytest.raises(ValueError):
        estimate(10, engine="dalle", prices=PRICES, assumptions=ASSUME, memory_mb=MEMORY)
    with pytest.raises(ValueError):
        estimate(-1, prices=PRICES, assumptions=ASSUME, memory_mb=MEMORY)


def test_price_file_is_dated_and_sourced():
    prices = load_prices()
    assert prices["as_of"][:2] == "20" and len(prices["as_of"]) == 10
    for name, table in prices.items():
        if isinstance(table, dict):
            assert table["source"].startswith("https://"), name


def test_measured_bench_json_overrides_defaults(tmp_path):
    bench = tmp_path / "bench.json"
    bench.write_text(json.dumps({"lambda_s": {"brandkit-local-PaletteFunction": 0.5}, "transitions_per_kit": 12,
                                 "kit_bytes": 123, "kit_objects": 7}))
    got = load_assumptions(bench)
    assert got["lambda_seconds"]["PaletteFunction"] == 0.5
    assert got["state_transitions_per_kit"] == 12 and got["kit_bytes"] == 123 and got["s3_puts_per_kit"] == 20
    assert load_assumptions(tmp_path / "absent.json")["lambda_seconds"]["PaletteFunction"] != 0.5


@pytest.mark.slow  # reading template.yaml goes through brandkit_local.twin, which imports moto (~2 s)
def test_cli_cost_subcommand_prints_json(capsys):
    from brandkit_local.cli import main

    assert main(["cost", "--kits-per-month", "1000", "--engine", "sdxl", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["kits_per_month"] == 1000 and out["engine"] == "sdxl"
    assert out["monthly"] == pytest.approx(sum(line["monthly"] for line in out["lines"]))
    assert any(line["component"].startswith("Batch GPU") for line in out["lines"])


def test_on_demand_fallback_bills_its_share_at_the_on_demand_price():
    base = estimate(1000, engine="sdxl", prices=PRICES, assumptions=ASSUME, memory_mb=MEMORY)
    mixed = estimate(1000, engine="sdxl", on_demand_share=0.25, prices=PRICES, assumptions=ASSUME, memory_mb=MEMORY)
    # 290 s a kit: 75% at $0.36/h, 25% at $0.72/h
    assert _line(mixed, "Batch GPU (g4dn.xlarge spot)") == pytest.approx(1000 * 290 * 0.75 * 0.36 / 3600)
    assert _line(mixed, "Batch GPU (g4dn.xlarge on-demand") == pytest.approx(1000 * 290 * 0.25 * 0.72 / 3600)
    assert mixed.monthly - base.monthly == pytest.approx(1000 * 290 * 0.25 * (0.72 - 0.36) / 3600)
    with pytest.raises(ValueError, match="on_demand_share"):
        estimate(1000, engine="sdxl", on_demand_share=1.5, prices=PRICES, assumptions=ASSUME, memory_mb=MEMORY)


def test_warm_capacity_is_a_fixed_line_and_removes_cold_starts():
    warm = estimate(1000, engine="sdxl", warm_vcpus=4, prices=PRICES, assumptions=ASSUME, memory_mb=MEMORY)
    # one g4dn.xlarge all month (730 h x $0.36); jobs pay only their 140 s of work
    assert _line(warm, "Warm GPU capacity") == pytest.approx(730 * 0.36)
    assert _line(warm, "Batch GPU (g4dn.xlarge spot)") == pytest.approx(1000 * 140 * 0.36 / 3600)
    assert warm.floor == pytest.approx(730 * 0.36 + 10 * 0.1 + 5 * 0.02)
    assert _line(estimate(1000, engine="sdxl", warm_vcpus=5, prices=PRICES, assumptions=ASSUME, memory_mb=MEMORY),
                 "Warm GPU capacity") == pytest.approx(2 * 730 * 0.36)  # 5 vCPUs need two 4-vCPU instances


@pytest.mark.slow  # the CLI reads template.yaml through brandkit_local.twin (moto import)
@pytest.mark.parametrize("engine", ["vector", "sdxl"])
def test_brandkit_cost_agrees_with_the_per_kit_manifest_cost(capsys, engine):
    """`brandkit cost` per kit, for the lines a run itself uses, equals brandkit.pricing.kit_cost of a run that used
    exactly the assumed figures (stage seconds x template memory, transitions, S3, GPU seconds, Claude tokens)."""
    from brandkit.pricing import GpuAttempt, KitUsage, StageRun, kit_cost
    from brandkit.rationale.models import PRICES_AS_OF, model_info
    from brandkit_local.cli import main
    from brandkit_local.cost.model import template_memory_mb

    n, model = 1000, "claude-sonnet-5-5"
    assert main(["cost", "--kits-per-month", str(n), "--engine", engine, "--claude", model, "--json",
                 "--measured", "/nonexistent.json", "--on-demand-share", "0.2"]) == 0
    month = json.loads(capsys.readouterr().out)
    run_lines = ("Lambda compute", "Step Functions", "S3 storage", "S3 requests", "SNS", "Batch GPU", "Claude")
    monthly = sum(x["monthly"] for x in month["lines"] if x["component"].startswith(run_lines))
    requests = [x for x in month["lines"] if x["component"] == "Lambda requests"][0]["monthly"]

    a, memory = load_assumptions(None), template_memory_mb()
    stages = [StageRun(f, a["lambda_seconds"][f] * 1000, memory[f]) for f in STAGES[engine]]
    gpu = []
    if engine == "sdxl":
        seconds = gpu_seconds_per_kit(n, a["gpu"])["total"]
        gpu = [GpuAttempt(seconds * 0.8, "g4dn.xlarge", "spot"), GpuAttempt(seconds * 0.2, "g4dn.xlarge", "on-demand")]
    tokens = a["claude"]
    claude = {"model": model, **tokens, "cost_usd": model_info(model).cost_usd(tokens), "prices_as_of": PRICES_AS_OF}
    usage = KitUsage(stages=stages, state_transitions=a["state_transitions_per_kit"], s3_puts=a["s3_puts_per_kit"],
                     s3_gets=a["s3_gets_per_kit"], kit_bytes=a["kit_bytes"], work_bytes=a["work_bytes"],
                     kit_retention_days=a["kit_retention_days"], gpu=gpu, claude=claude)
    cost = kit_cost(usage)
    assert cost["total_usd"] == pytest.approx(sum(p["usd"] for p in cost["parts"]))
    # The month model's Lambda lines also count the API's own invocations (submit and polls), which are not the run's.
    api = a["lambda_seconds"]["ApiFunction"] * a["api_calls_per_kit"] * memory["ApiFunction"] / 1024
    api_usd = api * load_prices()["lambda"]["gb_second_x86"]
    per_kit = monthly / n - api_usd + requests / n * len(stages) / (len(stages) + a["api_calls_per_kit"])
    assert cost["total_usd"] == pytest.approx(per_kit, rel=1e-6)
    assert cost["prices_as_of"] == month["prices_as_of"]
