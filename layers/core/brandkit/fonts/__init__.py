"""The fonts the kit may legally ship (OFL-1.1 / Apache-2.0, TrueType outlines), and which one covers a text.

The families and their files are vendored under files/ by scripts/vendor_fonts.sh, which also writes
catalog.json (classification, licence, scripts supported per the cmap, source package).

Coverage is judged on the font's cmap: every character that draws something must be mapped. The cmaps
are read at vendoring time into coverage.json (scripts/font_data.py), so coverage questions need neither
fontTools nor the font files: functions that only ask them ship without the fonts layer.
The fonts layer ships each font file xz-compressed (name.ttf.xz, a third of the size; the repository keeps
the plain files): `font_file()` is the one place that turns a catalog entry into a readable TTF path,
unpacking a compressed file once per container into FONT_CACHE_DIR (Lambda's /tmp).
The faces drawn for scripts other than Latin, Greek and Cyrillic (catalog "asset": true; the CJK faces alone are
7.7 MB) are not in the layer at all: they sit in the kit bucket under ASSETS_PREFIX, put there once per deployment
(`brandkit assets sync`, docs/DEPLOY.md), and are fetched into FONT_CACHE_DIR the first time a brief's script needs
one. The bucket is the deployment's KIT_BUCKET (the template's Globals; the local twin sets it and seeds its
bucket the same way); with no KIT_BUCKET (the library used on its own) the checkout's file is read.
Whitespace and invisible format characters (ZWJ, ZWNJ, bidi marks) are not required. No family
covers emoji, so `covers()` is False for text with emoji and `fallback_for()` then returns the family
that covers most of the text.
"""

from __future__ import annotations

import json
import lzma
import os
import tempfile
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Literal

from brandkit.errors import NotFound, StageError
from brandkit.fonts.scripts import char_script, script_of

__all__ = [
    "FontInfo",
    "FontFiles",
    "catalog",
    "font_info",
    "font_file",
    "licence_file",
    "script_of",
    "covers",
    "missing",
    "fallback_for",
    "undrawable",
    "LOCKUP_EXCLUDED",
    "FONTS_DIR",
    "FONT_CACHE_DIR",
    "ASSETS_PREFIX",
    "asset_key",
    "FontAssetMissing",
]

FONTS_DIR = Path(__file__).resolve().parent
FONT_CACHE_DIR = Path(tempfile.gettempdir()) / "brandkit-fonts"  # where compressed fonts are unpacked
COMPRESSED_SUFFIX = ".xz"
ASSETS_PREFIX = "assets/fonts/"  # in the kit bucket: the asset faces' files, as files/ lays them out
Weight = Literal["regular", "bold"]
# Classifications never used to set a name or to stand in for a missing script: a monospace face is a
# deliberate choice for code, and a "fallback" face is a last resort, not a typeface a designer picks.
LOCKUP_EXCLUDED = frozenset({"monospace", "fallback"})


@dataclass(frozen=True)
class FontFiles:
    regular: str  # relative to FONTS_DIR
    bold: str | None  # None when the family ships no bold


@dataclass(frozen=True)
class FontInfo:
    family: str
    classification: str  # e.g. "geometric sans", "transitional serif", "naskh", "cjk sans"
    licence: str  # SPDX id: "OFL-1.1" or "Apache-2.0"
    licence_file: str  # relative to FONTS_DIR
    scripts: tuple[str, ...]  # Unicode script names the cmap supports, e.g. ("Latin", "Greek")
    files: FontFiles
    source: str  # Debian package and version it was taken from
    notes: str = ""  # conversions, missing weights, licence remarks
    asset: bool = False  # not in the fonts layer: fetched from the kit bucket's ASSETS_PREFIX (module docstring)

    def path(self, weight: Weight = "regular") -> Path:
        """A readable TTF of the weight (its regular when the family has no bold), unpacked or fetched if need be."""
        rel = self.files.bold if weight == "bold" and self.files.bold else self.files.regular
        if not self.asset:
            return _readable(rel)
        bucket = os.environ.get("KIT_BUCKET", "")
        try:
            return _fetched(rel, bucket)
        except NotFound:
            raise FontAssetMissing(self.family, rel, bucket) from None


class FontAssetMissing(StageError):
    """An asset face's file is not where the deployment keeps it: the stage fails with this readable cause."""

    def __init__(self, family: str, rel: str, bucket: str) -> None:
        where = f"s3://{bucket}/{asset_key(rel)}" if bucket else f"{FONTS_DIR / rel} (no KIT_BUCKET is set)"
        super().__init__(f"the font file of {family!r} ({Path(rel).name}) is missing: expected at {where}. "
                         "Its faces are kept out of the fonts layer; put them in the kit bucket once per "
                         "deployment with `brandkit assets sync --bucket <KitBucketName>` (docs/DEPLOY.md).")
        self.family, self.rel, self.bucket = family, rel, bucket


def asset_key(rel: str) -> str:
    """The kit bucket's key of an asset face's file (rel as the catalog gives it: files/<Family>/<file>.ttf)."""
    return ASSETS_PREFIX + rel.removeprefix("files/")


@cache
def _readable(rel: str) -> Path:
    """FONTS_DIR/rel as is, or unpacked from FONTS_DIR/rel.xz into FONT_CACHE_DIR (once per process; a file
    another process of the container already unpacked is reused, as each is written whole then renamed)."""
    plain = FONTS_DIR / rel
    if plain.is_file():
        return plain
    target = FONT_CACHE_DIR / rel
    if target.is_file():
        return target
    packed = plain.with_name(plain.name + COMPRESSED_SUFFIX)
    if not packed.is_file():
        raise FileNotFoundError(f"font file {rel!r} is missing: neither {plain} nor {packed} exists")
    return _cached(target, lzma.decompress(packed.read_bytes()))


@cache
def _fetched(rel: str, bucket: str) -> Path:
    """An asset face's file: from the kit bucket into FONT_CACHE_DIR once per container (NotFound when the
    bucket lacks it), or the checkout's file when no bucket is configured."""
    if not bucket:
        if not (FONTS_DIR / rel).is_file():
            raise NotFound(rel)
        return FONTS_DIR / rel
    target = FONT_CACHE_DIR / rel
    if target.is_file():
        return target
    from brandkit import clients  # boto3: only when a face is fetched, not for coverage questions

    key = asset_key(rel)
    with clients.not_found_as(key):
        body = clients.s3().get_object(Bucket=bucket, Key=key)["Body"]
    data: bytes = body.read()
    body.close()
    return _cached(target, data)


def _cached(target: Path, data: bytes) -> Path:
    """Write data to target whole, then rename: another process of the container never sees a partial file."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, partial = tempfile.mkstemp(dir=target.parent, prefix=target.name + ".")
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        os.replace(partial, target)
    except BaseException:
        os.unlink(partial)
        raise
    return target


def catalog() -> list[FontInfo]:
    """Every vendored family, in catalog order (the order fallback_for searches). Loaded once per process."""
    return list(_catalog())


@cache
def _catalog() -> tuple[FontInfo, ...]:
    entries = json.loads((FONTS_DIR / "catalog.json").read_text(encoding="utf-8"))
    return tuple(
        FontInfo(
            family=e["family"],
            classification=e["classification"],
            licence=e["licence"],
            licence_file=e["licence_file"],
            scripts=tuple(e["scripts"]),
            files=FontFiles(**e["files"]),
            source=e["source"],
            notes=e.get("notes", ""),
            asset=e.get("asset", False),
        )
        for e in entries
    )


@cache
def _by_family() -> dict[str, FontInfo]:
    return {info.family.casefold(): info for info in _catalog()}


def font_info(family: str) -> FontInfo:
    """The catalog entry of a family (case-insensitive); KeyError naming the known families if unknown."""
    try:
        return _by_family()[family.casefold()]
    except KeyError:
        known = ", ".join(info.family for info in catalog())
        raise KeyError(f"unknown font family {family!r}; the catalog has: {known}") from None


def font_file(family: str, weight: Weight = "regular") -> Path:
    """The TTF file of a family's weight; families without a bold return their regular file for "bold"."""
    if weight not in ("regular", "bold"):
        raise ValueError(f"weight must be 'regular' or 'bold', not {weight!r}")
    return font_info(family).path(weight)


def licence_file(family: str) -> Path:
    return FONTS_DIR / font_info(family).licence_file


class _Coverage:
    """A family's mapped code points, from coverage.json's sorted inclusive [first, last] ranges."""

    def __init__(self, ranges: list[list[int]]) -> None:
        self._firsts = [first for first, _ in ranges]
        self._lasts = [last for _, last in ranges]

    def __contains__(self, cp: int) -> bool:
        i = bisect_right(self._firsts, cp) - 1
        return i >= 0 and cp <= self._lasts[i]


@cache
def _coverage() -> dict[str, _Coverage]:
    ranges = json.loads((FONTS_DIR / "coverage.json").read_text(encoding="utf-8"))
    return {family: _Coverage(spans) for family, spans in ranges.items()}


def _cmap(family: str) -> _Coverage:
    return _coverage()[family]


def _needs_glyph(char: str) -> bool:
    return not char.isspace() and unicodedata.category(char) != "Cf"


def missing(family: str, text: str) -> list[str]:
    """The distinct characters of text that the family cannot draw, in order of appearance."""
    cmap = _cmap(font_info(family).family)
    return list(dict.fromkeys(c for c in text if _needs_glyph(c) and ord(c) not in cmap))


def covers(family: str, text: str) -> bool:
    """True if every visible character of text is in the family's cmap."""
    return not missing(family, text)


def _stand_ins(preferred: str) -> list[FontInfo]:
    """Families that may stand in for `preferred`: no monospace or fallback face; those of the same
    build first (serif for a serif), then the ones drawn for fewer scripts (a face designed for Hebrew
    before a Latin face that also carries Hebrew), then catalog order."""
    serif = "serif" in font_info(preferred).classification
    usable = [info for info in _catalog() if info.classification not in LOCKUP_EXCLUDED]
    return sorted(usable, key=lambda info: (("serif" in info.classification) != serif, len(info.scripts)))


def fallback_for(text: str, preferred: str) -> str:
    """`preferred` if it covers text; else the best stand-in (see _stand_ins) that covers it all; else any
    catalog family that does; else the first family supporting text's dominant script; else (e.g. emoji)
    the family missing the fewest characters."""
    if covers(preferred, text):
        return font_info(preferred).family
    families = _catalog()
    for info in (*_stand_ins(preferred), *families):
        if covers(info.family, text):
            return info.family
    script = script_of(text)
    for info in families:
        if script in info.scripts:
            return info.family
    return min(families, key=lambda info: len(missing(info.family, text))).family


def undrawable(text: str) -> dict[str, list[str]]:
    """Script -> the letters, marks and digits of `text` that no family (monospace and fallback faces
    aside) can draw. Symbols and emoji are not counted: the logo drops them with a note."""
    out: dict[str, list[str]] = {}
    usable = [info.family for info in _catalog() if info.classification not in LOCKUP_EXCLUDED]
    for char in dict.fromkeys(text):
        if unicodedata.category(char)[0] not in "LMN" or not _needs_glyph(char):
            continue
        if not any(ord(char) in _cmap(family) for family in usable):
            out.setdefault(char_script(char) or "Common", []).append(char)
    return out
