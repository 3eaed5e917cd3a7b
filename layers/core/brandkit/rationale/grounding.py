"""Grounding checks shared by both writers: a rationale may name only the kit's colours and
fonts, must cite every palette colour and both font families, uses no banned filler and is
written in the kit's language.

Policy for Claude's output (documented in the package docstring): naming something that is
not in the kit is *invalid* (sent back to the model once, then the fallback writer); leaving
out a citation is *repaired* by appending the deterministic writer's note for that colour or
font, because the missing fact is known exactly and adding it cannot make the text wrong.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Protocol

from brandkit.rationale.banned import banned_words_in
from brandkit.rationale.font_names import KNOWN_FONT_FAMILIES
from brandkit.rationale.language import written_in

if TYPE_CHECKING:
    from brandkit.artifacts import PaletteColor, Rationale

HEX = re.compile(r"(?<![0-9A-Za-z&])#([0-9A-Fa-f]{8}|[0-9A-Fa-f]{6}|[0-9A-Fa-f]{3,4})(?![0-9A-Za-z])")
# Colours written any other way cannot be compared with the palette: the rationale cites hex only.
COLOR_FUNCTION = re.compile(r"(?<![A-Za-z])(?:rgba?|hsla?|hwb|oklab|oklch|lab|lch|cmyk|device-cmyk)\s*\(", re.I)
# The rationale is plain prose: markup or a link in it can only come from an injected brief.
MARKUP = re.compile(r"<\s*[A-Za-z/!?]|\]\(|\{\{|\b(?:https?|ftp|file|javascript|data):|\bwww\.", re.I)


class CheckedKit(Protocol):
    """What the checks read of a kit. brandkit.rationale.kit.Kit has it; a protocol because the kit filters
    its facts with these checks, so this module must not import the kit (no import cycle)."""

    @property
    def company(self) -> str: ...

    @property
    def colors(self) -> list[PaletteColor]: ...

    @property
    def hexes(self) -> frozenset[str]: ...

    @property
    def families(self) -> tuple[str, ...]: ...


@dataclass(frozen=True)
class Problem:
    code: str  # foreign-hex, foreign-font, colour-function, colour-role, colour-hex, banned-word, language, schema...
    detail: str


def normalise_hex(code: str) -> str:
    digits = code.lstrip("#").upper()
    if len(digits) in (3, 4):
        digits = "".join(c * 2 for c in digits[:3])
    return "#" + digits[:6]


def hex_codes_in(text: str) -> list[str]:
    return [normalise_hex(m.group(0)) for m in HEX.finditer(text)]


@lru_cache(maxsize=64)
def _family_pattern(extra: tuple[str, ...]) -> re.Pattern[str]:
    names = sorted(set(KNOWN_FONT_FAMILIES) | set(extra), key=len, reverse=True)
    # Longest first: at any position "Inter Tight" wins over "Inter", "Noto Sans JP" over "Noto Sans".
    alternation = "|".join(re.escape(n) for n in names)
    return re.compile(rf"(?<![A-Za-z0-9])(?:{alternation})(?![A-Za-z0-9])")


def font_families_in(text: str, kit_families: tuple[str, ...] = ()) -> list[str]:
    """Known (or kit) font family names named in `text`, longest match at each position."""
    return [m.group(0) for m in _family_pattern(tuple(kit_families)).finditer(text)]


def without_name(text: str, name: str) -> str:
    """`text` with the brand's own name blanked: "Helvetica Bakery #1" is a name, not a citation.
    Only whole occurrences: a brand called "1" must not cut "#B9B1AB" in two."""
    if not name:
        return text
    return re.sub(rf"(?<![0-9A-Za-z#]){re.escape(name)}(?![0-9A-Za-z])", " ", text)


def foreign_mentions(text: str, kit: CheckedKit) -> list[Problem]:
    text = without_name(text, kit.company)
    problems = [
        Problem("foreign-hex", f"{code} is not a colour of this kit's palette")
        for code in dict.fromkeys(hex_codes_in(text))
        if code not in kit.hexes
    ]
    problems += [
        Problem("foreign-font", f"{family} is not one of the kit's fonts ({' and '.join(kit.families)})")
        for family in dict.fromkeys(font_families_in(text, kit.families))
        if family not in kit.families
    ]
    if COLOR_FUNCTION.search(text):
        problems.append(Problem("colour-function", "cite colours by their hex code only (no rgb(), hsl(), cmyk()...)"))
    if MARKUP.search(text):
        problems.append(Problem("markup", "write plain text: no HTML or XML tags, Markdown links, templates or URLs"))
    return problems


def rationale_texts(rationale: Rationale) -> list[str]:
    """Every customer-facing string (notes are operator-facing and not part of the prose)."""
    return [
        rationale.summary,
        rationale.logo,
        *(c.why for c in rationale.colors),
        rationale.typography,
        rationale.voice,
        *rationale.voice_examples,
        *rationale.do,
        *rationale.dont,
    ]


def content_problems(rationale: Rationale, kit: CheckedKit) -> list[Problem]:
    """What makes a rationale wrong (not merely incomplete): foreign names, bad colour notes, filler, language."""
    texts = rationale_texts(rationale)
    prose = "\n".join(texts)
    problems = foreign_mentions(prose, kit)
    roles = {c.role: c.hex for c in kit.colors}
    seen: set[str] = set()
    for note in rationale.colors:
        if note.role not in roles:
            problems.append(Problem("colour-role", f"{note.role!r} is not a palette role (roles: {', '.join(roles)})"))
        elif normalise_hex(note.hex) != roles[note.role]:
            problems.append(Problem("colour-hex", f"the {note.role} colour is {roles[note.role]}, not {note.hex}"))
        elif note.role in seen:
            problems.append(Problem("colour-role", f"{note.role} has more than one colour note"))
        seen.add(note.role)
    banned = sorted(set(w.lower() for w in banned_words_in(without_name(prose, kit.company))))
    if banned:
        problems.append(Problem("banned-word", "empty marketing words are not allowed: " + ", ".join(banned)))
    if not written_in(prose, rationale.language):
        problems.append(Problem("language", f"the text must be written in the language {rationale.language!r}"))
    return problems


def missing_roles(rationale: Rationale, kit: CheckedKit) -> list[str]:
    cited = {c.role for c in rationale.colors}
    return [c.role for c in kit.colors if c.role not in cited]


def missing_families(rationale: Rationale, kit: CheckedKit) -> list[str]:
    named = set(font_families_in(rationale.typography, kit.families))
    return [f for f in kit.families if f not in named]


def check_rationale(rationale: Rationale, kit: CheckedKit) -> list[Problem]:
    """Every way `rationale` fails the kit: the invariant both writers' output must satisfy."""
    problems = content_problems(rationale, kit)
    problems += [Problem("missing-colour", f"no colour note for {role}") for role in missing_roles(rationale, kit)]
    problems += [Problem("missing-font", f"typography does not name {f}") for f in missing_families(rationale, kit)]
    return problems
