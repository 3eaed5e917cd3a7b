"""What the worker writes under the job prefix, and how a retry recognises finished work.

Keys are fixed per candidate index, so a second attempt overwrites rather than adds.
The keys are declared in brandkit.job_files (SDXL, SDXL_RESULT, sdxl_candidate).
result.json is written last and only when every candidate is in S3: its presence with
`complete: true` and all listed objects present is the one signal that the job is done.
"""

from __future__ import annotations

import hashlib

from pydantic import ValidationError

from brandkit.artifacts import SdxlCandidate, SdxlResult
from brandkit.errors import NotFound
from brandkit.job_files import SDXL, SDXL_RESULT, Artifact, sdxl_checkpoint
from brandkit.store import JobStore


def candidate_seed(job_id: str, index: int) -> int:
    """Stable per job and candidate: a retry redraws the same images; 32 bits for any RNG."""
    return int.from_bytes(hashlib.sha256(f"{job_id}/{index}".encode()).digest()[:4], "big")


def finished_result(store: JobStore, job_id: str, num_candidates: int) -> SdxlResult | None:
    """The result of an earlier attempt if it is complete and all its files exist, else None."""
    try:
        result = store.load(SDXL_RESULT)
    except (NotFound, ValidationError):
        return None
    present = {SDXL.file(f.name).key for f in store.list(SDXL)}
    wanted = {key for c in result.candidates for key in (c.png_key, c.svg_key)}
    if (
        result.complete
        and result.job_id == job_id
        and len(result.candidates) == num_candidates
        and wanted <= present
    ):
        return result
    return None


def stale_outputs(store: JobStore, keep: set[str]) -> list[Artifact[bytes]]:
    """Files under the output folder this attempt did not write (e.g. an earlier run with more candidates)."""
    return [SDXL.file(f.name) for f in store.list(SDXL) if SDXL.file(f.name).key not in keep]


def finished_candidates(store: JobStore, seeds: list[int]) -> dict[int, SdxlCandidate]:
    """Candidates an earlier attempt finished (checkpoint present, same seed, both files in S3), by index."""
    present = {SDXL.file(f.name).key for f in store.list(SDXL)}
    done = {}
    for index, seed in enumerate(seeds):
        if sdxl_checkpoint(index).key not in present:
            continue
        try:
            candidate = store.load(sdxl_checkpoint(index))
        except (NotFound, ValidationError):
            continue
        if candidate.index == index and candidate.seed == seed and {candidate.png_key, candidate.svg_key} <= present:
            done[index] = candidate
    return done
