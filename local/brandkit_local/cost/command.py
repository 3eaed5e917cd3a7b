"""`brandkit cost`: the options and the printout (cli.py only registers the subcommand)."""

from __future__ import annotations

import argparse
import json
from dataclasses import asdict
from pathlib import Path

from brandkit.i18n import Translator
from brandkit_local.cost.model import ENGINES, estimate, load_assumptions, load_prices, render

MEASURED = Path("docs") / "bench_workflow.json"


def add_arguments(parser: argparse.ArgumentParser, t: Translator) -> None:
    parser.add_argument("--kits-per-month", type=int, required=True,
                        help=t.pgettext("cli help", "kits generated per month"))
    parser.add_argument("--engine", choices=ENGINES, default="vector",
                        help=t.pgettext("cli help", "logo engine (sdxl = Batch spot GPU)"))
    parser.add_argument("--neptune", action="store_true",
                        help=t.pgettext("cli help", "the knowledge graph runs on Neptune Serverless"))
    parser.add_argument(
        "--claude",
        metavar="MODEL",
        nargs="?",
        const="claude-sonnet-5-5",
        help=t.pgettext("cli help", "an Anthropic key is configured: add Claude tokens for the rationale (default "
                                    "model: %(const)s)"),
    )
    parser.add_argument("--steps", type=int,
                        help=t.pgettext("cli help", "SDXL steps per image (default 30; 4 = LCM-LoRA timing)"))
    parser.add_argument(
        "--on-demand-share",
        type=float,
        default=0.0,
        metavar="FRACTION",
        help=t.pgettext("cli help", "share of GPU seconds the on-demand fallback runs when spot is short (0-1; "
                                    "default 0)"),
    )
    parser.add_argument(
        "--warm-vcpus",
        type=int,
        default=0,
        metavar="N",
        help=t.pgettext("cli help", "warm GPU capacity, the template's GpuWarmvCpus (4 = one g4dn.xlarge all month; "
                                    "default 0)"),
    )
    parser.add_argument(
        "--measured", type=Path,
        help=t.pgettext("cli help", "bench_workflow JSON with measured stage times (default: {path} if "
                                    "present)").format(path=MEASURED),
    )
    parser.add_argument("--json", action="store_true", help=t.pgettext("cli help", "print the estimate as JSON"))


def run(args: argparse.Namespace, t: Translator) -> int:
    from brandkit_local.twin.sam_template import project_root

    measured = args.measured
    if measured is None:
        try:
            measured = project_root() / MEASURED
        except FileNotFoundError:
            measured = None
    assumptions = load_assumptions(measured)
    prices = load_prices()
    est = estimate(
        args.kits_per_month,
        engine=args.engine,
        neptune=args.neptune,
        claude_model=args.claude,
        steps=args.steps,
        on_demand_share=args.on_demand_share,
        warm_vcpus=args.warm_vcpus,
        prices=prices,
        assumptions=assumptions,
    )
    if args.json:
        print(
            json.dumps(
                {
                    "kits_per_month": est.kits_per_month,
                    "engine": est.engine,
                    "monthly": est.monthly,
                    "per_kit": est.per_kit,
                    "floor": est.floor,
                    "lines": [{k: v for k, v in asdict(x).items() if k != "said"} for x in est.lines],
                    "prices_as_of": prices["as_of"],
                },
                indent=2,
            )
        )
        return 0
    print(render(est, t))
    source = assumptions.get("measured_from") or t.pgettext(
        "cli cost", "assumptions.json defaults (no bench_workflow JSON found)")
    print("\n" + t.pgettext("cli cost", "prices: {region}, as of {date} ({file}); stage times: {source}").format(
        region=prices["region"], date=prices["as_of"], file="layers/core/brandkit/data/prices.json", source=source))
    return 0
