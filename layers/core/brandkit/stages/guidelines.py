"""CompileGuidelines: the brand-guidelines PDF from everything the kit now holds."""

from __future__ import annotations

from typing import Any

from brandkit.artifacts import Rationale
from brandkit.config import settings
from brandkit.guidelines import GuidelinesInput, build_guidelines_pdf
from brandkit.manifest import artifact_kind
from brandkit.stages import LOGO_SYSTEM, RATIONALE, job_of, load_brief, load_palette, load_profile
from brandkit.stages.render_assets import write_kit_file

GUIDELINES = "guidelines.pdf"


def run(event: dict[str, Any]) -> dict[str, Any]:
    job, store = job_of(event)
    system = store.get_json(f"work/{LOGO_SYSTEM}")
    kit_files = store.list("kit/")
    kit_text = lambda relpath: store.get_bytes(f"kit/{relpath}").decode("utf-8")  # noqa: E731
    variants = {name: kit_text(path) for name, path in system["variants"].items()}
    doc = GuidelinesInput(
        brief=load_brief(store),
        profile=load_profile(store),
        palette=load_palette(store),
        rationale=store.get_model(f"work/{RATIONALE}", Rationale),
        logo_master_svg=variants.get("horizontal") or next(iter(variants.values())),
        logo_variants=variants,
        clear_space=system["clear_space"],
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
    )
    pdf = build_guidelines_pdf(doc)
    write_kit_file(store, GUIDELINES, pdf)
    return {"key": job.kit_key(GUIDELINES), "bytes": len(pdf)}
