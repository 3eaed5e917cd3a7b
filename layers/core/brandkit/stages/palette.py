"""Palette: colour roles from the profile, harmonised with the logo's own colours, accessible by construction.

The run's palette options are made here and recorded in the kit (options.json, with the font options the
profile carries); the kit uses the first, or the one `choices.palette` names."""

from __future__ import annotations

from typing import Any

from brandkit.artifacts import OPTIONS
from brandkit.kit_options import kit_options
from brandkit.palette import choose_option, palette_options
from brandkit.stages import PALETTE, job_of, load_concepts, load_profile


def run(event: dict[str, Any]) -> dict[str, Any]:
    job, store = job_of(event)
    profile = load_profile(store)
    concepts = load_concepts(store)
    options = palette_options(profile, logo_colors=concepts.colors or None)
    choice = (event.get("choices") or {}).get("palette")
    chosen = choose_option(options, choice) if choice else options[0]
    palette = chosen.palette
    store.put_json(f"work/{PALETTE}", palette)
    store.put_json(f"kit/{OPTIONS}", kit_options(profile, options, chosen.id))
    return {"primary": palette.hex("primary"), "harmony": palette.harmony, "adjustments": len(palette.adjustments),
            "option": chosen.id}
