"""manifest.json: every artifact of the kit with its checksum, plus the stage timings."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from typing import Any

MANIFEST_VERSION = "1"

# First matching prefix/suffix wins; the kind tells a consumer what a file is without opening it.
_KINDS: list[tuple[str, str]] = [
    ("logo/concepts/", "logo-concept"),
    ("logo/LICENSE", "licence"),
    ("logo/png/", "logo-png"),
    ("logo/favicon", "favicon"),
    ("logo/apple-touch", "app-icon"),
    ("logo/", "logo-svg"),
    ("social/", "social"),
    ("tokens/", "design-tokens"),
    ("palette/", "palette"),
    ("fonts/", "font"),
    ("guidelines", "guidelines-pdf"),
    ("rationale", "rationale"),
    ("options.json", "options"),
]


def artifact_kind(relpath: str) -> str:
    if relpath.startswith("fonts/") and not relpath.lower().endswith((".ttf", ".otf")):
        return "font-licence"
    for prefix, kind in _KINDS:
        if relpath.startswith(prefix):
            return kind
    return "other"


def artifact_entry(relpath: str, data: bytes) -> dict[str, Any]:
    return {
        "path": relpath,
        "kind": artifact_kind(relpath),
        "bytes": len(data),
        "sha256": hashlib.sha256(data).hexdigest(),
    }


def build_manifest(
    job_id: str,
    company_name: str,
    artifacts: list[dict[str, Any]],
    timings_ms: dict[str, float],
    details: dict[str, Any],
) -> dict[str, Any]:
    return {
        "manifest_version": MANIFEST_VERSION,
        "job_id": job_id,
        "company_name": company_name,
        "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "artifacts": sorted(artifacts, key=lambda a: a["path"]),
        "timings_ms": timings_ms,
        **details,
    }
