"""The one interface to the Brand Knowledge Graph, whatever stores it.

An implementation provides two primitives: the vertices of a label, and the weighted out-edges of some
vertices for one relation (as `Fact`s, with their sources). Everything the profile needs is built on
those two in this base class, so the embedded graph and Neptune answer every question the same way.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from brandkit.artifacts import Fact
from brandkit.bkg.dataset import COLOUR_FAMILY, FONT, HARMONY, INDUSTRY, STYLE, TRAIT, Vertex


@dataclass(frozen=True)
class Named:
    """An Industry, Trait or Style: something matched by the words people write."""

    id: str
    name: str
    synonyms: tuple[str, ...]

    @property
    def key(self) -> str:
        """The id without its kind prefix, e.g. "coffee" for "industry:coffee"."""
        return self.id.split(":", 1)[1]


@dataclass(frozen=True)
class ColourFamily:
    id: str
    name: str
    hue: tuple[float, float]  # degrees; start > end wraps through 0
    chroma: tuple[float, float]
    lightness: tuple[float, float]
    centre: tuple[float, float, float]  # OKLCH of the family's representative colour

    @property
    def key(self) -> str:
        return self.id.split(":", 1)[1]

    def contains(self, lightness: float, chroma: float, hue: float, slack: float = 0.03) -> bool:
        """Whether an OKLCH colour lies in the family's region (with a little slack on L and C)."""
        return (self.lightness[0] - slack <= lightness <= self.lightness[1] + slack
                and self.chroma[0] - slack <= chroma <= self.chroma[1] + slack
                and self.contains_hue(hue))

    def contains_hue(self, hue: float) -> bool:
        lo, hi = self.hue
        hue %= 360
        return lo <= hue <= hi if lo <= hi else hue >= lo or hue <= hi


@dataclass(frozen=True)
class Font:
    id: str
    family: str
    classification: str
    licence: str
    scripts: tuple[str, ...]
    body: bool  # reads well at body-text sizes
    serif: bool
    generic: str  # CSS generic family to fall back on
    native: tuple[str, ...]  # scripts the classification was designed for


@dataclass(frozen=True)
class Symbol:
    """An icon of an open icon set that depicts a subject (an industry), with the edge that says so."""

    id: str  # "symbol:mdi-coffee"
    icon: str  # the icon's name in its set, e.g. "coffee"
    set: str  # e.g. "Material Design Icons"
    set_id: str  # e.g. "mdi"
    version: str
    licence: str  # SPDX id
    fact: Fact  # subject -depicted_by-> this symbol, with weight and source


class BrandGraph(ABC):
    """Read access to the Brand Knowledge Graph."""

    @abstractmethod
    def vertices(self, label: str) -> list[Vertex]:
        """Every vertex of a label, ordered by id."""

    @abstractmethod
    def facts(self, subjects: Sequence[str], relation: str) -> list[Fact]:
        """The `relation` out-edges of the subject vertices, strongest first (ties by subject, object)."""

    @abstractmethod
    def symbols(self, subjects: Sequence[str]) -> list[Symbol]:
        """The symbols that depict the subjects (depicted_by out-edges with the symbol's vertex, in one
        traversal), strongest first (ties by subject, then symbol id); none for an unknown subject."""

    # Typed views on the primitives -------------------------------------------------------------

    def industries(self) -> list[Named]:
        return [_named(v) for v in self.vertices(INDUSTRY)]

    def traits(self) -> list[Named]:
        return [_named(v) for v in self.vertices(TRAIT)]

    def trait_tones(self) -> dict[str, tuple[float, float]]:
        """Trait key -> where it pulls a colour within a family's (lightness, chroma) ranges, -0.5..0.5."""
        return {_named(v).key: (float(v.props["tone"][0]), float(v.props["tone"][1])) for v in self.vertices(TRAIT)}

    def styles(self) -> list[Named]:
        return [_named(v) for v in self.vertices(STYLE)]

    def harmonies(self) -> list[str]:
        return [v.id.split(":", 1)[1] for v in self.vertices(HARMONY)]

    def colour_families(self) -> list[ColourFamily]:
        return [colour_family_of(v) for v in self.vertices(COLOUR_FAMILY)]

    def colour_family(self, family_id: str) -> ColourFamily:
        for family in self.colour_families():
            if family.id == family_id:
                return family
        raise KeyError(family_id)

    def fonts(self) -> list[Font]:
        return [
            Font(
                id=v.id,
                family=v.props["family"],
                classification=v.props["classification"],
                licence=v.props["licence"],
                scripts=tuple(v.props["scripts"]),
                body=bool(v.props["body"]),
                serif=bool(v.props["serif"]),
                generic=v.props["generic"],
                native=tuple(v.props["native"]),
            )
            for v in self.vertices(FONT)
        ]


def symbol_of(props: dict[str, Any], fact: Fact) -> Symbol:
    return Symbol(id=fact.object, icon=props["icon"], set=props["set"], set_id=props["set_id"],
                  version=props["version"], licence=props["licence"], fact=fact)


def sort_symbols(symbols: list[Symbol]) -> list[Symbol]:
    return sorted(symbols, key=lambda s: (-s.fact.weight, s.fact.subject, s.id))


def colour_family_of(v: Vertex) -> ColourFamily:
    return ColourFamily(
        id=v.id,
        name=v.props["name"],
        hue=tuple(v.props["hue"]),
        chroma=tuple(v.props["chroma"]),
        lightness=tuple(v.props["lightness"]),
        centre=tuple(v.props["centre"]),
    )


def _named(v: Vertex) -> Named:
    return Named(id=v.id, name=v.props["name"], synonyms=tuple(v.props["synonyms"]))


def sort_facts(facts: list[Fact]) -> list[Fact]:
    """The order every implementation returns facts in."""
    return sorted(facts, key=lambda f: (-f.weight, f.subject, f.object))
