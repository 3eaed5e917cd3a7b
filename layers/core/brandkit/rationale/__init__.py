"""The design rationale: Claude when an API key is configured, else the deterministic writer.

    write_rationale(brief, profile, palette, concept, settings=None) -> Rationale

Any Claude failure (API errors after the SDK's retries, output invalid twice, the overall
deadline) falls back to the deterministic writer; `writer` says who wrote the text, `notes`
say why, and `usage` keeps the tokens and cost Claude billed on the way. Both writers'
output satisfies `check_rationale`: every palette hex and both font families cited, no
colour or font outside the kit, no filler word, written in the brief's language (the deterministic
writer: the nearest catalogue's, brandkit.i18n.negotiate, recorded in `language_choice`).
"""

from __future__ import annotations

import logging
from typing import Any

from brandkit.artifacts import BrandProfile, LogoConcept, Palette, Rationale
from brandkit.brief import Brief
from brandkit.rationale.banned import BANNED_WORDS, banned_words_in
from brandkit.rationale.deterministic import write_deterministic
from brandkit.rationale.grounding import Problem, check_rationale
from brandkit.rationale.kit import Kit
from brandkit.rationale.settings import RationaleSettings

__all__ = [
    "BANNED_WORDS",
    "Kit",
    "Problem",
    "RationaleSettings",
    "banned_words_in",
    "check_rationale",
    "write_deterministic",
    "write_rationale",
]

log = logging.getLogger(__name__)


def _fallback(kit: Kit, model: str, reason: str, usage: dict[str, Any]) -> Rationale:
    rationale = write_deterministic(kit)
    note = f"Claude ({model}) did not write this rationale: {reason}. The deterministic writer wrote it instead."
    return rationale.model_copy(update={"notes": [note, *rationale.notes], "usage": usage})


def write_rationale(
    brief: Brief,
    profile: BrandProfile,
    palette: Palette,
    concept: LogoConcept,
    *,
    settings: RationaleSettings | None = None,
) -> Rationale:
    settings = settings or RationaleSettings.from_env()
    kit = Kit(brief=brief, profile=profile, palette=palette, concept=concept)
    if not settings.uses_claude:
        return write_deterministic(kit)
    try:
        api_key = settings.resolve_api_key()
    except Exception as exc:  # a missing or unreadable secret must not cost the customer the kit
        log.warning("could not read the Anthropic API key", exc_info=True)
        return _fallback(kit, settings.model, f"the API key could not be read ({type(exc).__name__})", {})
    if not api_key:
        return _fallback(kit, settings.model, "the configured API key is empty", {})

    from brandkit.rationale.claude import ClaudeFailure, write_with_claude  # anthropic loads only when used

    try:
        return write_with_claude(kit, settings, api_key)
    except ClaudeFailure as failure:
        return _fallback(kit, settings.model, failure.reason, failure.usage)
