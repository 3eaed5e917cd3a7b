"""More concepts for a brand that has some (a revision's `more`): like one of them, or unlike all of them.

New concepts come from the vector designer with new seeds; each must differ from every concept shown
before by the design review's perceptual distance (review.DUPLICATE), so "more" never repeats a concept.
They join the brand's list with new ids ("<kind>-v<version>", "-2" and on for a second of a kind) and
the best of them leads the new version's kit.
"""

from __future__ import annotations

from brandkit.artifacts import BrandProfile, LogoConcept, LogoConcepts, Palette
from brandkit.errors import StageError

from . import review
from .designer import concept_colors, design_concepts, spec_of

DIFFERENT = "different"
WANTED = 3  # new concepts per request
SEEDS = 8  # designs tried before settling for fewer


def more_concepts(shown: LogoConcepts, like: str, profile: BrandProfile, palette: Palette, *, seed: int,
                  version: int, style_words: list[str] | tuple[str, ...] = ()) -> LogoConcepts:
    """`shown` with up to WANTED new concepts added (like the concept `like`, or DIFFERENT), the first leading."""
    target = None if like == DIFFERENT else next(c for c in shown.concepts if c.id == like)
    seen = [review.thumbs(c.spec, palette) for c in shown.concepts + shown.rejected if c.spec]
    new: list[LogoConcept] = []
    for attempt in range(SEEDS):
        drawn = design_concepts(profile, palette, seed=seed + 1009 * (version * SEEDS + attempt),
                                style_words=style_words)
        for concept in drawn.concepts:
            if target is not None and not _alike(concept, target):
                continue
            small = review.thumbs(spec_of(concept), palette)  # the designer's concepts are parametric
            if all(review.apart(small, s) >= review.DUPLICATE for s in seen):
                seen.append(small)
                new.append(concept)
        if len(new) >= WANTED:
            break
    if not new:
        raise StageError(f"more: no new concept differs enough from the {len(shown.concepts)} shown already")
    taken = {c.id for c in shown.concepts}
    added: list[LogoConcept] = []
    for concept in new[:WANTED]:
        base = f"{concept.kind}-v{version}"
        new_id = base if base not in taken else next(f"{base}-{n}" for n in range(2, 99) if f"{base}-{n}" not in taken)
        taken.add(new_id)
        added.append(concept.model_copy(update={"id": new_id, "rank": len(shown.concepts) + len(added) + 1}))
    return shown.model_copy(update={
        "concepts": shown.concepts + added, "primary": added[0].id, "colors": concept_colors(added[0], palette),
        "notes": shown.notes + [f"version {version}: {len(added)} more concepts ({like})"]})


def _alike(concept: LogoConcept, target: LogoConcept) -> bool:
    """Like the target: the same kind of mark, or the same symbol."""
    same_symbol = bool(target.symbol and concept.symbol and concept.symbol.get("name") == target.symbol.get("name"))
    return concept.kind == target.kind or same_symbol
