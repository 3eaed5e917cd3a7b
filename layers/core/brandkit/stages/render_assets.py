"""RenderAssets: the logo system, social assets, design tokens and the fonts, written into the kit."""

from __future__ import annotations

from typing import Any

from brandkit import fonts
from brandkit.logo import symbols
from brandkit.logo.system import build_logo_system
from brandkit.social import render_social
from brandkit.stages import LOGO_SYSTEM, job_of, load_concepts, load_palette, load_profile, write_kit_file
from brandkit.store import JobStore
from brandkit.tokens import render_tokens


def run(event: dict[str, Any]) -> dict[str, Any]:
    job, store = job_of(event)
    profile, palette, concepts = load_profile(store), load_palette(store), load_concepts(store)
    by_id = {c.id: c for c in concepts.concepts}
    primary = by_id[concepts.primary]
    source_svg = store.get_bytes(primary.svg_key).decode("utf-8") if primary.svg_key else None

    system = build_logo_system(primary, profile, palette, source_svg=source_svg,
                               alternates=[c for c in concepts.concepts if c.id != primary.id])
    files: dict[str, bytes] = dict(system.files)
    files.update(render_social(profile, palette, system))
    files.update(render_tokens(palette, profile.fonts))
    for choice in profile.fonts:
        files.update(_font_files(choice.family))
    credits = concepts.symbols()
    if credits:  # Apache-2.0 asks for its text to travel with the icons
        files[symbols.LICENCE_FILE] = symbols.licence_file([c["set"] for c in credits])
    for relpath, data in files.items():
        write_kit_file(store, relpath, data)

    store.put_json(
        f"work/{LOGO_SYSTEM}",
        {
            "concept": primary.id,
            "master_svg": system.master_svg,
            "variants": system.variants,
            "clear_space": system.clear_space,
            "clear_space_unit": system.clear_space_unit,
            "min_sizes": system.min_sizes,
        },
    )
    return {"files": len(files), "concept": primary.id}


def _font_files(family: str) -> dict[str, bytes]:
    """The font files and their licence, so the kit can be used (and legally shared) as is."""
    folder = f"fonts/{family.replace(' ', '-')}"
    out = {f"{folder}/{fonts.licence_file(family).name}": fonts.licence_file(family).read_bytes()}
    for weight in ("regular", "bold"):
        path = fonts.font_file(family, weight)
        out[f"{folder}/{path.name}"] = path.read_bytes()
    return out
