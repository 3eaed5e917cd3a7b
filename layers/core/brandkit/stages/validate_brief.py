"""ValidateBrief: check the brief again at the workflow's door and interpret it (the brand profile)."""

from __future__ import annotations

from typing import Any

from brandkit.artifacts import Job
from brandkit.brief import BriefError, declared_translator, parse_brief
from brandkit.config import settings
from brandkit.errors import StageError
from brandkit.job_files import BRIEF, BRIEF_DATA, CONCEPTS, PROFILE, PROFILE_PALETTE, concept_svg
from brandkit.jobs import split_execution_name
from brandkit.palette import build_palette
from brandkit.profile import build_profile
from brandkit.revisions import REVISABLE_BRIEF_FIELDS, choose_concept, plan
from brandkit.store import JobStore, Stores


class BriefInvalid(StageError):
    pass




def run(event: dict[str, Any], stores: Stores) -> dict[str, Any]:
    # The execution's name carries the version (brandkit.revisions.execution_name); its input, as `request`,
    # the choices the version is built from and, for a revision, the version it starts from.
    job_id, version = split_execution_name(event["job_id"])
    bucket, brief_key = event["bucket"], event["brief_key"]
    request = event.get("request") or event
    prefix = brief_key.rsplit("/", 1)[0]
    arriving = Job(id=job_id, bucket=bucket, prefix=prefix)
    if brief_key != arriving.key(BRIEF.key, BRIEF.scope) or not prefix.endswith(job_id):
        raise StageError(f"brief key {brief_key!r} is not <prefix>/{job_id}/{BRIEF.key}")
    choices = request.get("choices") or {}
    revised = {field: choices[field] for field in REVISABLE_BRIEF_FIELDS if field in choices}
    try:
        brief = stores(arriving).load(BRIEF)
        if revised:  # the brief fields a revision may change, checked again as the brief checks them
            brief = parse_brief({**brief.model_dump(mode="json"), **revised})
    except BriefError as exc:
        raise BriefInvalid(str(_in_declared_language(stores(arriving).load(BRIEF_DATA), revised, exc))) from None
    engine = "existing" if brief.existing_logo else settings().logo_engine
    job = Job(id=job_id, bucket=bucket, prefix=prefix, logo_source=engine, language=brief.language, version=version,
              choices=choices)
    revision = request.get("revision")
    if revision:
        job = job.model_copy(update={"parent": int(revision["parent"]), "changes": revision["changes"],
                                     **plan(revision["changes"])})
    store = stores(job)
    profile = build_profile(brief, fonts=choices.get("fonts"))
    store.save(PROFILE, profile)
    store.save(PROFILE_PALETTE, build_palette(profile))
    if job.reuse_logo:
        reuse_logo(store, stores(job.at_parent()), choices.get("concept"))
    return job.model_dump()


def _in_declared_language(data: Any, revised: dict[str, Any], refused: BriefError) -> BriefError:
    """The brief's errors said in the brief's own language, as the S3 upload's error report says them."""
    raw = {**data, **revised} if isinstance(data, dict) else data
    try:
        parse_brief(raw, declared_translator(raw))
    except BriefError as exc:
        return exc
    return refused  # not reached: the same brief fails the same way


def reuse_logo(store: JobStore, parent: JobStore, concept: str | None) -> None:
    """The parent version's logo work, as it is, with the chosen concept leading (no logo stage runs)."""
    concepts = parent.load(CONCEPTS)
    for key in {c.svg_key for c in concepts.concepts if c.svg_key}:
        store.copy(concept_svg(key), parent)
    store.save(CONCEPTS, choose_concept(concepts, concept))
