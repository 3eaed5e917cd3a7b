"""DesignLogo: the CPU vector designer draws concepts for the brand (the embedded default engine)."""

from __future__ import annotations

import zlib
from typing import Any

from brandkit.artifacts import CONCEPTS
from brandkit.logo.designer import design_concepts
from brandkit.palette import build_palette
from brandkit.stages import job_of, load_profile


def run(event: dict[str, Any]) -> dict[str, Any]:
    job, store = job_of(event)
    profile = load_profile(store)
    # Concepts are parametric: drawn here with a provisional palette, re-drawn later with the final one.
    provisional = build_palette(profile)
    seed = zlib.crc32(profile.company_name.encode("utf-8"))
    concepts = design_concepts(profile, provisional, seed=seed)
    store.put_json(f"work/{CONCEPTS}", concepts)
    return {"engine": concepts.engine, "count": len(concepts.concepts), "primary": concepts.primary}
