"""A message as the code says it: a catalogue template and its values, English until a reader is known.

Code that cannot know its reader (the SSRF guard, a stage's failure) raises or returns a `Said`; `str()` is the
English text (logs, exception messages, the stages' words on the wire), `say(t)` the same message in t's
language. A value may itself be a `Said` (a reason inside a refusal), said in the same language.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from brandkit.i18n import Translator


@dataclass(frozen=True)
class Said:
    message: tuple[str, str]  # (context, msgid) as N_ marks it
    values: Mapping[str, object] = field(default_factory=dict)

    def say(self, t: Translator) -> str:
        values = {k: v.say(t) if isinstance(v, Said | Number) else v for k, v in self.values.items()}
        return t.pgettext(*self.message).format(**values)

    def __str__(self) -> str:
        values = {k: str(v) for k, v in self.values.items()}
        return self.message[1].format(**values)


@dataclass(frozen=True)
class Number:
    """A figure taken out of English text ("40,000,000", "31.8"): English as written by str(), in the reader's
    digits and separators (CLDR) by `say(t)`, with as many decimals as it was written with."""

    written: str

    def say(self, t: Translator) -> str:
        digits = len(self.written.partition(".")[2])
        return t.number(float(self.written.replace(",", "")), digits)

    def __str__(self) -> str:
        return self.written

