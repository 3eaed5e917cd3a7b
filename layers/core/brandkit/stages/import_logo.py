"""ImportLogo / CollectGpuLogo: turn a logo that was not designed here into concepts.

Two sources: the brief's existing logo (uploaded into the job's uploads/ folder), or the
candidates the SDXL Batch job traced to SVG (work/logo/sdxl/result.json).
"""

from __future__ import annotations

from typing import Any

from brandkit.artifacts import LogoConcept, LogoConcepts
from brandkit.errors import NotFound, StageError
from brandkit.job_files import BRIEF, CONCEPTS, IMPORTED_SVG, SDXL_RESULT, UPLOADS
from brandkit.logo.importer import import_logo
from brandkit.stages import job_of
from brandkit.store import JobStore, Stores


def run(event: dict[str, Any], stores: Stores) -> dict[str, Any]:
    job, store = job_of(event, stores)
    if job.logo_source == "existing":
        concepts = _existing(store)
    elif job.logo_source == "sdxl":
        concepts = _from_sdxl(store)
    else:
        raise StageError(f"ImportLogo cannot take logo_source {job.logo_source!r}")
    store.save(CONCEPTS, concepts)
    return {"engine": concepts.engine, "count": len(concepts.concepts), "primary": concepts.primary}


def _existing(store: JobStore) -> LogoConcepts:
    name = store.load(BRIEF).existing_logo
    if name is None:  # the state machine takes this path only for a brief with an existing logo
        raise StageError("the brief names no existing_logo to import")
    # Only the job's own uploads folder is readable: the brief names a file, never a bucket key.
    try:
        data = store.load(UPLOADS.file(name))
    except NotFound:
        raise StageError(f"existing_logo {name!r} was not uploaded to the job's uploads/ folder") from None
    svg, colors = import_logo(data, name)
    store.save(IMPORTED_SVG, svg.encode("utf-8"))
    concept = LogoConcept(
        id="existing",
        kind="imported",
        label="Your logo",
        engine="existing",
        score=1.0,
        svg_key=IMPORTED_SVG.key,
        rank=1,
    )
    return LogoConcepts(engine="existing", concepts=[concept], primary="existing", colors=colors)


def _from_sdxl(store: JobStore) -> LogoConcepts:
    candidates = store.load(SDXL_RESULT).candidates
    if not candidates:
        raise StageError("the SDXL job produced no candidates")
    # The worker does not rank its candidates: every concept scores 0 and the first is the primary.
    concepts = [
        LogoConcept(id=f"sdxl-{i}", kind="traced", label=f"Generated mark {i + 1}", engine="sdxl", score=0.0,
                    svg_key=c.svg_key)
        for i, c in enumerate(candidates)
    ]
    # Ranked in the worker's order (traced artwork has no spec for the vector design review to redraw).
    concepts = [c.model_copy(update={"rank": i + 1}) for i, c in enumerate(concepts)]
    colors = list(dict.fromkeys(color for c in candidates for color in c.colors))
    return LogoConcepts(engine="sdxl", concepts=concepts, primary=concepts[0].id, colors=colors[:6])
