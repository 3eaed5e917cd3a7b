"""Shared by the benches: one machine-readable line per bench, and a description of the machine.

Each bench ends with `BENCH_JSON {"bench": ..., "figures": [...]}`; bench/run_all.py collects them.
A figure is {"name", "value", "unit", "target" (text or null), "met" (bool or null)}.
"""

from __future__ import annotations

import json
import os
import platform
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

PREFIX = "BENCH_JSON "


def figure(name: str, value: float | None, unit: str, limit: float | None = None, *, below: bool = True,
           target: str | None = None, note: str = "") -> dict[str, Any]:
    """A measured figure; with `limit`, met means value < limit (below=True) or value >= limit."""
    met = None
    if limit is not None and value is not None:
        met = value < limit if below else value >= limit
        target = target or (f"< {limit:g} {unit}" if below else f">= {limit:g} {unit}")
    return {"name": name, "value": value, "unit": unit, "target": target, "met": met, "note": note}


def emit(bench: str, figures: list[dict[str, Any]], **extra: Any) -> None:
    print(PREFIX + json.dumps({"bench": bench, "figures": figures, **extra}, default=str), flush=True)


def parse(stdout: str) -> dict[str, Any] | None:
    """The last BENCH_JSON record in a bench's output, or None."""
    for line in reversed(stdout.splitlines()):
        if line.startswith(PREFIX):
            return json.loads(line[len(PREFIX):])
    return None


def machine() -> dict[str, Any]:
    model = "unknown"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.is_file():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    load = os.getloadavg() if hasattr(os, "getloadavg") else (0.0, 0.0, 0.0)
    return {"cpus": os.cpu_count(), "cpu_model": model, "python": platform.python_version(),
            "platform": platform.platform(), "load_average": [round(x, 2) for x in load],
            "date": datetime.now(UTC).isoformat(timespec="seconds")}
