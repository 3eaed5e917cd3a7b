"""CompileGuidelines: the brand-guidelines PDF from everything the kit now holds."""

from __future__ import annotations

import json
from typing import Any

from brandkit.config import settings
from brandkit.guidelines import GuidelinesInput, build_guidelines_pdf
from brandkit.guidelines.model import InventoryItem, logo_json_facts
from brandkit.job_files import BRIEF, CONCEPTS, GUIDELINES, KIT, LOGO_SYSTEM, PALETTE, PROFILE, RATIONALE
from brandkit.manifest import artifact_kind
from brandkit.stages import job_of
from brandkit.store import Stores

LOGO_JSON = "logo/logo.json"


def run(event: dict[str, Any], stores: Stores) -> dict[str, Any]:
    job, store = job_of(event, stores)
    system = store.load(LOGO_SYSTEM)
    kit_files = store.list(KIT)
    # The grounds and minimum sizes each variant declares (the logo system writes them to the kit's logo.json).
    declared = json.loads(store.load(KIT.file(LOGO_JSON))) if any(f.name == LOGO_JSON for f in kit_files) else {}
    master_variant, variant_facts = logo_json_facts(declared)
    doc = GuidelinesInput(
        brief=store.load(BRIEF),
        profile=store.load(PROFILE),
        palette=store.load(PALETTE),
        rationale=store.load(RATIONALE),
        logo_master_svg=system.master_svg,
        logo_variants=system.variants,
        clear_space=system.clear_space,
        clear_space_unit=system.clear_space_unit,
        min_sizes=system.min_sizes,
        master_variant=master_variant,
        variant_facts=variant_facts,
        social_previews={
            f.name.removeprefix("social/").removesuffix(".jpg"): store.load(KIT.file(f.name))
            for f in kit_files  # the JPEGs: opaque like the PNGs, and decoded at a fraction of their size
            if f.name.startswith("social/") and f.name.endswith(".jpg")
        },
        inventory=[InventoryItem(path=f.name, kind=artifact_kind(f.name), bytes=f.size) for f in kit_files],
        page_size=settings().page_size,
        symbol_credits=store.load(CONCEPTS).symbols(),
    )
    pdf = build_guidelines_pdf(doc)
    return {"key": store.save(GUIDELINES, pdf), "bytes": len(pdf)}
