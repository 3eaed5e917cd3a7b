"""Colour arithmetic on coloraide: OKLCH tones, sRGB gamut fitting, WCAG 2.x contrast, minimal lightness fixes.

A `Tone` is what the palette designs in (OKLCH); a colour is only ever stored as the 8-bit sRGB hex it
fits to, and every contrast is measured on that hex, so what the kit ships is what was checked.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from coloraide import Color
from coloraide.spaces.cmy import CMY
from coloraide.spaces.cmyk import CMYK

from brandkit.colour import contrast, luminance

FIT_METHOD = "raytrace"  # keeps OKLCH lightness and hue, reduces chroma until the colour is in sRGB
ACHROMATIC = 0.02  # OKLCH chroma below which a colour reads as grey


class BrandColor(Color):
    """coloraide's Color with its (naive, device-independent) CMY/CMYK spaces registered."""


BrandColor.register([CMY(), CMYK()])


@dataclass(frozen=True)
class Tone:
    """A colour in OKLCH: lightness 0..1, chroma, hue in degrees (0 for greys)."""

    l: float  # noqa: E741 - the L of OKLCH
    c: float
    h: float

    def with_l(self, l: float) -> Tone:  # noqa: E741
        return Tone(min(max(l, 0.0), 1.0), self.c, self.h)

    @property
    def hex(self) -> str:
        return fit_hex(round(self.l, 5), round(self.c, 5), round(self.h % 360, 3))

    @property
    def is_grey(self) -> bool:
        return self.c < ACHROMATIC

    @classmethod
    def of(cls, hex_: str) -> Tone:
        return tone_of(hex_.upper())


@lru_cache(maxsize=4096)
def fit_hex(l: float, c: float, h: float) -> str:  # noqa: E741
    color = BrandColor("oklch", [l, c, h]).convert("srgb")
    if not color.in_gamut():
        color = BrandColor("oklch", [l, c, h]).fit("srgb", method=FIT_METHOD).convert("srgb")
    return "#" + "".join(f"{round(min(max(v, 0.0), 1.0) * 255):02X}" for v in color.coords())


@lru_cache(maxsize=4096)
def tone_of(hex_: str) -> Tone:
    l, c, h = BrandColor(hex_).convert("oklch").coords()  # noqa: E741
    if math.isnan(h) or math.isnan(c) or c < 1e-4:
        h, c = 0.0, 0.0
    return Tone(l, c, h % 360)


def rgb(hex_: str) -> tuple[int, int, int]:
    return int(hex_[1:3], 16), int(hex_[3:5], 16), int(hex_[5:7], 16)


def cmyk(hex_: str) -> tuple[int, int, int, int]:
    """Approximate CMYK percentages (no ICC profile: a starting point for a printer's proof, not a spec)."""
    c, m, y, k = (int(round(max(0.0, min(1.0, 0.0 if math.isnan(v) else v)) * 100))
                  for v in BrandColor(hex_).convert("cmyk").coords())
    return c, m, y, k


def oklch(hex_: str) -> tuple[float, float, float]:
    t = Tone.of(hex_)
    return round(t.l, 4), round(t.c, 4), round(t.h, 2)


def delta_e(a: str, b: str) -> float:
    return BrandColor(a).delta_e(b, method="ok")


@dataclass(frozen=True)
class LightnessFix:
    before: Tone
    after: Tone
    ratio: float

    @property
    def delta(self) -> float:
        return self.after.l - self.before.l


def reach_contrast(tone: Tone, bg: str, required: float, margin: float = 0.02) -> LightnessFix | None:
    """The smallest change of lightness (hue and chroma kept, then fitted) that gives `required`:1 against
    `bg`, trying darker and lighter; None when the tone already passes. `margin` keeps the ratio clear of
    the threshold so that rounding in another tool cannot flip the verdict."""
    if contrast(tone.hex, bg) >= required:
        return None
    target = required + margin

    def passes(lightness: float) -> bool:
        return contrast(tone.with_l(lightness).hex, bg) >= target

    options = []
    for end in (0.0, 1.0):
        if not passes(end):
            continue
        near, far = _bracket(tone.l, end, _lightness_for(bg, target, darker=end == 0.0), passes)
        for _ in range(BISECT_STEPS):  # fails at near, passes at far
            mid = (near + far) / 2
            near, far = (near, mid) if passes(mid) else (mid, far)
        options.append(tone.with_l(far))
    if not options:
        raise ValueError(f"no lightness of {tone} reaches {required}:1 on {bg}")
    best = min(options, key=lambda t: (abs(t.l - tone.l), t.l))
    return LightnessFix(tone, best, contrast(best.hex, bg))


BISECT_STEPS = 7  # after bracketing to +-0.03: a precision of about 0.0005 in lightness


def _lightness_for(bg: str, ratio: float, darker: bool) -> float:
    """First guess of the OKLab lightness with the needed luminance (exact for greys: L = Y^(1/3))."""
    y_bg = luminance(bg)
    y = (y_bg + 0.05) / ratio - 0.05 if darker else ratio * (y_bg + 0.05) - 0.05
    return float(min(max(y, 0.0), 1.0) ** (1 / 3))


def _bracket(start: float, end: float, guess: float, passes: Callable[[float], bool]) -> tuple[float, float]:
    """(failing, passing) lightnesses around the guess, falling back to the whole (start, end) interval."""
    step = 0.03 if end > start else -0.03
    lo, hi = guess - step, guess + step
    low, high = min(start, end), max(start, end)
    if low <= lo <= high and low <= hi <= high and not passes(lo) and passes(hi):
        return lo, hi
    return start, end
