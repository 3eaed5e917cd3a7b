"""Every logo variant reads on the background logo/logo.json declares for it.

The check is independent of the code that chose the colours: it parses each SVG, collects the fill of
every path (inside `<g id="wordmark">`: the name; elsewhere: the mark) and computes the WCAG 2.x
contrast ratio against the declared background with its own formula. The name must reach 4.5:1,
every other element 3:1 (WCAG 1.4.11).
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import pytest

from brandkit.brief import parse_brief
from brandkit.logo.designer import design_concepts
from brandkit.logo.system import build_logo_system, build_variants
from brandkit.palette import build_palette
from brandkit.profile import build_profile

SVG = "{http://www.w3.org/2000/svg}"
BRIEFS = {
    # A yellow brand gets a dark-theme palette: its light lockups must still read on white.
    "yellow": {"company_name": "Sunbeam Solar", "industry": "solar panel installation", "primary_color": "#FFEB3B"},
    "navy": {"company_name": "Harbor Legal", "industry": "law firm", "style": ["classic"], "primary_color": "#0B1F3A"},
    "mid-grey": {"company_name": "Gravel & Co", "industry": "landscaping", "primary_color": "#8A8A8A"},
    "coffee": {"company_name": "Northwind Coffee", "industry": "specialty coffee roastery", "style": ["organic"]},
    "hebrew": {"company_name": "אור ירושלים", "industry": "bakery", "language": "he"},
}


def _luminance(hex_: str) -> float:
    def channel(c: int) -> float:
        c = c / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (int(hex_.lstrip("#")[i:i + 2], 16) for i in (0, 2, 4))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def _ratio(a: str, b: str) -> float:
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def _fills(svg: str) -> tuple[list[str], list[str], set[str]]:
    """(fills of the name's paths, fills of every other path, ids of the groups)."""
    root = ET.fromstring(svg)
    name, other, ids = [], [], set()

    def walk(element: ET.Element, in_name: bool) -> None:
        for child in element:
            if child.tag == SVG + "g":
                ids.add(child.get("id", ""))
                walk(child, in_name or child.get("id") == "wordmark")
            elif child.tag == SVG + "path":
                (name if in_name else other).append(child.get("fill").upper())

    walk(root, False)
    return name, other, ids


@pytest.fixture(scope="module", params=sorted(BRIEFS))
def kit(request):
    brief = parse_brief(BRIEFS[request.param])
    profile = build_profile(brief)
    palette = build_palette(profile)
    concepts = design_concepts(profile, palette)
    system = build_logo_system(concepts.concepts[0], profile, palette, alternates=concepts.concepts)
    return request.param, system, json.loads(system.files["logo/logo.json"])


def test_every_variant_reads_on_its_declared_background(kit):
    case, system, index = kit
    assert {v["variant"] for v in index["variants"]} == set(system.variants)
    for entry in index["variants"]:
        svg = system.files[entry["file"]].decode()
        background = entry["background"]
        name, other, _ = _fills(svg)
        assert other or name, (case, entry["variant"])
        for fill in name:
            assert _ratio(fill, background) >= 4.5, (case, entry["variant"], fill, background)
        for fill in other:
            if fill == background.upper():  # the inverse variant's own background rectangle is a rect
                continue
            assert _ratio(fill, background) >= 3.0, (case, entry["variant"], fill, background)
        assert entry["min_size"]["screen_px"] > 0


def test_light_and_dark_lockups_whatever_the_theme(kit):
    case, _, index = kit
    grounds = {v["variant"]: _luminance(v["background"]) for v in index["variants"]}
    for layout in ("horizontal", "stacked", "icon", "wordmark"):
        assert grounds[layout] > 0.7 > 0.05 > grounds[f"{layout}-dark"], case


def test_lockups_group_the_name_and_the_symbol(kit):
    case, system, _ = kit
    for variant in ("horizontal", "stacked", "horizontal-dark", "stacked-dark"):
        name, other, ids = _fills(system.variants[variant])
        assert {"wordmark", "symbol"} <= ids and name and other, (case, variant)
    assert "wordmark" in _fills(system.variants["wordmark"])[2]
    assert "symbol" in _fills(system.variants["icon"])[2]


def test_yellow_brand_name_is_dark_on_light_and_light_on_dark():
    brief = parse_brief(BRIEFS["yellow"])
    profile = build_profile(brief)
    palette = build_palette(profile)
    concepts = design_concepts(profile, palette)
    system = build_logo_system(concepts.concepts[0], profile, palette)
    light_name = _fills(system.variants["horizontal"])[0]
    dark_name = _fills(system.variants["horizontal-dark"])[0]
    assert all(_luminance(f) < 0.2 for f in light_name), light_name
    assert all(_luminance(f) > 0.4 for f in dark_name), dark_name


@pytest.mark.parametrize("case", ["yellow", "mid-grey"])
def test_every_concept_reads_as_a_primary(case):
    """Whichever concept the review picks, its variants read (SVGs only: no rasterising needed)."""
    profile = build_profile(parse_brief(BRIEFS[case]))
    palette = build_palette(profile)
    for concept in design_concepts(profile, palette).concepts:
        v = build_variants(concept, profile, palette)
        for variant, svg in v.svgs.items():
            name, other, _ = _fills(svg)
            background = v.backgrounds[variant]
            assert all(_ratio(f, background) >= 4.5 for f in name), (concept.kind, variant, name, background)
            assert all(_ratio(f, background) >= 3.0 for f in other if f != background.upper()), (
                concept.kind, variant, other, background)
