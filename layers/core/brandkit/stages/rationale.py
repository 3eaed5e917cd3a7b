"""WriteRationale: the design rationale, citing the kit's real palette, fonts and logo concept."""

from __future__ import annotations

from typing import Any

from brandkit.i18n import for_tag
from brandkit.job_files import BRIEF, CONCEPTS, KIT_RATIONALE, OPTIONS, PALETTE, PROFILE, RATIONALE
from brandkit.rationale import write_rationale
from brandkit.rationale.revision import revision_note
from brandkit.stages import job_of
from brandkit.store import Stores


def run(event: dict[str, Any], stores: Stores) -> dict[str, Any]:
    job, store = job_of(event, stores)
    concepts = store.load(CONCEPTS)
    primary = next(c for c in concepts.concepts if c.id == concepts.primary)
    rationale = write_rationale(store.load(BRIEF), store.load(PROFILE), store.load(PALETTE), primary)
    language = for_tag(rationale.language)[0]  # the note is written in the rationale's own language
    rationale = rationale.model_copy(update={"revision": revision_note(job, concepts, store.load(OPTIONS), language)})
    store.save(RATIONALE, rationale)
    store.save(KIT_RATIONALE, rationale)  # the customer's copy; the guidelines set it as the brand story
    return {"writer": rationale.writer, "language": rationale.language, "usage": rationale.usage}
