"""The cost arithmetic for a month. Every unit price comes from brandkit.pricing (the dated price file in the
core, the same one that prices each kit's manifest); every workload figure from assumptions.json, overridden by
what bench/bench_workflow.py measured when its JSON is given.

GPU (SDXL on AWS Batch spot): one Batch job per kit renders all candidates. Kits arrive as a Poisson
stream of rate r = kits per month / seconds per month. After a job the instance idles T seconds
(Batch's scale-in delay) before it is released, so a job finds a warm instance with probability
1 - exp(-rT), otherwise it pays the cold start (instance boot + image pull); and each job is followed
by a billed idle tail of E[min(gap, T)] = (1 - exp(-rT)) / r seconds. Low volume pays boot and tail
on almost every kit; high volume amortises both away. Warm capacity (GpuWarmvCpus) keeps instances running
all month, a fixed cost, and jobs then pay neither boot nor tail; the on-demand fallback
(GpuOnDemandMaxvCpus) bills the share of GPU seconds that spot could not place at the on-demand price.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from brandkit import pricing
from brandkit.i18n import SOURCE, Translator, translator
from brandkit.pricing import DAYS_PER_MONTH, GB, SECONDS_PER_MONTH, WORK_RETENTION_DAYS

VCPUS_PER_GPU_INSTANCE = 4  # g4dn.xlarge, the type the warm capacity is priced as
# Lambda stages a kit runs, by engine (the SDXL path imports the Batch job's images instead of designing).
STAGES = {
    "vector": [
        "ValidateBriefFunction",
        "DesignLogoFunction",
        "PaletteFunction",
        "RationaleFunction",
        "RenderAssetsFunction",
        "GuidelinesFunction",
        "PublishManifestFunction",
    ],
    "sdxl": [
        "ValidateBriefFunction",
        "ImportLogoFunction",
        "PaletteFunction",
        "RationaleFunction",
        "RenderAssetsFunction",
        "GuidelinesFunction",
        "PublishManifestFunction",
    ],
}
ENGINES = tuple(STAGES)


@dataclass(frozen=True)
class Line:
    component: str
    monthly: float  # USD per month
    detail: str
    fixed: bool = False  # paid whatever the volume (the monthly floor)


@dataclass(frozen=True)
class Estimate:
    kits_per_month: int
    engine: str
    lines: list[Line] = field(default_factory=list)

    @property
    def monthly(self) -> float:
        return sum(line.monthly for line in self.lines)

    @property
    def per_kit(self) -> float:
        return self.monthly / self.kits_per_month if self.kits_per_month else math.inf

    @property
    def floor(self) -> float:
        return sum(line.monthly for line in self.lines if line.fixed)


def _data(name: str) -> dict[str, Any]:
    return json.loads(resources.files("brandkit_local.cost").joinpath(name).read_text(encoding="utf-8"))


def load_prices() -> dict[str, Any]:
    return pricing.load_prices()


def load_assumptions(measured: Path | None = None) -> dict[str, Any]:
    """assumptions.json, with Lambda seconds, transitions and kit sizes replaced by a bench_workflow JSON."""
    base = _data("assumptions.json")
    if measured and measured.is_file():
        bench = json.loads(measured.read_text(encoding="utf-8"))
        for name, seconds in bench.get("lambda_s", {}).items():
            base["lambda_seconds"][name.rsplit("-", 1)[-1]] = seconds  # "brandkit-local-PaletteFunction"
        for key, bench_key in (("state_transitions_per_kit", "transitions_per_kit"), ("kit_bytes", "kit_bytes")):
            if bench_key in bench:
                base[key] = bench[bench_key]
        if "kit_objects" in bench:
            base["s3_puts_per_kit"] = bench["kit_objects"] + 13  # + brief and work files
        base["measured_from"] = str(measured)
    return base


def template_memory_mb(template: Path | None = None) -> dict[str, int]:
    """MemorySize of every function in template.yaml (the repository's, unless given)."""
    from brandkit_local.twin import sam_template
    from brandkit_local.twin.sam_template import project_root

    path = template or project_root() / "template.yaml"
    loaded = sam_template.load_template(path)
    return {k: fn.memory_mb for k, fn in sam_template.functions(loaded, path.parent, {}).items()}


def gpu_seconds_per_kit(
    kits_per_month: float, gpu: dict[str, Any], kits_per_job: int = 1, warm: bool = False
) -> dict[str, float]:
    """Billed instance seconds per kit: work, expected cold start and expected idle tail (see module doc).

    The workflow submits one Batch job per kit (kits_per_job=1). A larger kits_per_job answers "what if k
    kits shared one job": jobs then arrive k times less often and each pays its start-up once for k kits.
    With warm capacity a job always finds a running instance, whose hours are billed as a fixed line.
    """
    if kits_per_job < 1:
        raise ValueError("kits_per_job must be >= 1")
    steps = gpu["steps"]
    per_image = gpu["seconds_per_image_lcm_4_steps"] if steps <= 4 else steps * gpu["seconds_per_step_t4"]
    images = gpu["candidates"] * per_image
    if warm:
        work = gpu["job_overhead_s"] / kits_per_job + images
        return {"work": work, "cold": 0.0, "idle": 0.0, "total": work, "p_cold": 0.0, "per_image": per_image}
    rate = kits_per_month / SECONDS_PER_MONTH / kits_per_job  # jobs per second
    tail = gpu["idle_before_scale_in_s"]
    p_warm = 1 - math.exp(-rate * tail)
    cold = (1 - p_warm) * (gpu["instance_cold_start_s"] + gpu["image_pull_s"]) / kits_per_job
    idle = (p_warm / rate if rate else tail) / kits_per_job
    work = gpu["job_overhead_s"] / kits_per_job + images
    return {
        "work": work,
        "cold": cold,
        "idle": idle,
        "total": work + cold + idle,
        "p_cold": 1 - p_warm,
        "per_image": per_image,
    }


def batching_wait_s(kits_per_month: float, kits_per_job: int) -> float:
    """Mean extra wait of a kit if jobs were held until k kits had arrived (Poisson arrivals): (k - 1) / 2r."""
    rate = kits_per_month / SECONDS_PER_MONTH
    return (kits_per_job - 1) / (2 * rate) if rate else math.inf


def estimate(
    kits_per_month: int,
    *,
    engine: str = "vector",
    neptune: bool = False,
    claude_model: str | None = None,
    steps: int | None = None,
    kits_per_job: int = 1,
    on_demand_share: float = 0.0,
    warm_vcpus: int = 0,
    prices: dict[str, Any] | None = None,
    assumptions: dict[str, Any] | None = None,
    memory_mb: dict[str, int] | None = None,
) -> Estimate:
    if engine not in STAGES:
        raise ValueError(f"engine must be one of {ENGINES}")
    if kits_per_month < 0:
        raise ValueError("kits_per_month must be >= 0")
    if not 0 <= on_demand_share <= 1:
        raise ValueError("on_demand_share must be between 0 and 1 (the share of GPU seconds spot could not place)")
    if warm_vcpus < 0:
        raise ValueError("warm_vcpus must be >= 0")
    p = prices or load_prices()
    unit = pricing.unit_prices(p)
    a = assumptions or load_assumptions()
    mem = memory_mb or template_memory_mb()
    n = kits_per_month
    lines: list[Line] = []

    functions = STAGES[engine] + ["ApiFunction"]
    calls = {f: 1 for f in STAGES[engine]} | {"ApiFunction": a["api_calls_per_kit"]}
    gb_s = sum(a["lambda_seconds"][f] * calls[f] * mem[f] / 1024 for f in functions)
    requests = sum(calls.values())
    lines.append(
        Line(
            "Lambda compute",
            n * gb_s * unit["lambda_gb_second"],
            f"{gb_s:.2f} GB-s per kit (stage seconds x template MemorySize)",
        )
    )
    lines.append(Line("Lambda requests", n * requests * unit["lambda_request"], f"{requests} invocations per kit"))
    transitions = a["state_transitions_per_kit"]
    lines.append(
        Line("Step Functions", n * transitions * unit["state_transition"], f"{transitions} state transitions per kit")
    )

    if engine == "sdxl":
        gpu = dict(a["gpu"], **({"steps": steps} if steps else {}))
        warm = warm_vcpus > 0
        secs = (
            gpu_seconds_per_kit(n, gpu, kits_per_job, warm)
            if n
            else {"total": 0.0, "p_cold": 1.0, "idle": 0.0, "per_image": 0.0}
        )
        instance = p["ec2_spot"]["instance_type"]
        spot_s = secs["total"] * (1 - on_demand_share)
        lines.append(
            Line(
                f"Batch GPU ({instance} spot)",
                n * spot_s * unit["gpu_spot_second"],
                f"{spot_s:.0f} s billed per kit: {gpu['candidates']} x {secs['per_image']:.1f} s images"
                f" + overhead, cold start on {secs['p_cold']:.0%} of jobs, idle tail {secs['idle']:.0f} s"
                + (
                    f"; {kits_per_job} kits a job (not built: the workflow runs one kit a job)"
                    if kits_per_job > 1
                    else ""
                ),
            )
        )
        if on_demand_share:
            lines.append(
                Line(
                    f"Batch GPU ({instance} on-demand fallback)",
                    n * secs["total"] * on_demand_share * unit["gpu_on_demand_second"],
                    f"{on_demand_share:.0%} of GPU seconds placed on on-demand when spot is short",
                )
            )
        if warm:
            instances = math.ceil(warm_vcpus / VCPUS_PER_GPU_INSTANCE)
            lines.append(
                Line(
                    f"Warm GPU capacity ({instances} x {instance} spot)",
                    instances * SECONDS_PER_MONTH * unit["gpu_spot_second"],
                    f"GpuWarmvCpus={warm_vcpus}: running all month, so no job waits for a boot",
                    fixed=True,
                )
            )
        lines.append(
            Line(
                "ECR image + model weights",
                gpu["image_gb"] * p["ecr"]["per_gb_month"] + gpu["model_gb"] * p["s3"]["per_gb_month"],
                f"{gpu['image_gb']} GB worker image, {gpu['model_gb']} GB SDXL weights in S3",
                fixed=True,
            )
        )

    stored_gb = (
        n * (a["kit_bytes"] * a["kit_retention_days"] + a["work_bytes"] * WORK_RETENTION_DAYS) / GB / DAYS_PER_MONTH
    )
    lines.append(
        Line(
            "S3 storage",
            stored_gb * unit["s3_gb_month"],
            f"{stored_gb:.2f} GB held ({a['kit_retention_days']}-day retention, work files {WORK_RETENTION_DAYS})",
        )
    )
    lines.append(
        Line(
            "S3 requests",
            n * (a["s3_puts_per_kit"] * unit["s3_put"] + a["s3_gets_per_kit"] * unit["s3_get"]),
            f"{a['s3_puts_per_kit']} PUT + {a['s3_gets_per_kit']} GET per kit",
        )
    )
    lines.append(
        Line(
            "SNS", n * a["sns_publishes_per_kit"] * unit["sns_publish"], f"{a['sns_publishes_per_kit']} publish per kit"
        )
    )
    lines.append(
        Line(
            "API Gateway (REST)",
            n * a["api_calls_per_kit"] * unit["api_request"],
            f"{a['api_calls_per_kit']} requests per kit (submit + polls)",
        )
    )
    lines.append(
        Line(
            "DynamoDB (on demand)",
            n
            * (
                a["dynamodb_writes_per_kit"] * unit["dynamodb_write"]
                + a["dynamodb_reads_per_kit"] * unit["dynamodb_read"]
            ),
            f"{a['dynamodb_writes_per_kit']} writes + {a['dynamodb_reads_per_kit']} reads per kit",
        )
    )
    lines.append(
        Line(
            "CloudWatch Logs",
            n * a["log_bytes_per_kit"] / GB * unit["log_gb"],
            f"{a['log_bytes_per_kit'] / 1000:.0f} kB of logs per kit",
        )
    )

    if claude_model:
        from brandkit.rationale.models import PRICES_AS_OF, model_info

        info = model_info(claude_model)
        if info is None:
            raise ValueError(f"no price known for Claude model {claude_model!r}")
        usage = a["claude"]
        per_kit = info.cost_usd(usage)
        lines.append(
            Line(
                f"Claude ({claude_model})",
                n * per_kit,
                f"{usage['input_tokens']} in + {usage['output_tokens']} out tokens per kit; prices of {PRICES_AS_OF}",
            )
        )
        lines.append(Line("Secrets Manager", p["secrets_manager"]["per_secret_month"], "the Anthropic key", fixed=True))
    if neptune:
        nep = p["neptune_serverless"]
        lines.append(
            Line(
                "Neptune Serverless",
                nep["min_ncu"] * 730 * nep["per_ncu_hour"] + nep["storage_per_gb_month"],
                f"minimum {nep['min_ncu']:g} NCU around the clock + 1 GB storage",
                fixed=True,
            )
        )
    return Estimate(n, engine, lines)


def render(est: Estimate, t: Translator | None = None) -> str:
    """The estimate as a table; its frame in t's language (components and details are the model's English)."""
    t = t or translator(SOURCE)
    month, kit = t.pgettext("cli cost", "/month"), t.pgettext("cli cost", "/kit")
    total, floor = t.pgettext("cli cost", "total"), t.pgettext("cli cost", "fixed floor")
    fixed = t.pgettext("cli cost", "[fixed]")
    width = max(len(label) for label in [line.component for line in est.lines] + [total, floor])
    rows = [t.pgettext("cli cost", "{kits} kits/month, {engine} engine").format(
        kits=t.number(est.kits_per_month, 0), engine=est.engine), ""]
    rows += [
        f"  {line.component:<{width}}  ${line.monthly:>10.2f}{month}"
        f"  ${line.monthly / est.kits_per_month if est.kits_per_month else 0:>9.5f}{kit}"
        f"  {fixed + ' ' if line.fixed else ''}{line.detail}"
        for line in est.lines
    ]
    rows += [
        "",
        f"  {total:<{width}}  ${est.monthly:>10.2f}{month}  ${est.per_kit:>9.5f}{kit}",
        f"  {floor:<{width}}  ${est.floor:>10.2f}{month}",
    ]
    return "\n".join(rows)
