"""What a revision changed and why the new choice still fits the brand, in the revision's rationale.

Grounded in the kit's own records: the design review's figures for a concept, the option's reason for a
palette or font pairing (each option was made from the brand's profile and meets the same AA guarantee).
English only for now: the sentences are all here, in REVISION_TEXT, for the catalogues to take up.
"""

from __future__ import annotations

from brandkit.artifacts import Job, KitOptions, LogoConcepts

REVISION_TEXT = {
    "concept": "Version {version} is built from the {label} concept, one of the brand's own concepts "
               "(design review rank {rank}): {why}.",
    "palette": "The palette is now the {option} option, made from the same brand profile: {reason}",
    "primary_color": "The primary colour is now {color}, as asked; the palette was rebuilt around it from the same "
                     "profile, and every text pair still meets WCAG AA.",
    "fonts": "The type is now {heading} with {body}, a pairing made for this brand: {reason}",
    "tagline": "The tagline is now \u201c{tagline}\u201d; the social images set it where they have room.",
    "tagline_removed": "The tagline was taken off the social images.",
    "more": "{count} new concepts were drawn {how}, each perceptually distinct from every concept shown before; "
            "{label} leads: {why}.",
    "more_like": "like {like}",
    "more_different": "in new directions",
    "kept": "Everything else is as in version {parent}.",
}


def revision_note(job: Job, concepts: LogoConcepts, options: KitOptions) -> str:
    """The paragraph for version job.version; "" for version 1."""
    if not job.parent:
        return ""
    changes = job.changes
    by_id = {c.id: c for c in concepts.concepts}
    primary = by_id[concepts.primary]
    why = str((primary.review or {}).get("why") or "chosen by you")
    out = []
    if "more" in changes:
        new = [c for c in concepts.concepts if c.id.startswith(f"{c.kind}-v{job.version}")]
        like = by_id.get(changes["more"])
        how = (REVISION_TEXT["more_like"].format(like=like.label) if like else REVISION_TEXT["more_different"])
        out.append(REVISION_TEXT["more"].format(count=len(new), how=how, label=primary.label, why=why))
    if "concept" in changes:
        out.append(REVISION_TEXT["concept"].format(version=job.version, label=primary.label,
                                                   rank=primary.rank or "-", why=why))
    if "palette" in changes:
        option = next(o for o in options.palettes if o.id == options.chosen["palette"])
        out.append(REVISION_TEXT["palette"].format(option=option.id, reason=option.reason))
    if "primary_color" in changes:
        out.append(REVISION_TEXT["primary_color"].format(color=changes["primary_color"]))
    if "fonts" in changes:
        pairing = next(o for o in options.fonts if o.id == options.chosen["fonts"])
        out.append(REVISION_TEXT["fonts"].format(heading=pairing.heading.family, body=pairing.body.family,
                                                 reason=pairing.reason))
    if "tagline" in changes:
        out.append(REVISION_TEXT["tagline"].format(tagline=changes["tagline"]) if changes["tagline"]
                   else REVISION_TEXT["tagline_removed"])
    out.append(REVISION_TEXT["kept"].format(parent=job.parent))
    return " ".join(out)
