"""WriteRationale: the design rationale, citing the kit's real palette, fonts and logo concept."""

from __future__ import annotations

from typing import Any

from brandkit.rationale import write_rationale
from brandkit.stages import RATIONALE, job_of, load_brief, load_concepts, load_palette, load_profile


def run(event: dict[str, Any]) -> dict[str, Any]:
    job, store = job_of(event)
    concepts = load_concepts(store)
    primary = next(c for c in concepts.concepts if c.id == concepts.primary)
    rationale = write_rationale(load_brief(store), load_profile(store), load_palette(store), primary)
    store.put_json(f"work/{RATIONALE}", rationale)
    store.put_json(f"kit/{RATIONALE}", rationale)  # the customer's copy; the guidelines set it as the brand story
    return {"writer": rationale.writer, "language": rationale.language, "usage": rationale.usage}
