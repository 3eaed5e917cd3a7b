"""Palette: colour roles from the profile, harmonised with the logo's own colours, accessible by construction."""

from __future__ import annotations

from typing import Any

from brandkit.palette import build_palette
from brandkit.stages import PALETTE, job_of, load_concepts, load_profile


def run(event: dict[str, Any]) -> dict[str, Any]:
    job, store = job_of(event)
    profile = load_profile(store)
    concepts = load_concepts(store)
    palette = build_palette(profile, logo_colors=concepts.colors or None)
    store.put_json(f"work/{PALETTE}", palette)
    return {"primary": palette.hex("primary"), "harmony": palette.harmony, "adjustments": len(palette.adjustments)}
