"""DesignLogo: the CPU vector designer draws concepts for the brand (the embedded default engine)."""

from __future__ import annotations

import zlib
from typing import Any

from brandkit.job_files import BRIEF, CONCEPTS, PROFILE, PROFILE_PALETTE
from brandkit.logo.designer import design_concepts
from brandkit.logo.more import more_concepts
from brandkit.revisions import choose_concept
from brandkit.stages import job_of
from brandkit.store import Stores


def run(event: dict[str, Any], stores: Stores) -> dict[str, Any]:
    job, store = job_of(event, stores)
    profile = store.load(PROFILE)
    # Concepts are parametric: drawn here with the profile's own palette (ValidateBrief's), re-drawn later
    # with the final one (the same, for the designer's own concepts: the palette is a fixed point of them).
    provisional = store.load(PROFILE_PALETTE)
    seed = zlib.crc32(profile.company_name.encode("utf-8"))
    # The brief's own style words: the profile keeps only the graph's style ids, and "abstract" is none.
    style = store.load(BRIEF).style
    more = job.changes.get("more")
    if more:  # a revision asking for more concepts: the brand's list so far, and new ones
        shown = stores(job.at_parent()).load(CONCEPTS)
        concepts = more_concepts(shown, more, profile, provisional, seed=seed, version=job.version, style_words=style)
    else:
        concepts = design_concepts(profile, provisional, seed=seed, style_words=style)
    concepts = choose_concept(concepts, job.choices.get("concept"))
    store.save(CONCEPTS, concepts)
    return {"engine": concepts.engine, "count": len(concepts.concepts), "primary": concepts.primary}
