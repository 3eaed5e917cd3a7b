"""ValidateBrief: check the brief again at the workflow's door and interpret it (the brand profile)."""

from __future__ import annotations

from typing import Any

from brandkit.artifacts import BRIEF, PROFILE, Job
from brandkit.brief import BriefError, parse_brief
from brandkit.config import settings
from brandkit.palette import build_palette
from brandkit.profile import build_profile
from brandkit.stages import PROFILE_PALETTE, StageError
from brandkit.store import JobStore


class BriefInvalid(StageError):
    pass


def run(event: dict[str, Any]) -> dict[str, Any]:
    job_id, bucket, brief_key = event["job_id"], event["bucket"], event["brief_key"]
    prefix = brief_key.rsplit("/", 1)[0]
    if brief_key != f"{prefix}/{BRIEF}" or not prefix.endswith(job_id):
        raise StageError(f"brief key {brief_key!r} is not <prefix>/{job_id}/{BRIEF}")
    store = JobStore(Job(id=job_id, bucket=bucket, prefix=prefix))
    try:
        brief = parse_brief(store.get_json(BRIEF))
    except BriefError as exc:
        raise BriefInvalid(str(exc)) from None
    engine = "existing" if brief.existing_logo else settings().logo_engine
    job = Job(id=job_id, bucket=bucket, prefix=prefix, logo_source=engine, language=brief.language)
    store.job = job
    profile = build_profile(brief, fonts=(event.get("choices") or {}).get("fonts"))
    store.put_json(f"work/{PROFILE}", profile)
    store.put_json(f"work/{PROFILE_PALETTE}", build_palette(profile))
    return job.model_dump()
