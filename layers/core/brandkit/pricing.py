"""What one kit cost: the resources its run used, priced from the dated price file (data/prices.json).

One place turns public prices into unit prices (USD per GB-second, per request, per GPU second...);
`kit_cost` prices one run's usage with them for manifest.json, and the month model in
brandkit_local.cost multiplies the same unit prices by its assumed workload, so both agree.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

SECONDS_PER_MONTH = 730 * 3600  # AWS bills a month as 730 hours
DAYS_PER_MONTH = 730 / 24
GB = 1024**3
WORK_RETENTION_DAYS = 7  # template.yaml's ExpireWorkFiles rule


@cache
def load_prices() -> dict[str, Any]:
    prices: dict[str, Any] = json.loads(
        resources.files("brandkit").joinpath("data/prices.json").read_text(encoding="utf-8"))
    return prices


def gpu_hourly(prices: dict[str, Any], instance_type: str | None, lifecycle: str | None) -> tuple[str, float]:
    """(instance type priced, USD per hour) of a GPU instance; unknown types are priced as the file's default."""
    table = {k: v for k, v in prices["gpu_instances"].items() if isinstance(v, dict)}
    priced: str = instance_type if instance_type is not None and instance_type in table \
        else prices["ec2_spot"]["instance_type"]
    return priced, float(table[priced]["on_demand" if lifecycle == "on-demand" else "spot"])


def unit_prices(prices: dict[str, Any]) -> dict[str, float]:
    """USD per unit of everything a kit uses; the unit is in the key's name."""
    spot = prices["ec2_spot"]
    ebs_per_second = spot["root_volume_gb"] * spot["ebs_gp3_per_gb_month"] / SECONDS_PER_MONTH
    return {
        "lambda_gb_second": prices["lambda"]["gb_second_x86"],
        "lambda_request": prices["lambda"]["per_million_requests"] / 1e6,
        "state_transition": prices["step_functions"]["per_thousand_state_transitions"] / 1000,
        "s3_put": prices["s3"]["per_thousand_put"] / 1000,
        "s3_get": prices["s3"]["per_thousand_get"] / 1000,
        "s3_gb_month": prices["s3"]["per_gb_month"],
        "sns_publish": prices["sns"]["per_million_publishes"] / 1e6,
        "api_request": prices["api_gateway"]["rest_per_million_requests"] / 1e6,
        "dynamodb_write": prices["dynamodb"]["per_million_write_request_units"] / 1e6,
        "dynamodb_read": prices["dynamodb"]["per_million_read_request_units"] / 1e6,
        "log_gb": prices["cloudwatch_logs"]["ingest_per_gb"],
        "gpu_spot_second": gpu_hourly(prices, None, "spot")[1] / 3600 + ebs_per_second,
        "gpu_on_demand_second": gpu_hourly(prices, None, "on-demand")[1] / 3600 + ebs_per_second,
        "gpu_ebs_second": ebs_per_second,
    }


@dataclass
class StageRun:
    """One Lambda invocation: how long it ran (ms, as measured) and its memory size."""

    name: str
    duration_ms: float
    memory_mb: int

    @property
    def billed_gb_s(self) -> float:
        return math.ceil(self.duration_ms) / 1000 * self.memory_mb / 1024  # Lambda bills whole milliseconds


@dataclass
class GpuAttempt:
    seconds: float
    instance_type: str | None = None
    lifecycle: str | None = None  # "spot" or "on-demand"


@dataclass
class KitUsage:
    stages: list[StageRun]
    state_transitions: int
    s3_puts: int
    s3_gets: int
    kit_bytes: int
    work_bytes: int
    kit_retention_days: int
    gpu: list[GpuAttempt] = field(default_factory=list)
    claude: dict[str, Any] | None = None  # the rationale's usage: model, tokens, cost_usd
    sns_publishes: int = 1


def _part(item: str, quantity: float, unit: str, unit_usd: float) -> dict[str, Any]:
    return {
        "item": item,
        "quantity": round(quantity, 6),
        "unit": unit,
        "unit_usd": unit_usd,
        "usd": round(quantity * unit_usd, 8),
    }


def kit_cost(usage: KitUsage, prices: dict[str, Any] | None = None, source: str = "") -> dict[str, Any]:
    """The manifest's `cost`: one part per item used, `total_usd` their sum, and the price file's date."""
    prices = prices or load_prices()
    unit = unit_prices(prices)
    parts = [
        _part(f"Lambda {s.name} ({s.memory_mb} MB)", s.billed_gb_s, "GB-s", unit["lambda_gb_second"])
        for s in usage.stages
    ]
    parts.append(_part("Lambda requests", len(usage.stages), "requests", unit["lambda_request"]))
    parts.append(_part("Step Functions", usage.state_transitions, "state transitions", unit["state_transition"]))
    parts.append(_part("S3 PUT", usage.s3_puts, "requests", unit["s3_put"]))
    parts.append(_part("S3 GET", usage.s3_gets, "requests", unit["s3_get"]))
    gb_months = (
        (usage.kit_bytes * usage.kit_retention_days + usage.work_bytes * WORK_RETENTION_DAYS) / GB / DAYS_PER_MONTH
    )
    parts.append(
        _part(
            f"S3 storage (kit {usage.kit_retention_days} days, work files {WORK_RETENTION_DAYS})",
            gb_months,
            "GB-months",
            unit["s3_gb_month"],
        )
    )
    parts.append(_part("SNS", usage.sns_publishes, "publishes", unit["sns_publish"]))
    for attempt in usage.gpu:
        priced, hourly = gpu_hourly(prices, attempt.instance_type, attempt.lifecycle)
        lifecycle = "on-demand" if attempt.lifecycle == "on-demand" else "spot"
        parts.append(
            _part(f"Batch GPU {priced} {lifecycle}", attempt.seconds, "seconds", hourly / 3600 + unit["gpu_ebs_second"])
        )
    if usage.claude and usage.claude.get("cost_usd") is not None:
        tokens = sum(v for k, v in usage.claude.items() if k.endswith("_tokens") and isinstance(v, int))
        parts.append(
            _part(
                f"Claude {usage.claude.get('model')} (prices of {usage.claude.get('prices_as_of')})",
                tokens,
                "tokens",
                usage.claude["cost_usd"] / tokens if tokens else 0.0,
            )
        )
    return {
        "currency": prices["currency"],
        "prices_as_of": prices["as_of"],
        "region": prices["region"],
        "source": source,
        "parts": parts,
        "total_usd": round(sum(p["usd"] for p in parts), 8),
    }
