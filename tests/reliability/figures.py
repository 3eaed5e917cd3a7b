"""Where the reliability suites leave their figures: one JSON file per suite under docs/reliability/,
read by scripts/reliability_report.py into docs/RELIABILITY.md. A suite writes only when it ran at
full size (BRANDKIT_FULL_RELIABILITY=1), so the document always shows the last full run."""

from __future__ import annotations

import json
import os
import platform
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

FIGURES = Path(__file__).parents[2] / "docs" / "reliability"
FULL = os.environ.get("BRANDKIT_FULL_RELIABILITY") == "1"


def record(suite: str, figures: dict[str, Any]) -> None:
    if not FULL:
        return
    FIGURES.mkdir(parents=True, exist_ok=True)
    stamp = {"measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
             "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"}
    (FIGURES / f"{suite}.json").write_text(json.dumps({**stamp, **figures}, indent=2) + "\n", encoding="utf-8")
