"""Palette: colour roles from the profile, harmonised with the logo's own colours, accessible by construction.

The run's palette options are made here and recorded in the kit (options.json, with the font options the
profile carries); the kit uses the first, or the one the job's `choices.palette` names. A revision that keeps its
parent's palette and logo takes the parent's options as they are."""

from __future__ import annotations

from typing import Any

from brandkit.job_files import CONCEPTS, OPTIONS, PALETTE, PROFILE
from brandkit.kit_options import kit_options
from brandkit.palette import choose_option, palette_options
from brandkit.stages import job_of
from brandkit.store import Stores


def run(event: dict[str, Any], stores: Stores) -> dict[str, Any]:
    job, store = job_of(event, stores)
    profile = store.load(PROFILE)
    choice: str | None
    if job.reuse_palette:  # a revision that changes neither the palette nor the logo: the parent's, as it is
        parent = stores(job.at_parent()).load(OPTIONS)
        options, choice = parent.palettes, parent.chosen["palette"]
    else:
        options = palette_options(profile, logo_colors=store.load(CONCEPTS).colors or None)
        choice = job.choices.get("palette")
    chosen = choose_option(options, choice) if choice else options[0]
    palette = chosen.palette
    store.save(PALETTE, palette)
    store.save(OPTIONS, kit_options(profile, options, chosen.id))
    return {"primary": palette.hex("primary"), "harmony": palette.harmony, "adjustments": len(palette.adjustments),
            "option": chosen.id}
