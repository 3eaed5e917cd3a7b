"""One module per state of statemachines/brand_kit.asl.json; each exposes `run(event) -> dict`.

A stage reads what earlier stages wrote under the job prefix, calls the domain code and
returns a small JSON summary (the state machine carries only keys and small values).
"""

from __future__ import annotations

import mimetypes
from typing import Any

from brandkit.artifacts import BRIEF, CONCEPTS, PROFILE, BrandProfile, Job, LogoConcepts, Palette
from brandkit.brief import Brief, parse_brief
from brandkit.errors import StageError, TransientStageError  # noqa: F401  (re-exported for the stages)
from brandkit.store import JobStore

PALETTE = "palette.json"  # working copy at <prefix>/work/palette.json
# The profile's own palette, before any logo's colours: ValidateBrief has the graph open and writes it, so
# DesignLogo draws with it without a graph of its own (and without the graph layer: issue 9's package size).
PROFILE_PALETTE = "profile_palette.json"
RATIONALE = "rationale.json"
LOGO_SYSTEM = "logo/system.json"


def job_from(data: dict[str, Any]) -> Job:
    # The job travels with a timing_ms added by the handler shape; keep only the Job's own fields.
    return Job.model_validate({k: v for k, v in data.items() if k in Job.model_fields})


def job_of(event: dict[str, Any]) -> tuple[Job, JobStore]:
    job = job_from(event["job"])
    return job, JobStore(job)


def load_brief(store: JobStore) -> Brief:
    return parse_brief(store.get_json(BRIEF))


def load_profile(store: JobStore) -> BrandProfile:
    return store.get_model(f"work/{PROFILE}", BrandProfile)


def load_concepts(store: JobStore) -> LogoConcepts:
    return store.get_model(f"work/{CONCEPTS}", LogoConcepts)


def load_palette(store: JobStore, name: str = PALETTE) -> Palette:
    return store.get_model(f"work/{name}", Palette)


def write_kit_file(store: JobStore, relpath: str, data: bytes) -> str:
    """Here, not in render_assets: the guidelines stage writes its PDF with it and so does not import the
    whole logo system (Pillow, the designer) at cold start."""
    content_type = mimetypes.guess_type(relpath)[0] or "application/octet-stream"
    return store.put_bytes(f"kit/{relpath}", data, content_type)
