"""Plain-English colour names from OKLCH: a hue word, qualified by lightness and chroma ("Deep Teal",
"Pale Rose", "Warm Grey"). Small and predictable rather than poetic."""

from __future__ import annotations

from brandkit.palette.colour import Tone

# (upper bound of the OKLCH hue range in degrees, name); hues wrap at 360.
HUE_WORDS = (
    (12, "Rose"), (38, "Red"), (50, "Vermilion"), (75, "Orange"), (88, "Amber"), (100, "Gold"),
    (112, "Yellow"), (128, "Chartreuse"), (142, "Lime"), (160, "Green"), (178, "Jade"), (196, "Teal"),
    (215, "Cyan"), (238, "Sky"), (258, "Blue"), (272, "Cobalt"), (290, "Indigo"), (308, "Violet"),
    (325, "Purple"), (342, "Magenta"), (360, "Rose"),
)
# Dark oranges and yellows are not "dark orange": they are browns and olives.
DARK_WARM = ((75, "Brown"), (100, "Bronze"), (128, "Olive"))


def hue_word(tone: Tone) -> str:
    hue = tone.h % 360
    if tone.l < 0.5 and 38 <= hue < 128 and tone.c < 0.16:
        return next(name for upper, name in DARK_WARM if hue < upper)
    return next(name for upper, name in HUE_WORDS if hue < upper)


def grey_name(tone: Tone) -> str:
    if tone.l >= 0.985:
        return "White"
    if tone.l <= 0.06:
        return "Black"
    if tone.c < 0.005:
        tint = ""
    else:
        tint = "Warm " if 20 <= tone.h % 360 < 110 else "Cool " if 180 <= tone.h % 360 < 300 else ""
    if tone.l >= 0.93:
        return f"{tint}White" if tint else "Off-White"
    if tone.l < 0.3:
        return f"{tint}Charcoal" if tint else "Charcoal"
    shade = "Light " if tone.l >= 0.75 else "Dark " if tone.l < 0.45 else ""
    return f"{shade}{tint}Grey"


def colour_name(tone: Tone) -> str:
    if tone.c < 0.03:
        return grey_name(tone)
    if tone.l >= 0.85 and tone.c >= 0.18:
        prefix = "Neon "
    elif tone.l >= 0.85:
        prefix = "Pale "
    elif tone.l >= 0.7:
        prefix = "Light "
    elif tone.l < 0.33:
        prefix = "Deep "
    elif tone.l < 0.45:
        prefix = "Dark "
    elif tone.c >= 0.2:
        prefix = "Vivid "
    elif tone.c < 0.07:
        prefix = "Muted "
    else:
        prefix = ""
    return f"{prefix}{hue_word(tone)}"
