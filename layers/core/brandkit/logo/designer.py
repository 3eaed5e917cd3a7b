"""The vector designer: parametric logo concepts from a brand profile, reviewed and ranked.

`design_concepts` makes a lettermark, an abstract geometric mark, an emblem, a wordmark, a
letter-in-shape and a combination mark; when the knowledge graph has symbols for the industry, also
a symbol mark, a symbol in a shape and a symbol combination (symbol + name), and the emblem carries
the symbol. Every choice (shapes, angles, counts, type settings, line breaks, colour roles, icons)
is drawn from a seeded RNG or the graph and stored in the concept's `spec`, so `draw_concept`
redraws the same concept with any palette. The design review (review.py) ranks them and rejects
near-duplicates; the best is the primary.
"""

from __future__ import annotations

import math
import random
import unicodedata
from typing import Any

from brandkit import fonts
from brandkit.artifacts import BrandProfile, LogoConcept, LogoConcepts, Palette

from . import art as artmod
from . import marks, names, review, symbols
from .look import Look, look_for

SPEC_VERSION = 2
KINDS: list[tuple[str, str]] = [
    ("lettermark", "Lettermark"),
    ("geometric", "Abstract geometric mark"),
    ("emblem", "Emblem"),
    ("wordmark", "Wordmark"),
    ("letter-in-shape", "Letter in shape"),
    ("combination", "Combination mark"),
]
SYMBOL_KINDS: list[tuple[str, str]] = [
    ("symbol", "Symbol mark"),
    ("symbol-in-shape", "Symbol in shape"),
    ("symbol-combination", "Symbol and name"),
]
SPARE = ("geometric-alt", "Abstract geometric mark (alternative)")  # shipped only if a duplicate was rejected
SYMBOL_EMBLEM = ("emblem-symbol", "Emblem with symbol")  # an emblem drawing the industry's symbol (labels.json key)
MIN_CONCEPTS = 6
KNOCKOUT_KINDS = ("symbol-in-shape", "emblem")  # the icon is cut out of a shape (even-odd)
MASTER_LAYOUT = {"lettermark": "icon", "geometric": "icon", "emblem": "icon", "wordmark": "wordmark",
                 "letter-in-shape": "icon", "combination": "horizontal", "symbol": "icon", "symbol-in-shape": "icon",
                 "symbol-combination": "horizontal", "geometric-alt": "icon"}
CURSIVE_NAME_PREFIXES = ("ARABIC", "SYRIAC", "NKO", "MONGOLIAN", "MANDAIC", "ADLAM")
ARC_MAX_CHARS = 24
BLOCK_PATTERNS = ([0, 1, 2, 3, 6], [0, 1, 3, 4, 8], [1, 3, 4, 5, 7], [0, 2, 4, 6, 8], [0, 1, 2, 4, 7],
                  [0, 3, 4, 5, 8], [2, 4, 5, 6, 7, 8])
SEALS = {"rugged": "shield", "tech": "hexagon"}


def heading_family(profile: BrandProfile) -> str:
    """The profile's heading family if the catalogue ships it, else a catalogue family for the name."""
    chosen = [c.family for c in profile.fonts if c.role == "heading"] + [c.family for c in profile.fonts]
    for family in chosen:
        try:
            return fonts.font_info(family).family
        except KeyError:
            continue
    return fonts.fallback_for(profile.company_name, fonts.catalog()[0].family)


def _is_cursive(text: str) -> bool:
    return any(unicodedata.name(ch, "").startswith(CURSIVE_NAME_PREFIXES) for ch in text)


def text_spec(profile: BrandProfile, look: Look) -> tuple[dict[str, Any], list[str]]:
    family = heading_family(profile)
    display, notes = names.display_text(profile.company_name, family)
    if not display:  # e.g. only private-use characters: set the industry instead, and say so
        display, more = names.display_text(profile.industry.label, family)
        notes += more + [f"the name cannot be drawn with any shipped font; the marks use '{display}'"]
    if not display:
        raise ValueError("neither the company name nor the industry has anything that can be drawn")
    text = names.cased(display, look.upper)
    initials = names.cased(names.initials(display), True)
    lines = names.wrap(text, family, look.weight, look.tracking)
    if len(lines) > 1:
        notes.append(f"the name is set on {len(lines)} lines")
    return {
        "family": family,
        "weight": look.weight,
        "tracking": look.tracking,
        "name": text,
        "lines": lines,
        "initials": initials,
        "initial": initials[:1],
        "rtl": names.is_rtl(display),
        "cursive": _is_cursive(display),
        "detail": "none",
        "role": "text",
    }, notes


# ---------------------------------------------------------------- motif parameters

def _fit_circles(circles: list[tuple[float, float, float]]) -> list[list[float]]:
    """Scale and move circles so together they fill the 4..96 box."""
    x0 = min(x - r for x, y, r in circles)
    y0 = min(y - r for x, y, r in circles)
    x1 = max(x + r for x, y, r in circles)
    y1 = max(y + r for x, y, r in circles)
    s = 92 / max(x1 - x0, y1 - y0)
    ox = 4 + (92 - (x1 - x0) * s) / 2
    oy = 4 + (92 - (y1 - y0) * s) / 2
    return [[round(ox + (x - x0) * s, 2), round(oy + (y - y0) * s, 2), round(r * s, 2)] for x, y, r in circles]


ALL_MOTIFS = ("split-circle", "orbit", "bubbles", "petals", "facets", "sunburst", "blocks", "chevrons", "peaks")


def motif_params(name: str, rng: random.Random) -> dict[str, Any]:
    if name == "split-circle":
        return {"motif": name, "angle": rng.choice([-60, -45, -30, 0, 30, 45, 60, 90])}
    if name == "orbit":
        return {"motif": name, "angle": rng.choice([-135, -45, -30, 30, 45, 135])}
    if name == "bubbles":
        big = rng.uniform(28, 34)
        mid = rng.uniform(17, 22)
        small = rng.uniform(9, 13)
        a = rng.uniform(-1.2, -0.3)
        return {"motif": name, "circles": _fit_circles([
            (50, 55, big),
            (50 + (big + mid * 0.6) * math.cos(a), 55 + (big + mid * 0.6) * math.sin(a), mid),
            (50 - (big + small * 0.4) * math.cos(a + 0.6), 55 - (big + small * 0.4) * math.sin(a + 0.6), small),
        ])}
    if name == "petals":
        return {"motif": name, "count": rng.choice([3, 4, 5, 6]), "angle": rng.choice(range(-90, 0, 15)),
                "width": round(rng.uniform(0.36, 0.5), 3)}
    if name == "facets":
        return {"motif": name, "offset": rng.choice([-14, -8, 0, 8, 14])}
    if name == "sunburst":
        return {"motif": name, "count": rng.choice([10, 12, 14, 16])}
    if name == "blocks":
        cells = list(rng.choice(BLOCK_PATTERNS))
        return {"motif": name, "cells": cells, "accent": rng.choice(cells)}
    if name == "chevrons":
        return {"motif": name, "count": rng.choice([2, 3]), "depth": round(rng.uniform(14, 22), 2)}
    if name == "peaks":
        return {"motif": name, "sun": list(rng.choice([(76, 20), (22, 22)]))}
    raise ValueError(f"unknown motif {name}")


# ---------------------------------------------------------------- specs

def symbol_weight(look: Look) -> float:
    """The line weight (mark units) a symbol is brought up to: heavier for bold looks."""
    return round(6.0 + 60.0 * look.stroke, 2)


def _symbol_specs(base: dict[str, Any], look: Look, found: list[symbols.SymbolRef], tile: str,
                  rng: random.Random) -> tuple[dict[str, dict[str, Any]], dict[str, symbols.SymbolRef]]:
    """Symbol-based marks; the kind the look suits best gets the graph's strongest symbol, the next
    kind the next one, so the concepts show different icons. A knock-out takes only an icon that fills
    alike under the even-odd rule (a cut-out of one that does not would leave its overlaps filled)."""
    kinds = [k for k, _ in SYMBOL_KINDS] + ["emblem"]
    kinds.sort(key=lambda k: (-look.fit(k), k))
    chosen: dict[str, symbols.SymbolRef] = {}
    for i, kind in enumerate(kinds):
        strongest = found[min(i, len(found) - 1)]
        ref: symbols.SymbolRef | None = strongest
        if kind in KNOCKOUT_KINDS and not symbols.knocks_out(strongest):
            ref = next((r for r in found if symbols.knocks_out(r)), None)
        if ref is not None:
            chosen[kind] = ref
    weight = symbol_weight(look)

    def mark(kind: str, **extra: Any) -> dict[str, Any]:
        ref = chosen[kind]
        return {"set": ref.set_id, "icon": ref.icon, **extra}

    specs = {
        "symbol": {**base, "mark": {"type": "symbol", **mark("symbol"), "fit": 88.0, "weight": weight}},
        "symbol-combination": {**base, "mark": {"type": "symbol", **mark("symbol-combination"), "fit": 88.0,
                                                "weight": weight, "wide": 1.6}},
    }
    if "symbol-in-shape" in chosen:
        specs["symbol-in-shape"] = {**base, "mark": {"type": "symbol-in-shape", **mark("symbol-in-shape"),
                                                     "container": tile, "blob_seed": rng.randrange(1 << 30),
                                                     "fit": 54.0}}
    return specs, chosen


def make_specs(profile: BrandProfile, seed: int) -> tuple[dict[str, dict[str, Any]], list[str]]:
    look = look_for(profile)
    text, notes = text_spec(profile, look)
    rng = {kind: random.Random(f"{seed}:{kind}") for kind, _ in KINDS + SYMBOL_KINDS + [SPARE]}
    base = {"version": SPEC_VERSION, "look": look.to_dict(), "text": text}
    mono_weight = "regular" if look.family == "luxury" else "bold"

    # The family's own two motifs: one for the abstract mark, the other for the combination mark.
    own = list(look.motifs[:2])
    rng["geometric"].shuffle(own)
    geometric_motif, combination_motif = own[0], own[-1]

    arc_ok = (not text["cursive"]) and 2 <= len(text["name"]) <= ARC_MAX_CHARS
    seal = SEALS.get(look.family, "circle")
    if seal != "circle":
        arc_ok = False
    tile_choices = [c for c in look.containers if c != seal] or ["square"]
    tile = rng["letter-in-shape"].choice(tile_choices[:2])

    specs: dict[str, dict[str, Any]] = {
        "lettermark": {**base, "mark": {"type": "monogram", "letters": text["initials"], "detail": look.detail,
                                        "weight": mono_weight}},
        "geometric": {**base, "mark": {"type": "motif", **motif_params(geometric_motif, rng["geometric"])}},
        "emblem": {**base, "mark": {"type": "emblem", "container": seal, "letters": text["initials"],
                                    "band": 22.0 if arc_ok else 9.0,
                                    "arc_text": names.cased(text["name"], True) if arc_ok else None}},
        "wordmark": {**base, "mark": None, "text": {**text, "detail": look.detail, "role": "mark"}},
        "letter-in-shape": {**base, "mark": {"type": "letter-in-shape", "container": tile, "letter": text["initial"],
                                             "blob_seed": rng["letter-in-shape"].randrange(1 << 30),
                                             "fit": 52.0, "weight": mono_weight}},
        "combination": {**base, "mark": {"type": "motif", **motif_params(combination_motif, rng["combination"])}},
    }
    # The spare abstract mark draws a motif neither of the others uses (the second family's, or any).
    spare = [m for m in look.motifs if m not in own] or [m for m in ALL_MOTIFS if m not in own]
    specs["geometric-alt"] = {**base, "mark": {"type": "motif", **motif_params(rng["geometric-alt"].choice(spare),
                                                                                  rng["geometric-alt"])}}
    found = symbols.candidates(profile)
    if found:
        tile = next((c for c in look.containers if c not in ("blob",)), "circle")
        extra, chosen = _symbol_specs(base, look, found, tile, rng["symbol-in-shape"])
        specs.update(extra)
        if "emblem" in chosen:
            specs["emblem"]["mark"].update(set=chosen["emblem"].set_id, icon=chosen["emblem"].icon)
        notes.append("industry symbols from the knowledge graph: " + ", ".join(
            f"{kind} {ref.icon}" for kind, ref in sorted(chosen.items())))
    else:
        notes.append(
            f"the knowledge graph has no symbol for {profile.industry.label!r}: abstract and letter marks only"
        )
    for kind, spec in specs.items():
        spec["kind"] = kind
        spec["layout"] = MASTER_LAYOUT[kind]
    notes.append(f"style family {look.family} (then {look.second}); corners {look.corner_mode} {look.corner}, "
                 f"type {look.weight}, tracking {look.tracking} em")
    return specs, notes


# ---------------------------------------------------------------- drawing and scoring

def draw_spec(spec: dict[str, Any], palette: Palette, layout: str | None = None, colors: dict[str, str] | None = None,
              **kwargs: Any) -> str:
    art = marks.lockup(spec, layout or spec["layout"])
    return artmod.write_svg(art, colors or artmod.full_colors(palette), pad=0.08,
                            square=(layout or spec["layout"]) == "icon", **kwargs)


def draw_concept(concept: LogoConcept, profile: BrandProfile, palette: Palette) -> str:
    """The concept's master SVG in full colour on a transparent background."""
    return draw_spec(spec_of(concept), palette)


def spec_of(concept: LogoConcept) -> dict[str, Any]:
    """The parametric concept's spec; a traced or imported one has none (its SVG is the concept)."""
    if concept.spec is None:
        raise ValueError(f"concept {concept.id} is not parametric (engine {concept.engine}); use its SVG")
    return concept.spec


def _symbol_of(spec: dict[str, Any]) -> symbols.SymbolRef | None:
    """The icon a spec draws (weight and source are the graph's, in the profile's candidates)."""
    mark = spec.get("mark") or {}
    return symbols.SymbolRef(mark["set"], mark["icon"], 0.0, "") if mark.get("icon") else None


def design_concepts(profile: BrandProfile, palette: Palette, seed: int = 0,
                    style_words: list[str] | tuple[str, ...] = ()) -> LogoConcepts:
    """Concepts for the brand, reviewed (review.py) and ranked; `style_words` are the brief's own words
    (the profile keeps only the graph's style ids), read for a request for abstract marks."""
    specs, notes = make_specs(profile, seed)
    look = Look.from_dict(specs["lettermark"]["look"])
    refs = {r.icon: r for r in symbols.candidates(profile)}
    labels = dict(KINDS + SYMBOL_KINDS + [SPARE])
    main = [k for k, _ in KINDS + SYMBOL_KINDS if k in specs]

    def candidate(kind: str) -> review.Candidate:
        ref = _symbol_of(specs[kind])
        weight = refs[ref.icon].weight if ref and ref.icon in refs else None
        return review.Candidate(kind, specs[kind], weight)

    fits = {kind: look.fit(kind.removesuffix("-alt")) for kind in specs}
    abstract = review.asks_for_abstract(style_words)
    kept, rejected = review.rank([candidate(k) for k in main], palette, fits, abstract)
    if len(kept) < MIN_CONCEPTS:  # a duplicate was dropped: the spare abstract mark keeps the kit at six
        kept, more = review.rank([c for c, _ in kept] + [candidate("geometric-alt")], palette, fits, abstract)
        rejected += more
    concepts = [_concept(c, figures, labels, refs, rank=i + 1) for i, (c, figures) in enumerate(kept)]
    dropped = [_concept(c, figures, labels, refs, rank=None) for c, figures in rejected]
    primary = concepts[0]
    notes.append(f"style words ask for abstract marks: {abstract}")
    return LogoConcepts(engine="vector", concepts=concepts, primary=primary.id, rejected=dropped,
                        colors=concept_colors(primary, palette), notes=notes)


def concept_colors(concept: LogoConcept, palette: Palette) -> list[str]:
    """The palette colours the concept's master uses, in role order (what the final palette harmonises with)."""
    colors = artmod.full_colors(palette)
    spec = spec_of(concept)
    used = marks.lockup(spec, spec["layout"]).roles()
    return list(dict.fromkeys(colors[r] for r in artmod.ROLES if r in used))


def _concept(c: review.Candidate, figures: dict[str, Any], labels: dict[str, str], refs: dict[str, symbols.SymbolRef],
             rank: int | None) -> LogoConcept:
    ref = _symbol_of(c.spec)
    credit = refs[ref.icon].credit() if ref is not None else None
    label = SYMBOL_EMBLEM[1] if c.id == "emblem" and ref else labels[c.id]
    return LogoConcept(id=c.id, kind=c.id.removesuffix("-alt"), label=label, engine="vector", score=figures["total"],
                       spec=c.spec, rank=rank, symbol=credit, review=figures)
