"""The logo section: the primary logo on its light and dark grounds and its clear space (the section's first
page), the logo system on the grounds logo/logo.json declares, minimum sizes, the icon at small sizes, misuse."""

from __future__ import annotations

import re
from typing import Any

from reportlab.platypus import CondPageBreak, Flowable

from brandkit.guidelines import colours
from brandkit.guidelines.blocks import cell_width, grid, h1, h2, p
from brandkit.guidelines.graphics import MisuseTile, Tile
from brandkit.guidelines.kit import Kit
from brandkit.guidelines.logo_graphics import ClearSpace, IconSizes, MinimumSizes
from brandkit.guidelines.strings import MISUSES
from brandkit.guidelines.svgdraw import Logo
from brandkit.guidelines.typeset import TextStyle
from brandkit.i18n import Translator

SYMBOL_LICENCE_FILE = "logo/LICENSE-symbols.txt"  # brandkit.logo.symbols.LICENCE_FILE (that package is heavy to import)
DARK = "-dark"  # brandkit.logo.system's suffix for the variants drawn for the dark ground
SMALL_ICON_PX = 64  # the icon's PNG files up to this size are the ones small-size rules are about
STANDARD_SMALL_PX = (16, 32, 48, 64)  # the logo system's smallest PNG sizes, where the kit lists none
ICON_PNG = re.compile(r"^logo/png/icon-(\d+)\.png$")


def logo_section(kit: Kit) -> list[Flowable]:
    w, t = kit.frame_width, kit.t
    out = [*h1(kit, "logo"), p(kit, kit.input.rationale.logo, after=10), _primary(kit, w)]
    if kit.input.symbol_credits:
        out.append(p(kit, symbol_credit(t, kit.input.symbol_credits), "small", after=4))
    percent = kit.input.clear_space / (kit.logo.ink_box()[3] - kit.logo.ink_box()[1])
    out += [
        CondPageBreak(250), h2(kit, t.gettext("Clear space")),
        p(kit, t.gettext("Keep at least x of empty space on every side of the logo, where x = {size} {unit} "
                         "({percent} of the logo's height). Nothing (text, edges, other marks) enters the shaded "
                         "zone.").format(size=t.number(kit.input.clear_space, 2), percent=t.percent(percent),
                                         unit=t.pgettext("clear space unit", kit.input.clear_space_unit)), "ui"),
        ClearSpace(kit, w, 170),
    ]
    sizes = MinimumSizes(kit, w)
    out += [CondPageBreak(sizes.wrap(w, 0)[1] + 50), h2(kit, t.gettext("Minimum size")),
            p(kit, t.gettext("Below these widths the logo loses legibility; use the icon instead. Shown at true "
                             "size."), "ui"), sizes]
    if kit.variants:
        system = _system(kit, w)
        out += [CondPageBreak(system.wrap(w, 0)[1] + 30), h2(kit, t.gettext("Logo system")), system]
    if "icon" in kit.variants:
        out += _icon_sizes(kit, w)
    # Two large columns: the misuse examples make a page of their own that reads at arm's length.
    misuse = grid(kit, [MisuseTile(kit, kind, t.pgettext(*caption), cell_width(w, 2), 120)
                        for kind, caption in MISUSES], 2, w)
    out += [CondPageBreak(misuse.wrap(w, 0)[1] + 40), h2(kit, t.gettext("Misuse")),
            p(kit, t.gettext("Always use the supplied artwork. Each example below is wrong and marked so."), "ui"),
            misuse]
    return out


def _primary(kit: Kit, w: float) -> Flowable:
    """The master on its declared ground and, beside it, its dark-ground twin on that one: the pair a designer
    reaches for first. A kit without the twin shows the master alone, full width."""
    c, t, master = kit.colours, kit.t, kit.master_name
    caption = t.gettext("Primary logo (vector master)")
    twin = f"{master}{DARK}" if master else ""
    if twin not in kit.variants:
        return Tile(kit, kit.logo, caption, w, 170, kit.ground(master or "") or c.background)
    half = cell_width(w, 2)
    light_ground, dark_ground = kit.ground(master or "") or c.background, kit.ground(twin) or c.text
    return grid(kit, [Tile(kit, kit.logo, caption, half, 150, light_ground, note=light_ground,
                           note_style=hex_style(kit)),
                      Tile(kit, kit.variants[twin], kit.variant(twin), half, 150, dark_ground, note=dark_ground,
                           note_style=hex_style(kit))], 2, w)


def hex_style(kit: Kit) -> TextStyle:
    """A colour's hex code as a note: left to right even in a right-to-left document (else its # would move to
    the end), at the start edge of its column."""
    return kit.style("small", direction="ltr", align="end" if kit.rtl else "start")


def _system(kit: Kit, w: float) -> Flowable:
    """Every variant on the ground it is drawn for, each light lockup beside its dark twin."""
    names = [n for n in kit.variants if not n.endswith(DARK)]
    ordered = [m for n in names for m in (n, f"{n}{DARK}") if m in kit.variants]
    ordered += [n for n in kit.variants if n not in ordered]
    tiles = []
    for name in ordered:
        logo, declared = kit.variants[name], kit.ground(name)
        if declared:
            tiles.append(Tile(kit, logo, kit.variant(name), cell_width(w, 4), 72, declared, note=declared,
                              note_style=hex_style(kit)))
        else:  # an older kit without logo.json: judged from the artwork
            dark = for_dark_ground(name, logo)
            tiles.append(Tile(kit, logo, kit.variant(name), cell_width(w, 4), 72,
                              kit.colours.text if dark else kit.colours.background,
                              note=kit.t.gettext("on a dark ground") if dark else ""))
    return grid(kit, tiles, 4, w)


def _icon_sizes(kit: Kit, w: float) -> list[Flowable]:
    t = kit.t
    listed = sorted({int(m.group(1)) for item in kit.input.inventory if (m := ICON_PNG.match(item.path))})
    smallest = kit.min_size("icon")
    sizes = [s for s in (listed or STANDARD_SMALL_PX) if s <= SMALL_ICON_PX and s >= smallest.get("screen_px", 0)]
    if not sizes:
        return []
    text = t.gettext("The icon at the sizes of the kit's smallest PNG files, shown at true size (1 px = 0.75 pt) on "
                     "its light and dark grounds.")
    if "screen_px" in smallest and "print_mm" in smallest:
        text += " " + t.gettext("Never use it below {px} px on screen or {mm} mm in print.").format(
            px=t.number(smallest["screen_px"], 0), mm=t.number(smallest["print_mm"], 1))
    block = IconSizes(kit, w, sizes)
    return [CondPageBreak(block.BOX + 70), h2(kit, t.gettext("Icon at small sizes")), p(kit, text, "ui"), block]


def symbol_credit(t: Translator, credits: list[dict[str, Any]]) -> str:
    """The credit the icon set's licence asks for (one sentence, for every symbol of the kit). Icon names
    are the set's own identifiers, not translated."""
    sets: dict[tuple[str, str, str], list[str]] = {}
    for credit in credits:
        sets.setdefault((credit["set"], credit["version"], credit["licence"]), []).append(credit["name"])
    parts = [t.gettext("{icons} from {set} {version} ({licence})").format(
        icons=t.join(names), set=name, version=version, licence=licence)
        for (name, version, licence), names in sets.items()]
    clauses = parts[0]
    for part in parts[1:]:
        clauses = t.pgettext("join.clauses", "{first}; {second}").format(first=clauses, second=part)
    return t.gettext("Symbols: {sets}. Licence text: {path}.").format(sets=clauses, path=SYMBOL_LICENCE_FILE)


def for_dark_ground(name: str, logo: Logo) -> bool:
    """Variants drawn for dark grounds (brandkit.logo.system's "-dark" lockups), white, inverse or mostly light
    artwork are shown on a dark ground, as they are meant to be used."""
    if name.endswith(DARK) or any(word in name.lower() for word in ("white", "inverse", "reverse")):
        return True
    found = logo.colours() or ["#000000"]
    return sum(colours.is_light(h) for h in found) > len(found) / 2
