"""options.json: the palette and font options a run offered and which ones its kit is built from, and
their summary in the manifest. The options themselves are made by `brandkit.palette.palette_options` and
`brandkit.profile.build_profile` (the profile's `font_options`)."""

from __future__ import annotations

from typing import Any

from brandkit.artifacts import BRAND_ROLES, BrandProfile, KitOptions, PaletteOption


def kit_options(profile: BrandProfile, palettes: list[PaletteOption], palette: str) -> KitOptions:
    """Every option offered, with the chosen palette id and the id of the pairing the profile carries."""
    fonts = next(o.id for o in profile.font_options if [o.heading, o.body] == profile.fonts)
    return KitOptions(palettes=palettes, fonts=profile.font_options, chosen={"palette": palette, "fonts": fonts})


def options_summary(options_json: bytes | None) -> dict[str, Any] | None:
    """What the manifest says of a kit's options.json: ids, ranks, reasons and the colours or families
    that tell the options apart (options.json has them in full); None for a kit without one."""
    if options_json is None:
        return None
    options = KitOptions.model_validate_json(options_json)
    return {
        "chosen": options.chosen,
        "palettes": [
            {"id": o.id, "rank": o.rank, "reason": o.reason, **{role: o.palette.hex(role) for role in BRAND_ROLES}}
            for o in options.palettes
        ],
        "fonts": [
            {"id": o.id, "rank": o.rank, "reason": o.reason, "heading": o.heading.family, "body": o.body.family}
            for o in options.fonts
        ],
    }
