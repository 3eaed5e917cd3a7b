"""Revisions (issue 15): a new version of the same brand, same brief and job, with some choices changed.

A revision names what changes: `concept`, `palette` or `primary_color`, `fonts`, and/or `more` (more concepts
like one of the brand's, or "different" ones). The choices a version is built from are its parent's with the
revision's changes on top (`choices_of`); `plan` says which stages can take the parent's work as it is.
Brief fields that do not change the brand's identity may be revised too (REVISABLE_BRIEF_FIELDS):
`primary_color` (it re-colours the palette) and `tagline` (set on the social images); the name, industry,
description, values, style, audience and language make another brand, so they are not revisable.
"""

from __future__ import annotations

import json
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from brandkit import clients
from brandkit.artifacts import Job, LogoConcepts
from brandkit.brief import TAGLINE_MAX, Text
from brandkit.errors import NotFound, OptionNotOffered
from brandkit.field_errors import refuse
from brandkit.i18n import N_, Translator
from brandkit.job_files import BRIEF, CONCEPTS, MANIFEST, OPTIONS
from brandkit.jobs import current_version, execution_name, job_prefix, versions
from brandkit.store import JobStore, S3Store, Stores

OPTION_ID = r"^[a-z0-9][a-z0-9-]{0,63}$"
DIFFERENT = "different"  # `more`: new directions, unlike every concept shown before
REVISABLE_BRIEF_FIELDS = ("primary_color", "tagline")
ENGINE_NAMES = {"vector": "the vector designer", "sdxl": "the SDXL engine", "existing": "the uploaded logo"}
CHOICE_FIELDS = ("concept", "palette", "fonts", *REVISABLE_BRIEF_FIELDS)  # what a version is built from, inherited


class Revision(BaseModel):
    """What a revision changes; at least one field."""

    model_config = ConfigDict(extra="forbid")

    concept: str | None = Field(None, pattern=OPTION_ID, description="a concept id of the brand (GET /brands/{id})")
    palette: str | None = Field(None, pattern=OPTION_ID, description="a palette option id")
    primary_color: str | None = Field(None, pattern=r"^#[0-9A-Fa-f]{6}$",
                                      description="a new primary colour (#RRGGBB); the palette is rebuilt round it")
    fonts: str | None = Field(None, pattern=OPTION_ID, description="a font pairing id")
    tagline: Annotated[Text, StringConstraints(max_length=TAGLINE_MAX)] | None = Field(
        None, description='a new tagline for the social images ("" removes it)')
    more: str | None = Field(None, pattern=OPTION_ID,
                             description='a concept id (more like it) or "different" (new directions)')

    @model_validator(mode="after")
    def _something(self) -> Revision:
        if not self.changes():
            raise refuse("revision_empty")
        if self.concept and self.more:
            raise refuse("revision_concept_and_more")
        if self.palette and self.primary_color:
            raise refuse("revision_palette_and_colour")
        return self

    def changes(self) -> dict[str, str]:
        return self.model_dump(exclude_none=True)


def check_offered(revision: Revision, parent: JobStore) -> None:
    """Every id the revision names was offered by the version it starts from: OptionNotOffered names the field."""
    concepts = parent.load(CONCEPTS)
    options = parent.load(OPTIONS)
    concept_ids = [c.id for c in concepts.concepts]
    for field, value, offered in (("concept", revision.concept, concept_ids),
                                  ("palette", revision.palette, [o.id for o in options.palettes]),
                                  ("fonts", revision.fonts, [o.id for o in options.fonts]),
                                  ("more", revision.more, concept_ids + [DIFFERENT])):
        if value is not None and value not in offered:
            raise OptionNotOffered(field, value, offered)
    if revision.more and concepts.engine != "vector":  # SDXL would need another GPU job; an upload has no designer
        raise OptionNotOffered("more", revision.more, [], why=(
            f"more concepts are drawn by the vector designer, and this brand's concepts came from "
            f"{ENGINE_NAMES[concepts.engine]}: choose a concept, palette or fonts instead"))


def choices_of(parent_choices: dict[str, Any], revision: Revision) -> dict[str, Any]:
    """The choices the new version is built from: the parent's, with the revision's on top. A new
    primary colour makes new palette options, so the parent's palette choice does not carry over."""
    choices = {k: v for k, v in parent_choices.items() if k in CHOICE_FIELDS and v is not None}
    if revision.primary_color:
        choices.pop("palette", None)
    if revision.more:  # the best of the new concepts leads, and the palette follows its colours
        choices.pop("concept", None)
        choices.pop("palette", None)
    choices.update({k: v for k, v in revision.changes().items() if k in CHOICE_FIELDS})
    return choices


def choose_concept(concepts: LogoConcepts, concept: str | None) -> LogoConcepts:
    """The concepts with `concept` as the one the kit is built from (unchanged for None)."""
    if concept is None or concept == concepts.primary:
        return concepts
    if concept not in {c.id for c in concepts.concepts}:
        raise OptionNotOffered("concept", concept, [c.id for c in concepts.concepts])
    return concepts.model_copy(update={"primary": concept})


def plan(changes: dict[str, Any]) -> dict[str, bool]:
    """Which stages take the parent's work as it is: the logo unless more concepts are asked for; the
    palette unless a palette option or primary colour is chosen or the logo is redrawn (the palette is
    harmonised with the logo's colours)."""
    reuse_logo = "more" not in changes
    return {"reuse_logo": reuse_logo,
            "reuse_palette": reuse_logo and not {"palette", "primary_color"} & changes.keys()}


# Why a brand cannot take a revision now, in words (catalogue messages: the API and the CLI say them in the
# reader's language).
UNKNOWN = N_("revision refused", "no brand job {job_id}")
RUNNING = N_("revision refused", "version {number} of this brand is still running; revise it once it has finished")
FAILED = N_("revision refused", "this brand's first run failed: there is no kit to revise; start a new brand")
EXPIRED = N_("revision refused", "the kit of this brand has expired and was deleted")
RACED = N_("revision refused", "version {number} of this brand was just started by another request")


class RevisionRefused(Exception):
    """The brand cannot take a revision now: `reason` is "running" (another version is), "failed" (no
    version ever succeeded), "expired" (the current version's files were deleted) or "unknown" (no such brand).
    str() is the English message; `said(t)` the reader's."""

    def __init__(self, reason: str, message: tuple[str, str], **values: object):
        super().__init__(message[1].format(**values))
        self.reason, self.message, self.values = reason, message, values

    def said(self, t: Translator) -> str:
        return t.pgettext(*self.message).format(**self.values)


def start_revision(job_id: str, revision: Revision, *, tenant: str, bucket: str, state_machine_arn: str,
                   stores: Stores = S3Store, sfn: Any = None) -> dict[str, Any]:
    """Check the revision against the brand's current version and start the next version's execution.

    One version runs at a time: a revision while one runs is refused, and two racing for the same number
    meet Step Functions' unique execution names, so one of them is refused (never two kits in one version).
    """
    sfn = sfn or clients.sfn()
    found = versions(state_machine_arn, job_id, sfn)
    if not found:
        raise RevisionRefused("unknown", UNKNOWN, job_id=repr(job_id[:80]))
    if found[-1]["status"] in ("running", "queued"):
        raise RevisionRefused("running", RUNNING, number=found[-1]["number"])
    current = current_version(found)
    if found[current - 1]["status"] != "succeeded":
        raise RevisionRefused("failed", FAILED)
    job = Job(id=job_id, bucket=bucket, prefix=job_prefix(job_id, tenant))
    return start_version(job, revision, parent=current, number=found[-1]["number"] + 1,
                         state_machine_arn=state_machine_arn, stores=stores, sfn=sfn)


def start_version(job: Job, revision: Revision, *, parent: int, number: int, state_machine_arn: str,
                  stores: Stores = S3Store, sfn: Any = None) -> dict[str, Any]:
    """Start version `number` of the brand from version `parent` (whose kit must be there): the ids the
    revision names must be ones the parent offered; the parent's choices, as its manifest records them,
    carry over."""
    sfn = sfn or clients.sfn()
    store = stores(job.at_version(parent))
    try:  # the manifest first: an expired kit is refused as such, whatever the revision names
        parent_choices = store.load(MANIFEST).get("version", {}).get("choices") or {}
        check_offered(revision, store)
        options = store.load(OPTIONS)
        parent_choices = {**parent_choices, "concept": store.load(CONCEPTS).primary, **options.chosen}
    except NotFound:
        raise RevisionRefused("expired", EXPIRED) from None
    request = {"bucket": job.bucket, "brief_key": job.key(BRIEF.key, BRIEF.scope),
               "choices": choices_of(parent_choices, revision),
               "revision": {"parent": parent, "changes": revision.changes()}}
    try:
        sfn.start_execution(stateMachineArn=state_machine_arn, name=execution_name(job.id, number),
                            input=json.dumps(request))
    except sfn.exceptions.ExecutionAlreadyExists:
        raise RevisionRefused("running", RACED, number=number) from None
    return {"job_id": job.id, "version": number, "parent": parent, "changes": revision.changes()}
