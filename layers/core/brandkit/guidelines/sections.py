"""The sections of the guidelines, each a list of flowables built from the kit's real artifacts.

Every string from the brief, the profile, the palette or the rationale goes into a TextBlock (laid out
as plain text, never parsed as markup) or into a Table cell as a plain string (drawn verbatim).
The document's own words come from the message catalogues (kit.t, brandkit.i18n); graph ids from the
dataset's label table. A right-to-left document mirrors its tables and grids (columns right to left).
"""

from __future__ import annotations

import io
import unicodedata
from typing import Any

from babel.numbers import format_decimal
from PIL import Image as PILImage
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import CondPageBreak, Flowable, Image, KeepTogether, Spacer, Table, TableStyle

from brandkit import fonts
from brandkit.artifacts import Fact
from brandkit.colour import contrast
from brandkit.fonts.scripts import char_script
from brandkit.guidelines import colours
from brandkit.guidelines.blocks import bullets as _bullets
from brandkit.guidelines.blocks import cell_width
from brandkit.guidelines.blocks import grid as _grid
from brandkit.guidelines.blocks import h1 as _h1
from brandkit.guidelines.blocks import h2 as _h2
from brandkit.guidelines.blocks import p as _p
from brandkit.guidelines.graphics import BusinessCard, cvd_strip, swatch_drawing
from brandkit.guidelines.kit import Kit
from brandkit.guidelines.logo_section import logo_section
from brandkit.guidelines.pages import FirstThatFits
from brandkit.guidelines.strings import CVD_KINDS, FILE_KINDS, RELATIONS, SECTIONS, SOCIAL_FORMATS, TYPE_SCALE
from brandkit.guidelines.typeset import TextBlock, font_name

SPECIMENS = {
    # a no-break space: the figures and the marks wrap together, never leaving "&?!" alone on a line
    "Latin": "ABCDEFGHIJKLMNOPQRSTUVWXYZ abcdefghijklmnopqrstuvwxyz 0123456789\u00a0&?!",
    "Arabic": "ابتثجحخدذرزسشصضطظعغفقكلمنهوي ٠١٢٣٤٥٦٧٨٩",
    "Han": "永東京字體設計品牌 春夏秋冬 一二三四五",
    "Hiragana": "あいうえお かきくけこ さしすせそ",
    "Katakana": "アイウエオ カキクケコ サシスセソ",
    "Hangul": "가나다라마바사 아자차카타파하",
    "Cyrillic": "АБВГДЕЖЗИЙКЛМН абвгдежзийклмн",
    "Greek": "ΑΒΓΔΕΖΗΘΙΚΛΜ αβγδεζηθικλμ",
    "Hebrew": "אבגדהוזחטיכלמנסעפצקרשת",
}
SCALE_RATIO, BASE_SIZE = 1.25, 11.0
SPECIMEN_CHARS = 240  # of the brand story, set as running text under each type specimen
MAX_PREVIEW_PX = 720  # social previews are shown small; downscaled copies keep the PDF light
# Two pixels a point (144 ppi): sharp at 200% zoom or on a high-density screen at 100%, and at the preview's
# shown size (at most 240 x 200 pt) below MAX_PREVIEW_PX, so smaller files and cheaper decoding.
PREVIEW_PX_PER_PT = 2.0


def story(kit: Kit) -> list[Flowable]:
    return [*_contents(kit), *_brand_story(kit), *logo_section(kit), *_colour(kit), *_typography(kit),
            *_applications(kit), *_inventory(kit)]


def _contents(kit: Kit) -> list[Flowable]:
    from brandkit.guidelines.pages import Contents

    entries = [(key, kit.t.pgettext(*title)) for key, title in SECTIONS]
    return [TextBlock(kit.t.gettext("Contents"), kit.style("h1"), space_after=16), Contents(kit, entries)]


def _brand_story(kit: Kit) -> list[Flowable]:
    r, p, t = kit.input.rationale, kit.input.profile, kit.t
    out = [*_h1(kit, "story"), _p(kit, r.summary, size=12, leading=18, after=10)]
    out += [_h2(kit, t.gettext("Voice")), _p(kit, r.voice)]
    out += [_p(kit, t.quote(example), color=kit.colours.muted, after=4) for example in r.voice_examples]
    # Do and Don't side by side, and the graph's facts in two columns: the story fits its page instead of
    # spilling a few lines onto the next one.
    rules = [[_p(kit, title, "h2", after=4), *_bullets(kit, items, mark)] for title, items, mark in (
        (t.pgettext("rules", "Do"), r.do, "✓"), (t.pgettext("rules", "Don't"), r.dont, "✗")) if items]
    if rules:
        out.append(_grid(kit, rules, len(rules), kit.frame_width, gap=14, row_gap=6))
    traits = t.join([f"{kit.label('trait', name)} ({t.number(weight, 2)})" for name, weight in p.traits[:6]])
    harmony = kit.label("harmony", p.harmony)
    method = {"exact": t.pgettext("match method", "exact match"), "synonym": t.pgettext("match method", "synonym"),
              "overlap": t.pgettext("match method", "shared words"),
              "default": t.pgettext("match method", "default")}.get(p.industry.method, p.industry.method)
    facts = [
        t.gettext("Industry: {label} (matched {query} by {method}, confidence {confidence})").format(
            label=kit.label("industry", p.industry.industry) if p.industry.industry else p.industry.label,
            query=t.quote(p.industry.query), method=method, confidence=t.number(p.industry.confidence, 2)),
        t.gettext("Personality traits: {traits}").format(traits=traits) if traits else "",
        t.gettext("Style: {styles}; colour harmony: {harmony}").format(
            styles=t.join([kit.label("style", s) for s in p.style]), harmony=harmony)
        if p.style else t.gettext("Colour harmony: {harmony}").format(harmony=harmony),
    ]
    writer = (
        t.gettext("Written by Claude.") if r.writer == "claude" else t.gettext("Written by the deterministic writer.")
    )

    def found(shown: int) -> list[Flowable]:
        block = [_h2(kit, t.gettext("What the brand graph found")), *[_p(kit, f, "ui", after=3) for f in facts if f]]
        if p.facts:
            block.append(_grid(kit, [_p(kit, _fact(kit, f), "small", after=0) for f in p.facts[:shown]], 2,
                               kit.frame_width, gap=12, row_gap=2))
        if r.notes and kit.t.locale == "en":  # operator notes (why a writer fell back) are English, for the team
            block += [_h2(kit, "Notes"), *_bullets(kit, r.notes)]
        return [*block, _p(kit, writer, "small")]

    # The story's last block, whole: with up to 12 of the graph's facts (the profile holds them all), or as few as
    # 6 where that fits the page; else moved to the next page under its heading, never split into a spill.
    return [*out, FirstThatFits([found(shown) for shown in (12, 10, 8, 6)])]


def _fact(kit: Kit, fact: Fact) -> str:
    """A graph fact in the document's language: its two ends from the label table, the relation from the catalogue."""

    def end(term: str) -> str:
        kind, _, ident = term.partition(":") if ":" in term else ("", "", term)
        kind = {"hue": "family", "colour": "family", "color": "family"}.get(kind, kind)
        if kind == "value":
            return kit.t.quote(ident)  # the brief's own word
        if kind == "font":
            return next((f.family for f in kit.input.profile.fonts if f.family.lower().replace(" ", "-") == ident),
                        ident)
        return kit.label(kind, ident)

    relation = kit.t.pgettext(*RELATIONS[fact.relation]) if fact.relation in RELATIONS else fact.relation
    return f"{end(fact.subject)} {relation} {end(fact.object)} — {fact.source}"


def _colour(kit: Kit) -> list[Flowable]:
    palette, w, c, t = kit.input.palette, kit.frame_width, kit.colours, kit.t
    out = [*_h1(kit, "colour")]
    rows: list[list[Any]] = [["", t.gettext("Role / name"), "HEX", "RGB", "CMYK", "OKLCH"]]
    for colour in palette.colors:
        l_, ch, h = colour.oklch
        # The palette's colour names are generated in English (brandkit.palette.naming): English documents only.
        name = f"\n{colour.name}" if t.locale == "en" else ""
        rows.append([
            swatch_drawing(kit, colour.hex, 34, 20, c.rule),
            TextBlock(f"{kit.role(colour.role)}{name}", kit.style("ui", size=8, leading=10)),
            colour.hex,
            "{} {} {}".format(*colour.rgb),
            "{} {} {} {}".format(*colour.cmyk),
            f"{l_ * 100:.1f}% {ch:.3f} {h:.0f}°",
        ])
    out.append(_table(kit, rows, [44, w - 44 - 62 - 78 - 84 - 104, 62, 78, 84, 104]))
    out.append(_p(kit, t.gettext("CMYK values are approximate conversions; proof on the press before printing."),
                  "small"))
    if kit.input.rationale.colors:
        out += [_h2(kit, t.gettext("Why these colours"))]
        out += [
            _p(kit, f"{kit.role(note.role)} ({note.hex}): {note.why}", after=4) for note in kit.input.rationale.colors
        ]
    out += [CondPageBreak(260), _h2(kit, t.gettext("Contrast")), *_contrast(kit)]
    out += [CondPageBreak(200), _h2(kit, t.gettext("Colour-vision deficiency")),
            _p(kit, t.gettext("The brand colours and the logo as people with each full colour-vision deficiency see "
                              "them (simulated)."), "ui")]
    for kind, label in CVD_KINDS.items():
        minimum = palette.cvd.get(kind)
        text = t.pgettext(*label)
        if minimum is not None:
            text = t.gettext("{deficiency}: smallest difference between brand colours ΔE {delta}").format(
                deficiency=text, delta=t.number(minimum, 1))
        out += [KeepTogether([_p(kit, text, "label", after=3), cvd_strip(kit, kind, w, 34), Spacer(1, 8)])]
    return out


def _contrast(kit: Kit) -> list[Flowable]:
    palette, w, t = kit.input.palette, kit.frame_width, kit.t
    roles = colours.matrix_roles(palette)
    hexes = {r: palette.hex(r) for r in roles}
    header = [t.gettext("text ↓ on →"), *(kit.role(r) for r in roles)]
    rows, styles = [header], []
    columns = len(roles) + 1
    for i, fg in enumerate(roles, start=1):
        row = [kit.role(fg)]
        for j, bg in enumerate(roles, start=1):
            ratio = palette.contrast_matrix.get(fg, {}).get(bg) or contrast(hexes[fg], hexes[bg])
            row.append("—" if fg == bg else f"{t.number(ratio, 1)} {_grade(kit, ratio)}")
            col = columns - 1 - j if kit.rtl else j  # _table mirrors the columns of a right-to-left document
            styles += [("BACKGROUND", (col, i), (col, i), hexes[bg]), ("TEXTCOLOR", (col, i), (col, i), hexes[fg])]
        rows.append(row)
    first = 70
    out: list[Flowable] = [
        _p(kit, t.gettext("Each cell sets the row's colour as text on the column's colour, with its WCAG 2 contrast "
                          "ratio: AAA ≥ 7, AA ≥ 4.5 for body text, AA large ≥ 3 for large or bold text only."), "ui"),
        _table(kit, rows, [first] + [(w - first) / len(roles)] * len(roles), extra=styles, size=7),
    ]
    if palette.text_pairs:
        pairs: list[list[Any]] = [[t.gettext("Text"), t.gettext("Background"), t.gettext("Ratio"), t.gettext("Level"),
                  t.gettext("Used for")]]
        cell = kit.style("ui", size=8, leading=10)
        for pair in palette.text_pairs:
            level = _grade(kit, pair.ratio)
            # "AA large" already says large text only; other grades of a large-text pair say so in words
            qualified = pair.large_text and colours.grade(pair.ratio) != "AA large"
            pairs.append([kit.role(pair.foreground), kit.role(pair.background), f"{t.number(pair.ratio, 2)}:1",
                          # wraps in its column: a grade with its qualifier is wider than the column in most languages
                          TextBlock(t.gettext("{level} (large text)").format(level=level) if qualified else level,
                                    cell),
                          TextBlock(t.pgettext("text pair usage", pair.usage), cell)])
        out += [Spacer(1, 8), _p(kit, t.gettext("Pairs the kit uses"), "label", after=3),
                _table(kit, pairs, [72, 72, 46, 80, w - 270])]
    if palette.adjustments:  # the palette engine's notes are English: other languages get their count
        out.append(_p(kit, "\n".join(f"Adjusted: {note}" for note in palette.adjustments) if t.locale == "en" else
                      t.ngettext("The palette engine adjusted {n} colour to reach WCAG AA.",
                                 "The palette engine adjusted {n} colours to reach WCAG AA.",
                                 len(palette.adjustments)).format(n=len(palette.adjustments)), "small", after=2))
    return out


def _grade(kit: Kit, ratio: float) -> str:
    return kit.t.pgettext("wcag grade", colours.grade(ratio))


# Scripts reportlab's own Table cells draw correctly: no shaping, no reordering (the rest go through TextBlock).
_PLAIN_SCRIPTS = {None, "Latin", "Greek", "Cyrillic", "Han", "Hiragana", "Katakana", "Hangul"}


def _cell(kit: Kit, value: Any, size: float, bold: bool, colour: str | None) -> Any:
    """A table cell as reportlab draws it (a plain string) when it can: text that needs shaping, reordering
    or another font than the table's (Devanagari or Arabic role names) is set by the typesetter instead,
    which reportlab's cells would draw unshaped or with missing glyphs."""
    if not isinstance(value, str) or not value:
        return value
    if fonts.covers(kit.ui_family, value) and all(char_script(c) in _PLAIN_SCRIPTS for c in value) \
            and not any(unicodedata.bidirectional(c) in ("R", "AL") for c in value):
        return value
    return TextBlock(value, kit.style("ui", size=size, leading=size * 1.25, weight="bold" if bold else "regular",
                                      color=colour or kit.colours.text))


def _table(
    kit: Kit, rows: list[list[Any]], widths: list[float], extra: list[Any] | None = None, size: float = 8
) -> Table:
    font = font_name(kit.ui_family)
    bold = font_name(kit.ui_family, "bold")
    # A cell's own TEXTCOLOR (the contrast matrix's), given in the table's drawn (mirrored) columns.
    colours = {start: colour for name, start, end, colour, *_ in extra or () if name == "TEXTCOLOR" and start == end}
    rows = [[_cell(kit, value, size, i == 0, colours.get((len(row) - 1 - j if kit.rtl else j, i)))
             for j, value in enumerate(row)] for i, row in enumerate(rows)]
    if kit.rtl:  # right to left: first column on the right, cells right-aligned
        rows, widths = [row[::-1] for row in rows], widths[::-1]
        extra = [*(extra or []), ("ALIGN", (0, 0), (-1, -1), "RIGHT")]
    table = Table(rows, colWidths=widths, repeatRows=1, hAlign="RIGHT" if kit.rtl else "LEFT")
    table.setStyle(TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), font), ("FONTSIZE", (0, 0), (-1, -1), size),
        ("FONTNAME", (0, 0), (-1, 0), bold), ("TEXTCOLOR", (0, 0), (-1, -1), kit.colours.text),
        ("LINEBELOW", (0, 0), (-1, -1), 0.3, kit.colours.rule), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), 3), ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        *(extra or []),
    ]))
    return table


def _typography(kit: Kit) -> list[Flowable]:
    t = kit.t
    out = [*_h1(kit, "type")]
    for role, family in (("heading", kit.heading_family), ("body", kit.body_family)):
        out += [KeepTogether(_specimen(kit, role, family))]
    scale = [_h2(kit, t.gettext("Type scale")),
             _p(kit, t.gettext("A {ratio} ratio from a {size} pt body size; line height {heading} for headings, "
                              "{text} for text.").format(ratio=t.number(SCALE_RATIO, 2), size=t.number(BASE_SIZE, 0),
                                                         heading=t.number(1.2, 1), text=t.number(1.5, 1)), "ui")]
    sample = kit.company
    for label, step in TYPE_SCALE:
        size = round(BASE_SIZE * SCALE_RATIO**step, 1)
        family = kit.heading_family if step > 0 else kit.body_family
        weight = t.pgettext("font weight", "bold") if step > 0 else t.pgettext("font weight", "regular")
        scale += [_p(kit, f"{t.pgettext(*label)} · {family} {weight} · {t.number(size, 1)} pt", "label",
                     after=1),
                  TextBlock(sample, kit.style("body", family=family, weight="bold" if step > 0 else "regular",
                                              size=size, leading=size * (1.2 if step > 0 else 1.5)), space_after=6)]
    # The scale and the usage note end the section together: moved whole to the next page when they do not fit,
    # never split into a few lines of spill.
    return [*out, KeepTogether([*scale, _h2(kit, t.gettext("Usage")), _p(kit, kit.input.rationale.typography)])]


def _specimen(kit: Kit, role: str, family: str) -> list[Flowable]:
    info, t = fonts.font_info(family), kit.t
    chosen = next((f.family for f in kit.input.profile.fonts if f.role == role), family)
    scripts = [kit.input.profile.script] + [s for s in info.scripts if s != kit.input.profile.script]
    samples = [SPECIMENS[s] for s in scripts if s in SPECIMENS and fonts.covers(family, SPECIMENS[s])][:2]
    style = kit.style("body", family=family)
    title = (t.gettext("Heading: {family}") if role == "heading" else t.gettext("Body: {family}")).format(family=family)
    if fonts.font_info(chosen).family != family:
        title = t.gettext("{title} (stands in for {chosen}, not in the catalogue)").format(title=title, chosen=chosen)
    facts = t.gettext("{classification} · {licence} · scripts: {scripts}").format(
        classification=kit.label("classification", info.classification), licence=info.licence,
        scripts=t.join([kit.label("script", s) for s in info.scripts]))
    out = [_h2(kit, title),
           _p(kit, facts, "small"),
           TextBlock(kit.company, kit.style("body", family=family, size=28, leading=34, weight="bold"), space_after=4),
           TextBlock(kit.company, kit.style("body", family=family, size=28, leading=34), space_after=4)]
    # A specimen keeps its own script's direction; in a right-to-left document it still sits at the right margin.
    sample_style = kit.style("body", family=family, size=13, leading=19, direction="auto",
                             align="end" if kit.rtl else "start")
    out += [TextBlock(sample, sample_style, space_after=4) for sample in samples]
    out += [TextBlock(excerpt(kit.input.rationale.summary, SPECIMEN_CHARS), style, space_after=10)]
    return out


def excerpt(text: str, limit: int) -> str:
    """At most `limit` characters of text, cut at a word boundary where the text has spaces (never inside a
    word), marked with an ellipsis when anything was left out."""
    if len(text) <= limit:
        return text
    cut = text[:limit]
    if " " in cut.strip() and not text[limit].isspace():  # the cut fell inside a word: drop that word
        cut = cut[: cut.rstrip().rfind(" ")]
    return cut.rstrip(" ,;:、，") + "…"


def _applications(kit: Kit) -> list[Flowable]:
    w = kit.frame_width
    out = [*_h1(kit, "applications")]
    previews = kit.input.social_previews
    if previews:
        cells = []
        for name, jpeg in previews.items():
            image, (px_w, px_h) = _preview(jpeg, cell_width(w, 2), 200)
            caption = kit.t.pgettext(*SOCIAL_FORMATS[name]) if name in SOCIAL_FORMATS else name
            cells.append([image, _p(kit, f"{caption} · {px_w} × {px_h} px", "label", after=0)])
        # The heading keeps with the grid's first row only: kept with the whole grid (two pages of images),
        # reportlab would move both to the next page and leave the section's heading alone on its page.
        heading = _h2(kit, kit.t.gettext("Social media"))
        heading.keepWithNext = False
        out += [CondPageBreak(260), heading, _grid(kit, cells, 2, w)]
    card = BusinessCard(kit)
    out += [CondPageBreak(card.wrap(w, 0)[1] + 30), _h2(kit, kit.t.gettext("Business card")), card]
    return out


def _preview(jpeg: bytes, max_w: float, max_h: float) -> tuple[Image, tuple[int, int]]:
    """A small JPEG copy of a social asset (reportlab embeds JPEG as is; PNG it re-encodes, slowly), made for the
    size it is shown at: PREVIEW_PX_PER_PT pixels a point, at most MAX_PREVIEW_PX. It is made from the kit's JPEG,
    which libjpeg decodes straight at 1/2 to 1/8 of its size (its DCT scaling) when that is still large enough:
    most previews then never decode the full-size image, and only a small one is resized."""
    with PILImage.open(io.BytesIO(jpeg)) as im:
        original = im.size
        scale = min(max_w / original[0], max_h / original[1])
        shrink = max(1.0, max(original) / MAX_PREVIEW_PX, 1 / (scale * PREVIEW_PX_PER_PT))
        target = (max(1, round(original[0] / shrink)), max(1, round(original[1] / shrink)))
        im.draft("RGB", target)  # never below that size
        small = im.convert("RGB") if im.mode != "RGB" else im
        if small.size != target:
            small = small.resize(target, PILImage.Resampling.BILINEAR)
        buffer = io.BytesIO()
        small.save(buffer, "JPEG", quality=85)
    image = Image(io.BytesIO(buffer.getvalue()), original[0] * scale, original[1] * scale)
    image.hAlign = "LEFT"
    return image, original


def _inventory(kit: Kit) -> list[Flowable]:
    w, items, t = kit.frame_width, kit.input.inventory, kit.t
    ui = kit.ui_family
    rows: list[list[Any]] = [[t.gettext("Path"), t.gettext("Kind"), t.gettext("Size")]]
    path_width = w - 150
    for item in items:
        fits = fonts.covers(ui, item.path) and stringWidth(item.path, font_name(ui), 8) < path_width - 6
        path = item.path if fits else TextBlock(item.path, kit.style("ui", size=8, leading=10))
        kind = t.pgettext(*FILE_KINDS[item.kind]) if item.kind in FILE_KINDS else item.kind
        rows.append([path, kind, _size(kit, item.bytes)])
    rows.append([t.gettext("Total"), t.ngettext("{n} file", "{n} files", len(items)).format(n=len(items)),
                 _size(kit, sum(i.bytes for i in items))])
    size_column = 0 if kit.rtl else 2  # _table mirrors the columns of a right-to-left document
    return [*_h1(kit, "inventory"),
            _p(kit, t.gettext("Every file delivered with this kit."), "ui"),
            _table(kit, rows, [path_width, 80, 70], extra=[("ALIGN", (size_column, 0), (size_column, -1), "RIGHT")])]


def _size(kit: Kit, n: float) -> str:
    t = kit.t
    if n < 1024:
        return t.ngettext("{n} byte", "{n} bytes", int(n)).format(n=format_decimal(int(n), locale=t.cldr))
    return t.gettext("{n} KB").format(n=t.number(n / 1024, 1)) if n < 1024**2 else \
        t.gettext("{n} MB").format(n=t.number(n / 1024**2, 1))
