"""RenderAssets: the logo system, social assets, design tokens and the fonts, written into the kit."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import Any

from brandkit import fonts
from brandkit.artifacts import LogoSystemRecord
from brandkit.job_files import CONCEPTS, KIT, LOGO_SYSTEM, PALETTE, PROFILE, concept_svg
from brandkit.logo import symbols
from brandkit.logo.system import build_logo_system
from brandkit.social import render_social
from brandkit.stages import job_of
from brandkit.store import Stores
from brandkit.tokens import render_tokens

# About 160 files: one PUT at a time, the stage waits that many S3 round trips (~20 ms each on AWS). Ten at once,
# the size of a boto3 client's connection pool (the client is thread-safe), as PublishManifest reads them.
_SAVE_WORKERS = 10


def run(event: dict[str, Any], stores: Stores) -> dict[str, Any]:
    job, store = job_of(event, stores)
    profile, palette, concepts = store.load(PROFILE), store.load(PALETTE), store.load(CONCEPTS)
    by_id = {c.id: c for c in concepts.concepts}
    primary = by_id[concepts.primary]
    source_svg = store.load(concept_svg(primary.svg_key)).decode("utf-8") if primary.svg_key else None

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
    with ThreadPoolExecutor(max_workers=_SAVE_WORKERS) as pool:  # list(): a failed write fails the stage
        list(pool.map(lambda item: store.save(KIT.file(item[0]), item[1]), files.items()))

    store.save(LOGO_SYSTEM, LogoSystemRecord(
        concept=primary.id, master_svg=system.master_svg, variants=system.variants, clear_space=system.clear_space,
        clear_space_unit=system.clear_space_unit, min_sizes=system.min_sizes,
    ))
    return {"files": len(files), "concept": primary.id}


def _font_files(family: str) -> dict[str, bytes]:
    """The font files and their licence, so the kit can be used (and legally shared) as is."""
    folder = f"fonts/{family.replace(' ', '-')}"
    out = {f"{folder}/{fonts.licence_file(family).name}": fonts.licence_file(family).read_bytes()}
    for weight in ("regular", "bold"):
        path = fonts.font_file(family, weight)
        out[f"{folder}/{path.name}"] = path.read_bytes()
    return out
