"""The kit as the PDF sees it: the input plus the fonts, colours, text styles and parsed logos it implies."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Any

from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.units import mm

from brandkit import fonts
from brandkit.guidelines.model import GuidelinesInput
from brandkit.guidelines.strings import ROLES, VARIANTS
from brandkit.guidelines.svgdraw import Logo, parse_logo
from brandkit.guidelines.typeset import TextStyle
from brandkit.i18n import for_tag
from brandkit.i18n.labels import label

UI_FALLBACK_FAMILY = "Noto Sans"  # for labels when a brand font has no Latin (e.g. a CJK-only body font)
PAGE_SIZES = {"A4": A4, "Letter": LETTER}
MARGIN = 18 * mm


@dataclass(frozen=True)
class Colours:
    background: str
    surface: str
    text: str
    muted: str
    primary: str
    on_primary: str
    rule: str


class Kit:
    def __init__(self, doc: GuidelinesInput) -> None:
        self.input = doc
        self.brief = doc.brief
        self.company = doc.brief.company_name
        self.page_size = PAGE_SIZES[doc.page_size]
        self.frame_width = self.page_size[0] - 2 * MARGIN
        # The document's language: the same catalogue the deterministic writer negotiates for the brief.
        self.t, self.choice = for_tag(doc.brief.language)
        self.rtl = self.t.rtl
        self._logos: dict[str, Logo] = {}

    # Words ----------------------------------------------------------------------------------------
    def label(self, kind: str, ident: str) -> str:
        """A graph id in the document's language (the dataset's label table), else the id made readable."""
        return label(kind, ident, self.t.locale) or ident.split(":")[-1].replace("-", " ").replace("_", " ")

    def role(self, role: str) -> str:
        if role.startswith("neutral-"):
            return self.t.pgettext("palette role", ROLES["neutral"][1]).format(step=role[8:])
        return self.t.pgettext(*ROLES[role]) if role in ROLES else role

    def variant(self, name: str) -> str:
        return self.t.pgettext(*VARIANTS[name]) if name in VARIANTS else name

    # Fonts --------------------------------------------------------------------------------------
    def _family(self, role: str, default: str) -> str:
        for choice in self.input.profile.fonts:
            if choice.role == role:
                try:
                    return fonts.font_info(choice.family).family
                except KeyError:
                    break  # a family the catalog lacks cannot be embedded; fall back, say so in the specimen
        return default

    @cached_property
    def heading_family(self) -> str:
        return self._family("heading", UI_FALLBACK_FAMILY)

    @cached_property
    def body_family(self) -> str:
        return self._family("body", UI_FALLBACK_FAMILY)

    @cached_property
    def ui_family(self) -> str:
        """The family for the document's own labels: the body font when it has Latin (other scripts fall back
        per character, brandkit.guidelines.typeset)."""
        return self.body_family if "Latin" in fonts.font_info(self.body_family).scripts else UI_FALLBACK_FAMILY

    @cached_property
    def ui_heading_family(self) -> str:
        return self.heading_family if "Latin" in fonts.font_info(self.heading_family).scripts else self.ui_family

    # Colours ------------------------------------------------------------------------------------
    def hex(self, role: str, default: str) -> str:
        try:
            return self.input.palette.hex(role)
        except KeyError:
            return default

    @cached_property
    def colours(self) -> Colours:
        return Colours(
            background=self.hex("background", "#FFFFFF"),
            surface=self.hex("surface", "#F5F5F5"),
            text=self.hex("text", "#111111"),
            muted=self.hex("text-muted", "#555555"),
            primary=self.hex("primary", "#333333"),
            on_primary=self.hex("on-primary", "#FFFFFF"),
            rule=self.hex("neutral-200", "#DDDDDD"),
        )

    # Text styles --------------------------------------------------------------------------------
    def style(self, kind: str, **changes: Any) -> TextStyle:
        c = self.colours
        base = {
            "title": TextStyle(self.heading_family, 30, "bold", 36, c.text),
            "h1": TextStyle(self.ui_heading_family, 22, "bold", 28, c.text),
            "h2": TextStyle(self.ui_heading_family, 13, "bold", 18, c.text),
            "body": TextStyle(self.body_family, 10, "regular", 14.5, c.text),
            "ui": TextStyle(self.ui_family, 9.5, "regular", 13, c.text),
            "label": TextStyle(self.ui_family, 7.5, "bold", 10, c.muted),
            "small": TextStyle(self.ui_family, 7.5, "regular", 10, c.muted),
        }[kind]
        direction = "rtl" if self.rtl else "auto"  # a right-to-left document sets every paragraph right to left
        return TextStyle(**{**base.__dict__, "direction": direction, **changes})

    # Logos --------------------------------------------------------------------------------------
    @cached_property
    def logo(self) -> Logo:
        return self._parsed(self.input.logo_master_svg)

    @cached_property
    def variants(self) -> dict[str, Logo]:
        return {name: self._parsed(svg) for name, svg in self.input.logo_variants.items()}

    def _parsed(self, svg: str) -> Logo:
        """Each distinct SVG parsed once: the master is also one of the variants (a Logo is never changed)."""
        if svg not in self._logos:
            self._logos[svg] = parse_logo(svg)
        return self._logos[svg]

    @cached_property
    def master_name(self) -> str | None:
        """The variant the master is: logo.json's word for it, else the variant whose SVG is the master's."""
        if self.input.master_variant:
            return self.input.master_variant
        return next((name for name, svg in self.input.logo_variants.items() if svg == self.input.logo_master_svg),
                    None)

    def ground(self, name: str) -> str | None:
        """The background a variant is drawn for, as logo.json declares it (None when the kit declares none)."""
        facts = self.input.variant_facts.get(name)
        return facts.background if facts else None

    def min_size(self, name: str) -> dict[str, float]:
        """A variant's smallest width as logo.json declares it; the master's from the logo system."""
        facts = self.input.variant_facts.get(name)
        if facts and facts.min_size:
            return facts.min_size
        return self.input.min_sizes if name == self.master_name else {}

    def layout(self, name: str) -> str:
        facts = self.input.variant_facts.get(name)
        return facts.layout if facts else name

    def logo_for_dark(self) -> Logo:
        """The variant meant for dark grounds (inverse or mono-white) if the kit has one, else the master."""
        for name in ("inverse", "mono-white", "white"):
            if name in self.variants:
                return self.variants[name]
        return self.logo
