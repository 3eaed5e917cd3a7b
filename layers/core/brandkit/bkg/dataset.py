"""The Brand Knowledge Graph dataset: our curated JSON under data/, plus the font catalog, as vertices and edges.

Both graph implementations are built from `dataset()` (the embedded one in memory, Neptune by the loader),
so they hold exactly the same elements. Every edge carries the citation of where its association comes
from (data/sources.json); weights are on a 0..1 scale.

Vertex ids are "<kind>:<slug>" (e.g. "industry:coffee", "font:noto-sans"); edge ids are
"<relation>:<out id>-><in id>", so re-loading the dataset addresses the same elements.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from brandkit import fonts

DATA_DIR = Path(__file__).resolve().parent / "data"

# Vertex labels.
INDUSTRY, TRAIT, COLOUR_FAMILY, FONT, STYLE, HARMONY = "Industry", "Trait", "ColourFamily", "Font", "Style", "Harmony"
SYMBOL = "Symbol"  # an icon of the vendored open icon set (brandkit/data/symbols-<set>.json)
LABELS = (INDUSTRY, TRAIT, COLOUR_FAMILY, FONT, STYLE, HARMONY, SYMBOL)
_PREFIX = {
    INDUSTRY: "industry",
    TRAIT: "trait",
    COLOUR_FAMILY: "family",
    FONT: "font",
    STYLE: "style",
    HARMONY: "harmony",
    SYMBOL: "symbol",
}

# Edge labels (relations): subject label -> object label.
EVOKES = "evokes"  # Industry -> Trait
SUGGESTS = "suggests"  # Industry -> ColourFamily (category convention)
AVOIDS = "avoids"  # Industry -> ColourFamily (works against the category)
TYPICAL_STYLE = "typical_style"  # Industry -> Style (when the brief names none)
ASSOCIATES_WITH = "associates_with"  # Trait -> ColourFamily
EXPRESSED_BY = "expressed_by"  # Trait -> Font (through the font's classification)
IMPLIES = "implies"  # Style -> Harmony
SUITS = "suits"  # Style -> Font (through the font's classification)
DEPICTED_BY = "depicted_by"  # Industry -> Symbol (a sign of what the business does)
RELATIONS = {
    EVOKES: (INDUSTRY, TRAIT),
    SUGGESTS: (INDUSTRY, COLOUR_FAMILY),
    AVOIDS: (INDUSTRY, COLOUR_FAMILY),
    TYPICAL_STYLE: (INDUSTRY, STYLE),
    ASSOCIATES_WITH: (TRAIT, COLOUR_FAMILY),
    EXPRESSED_BY: (TRAIT, FONT),
    IMPLIES: (STYLE, HARMONY),
    SUITS: (STYLE, FONT),
    DEPICTED_BY: (INDUSTRY, SYMBOL),
}


class DatasetError(ValueError):
    """The curated data is inconsistent (an unknown id, a duplicate synonym, a weight out of range)."""


@dataclass(frozen=True)
class Vertex:
    id: str
    label: str
    props: dict[str, Any] = field(hash=False)


@dataclass(frozen=True)
class Edge:
    id: str
    label: str
    out_id: str
    in_id: str
    weight: float
    source: str  # citations, "; "-joined


@dataclass(frozen=True)
class Dataset:
    vertices: tuple[Vertex, ...]
    edges: tuple[Edge, ...]

    def by_label(self, label: str) -> list[Vertex]:
        return [v for v in self.vertices if v.label == label]


def vertex_id(label: str, key: str) -> str:
    return f"{_PREFIX[label]}:{slug(key)}"


def edge_id(relation: str, out_id: str, in_id: str) -> str:
    return f"{relation}:{out_id}->{in_id}"


_NOT_SLUG = re.compile(r"[^a-z0-9]+")


@cache
def slug(text: str) -> str:
    return _NOT_SLUG.sub("-", text.casefold()).strip("-")


def _read(name: str) -> dict[str, Any]:
    result: dict[str, Any] = json.loads((DATA_DIR / name).read_text(encoding="utf-8"))
    return result


@cache
def dataset() -> Dataset:
    """The whole graph, validated. Built once per process."""
    return _Builder().build()


class _Builder:
    def __init__(self) -> None:
        self.sources = _read("sources.json")
        self.vertices: dict[str, Vertex] = {}
        self.edges: dict[str, Edge] = {}
        self._cites: dict[tuple[str, ...], str] = {}

    def build(self) -> Dataset:
        classifications = _read("classifications.json")
        by_class = {c["id"]: c for c in classifications["classifications"]}
        families = _read("colour_families.json")
        styles = _read("styles.json")
        traits = _read("traits.json")
        industries = _read("industries.json")

        for fam in families["families"]:
            self._vertex(COLOUR_FAMILY, fam["id"], name=fam["name"], hue=fam["hue"], chroma=fam["chroma"],
                         lightness=fam["lightness"], centre=fam["centre"], source=self._cite(families["source"]))
        for harmony in styles["harmonies"]:
            self._vertex(HARMONY, harmony["id"], name=harmony["name"], description=harmony["description"])
        fonts_of_class = self._fonts(by_class, classifications["source"])

        for style in styles["styles"]:
            sid = self._vertex(STYLE, style["id"], name=style["name"], synonyms=style["synonyms"],
                               source=self._cite(styles["defaults"]["style"]))
            self._edges(IMPLIES, sid, HARMONY, style["harmony"], styles["defaults"]["harmony"])
            self._class_edges(SUITS, sid, style["fonts"], styles["defaults"]["fonts"], fonts_of_class, by_class)

        for trait in traits["traits"]:
            tid = self._vertex(TRAIT, trait["id"], name=trait["name"], dimension=trait["dimension"],
                               synonyms=trait["synonyms"], tone=trait["tone"],
                               tone_source=self._cite(traits["defaults"]["tone"]),
                               source=self._cite(trait.get("source", traits["defaults"]["trait"])))
            if not all(-0.5 <= x <= 0.5 for x in trait["tone"]):
                raise DatasetError(f"{tid}: tone {trait['tone']} is outside -0.5..0.5")
            self._edges(ASSOCIATES_WITH, tid, COLOUR_FAMILY, trait["colours"], traits["defaults"]["colours"])
            self._class_edges(EXPRESSED_BY, tid, trait["fonts"], traits["defaults"]["fonts"], fonts_of_class, by_class)

        defaults = industries["defaults"]
        for ind in industries["industries"]:
            iid = self._vertex(INDUSTRY, ind["id"], name=ind["name"], synonyms=ind["synonyms"],
                               source=self._cite(defaults["industry"]))
            self._edges(EVOKES, iid, TRAIT, ind["evokes"], defaults["evokes"])
            self._edges(SUGGESTS, iid, COLOUR_FAMILY, ind["suggests"], defaults["suggests"])
            self._edges(AVOIDS, iid, COLOUR_FAMILY, ind["avoids"], defaults["avoids"])
            self._edges(TYPICAL_STYLE, iid, STYLE, [[s, 1.0 - 0.1 * i] for i, s in enumerate(ind["styles"])],
                        defaults["styles"])
        self._symbols(_read("symbols.json"))
        self._check_synonyms()
        return Dataset(tuple(self.vertices.values()), tuple(self.edges.values()))

    def _fonts(self, by_class: dict[str, dict[str, Any]], class_source: list[str]) -> dict[str, list[str]]:
        """Font vertices from the font catalog (the one source of truth), grouped by classification."""
        out: dict[str, list[str]] = {}
        for info in fonts.catalog():
            spec = by_class.get(info.classification)
            if spec is None:
                raise DatasetError(f"font {info.family!r} has classification {info.classification!r}, "
                                   f"unknown to classifications.json")
            fid = self._vertex(FONT, info.family, family=info.family, classification=info.classification,
                               licence=info.licence, scripts=list(info.scripts), body=spec["body"],
                               serif=spec["serif"], generic=spec["generic"], vox=spec["vox"], native=spec["native"],
                               source=self._cite(class_source))
            out.setdefault(info.classification, []).append(fid)
        return out

    def _symbols(self, data: dict[str, Any]) -> None:
        """Symbol vertices (one per icon the curation names) and the industries' depicted_by edges."""
        info, defaults = data["set"], data["defaults"]
        for industry, rows in data["industries"].items():
            iid = vertex_id(INDUSTRY, industry)
            if iid not in self.vertices:
                raise DatasetError(f"symbols.json names unknown industry {industry!r}")
            for row in rows:
                sid = vertex_id(SYMBOL, f"{info['id']}-{row[0]}")
                if sid not in self.vertices:
                    self._vertex(SYMBOL, f"{info['id']}-{row[0]}", name=row[0].replace("-", " "), icon=row[0],
                                 set=info["name"], set_id=info["id"], version=info["version"],
                                 licence=info["licence"], source=self._cite(defaults["symbol"]))
                self._edge(DEPICTED_BY, iid, sid, row[1], row[2] if len(row) > 2 else defaults["depicted_by"])

    def _vertex(self, label: str, key: str, **props: Any) -> str:
        vid = vertex_id(label, key)
        if vid in self.vertices:
            raise DatasetError(f"duplicate vertex {vid}")
        self.vertices[vid] = Vertex(vid, label, props)
        return vid

    def _edges(
        self, relation: str, out_id: str, in_label: str, rows: Iterable[list[Any]], default_sources: list[str]
    ) -> None:
        for row in rows:
            target, weight = row[0], row[1]
            self._edge(
                relation, out_id, vertex_id(in_label, target), weight, row[2] if len(row) > 2 else default_sources
            )

    def _class_edges(self, relation: str, out_id: str, rows: Iterable[list[Any]], default_sources: list[str],
                     fonts_of_class: dict[str, list[str]], by_class: dict[str, dict[str, Any]]) -> None:
        for row in rows:
            classification, weight = row[0], row[1]
            if classification not in by_class:
                raise DatasetError(f"{out_id}: unknown font classification {classification!r}")
            for fid in fonts_of_class.get(classification, []):
                self._edge(relation, out_id, fid, weight, row[2] if len(row) > 2 else default_sources)

    def _edge(self, relation: str, out_id: str, in_id: str, weight: float, sources: list[str]) -> None:
        out_label, in_label = RELATIONS[relation]
        for vid, label in ((out_id, out_label), (in_id, in_label)):
            if vid not in self.vertices or self.vertices[vid].label != label:
                raise DatasetError(f"{relation} edge {out_id} -> {in_id}: no {label} vertex {vid}")
        if not 0 < weight <= 1:
            raise DatasetError(f"{relation} edge {out_id} -> {in_id}: weight {weight} is not in (0, 1]")
        eid = edge_id(relation, out_id, in_id)
        if eid in self.edges:
            raise DatasetError(f"duplicate edge {eid}")
        self.edges[eid] = Edge(eid, relation, out_id, in_id, float(weight), self._cite(sources))

    def _cite(self, source_ids: list[str]) -> str:
        key = tuple(source_ids)
        if key not in self._cites:
            self._cites[key] = self._cite_uncached(source_ids)
        return self._cites[key]

    def _cite_uncached(self, source_ids: list[str]) -> str:
        unknown = [s for s in source_ids if s not in self.sources]
        if unknown:
            raise DatasetError(f"unknown source ids {unknown}")
        return "; ".join(self.sources[s]["cite"] for s in source_ids)

    def _check_synonyms(self) -> None:
        # A phrase naming two industries (or two styles) would make matching depend on file order.
        for label in (INDUSTRY, STYLE, TRAIT):
            owner: dict[str, str] = {}
            for v in self.vertices.values():
                if v.label != label:
                    continue
                for phrase in [v.props["name"], *v.props["synonyms"]]:
                    key = phrase.casefold()
                    if owner.setdefault(key, v.id) != v.id:
                        raise DatasetError(f"{label} phrase {phrase!r} names both {owner[key]} and {v.id}")
        suggests = {(e.out_id, e.in_id) for e in self.edges.values() if e.label == SUGGESTS}
        clash = [e.id for e in self.edges.values() if e.label == AVOIDS and (e.out_id, e.in_id) in suggests]
        if clash:
            raise DatasetError(f"an industry both suggests and avoids a family: {clash}")


def references() -> dict[str, str]:
    """Short citation -> full reference, for a rationale's or guidelines' bibliography."""
    return {s["cite"]: s["reference"] for s in _read("sources.json").values()}
