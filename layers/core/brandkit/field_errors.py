"""Why a field was refused, in words a person can act on, in their language.

pydantic names each failure by a machine-readable type ("missing", "string_too_long") with its context
({"max_length": 100}); the brief's own checks raise their types the same way (`refuse`). Each type we
show people is a catalogue message here, filled from the error's context, so the API's 422 answers and
the CLI say it in the reader's language (brandkit.i18n) while `type` and `loc` stay English for programs.
A type not listed keeps pydantic's English message.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic_core import PydanticCustomError

from brandkit.i18n import N_, Translator

_EMPTY = N_("field error", "must not be empty")
_INTEGER = N_("field error", "must be a whole number")
_OBJECT = N_("field error", "must be a JSON object")
MESSAGES: dict[str, tuple[str, str]] = {
    # pydantic's types
    "missing": N_("field error", "is required"),
    "extra_forbidden": N_("field error", "is not a known field"),
    "model_type": _OBJECT, "dict_type": _OBJECT,
    "string_type": N_("field error", "must be text"),
    "list_type": N_("field error", "must be a list of words"),
    "string_too_long": N_("field error", "must be at most {max_length} characters long"),
    "too_long": N_("field error", "must have at most {max_length} items"),
    "json_invalid": N_("field error", "is not valid JSON"),
    "string_pattern_mismatch": N_("field error", "is not in the expected format"),
    "int_parsing": _INTEGER, "int_type": _INTEGER,
    "greater_than_equal": N_("field error", "must be at least {ge}"),
    "less_than_equal": N_("field error", "must be at most {le}"),
    # the brief's own checks (brandkit.brief)
    "control_character": N_("field error", "contains control character {code}"),
    "blank": N_("field error", "must not be blank"),
    "hex_colour": N_("field error", "must be a hex colour like #1F6FEB or #1F6"),
    "undrawable_name": N_("field error", "no typeface the kit ships can draw {characters} (the {scripts} script); "
                                         "write the name in another script"),
    "language_tag": N_("field error", "must be a BCP 47 language tag such as 'en', 'pt-BR' or 'zh-Hant'"),
    "logo_reference": N_("field error", "must be a relative key or path of letters, digits, '.', '_', '-' and '/' "
                                        "without '..'"),
    "logo_file_type": N_("field error", "must be an upload id (up_ and 32 hex digits) or name an .svg or .png file"),
    # an upload id in existing_logo (brandkit.logo_uploads, checked by POST /brands)
    "upload_id_expected": N_("field error", "must be an upload id from POST /uploads (up_ and 32 hex digits)"),
    "upload_missing": N_("field error", "upload {upload_id} does not exist: not uploaded yet, expired or unknown"),
    "upload_type": N_("field error", "upload {upload_id} is {content_type}, not a PNG or SVG image"),
    "upload_size": N_("field error", "upload {upload_id} is larger than {limit} bytes"),
    # a revision's (brandkit.revisions)
    "revision_empty": N_("field error", "a revision changes at least one of concept, palette, primary_color, fonts, "
                                        "tagline, more"),
    "revision_concept_and_more": N_("field error", "choose a concept or ask for more concepts, not both in one "
                                                   "revision"),
    "revision_palette_and_colour": N_("field error", "choose a palette option or a primary_color, not both"),
    "option_not_offered": N_("field error", "{option} is not one of the options offered ({offered})"),
}


def refuse(kind: str, **context: Any) -> PydanticCustomError:
    """The error a validator raises for one of the types above (its English message filled in)."""
    return PydanticCustomError(kind, MESSAGES[kind][1], context)


def message(error: Mapping[str, Any], t: Translator) -> str:
    """One pydantic error (an item of ValidationError.errors()) said in t's language."""
    kind, context = error.get("type", ""), error.get("ctx") or {}
    if kind == "string_too_short" and context.get("min_length") == 1:
        found: tuple[str, str] | None = _EMPTY
    else:
        found = MESSAGES.get(kind)
    if found is None:
        return str(error.get("msg", "")).removeprefix("Value error, ")
    try:
        return t.pgettext(*found).format(**context)
    except (KeyError, IndexError):  # a context without the placeholder (pydantic changed it): its own words
        return str(error.get("msg", ""))
