"""The guidelines' fixed vocabulary, marked for the message catalogues and translated where it is drawn
(kit.t.pgettext(context, message)). Free-standing labels and sentences are gettext calls in place."""

from __future__ import annotations

from brandkit.i18n import N_

SECTIONS = [
    ("story", N_("section", "Brand story")),
    ("logo", N_("section", "Logo")),
    ("colour", N_("section", "Colour")),
    ("type", N_("section", "Typography")),
    ("applications", N_("section", "Applications")),
    ("inventory", N_("section", "Kit inventory")),
]
MISUSES = [
    ("stretched", N_("misuse", "Don't stretch or squash")),
    ("rotated", N_("misuse", "Don't rotate")),
    ("recoloured", N_("misuse", "Don't recolour")),
    ("low-contrast", N_("misuse", "Don't set it in low contrast")),
    ("effects", N_("misuse", "Don't add shadows or effects")),
    ("busy", N_("misuse", "Don't place it on busy backgrounds")),
]
TYPE_SCALE = [(N_("type scale", "Display"), 5), (N_("type scale", "Heading 1"), 4), (N_("type scale", "Heading 2"), 3),
              (N_("type scale", "Heading 3"), 2), (N_("type scale", "Body"), 0), (N_("type scale", "Caption"), -1)]
CVD_KINDS = {"protan": N_("cvd", "Protanopia (no red cones)"), "deutan": N_("cvd", "Deuteranopia (no green cones)"),
             "tritan": N_("cvd", "Tritanopia (no blue cones)")}
GRADES = [N_("wcag grade", "AAA"), N_("wcag grade", "AA"), N_("wcag grade", "AA large"), N_("wcag grade", "fail")]
# brandkit.palette.access PAIRS usages and brandkit.logo.system clear-space units, as those modules word them.
PAIR_USAGES = [
    N_("text pair usage", "headings, icons and UI components in the primary colour"),
    N_("text pair usage", "headings, icons and UI components on cards and panels"),
    N_("text pair usage", "large headings and graphic elements in the secondary colour"),
    N_("text pair usage", "links and highlighted text"),
    N_("text pair usage", "links on cards and panels"),
    N_("text pair usage", "body text"),
    N_("text pair usage", "body text on cards and panels"),
    N_("text pair usage", "captions, metadata and secondary text"),
    N_("text pair usage", "captions and secondary text on cards and panels"),
    N_("text pair usage", "button labels and text on primary-coloured fills"),
    N_("text pair usage", "inverse sections (footer, dark bands)"),
]
CLEAR_SPACE_UNITS = [
    N_("clear space unit", "units of the logo's drawing grid (the height of the name's capitals)"),
    N_("clear space unit", "units of the logo's drawing grid (a quarter of the mark's height)"),
    N_("clear space unit", "units of the logo's own drawing grid (its SVG viewBox)"),
]
ROLES = {
    "primary": N_("palette role", "primary"), "secondary": N_("palette role", "secondary"),
    "accent": N_("palette role", "accent"), "background": N_("palette role", "background"),
    "surface": N_("palette role", "surface"), "text": N_("palette role", "text"),
    "text-muted": N_("palette role", "muted text"), "on-primary": N_("palette role", "on primary"),
    "neutral": N_("palette role", "neutral {step}"),
}
VARIANTS = {
    "horizontal": N_("logo variant", "horizontal"), "stacked": N_("logo variant", "stacked"),
    "icon": N_("logo variant", "icon"), "wordmark": N_("logo variant", "wordmark"),
    "mono-black": N_("logo variant", "mono black"), "mono-white": N_("logo variant", "mono white"),
    "inverse": N_("logo variant", "inverse"),
    "horizontal-dark": N_("logo variant", "horizontal, for dark grounds"),
    "stacked-dark": N_("logo variant", "stacked, for dark grounds"),
    "icon-dark": N_("logo variant", "icon, for dark grounds"),
    "wordmark-dark": N_("logo variant", "wordmark, for dark grounds"),
}
# data/social_sizes.json canvases by name, as the applications page captions their previews.
SOCIAL_FORMATS = {
    "square": N_("social format", "square post"), "portrait": N_("social format", "portrait post"),
    "story": N_("social format", "story"), "pinterest-pin": N_("social format", "Pinterest pin"),
    "feed-og": N_("social format", "link preview"), "x-card": N_("social format", "X card"),
    "linkedin-post": N_("social format", "LinkedIn post"), "x-header": N_("social format", "X header"),
    "linkedin-cover": N_("social format", "LinkedIn cover"), "youtube-banner": N_("social format", "YouTube banner"),
    "facebook-cover": N_("social format", "Facebook cover"), "avatar": N_("social format", "profile picture"),
}
RELATIONS = {
    "evokes": N_("graph relation", "evokes"), "suggests": N_("graph relation", "suggests"),
    "avoids": N_("graph relation", "avoids"), "typical_style": N_("graph relation", "typically takes"),
    "associates_with": N_("graph relation", "goes with"), "expressed_by": N_("graph relation", "is expressed by"),
    "implies": N_("graph relation", "implies"), "suits": N_("graph relation", "suits"),
    "maps_to": N_("graph relation", "points to"),
}
# brandkit.manifest's artifact kinds, as the inventory lists them.
FILE_KINDS = {
    "logo-concept": N_("file kind", "logo concept"),
    "logo-png": N_("file kind", "logo PNG"),
    "favicon": N_("file kind", "favicon"),
    "app-icon": N_("file kind", "app icon"),
    "logo-svg": N_("file kind", "logo SVG"),
    "social": N_("file kind", "social image"),
    "design-tokens": N_("file kind", "design tokens"),
    "palette": N_("file kind", "palette"),
    "font": N_("file kind", "font"),
    "font-licence": N_("file kind", "font licence"),
    "guidelines-pdf": N_("file kind", "guidelines PDF"),
    "rationale": N_("file kind", "rationale"),
    "other": N_("file kind", "other"),
}
