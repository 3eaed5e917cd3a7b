"""Importing an existing logo (seed 004's asset reuse): SVG is sanitised, PNG is traced.

SVG is rebuilt from an allow-list, never edited in place:
- parsed with defusedxml with DTDs refused outright (no entities, no billion laughs, no XXE);
- only drawing elements survive (shapes, groups, gradients, clip paths, masks, local <use>);
  <script>, <foreignObject>, <image>, animation, <style> and every unknown element are dropped;
- only presentation attributes survive; event handlers (on*) are dropped; href/xlink:href and
  url(...) must point inside the document (#id), anything else is removed;
- simple <style> rules (class, element and id selectors) are inlined into style attributes
  first, filtered by the same property allow-list, because design tools export colours that way;
- <text> is refused, not converted: its look depends on fonts we do not have, and a logo
  whose letters change is worse than a clear request to outline the text.
An SVG whose only content is an embedded PNG is traced like a PNG upload.
"""

from __future__ import annotations

import base64
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import defusedxml.ElementTree as SafeET
from coloraide import Color

from . import raster
from .oklab_match import nearest_in_palette
from .svg import SVG_NS, local_name, parse_plain, to_string, unsafe_parts

MAX_SVG_BYTES = 2 * 1024 * 1024
MAX_ELEMENTS = 20_000

DRAWABLE = {"path", "rect", "circle", "ellipse", "line", "polyline", "polygon", "use"}
CONTAINERS = {"svg", "g", "defs", "symbol", "clipPath", "mask", "linearGradient", "radialGradient", "a", "switch"}
ALLOWED_ELEMENTS = DRAWABLE | CONTAINERS | {"stop"}
UNWRAP = {"a": "g", "switch": "g"}  # kept as plain groups
TEXT_ELEMENTS = {"text", "tspan", "textPath"}

PRESENTATION = {
    "fill", "fill-rule", "fill-opacity", "stroke", "stroke-width", "stroke-linecap", "stroke-linejoin",
    "stroke-miterlimit", "stroke-dasharray", "stroke-dashoffset", "stroke-opacity", "opacity", "clip-path",
    "clip-rule", "mask", "stop-color", "stop-opacity", "display", "visibility", "color", "transform",
}
GEOMETRY = {
    "id", "d", "x", "y", "x1", "y1", "x2", "y2", "cx", "cy", "r", "rx", "ry", "fx", "fy", "fr", "width", "height",
    "points", "viewBox", "preserveAspectRatio", "offset", "gradientUnits", "gradientTransform", "spreadMethod",
    "clipPathUnits", "maskUnits", "maskContentUnits", "pathLength",
}
COLOR_ATTRS = ("fill", "stroke", "stop-color", "color")
_URL = re.compile(r"url\(\s*(['\"]?)(.*?)\1\s*\)", re.IGNORECASE | re.DOTALL)
_RULE = re.compile(r"([^{}]+)\{([^{}]*)\}")
_SELECTOR = re.compile(r"^(?:[A-Za-z][\w-]*|\.[\w-]+|#[\w-]+)$")
_SPECIFICITY = {"#": 2, ".": 1} | {c: 0 for c in "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"}
_NUMBER = re.compile(r"^\s*([0-9.]+)\s*(px)?\s*$")


class LogoImportError(ValueError):
    """An uploaded logo that cannot be used, with a message a person can act on."""


@dataclass
class ImportedLogo:
    svg: str
    colors: list[str]
    notes: list[str] = field(default_factory=list)


# ---------------------------------------------------------------- CSS

def _safe_value(value: str) -> bool:
    lowered = value.lower()
    if "\\" in value or "expression" in lowered or "javascript:" in lowered or "@import" in lowered:
        return False
    return all(m.group(2).strip().startswith("#") for m in _URL.finditer(value))


def _declarations(text: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for decl in text.split(";"):
        if ":" not in decl:
            continue
        prop, value = (part.strip() for part in decl.split(":", 1))
        value = value.replace("!important", "").strip()
        if prop in PRESENTATION and value and _safe_value(value):
            out[prop] = value
    return out


def _css_rules(root: ET.Element) -> list[tuple[str, dict[str, str]]]:
    rules: list[tuple[str, dict[str, str]]] = []
    for el in root.iter():
        if local_name(el.tag) != "style":
            continue
        css = re.sub(r"/\*.*?\*/", "", el.text or "", flags=re.DOTALL)
        if "@import" in css.lower():
            continue
        for selectors, body in _RULE.findall(css):
            decls = _declarations(body)
            for sel in selectors.split(","):
                sel = sel.strip()
                if _SELECTOR.match(sel):
                    rules.append((sel, decls))
    return rules


def _matches(sel: str, el: ET.Element) -> bool:
    if sel.startswith("."):
        return sel[1:] in (el.get("class") or "").split()
    if sel.startswith("#"):
        return el.get("id") == sel[1:]
    return local_name(el.tag) == sel


# ---------------------------------------------------------------- rebuilding

def _attr_ok(name: str, value: str) -> bool:
    if name.lower().startswith("on"):
        return False
    if not _safe_value(value):
        return False
    return name in PRESENTATION or name in GEOMETRY


def _rebuild(el: ET.Element, rules: list[tuple[str, dict[str, str]]], notes: set[str]) -> ET.Element | None:
    name = local_name(el.tag)
    if name in TEXT_ELEMENTS:
        raise LogoImportError("the SVG contains live <text>; convert text to outlines (paths) and upload it again")
    if name not in ALLOWED_ELEMENTS:
        if name and name != "style":  # style rules were inlined already
            notes.add(f"removed <{name}>")
        return None
    attrs: dict[str, str] = {}
    for key, value in el.attrib.items():
        attr = local_name(key)
        if attr == "href":
            if value.strip().startswith("#"):
                attrs["href"] = value.strip()
            else:
                notes.add(f"removed an external reference on <{name}>")
            continue
        if attr == "style":
            continue
        if _attr_ok(attr, value):
            attrs[attr] = value
        elif attr.lower().startswith("on"):
            notes.add("removed event handlers")
        elif "url(" in value.lower() or "javascript:" in value.lower():
            notes.add(f"removed an external reference on <{name}>")
    style: dict[str, str] = {}
    # Cascade: element < class < id selectors, later rules win among equals, inline style last.
    for _sel, decls in sorted((r for r in rules if _matches(r[0], el)), key=lambda r: _SPECIFICITY[r[0][0]]):
        style.update(decls)
    style.update(_declarations(el.get("style") or ""))
    if style:
        attrs["style"] = ";".join(f"{k}:{v}" for k, v in style.items())
    if name == "use" and "href" not in attrs:
        return None
    out = ET.Element(UNWRAP.get(name, name), attrs)
    for child in el:
        rebuilt = _rebuild(child, rules, notes)
        if rebuilt is not None:
            out.append(rebuilt)
    return out


def _view_box(root: ET.Element) -> tuple[float, float, float, float]:
    vb = root.get("viewBox")
    if vb:
        try:
            x, y, w, h = (float(v) for v in vb.replace(",", " ").split())
            if w > 0 and h > 0:
                return x, y, w, h
        except ValueError:
            pass
    wm, hm = _NUMBER.match(root.get("width") or ""), _NUMBER.match(root.get("height") or "")
    if wm and hm and float(wm.group(1)) > 0 and float(hm.group(1)) > 0:
        return 0.0, 0.0, float(wm.group(1)), float(hm.group(1))
    raise LogoImportError("the SVG has no viewBox and no pixel width/height; export it with a viewBox")


def _embedded_png(root: ET.Element) -> bytes | None:
    for el in root.iter():
        if local_name(el.tag) != "image":
            continue
        for key, value in el.attrib.items():
            if local_name(key) == "href" and value.startswith("data:image/png;base64,"):
                try:
                    return base64.b64decode(value.split(",", 1)[1], validate=False)
                except ValueError:
                    return None
    return None


def parse_untrusted(data: bytes | str) -> ET.Element:
    if len(data) > MAX_SVG_BYTES:
        raise LogoImportError(f"the SVG is larger than {MAX_SVG_BYTES // (1024 * 1024)} MB")
    try:
        root = SafeET.fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except Exception as exc:  # defusedxml's DTD/entity errors and ParseError alike
        raise LogoImportError(f"not a well-formed SVG without DTD or entities ({type(exc).__name__})") from None
    if local_name(root.tag) != "svg":
        raise LogoImportError("the file's root element is not <svg>")
    if sum(1 for _ in root.iter()) > MAX_ELEMENTS:
        raise LogoImportError(f"the SVG has more than {MAX_ELEMENTS} elements")
    return root


def sanitize_svg(data: bytes | str) -> tuple[str, list[str]]:
    """A safe copy of an SVG, and notes on what was removed. Raises LogoImportError if unusable."""
    root = parse_untrusted(data)
    vx, vy, vw, vh = _view_box(root)
    notes: set[str] = set()
    rules = _css_rules(root)
    out = ET.Element("svg", {"xmlns": SVG_NS, "viewBox": f"{vx:g} {vy:g} {vw:g} {vh:g}",
                             "width": f"{vw:g}", "height": f"{vh:g}"})
    for child in root:
        rebuilt = _rebuild(child, rules, notes)
        if rebuilt is not None:
            out.append(rebuilt)
    if not any(local_name(el.tag) in DRAWABLE for el in out.iter()):
        raise LogoImportError("the SVG has nothing drawable (paths or shapes) once unsafe parts are removed")
    svg = ET.tostring(out, encoding="unicode")
    problems = unsafe_parts(svg)
    if problems:  # the allow-list above should make this impossible; refuse rather than ship
        raise LogoImportError(f"the SVG could not be made safe: {problems[0]}")
    return svg, sorted(notes)


def dominant_colors_of_svg(svg: str, k: int = 4) -> list[str]:
    """Most used colours by rendered area, reported as the SVG's own colours (not cluster means,
    which anti-aliasing and gradients pull away from the designer's values)."""
    from . import trace  # numpy: only the import path needs it (the ImportLogo function's TraceLayer)

    w, h = raster.fit_size(svg, 128)
    clusters = trace.dominant_colors(raster.image(svg, w, h), k)
    declared = sorted({hx for _, _, v, _ in _color_values(parse_plain(svg)) if (hx := _to_hex(v))})
    if not declared:
        return clusters
    nearest = nearest_in_palette(clusters, declared)
    return list(dict.fromkeys(nearest[c.upper()] for c in clusters))


def import_logo_report(data: bytes, filename: str) -> ImportedLogo:
    """Sanitise (SVG) or trace (PNG) an uploaded logo; see the module docstring for the rules.

    What the file is comes from its bytes (PNG signature, or XML text), and must be what its name says: a PNG
    named .svg, an SVG named .png or anything else is refused, never guessed at."""
    from . import trace  # numpy: see dominant_colors_of_svg

    kind = sniff(data)
    named = filename.lower().rsplit(".", 1)[-1] if "." in filename else ""
    if kind is None:
        raise LogoImportError(f"{filename!r} is neither a PNG nor an SVG file (its content is neither)")
    if named in ("png", "svg") and named != kind:
        raise LogoImportError(f"{filename!r} is named .{named} but its content is {kind.upper()}; "
                              f"upload it with its real type")
    try:
        if kind == "png":
            svg, colors = trace.trace_png(data)
            return ImportedLogo(svg, colors, ["traced from PNG"])
        try:
            svg, notes = sanitize_svg(data)
        except LogoImportError as exc:
            png = _embedded_png_of(data)
            if png is None:
                raise
            svg, colors = trace.trace_png(png)
            return ImportedLogo(svg, colors, [f"the SVG wraps a PNG ({exc}); traced the PNG"])
    except trace.TraceError as exc:
        raise LogoImportError(str(exc)) from None
    return ImportedLogo(svg, dominant_colors_of_svg(svg), notes)


def sniff(data: bytes) -> str | None:
    """The file's kind ("png", "svg" or None) from the content alone: the PNG signature, or text whose first
    markup is XML (a declaration, a comment, a doctype or an element)."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    head = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"<") and b"\0" not in head:
        try:
            head.decode("utf-8")
        except UnicodeDecodeError as exc:
            if exc.start < len(head) - 3:  # a cut multi-byte character at the end is still text
                return None
        return "svg"
    return None


def _embedded_png_of(data: bytes) -> bytes | None:
    try:
        return _embedded_png(parse_untrusted(data))
    except LogoImportError:
        return None


def import_logo(data: bytes, filename: str) -> tuple[str, list[str]]:
    """(sanitised SVG, dominant colours as hex, most used first) of an uploaded SVG or PNG logo."""
    result = import_logo_report(data, filename)
    return result.svg, result.colors


# ---------------------------------------------------------------- recolouring (used by the logo system)

def _to_hex(value: str) -> str | None:
    value = value.strip()
    if not value or value.lower() in ("none", "transparent", "currentcolor", "inherit") or value.startswith("url("):
        return None
    try:
        return Color(value).convert("srgb").to_string(hex=True, fit=True)[:7].upper()
    except ValueError:
        return None


def _color_values(root: ET.Element) -> Iterator[tuple[ET.Element, str, str, bool]]:
    """(element, attribute or style property, value) for every colour in a sanitised SVG."""
    for el in root.iter():
        for attr in COLOR_ATTRS:
            value = el.get(attr)
            if value:
                yield el, attr, value, False
        for prop, value in _declarations(el.get("style") or "").items():
            if prop in COLOR_ATTRS:
                yield el, prop, value, True


def recolor(svg: str, mapping: Callable[[str], str]) -> str:
    """Apply `mapping(hex) -> hex` to every colour of a sanitised SVG (attributes and style)."""
    root = parse_plain(svg)
    for el, prop, value, in_style in list(_color_values(root)):
        hex_ = _to_hex(value)
        if hex_ is None:
            continue
        new = mapping(hex_)
        if in_style:
            decls = _declarations(el.get("style") or "")
            decls[prop] = new
            el.set("style", ";".join(f"{k}:{v}" for k, v in decls.items()))
        else:
            el.set(prop, new)
    # Black is the SVG default fill: shapes that inherit no fill must be recoloured too.
    _fill_defaults(root, mapping("#000000"), inherited=False)
    return to_string(root)


def _fill_defaults(el: ET.Element, color: str, inherited: bool) -> None:
    inherited = inherited or bool(el.get("fill")) or "fill" in _declarations(el.get("style") or "")
    if el.tag in DRAWABLE and not inherited:
        el.set("fill", color)
    if el.tag in ("defs", "clipPath", "mask"):  # not painted directly
        return
    for child in el:
        _fill_defaults(child, color, inherited)


def snap_to_palette(svg: str, palette_hexes: list[str]) -> str:
    """Every colour of the SVG replaced by its perceptually nearest palette colour."""
    root = parse_plain(svg)
    found = sorted({h for _, _, v, _ in _color_values(root) if (h := _to_hex(v))} | {"#000000"})
    nearest = nearest_in_palette(found, palette_hexes)
    return recolor(svg, lambda h: nearest.get(h, h))
