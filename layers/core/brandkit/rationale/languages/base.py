"""What a language module provides to the deterministic writer: its sentence templates, its
words for the graph's ids, and how it joins lists, quotes names and writes numbers."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

# Voice dimensions after Aaker's brand-personality scale, plus "calm" for the wellness and
# nature brands the scale leaves out. The graph's trait ids map onto them.
TRAIT_DIMENSION: dict[str, str] = {
    **dict.fromkeys([
        "sincere", "sincerity", "honest", "warm", "friendly", "caring", "authentic", "approachable",
        "cheerful", "down-to-earth", "wholesome", "inclusive", "community", "local", "kind",
        "transparent",
    ], "sincerity"),
    **dict.fromkeys([
        "exciting", "excitement", "bold", "playful", "energetic", "youthful", "creative", "daring",
        "imaginative", "spirited", "up-to-date", "fun", "innovative", "dynamic", "vibrant", "modern",
        "confident", "optimistic",
    ], "excitement"),
    **dict.fromkeys([
        "competent", "competence", "reliable", "trustworthy", "trust", "dependable", "expert",
        "precise", "efficient", "intelligent", "successful", "secure", "professional", "technical",
        "safe", "accurate", "clear",
    ], "competence"),
    **dict.fromkeys([
        "sophisticated", "sophistication", "luxurious", "luxury", "premium", "elegant", "refined",
        "upper-class", "charming", "exclusive", "timeless", "classic", "minimal", "crafted", "artisanal",
    ], "sophistication"),
    **dict.fromkeys([
        "rugged", "ruggedness", "tough", "outdoorsy", "durable", "strong", "adventurous", "practical",
        "resilient",
    ], "ruggedness"),
    **dict.fromkeys([
        "calm", "natural", "sustainable", "organic", "peaceful", "gentle", "healthy", "fresh",
        "balanced", "eco-friendly", "mindful", "clean",
    ], "calm"),
}
DIMENSIONS = ("sincerity", "excitement", "competence", "sophistication", "ruggedness", "calm")


@dataclass(frozen=True)
class Voice:
    description: str  # how to write, one or two sentences; may use {company}
    examples: tuple[str, ...]  # example lines in that voice; may use {company}, {industry}
    do: str
    dont: str


@dataclass(frozen=True)
class Language:
    code: str
    templates: Mapping[str, str]
    traits: Mapping[str, str]  # trait id -> noun ("warmth")
    hues: Mapping[str, str]  # colour family id -> word used after "the ... family"
    styles: Mapping[str, str]  # style id -> word
    harmonies: Mapping[str, str]
    methods: Mapping[str, str]  # how the industry was matched
    classifications: Mapping[str, str]  # font classification -> words
    scripts: Mapping[str, str]
    roles: Mapping[str, str]  # palette role -> words, for the roles named inside sentences
    voices: Mapping[str, Voice]
    separator: str = ", "
    last_separator: str = " and "
    quotes: tuple[str, str] = ("\u201c", "\u201d")
    decimal: str = "."
    percent: str = "{}%"
    sentence_gap: str = " "  # between sentences; Japanese needs none
    clause_separator: str = "; "  # between facts quoted in one sentence
    extra: Mapping[str, str] = field(default_factory=dict)

    def say(self, key: str, **values: object) -> str:
        return self.templates[key].format(**values)

    def join(self, items: Sequence[str]) -> str:
        items = [i for i in items if i]
        if len(items) <= 1:
            return "".join(items)
        return self.separator.join(items[:-1]) + self.last_separator + items[-1]

    def quote(self, text: str) -> str:
        return f"{self.quotes[0]}{text}{self.quotes[1]}"

    def number(self, value: float, digits: int = 1) -> str:
        return f"{value:.{digits}f}".replace(".", self.decimal)

    def percentage(self, share: float) -> str:
        return self.percent.format(round(share * 100))

    def term(self, table: Mapping[str, str], key: str) -> str:
        """The language's word for a graph id, or the id made readable and quoted."""
        ident = key.split(":")[-1].strip()
        found = table.get(ident) or table.get(ident.lower())
        return found if found else self.quote(ident.replace("_", " ").replace("-", " "))

    def sentences(self, *parts: str) -> str:
        return self.sentence_gap.join(p for p in parts if p)
