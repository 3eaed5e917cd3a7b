"""Writes the font data the Lambda functions read without fontTools or the font files (CoreLayer ships it):

- layers/core/brandkit/fonts/coverage.json: each family's mapped code points (its regular file's cmap),
  as inclusive [first, last] ranges;
- layers/core/brandkit/fonts/unicode_scripts.json: the Unicode Script property as fontTools has it
  (range starts, their four-letter codes, and the codes' long names).

Run after scripts/vendor_fonts.sh (which calls it):  PYTHONPATH=layers/core python3 scripts/font_data.py
tests/unit/test_fonts.py checks both files against fontTools and the font files, so they cannot go stale.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from fontTools.ttLib import TTFont
from fontTools.unicodedata import Scripts

from brandkit.fonts import FONTS_DIR, catalog

COVERAGE_FILE = FONTS_DIR / "coverage.json"
SCRIPTS_FILE = FONTS_DIR / "unicode_scripts.json"


def cmap_ranges(path: Path) -> list[list[int]]:
    """The code points a font's best cmap maps, as sorted inclusive [first, last] ranges."""
    with TTFont(path, lazy=True) as font:
        # Numbered glyph names: fontTools would otherwise build real names from the post table (slow for
        # CJK fonts) just to read the cmap, whose code points are all we need.
        font.setGlyphOrder([f"g{i}" for i in range(font["maxp"].numGlyphs)])
        points = sorted(font["cmap"].getBestCmap() or {})
    ranges: list[list[int]] = []
    for cp in points:
        if ranges and ranges[-1][1] == cp - 1:
            ranges[-1][1] = cp
        else:
            ranges.append([cp, cp])
    return ranges


def coverage() -> dict[str, list[list[int]]]:
    # Regular and bold share a repertoire in every vendored family; the regular file decides.
    return {info.family: cmap_ranges(info.path("regular")) for info in catalog()}


def script_table() -> dict:
    return {"starts": list(Scripts.RANGES), "codes": list(Scripts.VALUES), "names": dict(Scripts.NAMES)}


def _dump(data: dict, per_line: bool) -> str:
    if not per_line:
        return json.dumps(data, separators=(",", ":")) + "\n"
    # One key per line: a re-vendored family shows up as one changed line in a diff.
    lines = [f"{json.dumps(k)}:{json.dumps(v, separators=(',', ':'))}" for k, v in data.items()]
    return "{\n" + ",\n".join(lines) + "\n}\n"


def main() -> int:
    COVERAGE_FILE.write_text(_dump(coverage(), per_line=True), encoding="utf-8")
    SCRIPTS_FILE.write_text(_dump(script_table(), per_line=True), encoding="utf-8")
    for path in (COVERAGE_FILE, SCRIPTS_FILE):
        print(f"{path.relative_to(FONTS_DIR.parents[3])}: {path.stat().st_size / 1024:.0f} KiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
