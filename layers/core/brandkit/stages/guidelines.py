"""CompileGuidelines: the brand-guidelines PDF from everything the kit now holds."""

from __future__ import annotations

from typing import Any

from brandkit.artifacts import Rationale
from brandkit.config import settings
from brandkit.guidelines import GuidelinesInput, build_guidelines_pdf
from brandkit.manifest import artifact_kind
from brandkit.stages import (LOGO_SYSTEM, RATIONALE, job_of, load_brief, load_concepts, load_palette, load_profile,
                             write_kit_file)

GUIDELINES = "guidelines.pdf"


def run(event: dict[str, Any]) -> dict[str, Any]:
    job, store = job_of(event)
    system = store.get_json(f"work/{LOGO_SYSTEM}")
    kit_files = store.list("kit/")
    doc = GuidelinesInput(
        brief=load_brief(store),
        profile=load_profile(store),
        palette=load_palette(store),
        rationale=store.get_model(f"work/{RATIONALE}", Rationale),
        logo_master_svg=system["master_svg"],
        logo_variants=system["variants"],
        clear_space=system["clear_space"],
        clear_space_unit=system["clear_space_unit"],
        min_sizes=system["min_sizes"],
        social_previews={
            f["key"].removeprefix("kit/social/").removesuffix(".png"): store.get_bytes(f["key"])
            for f in kit_files
            if f["key"].startswith("kit/social/") and f["key"].endswith(".png")
        },
        inventory=[
            {"path": f["key"].removeprefix("kit/"), "kind": artifact_kind(f["key"].removeprefix("kit/")), "bytes": f["size"]}
            for f in kit_files
        ],
        page_size=settings().page_size,
        symbol_credits=load_concepts(store).symbols(),
    )
    pdf = build_guidelines_pdf(doc)
    write_kit_file(store, GUIDELINES, pdf)
    return {"key": job.kit_key(GUIDELINES), "bytes": len(pdf)}
