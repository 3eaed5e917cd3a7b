"""What a revision changed and why the new choice still fits the brand, in the revision's rationale.

Grounded in the kit's own records: the design review's figures for a concept (said again in the kit's
language, brandkit.logo.review.why), the option's reason for a palette or font pairing (each option was made
from the brand's profile and meets the same AA guarantee). The sentences are catalogue messages (context
"revision"), so the note is written in the kit's language like the rest of the rationale. The options'
reasons are options.json's records, written in the brief's language when the options were made: they are
quoted as they are.
"""

from __future__ import annotations

from brandkit.artifacts import Job, KitOptions, LogoConcept, LogoConcepts
from brandkit.design_review import why
from brandkit.i18n import N_, SOURCE, Translator, translator
from brandkit.i18n.labels import concept_key, label

CONCEPT = N_("revision", "Version {version} is built from the {label} concept, one of the brand's own concepts "
                         "(design review rank {rank}): {why}.")
PALETTE = N_("revision", "The palette is now the {option} option, made from the same brand profile: {reason}")
PRIMARY_COLOR = N_("revision", "The primary colour is now {color}, as asked; the palette was rebuilt around it from "
                               "the same profile, and every text pair still meets WCAG AA.")
FONTS = N_("revision", "The type is now {heading} with {body}, a pairing made for this brand: {reason}")
TAGLINE = N_("revision", "The tagline is now {tagline}; the social images set it where they have room.")
TAGLINE_REMOVED = N_("revision", "The tagline was taken off the social images.")
# "({count} in all)": one wording for any count, in every language (no plural forms to choose)
MORE_LIKE = N_("revision", "New concepts were drawn like {like} ({count} in all), each perceptually distinct from "
                           "every concept shown before; {label} leads: {why}.")
MORE_DIFFERENT = N_("revision", "New concepts were drawn in new directions ({count} in all), each perceptually "
                                "distinct from every concept shown before; {label} leads: {why}.")
KEPT = N_("revision", "Everything else is as in version {parent}.")
CHOSEN_BY_YOU = N_("revision", "chosen by you")


def concept_name(concept: LogoConcept, t: Translator) -> str:
    """The label table's name of a designer concept's kind in t's language; the concept's own label in English
    and for traced or imported logos (as the deterministic writer names the kit's concept)."""
    known = label("concept", concept_key(concept.kind, concept.symbol), t.locale) \
        if concept.engine == "vector" and t.locale != SOURCE else None
    return known or concept.label


def concept_why(concept: LogoConcept, t: Translator) -> str:
    """Why the design review ranks the concept where it does, from its figures, in t's language."""
    figures = concept.review or {}
    if "total" not in figures:  # a concept the review never measured (traced, imported): the person chose it
        return t.pgettext(*CHOSEN_BY_YOU)
    if "above" not in figures:  # reviewed before the review kept the figures above it: its English words
        return str(figures.get("why") or t.pgettext(*CHOSEN_BY_YOU))
    return why(figures, figures["above"], t)


def revision_note(job: Job, concepts: LogoConcepts, options: KitOptions, t: Translator | None = None) -> str:
    """The paragraph for version job.version in t's language (English by default); "" for version 1."""
    if not job.parent:
        return ""
    t = t or translator(SOURCE)
    changes = job.changes
    by_id = {c.id: c for c in concepts.concepts}
    primary = by_id[concepts.primary]
    name, reason = concept_name(primary, t), concept_why(primary, t)
    out = []
    if "more" in changes:
        count = len([c for c in concepts.concepts if c.id.startswith(f"{c.kind}-v{job.version}")])
        like = by_id.get(changes["more"])
        out.append(t.say(*MORE_LIKE, count=count, like=concept_name(like, t), label=name, why=reason) if like
                   else t.say(*MORE_DIFFERENT, count=count, label=name, why=reason))
    if "concept" in changes:
        out.append(t.say(*CONCEPT, version=job.version, label=name, rank=primary.rank or "-", why=reason))
    if "palette" in changes:
        option = next(o for o in options.palettes if o.id == options.chosen["palette"])
        out.append(t.say(*PALETTE, option=option.id, reason=option.reason))
    if "primary_color" in changes:
        out.append(t.say(*PRIMARY_COLOR, color=changes["primary_color"]))
    if "fonts" in changes:
        pairing = next(o for o in options.fonts if o.id == options.chosen["fonts"])
        out.append(t.say(*FONTS, heading=pairing.heading.family, body=pairing.body.family, reason=pairing.reason))
    if "tagline" in changes:
        out.append(t.say(*TAGLINE, tagline=t.quote(changes["tagline"])) if changes["tagline"]
                   else t.say(*TAGLINE_REMOVED))
    out.append(t.say(*KEPT, parent=job.parent))
    return t.sentences(*out)
