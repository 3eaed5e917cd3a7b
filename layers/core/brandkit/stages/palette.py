"""Palette: colour roles from the profile, harmonised with the logo's own colours, accessible by construction."""

from __future__ import annotations

from typing import Any

from brandkit.job_files import CONCEPTS, PALETTE, PROFILE
from brandkit.palette import build_palette
from brandkit.stages import job_of
from brandkit.store import Stores


def run(event: dict[str, Any], stores: Stores) -> dict[str, Any]:
    job, store = job_of(event, stores)
    profile = store.load(PROFILE)
    concepts = store.load(CONCEPTS)
    palette = build_palette(profile, logo_colors=concepts.colors or None)
    store.save(PALETTE, palette)
    return {"primary": palette.hex("primary"), "harmony": palette.harmony, "adjustments": len(palette.adjustments)}
