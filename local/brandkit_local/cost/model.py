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

from babel.numbers import format_decimal

from brandkit import pricing
from brandkit.i18n import N_, SOURCE, Translator, translator
from brandkit.i18n.said import Said
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
    component: str  # English, as docs/COST.md and --json give it
    monthly: float  # USD per month
    detail: str
    fixed: bool = False  # paid whatever the volume (the monthly floor)
    # The component and detail as catalogue messages (context "cost line"), for render() in another language.
    said: tuple[Said, Said] | None = field(default=None, compare=False, repr=False)

    def component_in(self, t: Translator) -> str:
        return self.said[0].say(t) if self.said else self.component

    def detail_in(self, t: Translator) -> str:
        return self.said[1].say(t) if self.said else self.detail


def _line(component: Said, monthly: float, detail: Said, fixed: bool = False) -> Line:
    return Line(str(component), monthly, str(detail), fixed, said=(component, detail))


def _s(message: tuple[str, str], **values: object) -> Said:
    return Said(message, values)


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
        _line(
            _s(N_("cost line", "Lambda compute")),
            n * gb_s * unit["lambda_gb_second"],
            _s(N_("cost line", "{gb_s} GB-s per kit (stage seconds x template MemorySize)"), gb_s=f"{gb_s:.2f}"),
        )
    )
    lines.append(_line(_s(N_("cost line", "Lambda requests")), n * requests * unit["lambda_request"],
                       _s(N_("cost line", "{count} invocations per kit"), count=requests)))
    transitions = a["state_transitions_per_kit"]
    lines.append(_line(_s(N_("cost line", "Step Functions")), n * transitions * unit["state_transition"],
                       _s(N_("cost line", "{count} state transitions per kit"), count=transitions)))

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
        billed = _s(N_("cost line", "{billed} s billed per kit: {images} x {per_image} s images + overhead, cold "
                                    "start on {cold} of jobs, idle tail {idle} s"),
                    billed=f"{spot_s:.0f}", images=gpu["candidates"], per_image=f"{secs['per_image']:.1f}",
                    cold=f"{secs['p_cold']:.0%}", idle=f"{secs['idle']:.0f}")
        if kits_per_job > 1:
            billed = _s(N_("cost line", "{detail}; {kits} kits a job (not built: the workflow runs one kit a job)"),
                        detail=billed, kits=kits_per_job)
        lines.append(
            _line(_s(N_("cost line", "Batch GPU ({instance} spot)"), instance=instance),
                  n * spot_s * unit["gpu_spot_second"], billed)
        )
        if on_demand_share:
            lines.append(
                _line(
                    _s(N_("cost line", "Batch GPU ({instance} on-demand fallback)"), instance=instance),
                    n * secs["total"] * on_demand_share * unit["gpu_on_demand_second"],
                    _s(N_("cost line", "{share} of GPU seconds placed on on-demand when spot is short"),
                       share=f"{on_demand_share:.0%}"),
                )
            )
        if warm:
            instances = math.ceil(warm_vcpus / VCPUS_PER_GPU_INSTANCE)
            lines.append(
                _line(
                    _s(N_("cost line", "Warm GPU capacity ({count} x {instance} spot)"), count=instances,
                       instance=instance),
                    instances * SECONDS_PER_MONTH * unit["gpu_spot_second"],
                    _s(N_("cost line", "GpuWarmvCpus={vcpus}: running all month, so no job waits for a boot"),
                       vcpus=warm_vcpus),
                    fixed=True,
                )
            )
        lines.append(
            _line(
                _s(N_("cost line", "ECR image + model weights")),
                gpu["image_gb"] * p["ecr"]["per_gb_month"] + gpu["model_gb"] * p["s3"]["per_gb_month"],
                _s(N_("cost line", "{image} GB worker image, {model} GB SDXL weights in S3"), image=gpu["image_gb"],
                   model=gpu["model_gb"]),
                fixed=True,
            )
        )

    stored_gb = (
        n * (a["kit_bytes"] * a["kit_retention_days"] + a["work_bytes"] * WORK_RETENTION_DAYS) / GB / DAYS_PER_MONTH
    )
    lines.append(
        _line(
            _s(N_("cost line", "S3 storage")),
            stored_gb * unit["s3_gb_month"],
            _s(N_("cost line", "{gb} GB held ({days}-day retention, work files {work_days})"), gb=f"{stored_gb:.2f}",
               days=a["kit_retention_days"], work_days=WORK_RETENTION_DAYS),
        )
    )
    lines.append(
        _line(
            _s(N_("cost line", "S3 requests")),
            n * (a["s3_puts_per_kit"] * unit["s3_put"] + a["s3_gets_per_kit"] * unit["s3_get"]),
            _s(N_("cost line", "{puts} PUT + {gets} GET per kit"), puts=a["s3_puts_per_kit"],
               gets=a["s3_gets_per_kit"]),
        )
    )
    lines.append(
        _line(_s(N_("cost line", "SNS")), n * a["sns_publishes_per_kit"] * unit["sns_publish"],
              _s(N_("cost line", "{count} publish per kit"), count=a["sns_publishes_per_kit"]))
    )
    lines.append(
        _line(
            _s(N_("cost line", "API Gateway (REST)")),
            n * a["api_calls_per_kit"] * unit["api_request"],
            _s(N_("cost line", "{count} requests per kit (submit + polls)"), count=a["api_calls_per_kit"]),
        )
    )
    lines.append(
        _line(
            _s(N_("cost line", "DynamoDB (on demand)")),
            n
            * (
                a["dynamodb_writes_per_kit"] * unit["dynamodb_write"]
                + a["dynamodb_reads_per_kit"] * unit["dynamodb_read"]
            ),
            _s(N_("cost line", "{writes} writes + {reads} reads per kit"), writes=a["dynamodb_writes_per_kit"],
               reads=a["dynamodb_reads_per_kit"]),
        )
    )
    lines.append(
        _line(
            _s(N_("cost line", "CloudWatch Logs")),
            n * a["log_bytes_per_kit"] / GB * unit["log_gb"],
            _s(N_("cost line", "{kb} kB of logs per kit"), kb=f"{a['log_bytes_per_kit'] / 1000:.0f}"),
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
            _line(
                _s(N_("cost line", "Claude ({model})"), model=claude_model),
                n * per_kit,
                _s(N_("cost line", "{tokens_in} in + {tokens_out} out tokens per kit; prices of {date}"),
                   tokens_in=usage["input_tokens"], tokens_out=usage["output_tokens"], date=PRICES_AS_OF),
            )
        )
        lines.append(_line(_s(N_("cost line", "Secrets Manager")), p["secrets_manager"]["per_secret_month"],
                           _s(N_("cost line", "the Anthropic key")), fixed=True))
    if neptune:
        nep = p["neptune_serverless"]
        lines.append(
            _line(
                _s(N_("cost line", "Neptune Serverless")),
                nep["min_ncu"] * 730 * nep["per_ncu_hour"] + nep["storage_per_gb_month"],
                _s(N_("cost line", "minimum {ncu} NCU around the clock + 1 GB storage"), ncu=f"{nep['min_ncu']:g}"),
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
    width = max(len(label) for label in [line.component_in(t) for line in est.lines] + [total, floor])
    rows = [t.pgettext("cli cost", "{kits} kits/month, {engine} engine").format(
        kits=format_decimal(est.kits_per_month, locale=t.cldr), engine=est.engine), ""]  # CLDR grouping: 1,000
    rows += [
        f"  {line.component_in(t):<{width}}  ${line.monthly:>10.2f}{month}"
        f"  ${line.monthly / est.kits_per_month if est.kits_per_month else 0:>9.5f}{kit}"
        f"  {fixed + ' ' if line.fixed else ''}{line.detail_in(t)}"
        for line in est.lines
    ]
    rows += [
        "",
        f"  {total:<{width}}  ${est.monthly:>10.2f}{month}  ${est.per_kit:>9.5f}{kit}",
        f"  {floor:<{width}}  ${est.floor:>10.2f}{month}",
    ]
    return "\n".join(rows)
