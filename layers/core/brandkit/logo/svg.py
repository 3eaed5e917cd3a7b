"""Building SVG safely and checking that an SVG is safe.

Every SVG the logo system writes is built as an ElementTree: user text never meets a
format string, and the company name only ever reaches a file as glyph outlines.
`unsafe_parts` is the one check that tests, the importer and the system run.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import defusedxml.ElementTree as SafeET

SVG_NS = "http://www.w3.org/2000/svg"

# Elements that may run code, pull in other documents, or depend on installed fonts.
FORBIDDEN_ELEMENTS = {"script", "foreignObject", "text", "tspan", "textPath", "iframe", "object", "embed", "audio",
                      "video", "handler", "listener", "animate", "set", "animateMotion", "animateTransform"}
_URL = re.compile(r"url\(\s*(['\"]?)(.*?)\1\s*\)", re.IGNORECASE | re.DOTALL)


def fmt(value: float) -> str:
    """Short, locale-free number text (2 decimals are far below a pixel at 1024 px)."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def svg_root(width: float, height: float, view_box: tuple[float, float, float, float] | None = None) -> ET.Element:
    vb = view_box or (0, 0, width, height)
    return ET.Element("svg", {
        "xmlns": SVG_NS,
        "width": fmt(width),
        "height": fmt(height),
        "viewBox": " ".join(fmt(v) for v in vb),
    })


def add_path(parent: ET.Element, d: str, fill: str, *, evenodd: bool = False, transform: str | None = None,
             opacity: float | None = None) -> ET.Element | None:
    if not d:
        return None
    attrs = {"d": d, "fill": fill}
    if evenodd:
        attrs["fill-rule"] = "evenodd"
    if transform:
        attrs["transform"] = transform
    if opacity is not None and opacity < 1:
        attrs["fill-opacity"] = fmt(opacity)
    return ET.SubElement(parent, "path", attrs)


def add_rect(parent: ET.Element, x: float, y: float, w: float, h: float, fill: str) -> ET.Element:
    return ET.SubElement(parent, "rect", {"x": fmt(x), "y": fmt(y), "width": fmt(w), "height": fmt(h), "fill": fill})


def to_string(root: ET.Element) -> str:
    return ET.tostring(root, encoding="unicode", xml_declaration=False)


def local_name(tag: str) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def parse_plain(svg: str) -> ET.Element:
    """Parse an SVG we made or sanitised into un-namespaced elements (so it can be re-nested and
    written with plain tag names); DTDs and entities are refused all the same."""
    root = SafeET.fromstring(svg, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    for el in root.iter():
        el.tag = local_name(el.tag)
        for key in [k for k in el.attrib if k.startswith("{")]:
            el.attrib[local_name(key)] = el.attrib.pop(key)
    root.set("xmlns", SVG_NS)
    return root


def is_local_reference(value: str) -> bool:
    """Only same-document fragment references (#id) are allowed."""
    return value.strip().startswith("#")


def css_urls_are_local(text: str) -> bool:
    return all(is_local_reference(m.group(2)) for m in _URL.finditer(text)) and "@import" not in text.lower()


def unsafe_parts(svg: str | bytes) -> list[str]:
    """What makes an SVG unsafe to ship or render: code, external references, live text, DTDs.

    Returns an empty list for a safe SVG. Parsing refuses DTDs and entities outright.
    """
    try:
        root = SafeET.fromstring(svg, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except Exception as exc:  # defusedxml raises several types; all mean "do not trust this"
        return [f"unparseable: {type(exc).__name__}"]
    problems: list[str] = []
    for el in root.iter():
        name = local_name(el.tag)
        if not name:
            problems.append("comment or processing instruction")
            continue
        if name in FORBIDDEN_ELEMENTS:
            problems.append(f"<{name}>")
        if name == "style" and not css_urls_are_local(el.text or ""):
            problems.append("<style> with external url() or @import")
        for key, value in el.attrib.items():
            attr = local_name(key)
            if attr.lower().startswith("on"):
                problems.append(f"event handler {attr} on <{name}>")
            elif attr == "href" and not is_local_reference(value):
                problems.append(f"external href on <{name}>")
            elif "url(" in value.lower() and not css_urls_are_local(value):
                problems.append(f"external url() in {attr} on <{name}>")
    return problems
