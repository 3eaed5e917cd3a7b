"""DesignLogo: the CPU vector designer draws concepts for the brand (the embedded default engine)."""

from __future__ import annotations

import zlib
from typing import Any

from brandkit.artifacts import CONCEPTS
from brandkit.logo.designer import design_concepts
from brandkit.stages import PROFILE_PALETTE, job_of, load_brief, load_palette, load_profile


def run(event: dict[str, Any]) -> dict[str, Any]:
    job, store = job_of(event)
    profile = load_profile(store)
    # Concepts are parametric: drawn here with the profile's own palette (ValidateBrief's), re-drawn later
    # with the final one (the same, for the designer's own concepts: the palette is a fixed point of them).
    provisional = load_palette(store, PROFILE_PALETTE)
    seed = zlib.crc32(profile.company_name.encode("utf-8"))
    # The brief's own style words: the profile keeps only the graph's style ids, and "abstract" is none.
    concepts = design_concepts(profile, provisional, seed=seed, style_words=load_brief(store).style)
    store.put_json(f"work/{CONCEPTS}", concepts)
    return {"engine": concepts.engine, "count": len(concepts.concepts), "primary": concepts.primary}
