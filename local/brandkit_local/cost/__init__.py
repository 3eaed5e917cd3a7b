"""Monthly and per-kit cost of running Brandkit on AWS, from public prices (prices.json) and measured
workload figures (docs/bench_workflow.json when present, else assumptions.json)."""

from brandkit_local.cost.model import Estimate, Line, estimate, gpu_seconds_per_kit, load_assumptions, load_prices

__all__ = ["Estimate", "Line", "estimate", "gpu_seconds_per_kit", "load_assumptions", "load_prices"]
