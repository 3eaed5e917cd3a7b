"""The brief: what a person tells Brandkit about their brand.

Validation is strict (unknown fields are rejected, lengths are bounded) so that a
bad brief fails at the door with field-level messages, never deep in a stage.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    field_validator,
)

from brandkit import fonts
from brandkit.field_errors import message, refuse
from brandkit.i18n import SOURCE, Translator, for_tag, translator

# A brief as JSON is at most 64 KiB, whichever way it comes in (an API body, a file dropped under briefs/).
MAX_BRIEF_BYTES = 64 * 1024
TAGLINE_MAX = 80  # characters: two lines on a feed image
HEX_COLOR = re.compile(r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")
# BCP 47 in the shape people write it: language, optional script, region, variants.
BCP47 = re.compile(r"^[A-Za-z]{2,3}(?:-[A-Za-z]{4})?(?:-(?:[A-Za-z]{2}|[0-9]{3}))?(?:-[A-Za-z0-9]{5,8})*$")
# existing_logo is an upload id (POST /uploads, brandkit.logo_uploads), a file name in the job's uploads/ folder,
# or a local path for the CLI.
LOGO_REF = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._/-]{0,255}$")
UPLOAD_ID = re.compile(r"^up_[0-9a-f]{32}$")


def _clean_text(value: str) -> str:
    """Normalise to NFC and refuse control characters (they break PDFs, logs and SVG)."""
    value = unicodedata.normalize("NFC", value).strip()
    bad = [c for c in value if unicodedata.category(c) == "Cc" and c not in "\n\t"]
    if bad:
        raise refuse("control_character", code=f"U+{ord(bad[0]):04X}")
    return value


def _not_blank(value: str) -> str:
    if not value:
        raise refuse("blank")
    return value


Text = Annotated[str, AfterValidator(_clean_text)]
ShortText = Annotated[str, StringConstraints(max_length=100), AfterValidator(_clean_text)]
Word = Annotated[
    str, StringConstraints(min_length=1, max_length=40), AfterValidator(_clean_text), AfterValidator(_not_blank)
]


class Brief(BaseModel):
    """A brand brief. Field names are the public contract (REST, S3 uploads, CLI files)."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)

    company_name: Annotated[ShortText, AfterValidator(_not_blank)] = Field(
        description="The brand's name as it should be set in the logo; any script.",
        examples=["Northwind Coffee"],
    )
    industry: Annotated[ShortText, AfterValidator(_not_blank)] = Field(
        description="The business's industry in plain words.", examples=["specialty coffee roastery"]
    )
    description: Annotated[Text, StringConstraints(max_length=2000)] = Field(
        default="", description="What the business does and for whom."
    )
    values: list[Word] = Field(default_factory=list, max_length=10, description="Brand values, e.g. 'honest'.")
    style: list[Word] = Field(
        default_factory=list, max_length=10, description="Style words, e.g. 'minimal', 'playful', 'luxury'."
    )
    primary_color: str | None = Field(
        default=None, description="Preferred primary colour as #RGB or #RRGGBB.", examples=["#1F6FEB"]
    )
    tagline: Annotated[Text, StringConstraints(max_length=TAGLINE_MAX)] = Field(
        default="",
        description="A short line the brand already uses, set on the social images that have room for it. "
                    "Optional; Brandkit never writes one itself.",
        examples=["Small-batch coffee, roasted this week"],
    )
    audience: Annotated[Text, StringConstraints(max_length=500)] = Field(
        default="", description="Who the brand speaks to."
    )
    language: str = Field(default="en", description="BCP 47 language tag for all written content.")
    existing_logo: str | None = Field(
        default=None,
        description="An upload id from POST /uploads (up_<32 hex>), or for the CLI the path of an SVG or PNG beside "
                    "the brief: the logo to reuse instead of generating one.",
    )

    @field_validator("primary_color")
    @classmethod
    def _hex(cls, value: str | None) -> str | None:
        if value is None or value == "":
            return None
        if not HEX_COLOR.match(value):
            raise refuse("hex_colour")
        if len(value) == 4:
            value = "#" + "".join(c * 2 for c in value[1:])
        return value.upper()

    @field_validator("company_name")
    @classmethod
    def _drawable(cls, value: str) -> str:
        # The name is the logo: one the kit cannot draw is refused here, never replaced by other text.
        missing = fonts.undrawable(value)
        if missing:
            raise refuse("undrawable_name", characters=" ".join(c for chars in missing.values() for c in chars[:5]),
                         scripts=", ".join(missing))
        return value

    @field_validator("language")
    @classmethod
    def _bcp47(cls, value: str) -> str:
        if not BCP47.match(value):
            raise refuse("language_tag")
        return value

    @field_validator("existing_logo")
    @classmethod
    def _logo_ref(cls, value: str | None) -> str | None:
        if value is None or value == "":
            return None
        if not LOGO_REF.match(value) or ".." in value.split("/"):
            raise refuse("logo_reference")
        if UPLOAD_ID.match(value):
            return value
        if not value.lower().endswith((".svg", ".png")):
            raise refuse("logo_file_type")
        return value

    @field_validator("values", "style")
    @classmethod
    def _dedupe(cls, words: list[str]) -> list[str]:
        seen: dict[str, str] = {}
        for word in words:
            seen.setdefault(word.casefold(), word)
        return list(seen.values())


class BriefError(ValueError):
    """A brief that failed validation, with one entry per offending field."""

    def __init__(self, errors: list[dict[str, str]]) -> None:
        self.errors = errors
        super().__init__("; ".join(f"{e['field']}: {e['message']}" for e in errors))


def field_errors(exc: ValidationError, t: Translator | None = None) -> list[dict[str, str]]:
    """Flatten pydantic's errors to {field, message} pairs a person can act on, in t's language (English
    by default); the field names stay as the brief spells them."""
    t = t or translator(SOURCE)
    return [{"field": ".".join(str(p) for p in err["loc"]) or "brief", "message": message(err, t)}
            for err in exc.errors(include_url=False, include_input=False)]


def declared_translator(data: Any) -> Translator:
    """The language to say a brief's errors in: its own `language` when it is a tag of the right shape,
    negotiated as for the rationale (pt-PT reads pt-BR); English otherwise."""
    language = data.get("language") if isinstance(data, dict) else None
    if isinstance(language, str) and BCP47.match(language):
        return for_tag(language)[0]
    return translator(SOURCE)


def parse_brief(data: Any, t: Translator | None = None) -> Brief:
    """Validate raw JSON-like data into a Brief, raising BriefError with field-level messages (in t's language)."""
    if not isinstance(data, dict):
        raise BriefError([{"field": "brief", "message": message({"type": "model_type"}, t or translator(SOURCE))}])
    try:
        return Brief.model_validate(data)
    except ValidationError as exc:
        raise BriefError(field_errors(exc, t)) from None


def brief_json_schema() -> dict[str, Any]:
    return Brief.model_json_schema()
