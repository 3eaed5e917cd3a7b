"""The errors every layer of the core may raise; a bottom module, so no domain package imports `stages`."""

from __future__ import annotations


class StageError(Exception):
    """A stage cannot complete with this input; retrying will not help."""


class TransientStageError(Exception):
    """A stage failed for a reason that may pass (the state machine retries it)."""


class NotFound(LookupError):
    """An object the caller asked for does not exist (a missing S3 key, an unknown upload)."""

    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


class OptionNotOffered(StageError):
    """A choice names an option id the run never offered (a palette or font pairing); `field` says which."""

    def __init__(self, field: str, option: str, offered: list[str], why: str | None = None) -> None:
        super().__init__(f"{field}: {why}" if why else
                         f"{field}: {option!r} is not one of the options offered ({', '.join(offered) or 'none'})")
        self.field, self.option, self.offered = field, option, offered

    def field_error(self) -> dict[str, object]:
        """As a pydantic-shaped error (brandkit.field_errors says it in the reader's language)."""
        return {"loc": ("body", self.field), "type": "option_not_offered", "msg": str(self),
                "ctx": {"option": repr(self.option), "offered": ", ".join(self.offered) or "-"}}
