"""The sections of the guidelines, each a list of flowables built from the kit's real artifacts.

Every string from the brief, the profile, the palette or the rationale goes into a TextBlock (laid out
as plain text, never parsed as markup) or into a Table cell as a plain string (drawn verbatim).
"""

from __future__ import annotations

import io

from PIL import Image as PILImage
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import CondPageBreak, Flowable, Image, KeepTogether, PageBreak, Spacer, Table, TableStyle

from brandkit import fonts
from brandkit.colour import contrast
from brandkit.guidelines import colours
from brandkit.guidelines.graphics import (
    BusinessCard,
    ClearSpace,
    MinimumSizes,
    MisuseTile,
    Tile,
    cvd_strip,
    swatch_drawing,
)
from brandkit.guidelines.kit import Kit
from brandkit.guidelines.pages import Heading, Rule
from brandkit.guidelines.typeset import TextBlock, font_name

SECTIONS = [
    ("story", "Brand story"),
    ("logo", "Logo"),
    ("colour", "Colour"),
    ("type", "Typography"),
    ("applications", "Applications"),
    ("inventory", "Kit inventory"),
]
MISUSES = [
    ("stretched", "Don't stretch or squash"),
    ("rotated", "Don't rotate"),
    ("recoloured", "Don't recolour"),
    ("low-contrast", "Don't set it in low contrast"),
    ("effects", "Don't add shadows or effects"),
    ("busy", "Don't place it on busy backgrounds"),
]
SPECIMENS = {
    "Latin": "ABCDEFGHIJKLMNOPQRSTUVWXYZ abcdefghijklmnopqrstuvwxyz 0123456789 &?!",
    "Arabic": "ابتثجحخدذرزسشصضطظعغفقكلمنهوي ٠١٢٣٤٥٦٧٨٩",
    "Han": "永東京字體設計品牌 春夏秋冬 一二三四五",
    "Hiragana": "あいうえお かきくけこ さしすせそ",
    "Katakana": "アイウエオ カキクケコ サシスセソ",
    "Hangul": "가나다라마바사 아자차카타파하",
    "Cyrillic": "АБВГДЕЖЗИЙКЛМН абвгдежзийклмн",
    "Greek": "ΑΒΓΔΕΖΗΘΙΚΛΜ αβγδεζηθικλμ",
    "Hebrew": "אבגדהוזחטיכלמנסעפצקרשת",
}
TYPE_SCALE = [("Display", 5), ("Heading 1", 4), ("Heading 2", 3), ("Heading 3", 2), ("Body", 0), ("Caption", -1)]
SCALE_RATIO, BASE_SIZE = 1.25, 11.0
MAX_PREVIEW_PX = 720  # social previews are shown small; downscaled copies keep the PDF light


def story(kit: Kit) -> list[Flowable]:
    return [*_contents(kit), *_brand_story(kit), *_logo(kit), *_colour(kit), *_typography(kit),
            *_applications(kit), *_inventory(kit)]


def _h1(kit: Kit, key: str) -> list[Flowable]:
    title = dict(SECTIONS)[key]
    return [PageBreak(), Heading(key, title, kit.style("h1")), Rule(kit.colours.primary, 1.2, 4), Spacer(1, 6)]


def _h2(kit: Kit, title: str) -> Flowable:
    return Heading("", title, kit.style("h2"), level=1)


def _p(kit: Kit, text: str, kind: str = "body", after: float = 6, **changes) -> TextBlock:
    return TextBlock(text, kit.style(kind, **changes), space_after=after)


def _bullets(kit: Kit, items: list[str], mark: str = "•") -> list[Flowable]:
    return [_p(kit, f"{mark} {item}", after=3) for item in items]


def _grid(kit: Kit, cells: list, columns: int, width: float, gap: float = 10) -> Table:
    rows = [cells[i : i + columns] + [""] * (columns - len(cells[i : i + columns])) for i in range(0, len(cells), columns)]
    table = Table(rows, colWidths=[width / columns] * columns, hAlign="LEFT")
    table.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), font_name(kit.ui_family)),  # never Helvetica
                               ("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                               ("RIGHTPADDING", (0, 0), (-1, -1), gap), ("BOTTOMPADDING", (0, 0), (-1, -1), gap)]))
    return table


def _contents(kit: Kit) -> list[Flowable]:
    from brandkit.guidelines.pages import Contents

    return [TextBlock("Contents", kit.style("h1"), space_after=16), Contents(kit, SECTIONS)]


def _brand_story(kit: Kit) -> list[Flowable]:
    r, p = kit.input.rationale, kit.input.profile
    out = [*_h1(kit, "story"), _p(kit, r.summary, size=12, leading=18, after=10)]
    out += [_h2(kit, "Voice"), _p(kit, r.voice)]
    out += [_p(kit, f"“{example}”", color=kit.colours.muted, after=4) for example in r.voice_examples]
    if r.do:
        out += [_h2(kit, "Do"), *_bullets(kit, r.do, "✓")]
    if r.dont:
        out += [_h2(kit, "Don't"), *_bullets(kit, r.dont, "✗")]
    traits = ", ".join(f"{name} ({weight:.2f})" for name, weight in p.traits[:6])
    facts = [
        f"Industry: {p.industry.label} (matched “{p.industry.query}” by {p.industry.method}, "
        f"confidence {p.industry.confidence:.2f})",
        f"Personality traits: {traits}" if traits else "",
        f"Style: {', '.join(p.style)}; colour harmony: {p.harmony}" if p.style else f"Colour harmony: {p.harmony}",
    ]
    out += [_h2(kit, "What the brand graph found"), *[_p(kit, f, "ui", after=3) for f in facts if f]]
    out += [_p(kit, f"{f.subject} {f.relation} {f.object} — {f.source}", "small", after=2) for f in p.facts[:12]]
    if r.notes:
        out += [_h2(kit, "Notes"), *_bullets(kit, r.notes)]
    out.append(_p(kit, f"Written by the {r.writer} writer.", "small"))
    return out


def _logo(kit: Kit) -> list[Flowable]:
    w, c = kit.frame_width, kit.colours
    out = [*_h1(kit, "logo"), _p(kit, kit.input.rationale.logo, after=10),
           Tile(kit, kit.logo, "Primary logo (vector master)", w, 170, c.background)]
    if kit.input.symbol_credits:
        out.append(_p(kit, symbol_credit(kit.input.symbol_credits), "small", after=10))
    if kit.variants:
        tiles = []
        for name, logo in kit.variants.items():
            light = _for_dark_ground(name, logo)
            tiles.append(Tile(kit, logo, name, w / 3 - 10, 90, c.text if light else c.background,
                              note="on a dark ground" if light else ""))
        out += [CondPageBreak(220), _h2(kit, "Logo system"), _grid(kit, tiles, 3, w)]
    percent = 100 * kit.input.clear_space / kit.logo.height
    out += [
        CondPageBreak(260), _h2(kit, "Clear space"),
        _p(kit, f"Keep at least x of empty space on every side of the logo, where x = {kit.input.clear_space:g} "
                f"{kit.input.clear_space_unit} ({percent:.0f}% of the logo's height). Nothing — text, edges, "
                "other marks — enters the shaded zone.", "ui"),
        ClearSpace(kit, w, 190),
        CondPageBreak(120), _h2(kit, "Minimum size"),
        _p(kit, "Below these widths the logo loses legibility; use the icon instead. Shown at true size.", "ui"),
        MinimumSizes(kit, w),
        CondPageBreak(300), _h2(kit, "Misuse"),
        _p(kit, "Always use the supplied artwork. Each example below is wrong and marked so.", "ui"),
        _grid(kit, [MisuseTile(kit, kind, caption, w / 3 - 10, 90) for kind, caption in MISUSES], 3, w),
    ]
    return out


def symbol_credit(credits: list[dict]) -> str:
    """The credit the icon set's licence asks for (one sentence, for every symbol of the kit)."""
    sets: dict[tuple[str, str, str], list[str]] = {}
    for credit in credits:
        sets.setdefault((credit["set"], credit["version"], credit["licence"]), []).append(credit["name"])
    parts = [f"{', '.join(names)} from {name} {version} ({licence})" for (name, version, licence), names in sets.items()]
    return f"Symbols: {'; '.join(parts)}. Licence text: logo/LICENSE-symbols.txt."


def _for_dark_ground(name: str, logo) -> bool:
    """White, inverse or mostly light artwork is shown on a dark ground, as it is meant to be used."""
    if any(word in name.lower() for word in ("white", "inverse", "reverse")):
        return True
    found = logo.colours() or ["#000000"]
    return sum(colours.is_light(h) for h in found) > len(found) / 2


def _colour(kit: Kit) -> list[Flowable]:
    palette, w, c = kit.input.palette, kit.frame_width, kit.colours
    out = [*_h1(kit, "colour")]
    rows = [["", "Role / name", "HEX", "RGB", "CMYK", "OKLCH"]]
    for colour in palette.colors:
        l_, ch, h = colour.oklch
        rows.append([
            swatch_drawing(kit, colour.hex, 34, 20, c.rule),
            TextBlock(f"{colour.role}\n{colour.name}", kit.style("ui", size=8, leading=10)),
            colour.hex,
            "{} {} {}".format(*colour.rgb),
            "{} {} {} {}".format(*colour.cmyk),
            f"{l_ * 100:.1f}% {ch:.3f} {h:.0f}°",
        ])
    out.append(_table(kit, rows, [44, w - 44 - 62 - 78 - 84 - 104, 62, 78, 84, 104]))
    out.append(_p(kit, "CMYK values are approximate conversions; proof on the press before printing.", "small"))
    if kit.input.rationale.colors:
        out += [_h2(kit, "Why these colours")]
        out += [_p(kit, f"{note.role} ({note.hex}): {note.why}", after=4) for note in kit.input.rationale.colors]
    out += [CondPageBreak(260), _h2(kit, "Contrast"), *_contrast(kit)]
    out += [CondPageBreak(200), _h2(kit, "Colour-vision deficiency"),
            _p(kit, "The brand colours and the logo as people with each full colour-vision deficiency see them "
                    "(simulated).", "ui")]
    for kind, label in colours.CVD_KINDS.items():
        minimum = palette.cvd.get(kind)
        suffix = f" — smallest difference between brand colours ΔE {minimum:.1f}" if minimum is not None else ""
        out += [KeepTogether([_p(kit, label + suffix, "label", after=3), cvd_strip(kit, kind, w, 34), Spacer(1, 8)])]
    return out


def _contrast(kit: Kit) -> list[Flowable]:
    palette, w = kit.input.palette, kit.frame_width
    roles = colours.matrix_roles(palette)
    hexes = {r: palette.hex(r) for r in roles}
    header = ["text ↓ on →", *roles]
    rows, styles = [header], []
    for i, fg in enumerate(roles, start=1):
        row = [fg]
        for j, bg in enumerate(roles, start=1):
            ratio = palette.contrast_matrix.get(fg, {}).get(bg) or contrast(hexes[fg], hexes[bg])
            row.append("—" if fg == bg else f"{ratio:.1f} {colours.grade(ratio)}")
            styles += [("BACKGROUND", (j, i), (j, i), hexes[bg]), ("TEXTCOLOR", (j, i), (j, i), hexes[fg])]
        rows.append(row)
    first = 70
    out: list[Flowable] = [
        _p(kit, "Each cell sets the row's colour as text on the column's colour, with its WCAG 2 contrast ratio: "
                "AAA ≥ 7, AA ≥ 4.5 for body text, AA large ≥ 3 for large or bold text only.", "ui"),
        _table(kit, rows, [first] + [(w - first) / len(roles)] * len(roles), extra=styles, size=7),
    ]
    if palette.text_pairs:
        pairs = [["Text", "Background", "Ratio", "Level", "Used for"]]
        for pair in palette.text_pairs:
            pairs.append([pair.foreground, pair.background, f"{pair.ratio:.2f}:1",
                          colours.grade(pair.ratio) + (" (large)" if pair.large_text else ""),
                          TextBlock(pair.usage, kit.style("ui", size=8, leading=10))])
        out += [Spacer(1, 8), _p(kit, "Pairs the kit uses", "label", after=3),
                _table(kit, pairs, [80, 80, 50, 60, w - 270])]
    for note in palette.adjustments:
        out.append(_p(kit, f"Adjusted: {note}", "small", after=2))
    return out


def _table(kit: Kit, rows: list[list], widths: list[float], extra: list | None = None, size: float = 8) -> Table:
    font = font_name(kit.ui_family)
    bold = font_name(kit.ui_family, "bold")
    table = Table(rows, colWidths=widths, repeatRows=1, hAlign="LEFT")
    table.setStyle(TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), font), ("FONTSIZE", (0, 0), (-1, -1), size),
        ("FONTNAME", (0, 0), (-1, 0), bold), ("TEXTCOLOR", (0, 0), (-1, -1), kit.colours.text),
        ("LINEBELOW", (0, 0), (-1, -1), 0.3, kit.colours.rule), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), 3), ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        *(extra or []),
    ]))
    return table


def _typography(kit: Kit) -> list[Flowable]:
    out = [*_h1(kit, "type")]
    for role, family in (("Heading", kit.heading_family), ("Body", kit.body_family)):
        out += [KeepTogether(_specimen(kit, role, family))]
    out += [CondPageBreak(240), _h2(kit, "Type scale"),
            _p(kit, f"A {SCALE_RATIO} ratio from a {BASE_SIZE:g} pt body size; line height 1.2 for headings, "
                    "1.5 for text.", "ui")]
    sample = kit.company
    for label, step in TYPE_SCALE:
        size = round(BASE_SIZE * SCALE_RATIO**step, 1)
        family = kit.heading_family if step > 0 else kit.body_family
        weight = "bold" if step > 0 else "regular"
        out += [_p(kit, f"{label} · {family} {weight} · {size:g} pt", "label", after=1),
                TextBlock(sample, kit.style("body", family=family, weight=weight, size=size,
                                            leading=size * (1.2 if step > 0 else 1.5)), space_after=6)]
    out += [_h2(kit, "Usage"), _p(kit, kit.input.rationale.typography)]
    return out


def _specimen(kit: Kit, role: str, family: str) -> list[Flowable]:
    info = fonts.font_info(family)
    chosen = next((f.family for f in kit.input.profile.fonts if f.role == role.lower()), family)
    note = "" if fonts.font_info(chosen).family == family else f" (stands in for {chosen}, not in the catalog)"
    scripts = [kit.input.profile.script] + [s for s in info.scripts if s != kit.input.profile.script]
    samples = [SPECIMENS[s] for s in scripts if s in SPECIMENS and fonts.covers(family, SPECIMENS[s])][:2]
    style = kit.style("body", family=family)
    out = [_h2(kit, f"{role}: {family}{note}"),
           _p(kit, f"{info.classification} · {info.licence} · scripts: {', '.join(info.scripts)}", "small"),
           TextBlock(kit.company, kit.style("body", family=family, size=28, leading=34, weight="bold"), space_after=4),
           TextBlock(kit.company, kit.style("body", family=family, size=28, leading=34), space_after=4)]
    out += [TextBlock(sample, kit.style("body", family=family, size=13, leading=19), space_after=4) for sample in samples]
    out += [TextBlock(kit.input.rationale.summary[:240], style, space_after=10)]
    return out


def _applications(kit: Kit) -> list[Flowable]:
    w = kit.frame_width
    out = [*_h1(kit, "applications")]
    previews = kit.input.social_previews
    if previews:
        cells = []
        for name, png in previews.items():
            image, (px_w, px_h) = _preview(png, w / 2 - 12, 200, kit.colours.background)
            cells.append([image, _p(kit, f"{name} · {px_w} × {px_h} px", "label", after=0)])
        out += [_h2(kit, "Social media"), _grid(kit, cells, 2, w)]
    card = BusinessCard(kit)
    out += [CondPageBreak(card.wrap(w, 0)[1] + 30), _h2(kit, "Business card"), card]
    return out


def _preview(png: bytes, max_w: float, max_h: float, ground: str) -> tuple[Image, tuple[int, int]]:
    """A small JPEG copy of a social asset (reportlab embeds JPEG as is; PNG it re-encodes, slowly)."""
    with PILImage.open(io.BytesIO(png)) as im:
        original = im.size
        factor = max(1, max(original) // MAX_PREVIEW_PX)
        rgba = (im.reduce(factor) if factor > 1 else im).convert("RGBA")  # box-reduce first: cheap
    rgba.thumbnail((MAX_PREVIEW_PX, MAX_PREVIEW_PX), PILImage.Resampling.BILINEAR, reducing_gap=2.0)
    flat = PILImage.new("RGB", rgba.size, ground)
    flat.paste(rgba, mask=rgba.getchannel("A"))  # transparent assets are shown on the page's ground
    buffer = io.BytesIO()
    flat.save(buffer, "JPEG", quality=85)
    scale = min(max_w / original[0], max_h / original[1])
    image = Image(io.BytesIO(buffer.getvalue()), original[0] * scale, original[1] * scale)
    image.hAlign = "LEFT"
    return image, original


def _inventory(kit: Kit) -> list[Flowable]:
    w, items = kit.frame_width, kit.input.inventory
    ui = kit.ui_family
    rows: list[list] = [["Path", "Kind", "Size"]]
    path_width = w - 150
    for item in items:
        fits = fonts.covers(ui, item.path) and stringWidth(item.path, font_name(ui), 8) < path_width - 6
        path = item.path if fits else TextBlock(item.path, kit.style("ui", size=8, leading=10))
        rows.append([path, item.kind, _size(item.bytes)])
    rows.append(["Total", f"{len(items)} files", _size(sum(i.bytes for i in items))])
    return [*_h1(kit, "inventory"),
            _p(kit, "Every file delivered with this kit.", "ui"),
            _table(kit, rows, [path_width, 80, 70], extra=[("ALIGN", (2, 0), (2, -1), "RIGHT")])]


def _size(n: int) -> str:
    for unit in ("bytes", "KB", "MB"):
        if n < 1024 or unit == "MB":
            return f"{n:,} {unit}" if unit == "bytes" else f"{n:.1f} {unit}"
        n /= 1024
    return str(n)
