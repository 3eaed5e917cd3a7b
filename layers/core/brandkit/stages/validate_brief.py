"""ValidateBrief: check the brief again at the workflow's door and interpret it (the brand profile)."""

from __future__ import annotations

from typing import Any

from brandkit.artifacts import Job
from brandkit.brief import BriefError
from brandkit.config import settings
from brandkit.job_files import BRIEF, PROFILE, PROFILE_PALETTE
from brandkit.palette import build_palette
from brandkit.profile import build_profile
from brandkit.stages import StageError
from brandkit.store import Stores


class BriefInvalid(StageError):
    pass


def run(event: dict[str, Any], stores: Stores) -> dict[str, Any]:
    job_id, bucket, brief_key = event["job_id"], event["bucket"], event["brief_key"]
    prefix = brief_key.rsplit("/", 1)[0]
    arriving = Job(id=job_id, bucket=bucket, prefix=prefix)
    if brief_key != arriving.key(BRIEF.key, BRIEF.scope) or not prefix.endswith(job_id):
        raise StageError(f"brief key {brief_key!r} is not <prefix>/{job_id}/{BRIEF.key}")
    try:
        brief = stores(arriving).load(BRIEF)
    except BriefError as exc:
        raise BriefInvalid(str(exc)) from None
    engine = "existing" if brief.existing_logo else settings().logo_engine
    job = Job(id=job_id, bucket=bucket, prefix=prefix, logo_source=engine, language=brief.language)
    store = stores(job)
    profile = build_profile(brief, fonts=(event.get("choices") or {}).get("fonts"))
    store.save(PROFILE, profile)
    store.save(PROFILE_PALETTE, build_palette(profile))
    return job.model_dump()
