"""`brandkit cost`: the options and the printout (cli.py only registers the subcommand)."""

from __future__ import annotations

import argparse
import json
from dataclasses import asdict
from pathlib import Path

from brandkit_local.cost.model import ENGINES, estimate, load_assumptions, load_prices, render

MEASURED = Path("docs") / "bench_workflow.json"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--kits-per-month", type=int, required=True, help="kits generated per month")
    parser.add_argument("--engine", choices=ENGINES, default="vector", help="logo engine (sdxl = Batch spot GPU)")
    parser.add_argument("--neptune", action="store_true", help="the knowledge graph runs on Neptune Serverless")
    parser.add_argument(
        "--claude",
        metavar="MODEL",
        nargs="?",
        const="claude-sonnet-5-5",
        help="an Anthropic key is configured: add Claude tokens for the rationale (default model: %(const)s)",
    )
    parser.add_argument("--steps", type=int, help="SDXL steps per image (default 30; 4 = LCM-LoRA timing)")
    parser.add_argument(
        "--measured", type=Path, help=f"bench_workflow JSON with measured stage times (default: {MEASURED} if present)"
    )
    parser.add_argument("--json", action="store_true", help="print the estimate as JSON")


def run(args: argparse.Namespace) -> int:
    from brandkit_local.twin.sam_template import project_root

    measured = args.measured
    if measured is None:
        try:
            measured = project_root() / MEASURED
        except FileNotFoundError:
            measured = None
    assumptions = load_assumptions(measured)
    prices = load_prices()
    est = estimate(args.kits_per_month, engine=args.engine, neptune=args.neptune, claude_model=args.claude,
                   steps=args.steps, prices=prices, assumptions=assumptions)
    if args.json:
        print(json.dumps({"kits_per_month": est.kits_per_month, "engine": est.engine, "monthly": est.monthly,
                          "per_kit": est.per_kit, "floor": est.floor, "lines": [asdict(x) for x in est.lines],
                          "prices_as_of": prices["as_of"]}, indent=2))
        return 0
    print(render(est))
    source = assumptions.get("measured_from", "assumptions.json defaults (no bench_workflow JSON found)")
    print(f"\nprices: {prices['region']}, as of {prices['as_of']} (brandkit_local/cost/prices.json);"
          f" stage times: {source}")
    return 0
