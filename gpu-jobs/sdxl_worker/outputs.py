"""What the worker writes under the job prefix, and how a retry recognises finished work.

Keys are fixed per candidate index, so a second attempt overwrites rather than adds.
result.json is written last and only when every candidate is in S3: its presence with
`complete: true` and all listed objects present is the one signal that the job is done.
"""

from __future__ import annotations

import hashlib

from botocore.exceptions import ClientError
from pydantic import BaseModel, ValidationError

from brandkit.logo.prompts import Prompt
from brandkit.store import JobStore

OUT_DIR = "work/logo/sdxl"
RESULT = f"{OUT_DIR}/result.json"


def png_key(index: int) -> str:
    return f"{OUT_DIR}/candidate-{index}.png"


def svg_key(index: int) -> str:
    return f"{OUT_DIR}/candidate-{index}.svg"


def checkpoint_key(index: int) -> str:
    """Written once a candidate's PNG and SVG are in S3: a retry after a reclaim reuses the candidate."""
    return f"{OUT_DIR}/candidate-{index}.json"


def candidate_seed(job_id: str, index: int) -> int:
    """Stable per job and candidate: a retry redraws the same images; 32 bits for any RNG."""
    return int.from_bytes(hashlib.sha256(f"{job_id}/{index}".encode()).digest()[:4], "big")


class Candidate(BaseModel):
    index: int
    seed: int
    mark_type: str
    png_key: str  # relative to the job prefix
    svg_key: str
    colors: list[str]  # dominant colours, hex, most used first


class ModelInfo(BaseModel):
    name: str
    device: str
    dtype: str
    vae: str
    scheduler: str
    few_step: str
    lora: str | None
    attention: str
    resolution: int


class HostInfo(BaseModel):
    instance_type: str | None  # from the instance metadata; None off EC2
    lifecycle: str | None  # "spot" or "on-demand"


class SdxlResult(BaseModel):
    """s3://B/P/work/logo/sdxl/result.json"""

    job_id: str
    complete: bool
    model: ModelInfo
    prompts: list[Prompt]
    seeds: list[int]
    steps: int
    guidance_scale: float
    batch_size: int
    timings: dict[str, float]  # seconds
    candidates: list[Candidate]
    reused: list[int] = []  # candidates an earlier, interrupted attempt had finished
    host: HostInfo | None = None  # the instance this attempt ran on (what its GPU seconds cost)


def _missing(client_error: ClientError) -> bool:
    return client_error.response.get("Error", {}).get("Code") in ("NoSuchKey", "404", "NotFound")


def finished_result(store: JobStore, job_id: str, num_candidates: int) -> SdxlResult | None:
    """The result of an earlier attempt if it is complete and all its files exist, else None."""
    try:
        result = store.get_model(RESULT, SdxlResult)
    except ClientError as exc:
        if _missing(exc):
            return None
        raise
    except ValidationError:
        return None
    present = {obj["key"] for obj in store.list(OUT_DIR + "/")}
    wanted = {key for c in result.candidates for key in (c.png_key, c.svg_key)}
    if (
        result.complete
        and result.job_id == job_id
        and len(result.candidates) == num_candidates
        and wanted <= present
    ):
        return result
    return None


def delete(store: JobStore, relkeys: list[str]) -> None:
    for relkey in relkeys:
        store.client.delete_object(Bucket=store.job.bucket, Key=store.job.key(relkey))


def stale_outputs(store: JobStore, keep: set[str]) -> list[str]:
    """Files under the output folder this attempt did not write (e.g. an earlier run with more candidates)."""
    return sorted(obj["key"] for obj in store.list(OUT_DIR + "/") if obj["key"] not in keep)


def finished_candidates(store: JobStore, seeds: list[int]) -> dict[int, Candidate]:
    """Candidates an earlier attempt finished (checkpoint present, same seed, both files in S3), by index."""
    present = {obj["key"] for obj in store.list(OUT_DIR + "/")}
    done = {}
    for index, seed in enumerate(seeds):
        if checkpoint_key(index) not in present:
            continue
        try:
            candidate = store.get_model(checkpoint_key(index), Candidate)
        except (ClientError, ValidationError):
            continue
        if candidate.index == index and candidate.seed == seed and {candidate.png_key, candidate.svg_key} <= present:
            done[index] = candidate
    return done
