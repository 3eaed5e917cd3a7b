#!/usr/bin/env bash
# Reproduces layers/core/brandkit/fonts/files/, fonts/catalog.json and (scripts/font_data.py) fonts/coverage.json
# and fonts/unicode_scripts.json from Debian (bookworm) packages.
#
# Only OFL-1.1 and Apache-2.0 families, TrueType (glyf) outlines only: reportlab embeds TTF, not CFF.
# A few good CFF-only families (no Reserved Font Name, so a converted copy may keep its name) are
# converted to quadratic TrueType outlines with fontTools' cu2qu; the catalog says which.
# Each family directory gets the licence (copyright notices + full licence text) and the Debian
# copyright file it was verified against.
#
# Usage: scripts/vendor_fonts.sh          (needs apt-get and dpkg; runs in a temporary directory)
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
DEST="$ROOT/layers/core/brandkit/fonts"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

PACKAGES=(
  fonts-inter fonts-roboto-unhinted fonts-croscore fonts-open-sans fonts-lato
  fonts-crosextra-caladea fonts-manrope fonts-league-spartan fonts-quicksand fonts-comfortaa
  fonts-noto-core fonts-sil-gentiumplus fonts-ebgaramond fonts-yrsa-rasa fonts-roboto-slab
  fonts-jetbrains-mono fonts-firacode fonts-hosny-amiri fonts-sil-scheherazade fonts-nanum
  fonts-mplus fonts-lxgw-wenkai
)

cd "$WORK"
apt-get download "${PACKAGES[@]}" >/dev/null
for deb in *.deb; do
  pkg="${deb%%_*}"
  mkdir -p "x/$pkg"
  dpkg -x "$deb" "x/$pkg"
  dpkg-deb -f "$deb" Version >"x/$pkg/VERSION"
done

PYTHONPATH="$ROOT/layers/core" python3 - "$WORK/x" "$DEST" <<'PY'
import json
import re
import shutil
import sys
from pathlib import Path

from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.subset import Options, Subsetter
from fontTools.ttLib import TTFont, newTable

from brandkit.fonts.scripts import scripts_supported

SRC, DEST = Path(sys.argv[1]), Path(sys.argv[2])

# family, package, regular file, bold file (None: the package has no usable bold), classification, SPDX id
FAMILIES = [
    ("Inter", "fonts-inter", "Inter-Regular.otf", "Inter-Bold.otf", "grotesque sans", "OFL-1.1"),
    ("Roboto", "fonts-roboto-unhinted", "RobotoTTF/Roboto-Regular.ttf", "RobotoTTF/Roboto-Bold.ttf", "grotesque sans", "Apache-2.0"),
    ("Arimo", "fonts-croscore", "Arimo-Regular.ttf", "Arimo-Bold.ttf", "grotesque sans", "OFL-1.1"),
    ("Open Sans", "fonts-open-sans", "OpenSans-Regular.ttf", "OpenSans-Bold.ttf", "humanist sans", "Apache-2.0"),
    ("Lato", "fonts-lato", "Lato-Regular.ttf", "Lato-Bold.ttf", "humanist sans", "OFL-1.1"),
    ("Noto Sans", "fonts-noto-core", "NotoSans-Regular.ttf", "NotoSans-Bold.ttf", "humanist sans", "OFL-1.1"),
    ("Manrope", "fonts-manrope", "Manrope-Regular.ttf", "Manrope-Bold.ttf", "geometric sans", "OFL-1.1"),
    ("League Spartan", "fonts-league-spartan", "LeagueSpartan-Regular.otf", "LeagueSpartan-Bold.otf", "geometric sans", "OFL-1.1"),
    ("Quicksand", "fonts-quicksand", "Quicksand-Regular.ttf", "Quicksand-Bold.ttf", "rounded sans", "OFL-1.1"),
    ("Comfortaa", "fonts-comfortaa", "Comfortaa-Regular.ttf", "Comfortaa-Bold.ttf", "rounded sans", "OFL-1.1"),
    ("Noto Sans Display", "fonts-noto-core", "NotoSansDisplay-Regular.ttf", "NotoSansDisplay-Bold.ttf", "display", "OFL-1.1"),
    ("Noto Serif Display", "fonts-noto-core", "NotoSerifDisplay-Regular.ttf", "NotoSerifDisplay-Bold.ttf", "display", "OFL-1.1"),
    ("Tinos", "fonts-croscore", "Tinos-Regular.ttf", "Tinos-Bold.ttf", "transitional serif", "OFL-1.1"),
    ("Caladea", "fonts-crosextra-caladea", "Caladea-Regular.ttf", "Caladea-Bold.ttf", "transitional serif", "OFL-1.1"),
    ("Noto Serif", "fonts-noto-core", "NotoSerif-Regular.ttf", "NotoSerif-Bold.ttf", "transitional serif", "OFL-1.1"),
    ("Gentium Plus", "fonts-sil-gentiumplus", "GentiumPlus-Regular.ttf", "GentiumPlus-Bold.ttf", "old-style serif", "OFL-1.1"),
    # Debian's EBGaramond12-Bold.otf is an unfinished 128-glyph draft: no bold.
    ("EB Garamond", "fonts-ebgaramond", "EBGaramond12-Regular.otf", None, "old-style serif", "OFL-1.1"),
    ("Yrsa", "fonts-yrsa-rasa", "Yrsa-Regular.ttf", "Yrsa-Bold.ttf", "old-style serif", "OFL-1.1"),
    ("Roboto Slab", "fonts-roboto-slab", "RobotoSlab-Regular.otf", "RobotoSlab-Bold.otf", "slab serif", "Apache-2.0"),
    ("JetBrains Mono", "fonts-jetbrains-mono", "JetBrainsMono-Regular.ttf", "JetBrainsMono-Bold.ttf", "monospace", "OFL-1.1"),
    ("Fira Code", "fonts-firacode", "FiraCode-Regular.ttf", "FiraCode-Bold.ttf", "monospace", "OFL-1.1"),
    ("Cousine", "fonts-croscore", "Cousine-Regular.ttf", "Cousine-Bold.ttf", "monospace", "OFL-1.1"),
    ("Noto Sans Arabic", "fonts-noto-core", "NotoSansArabic-Regular.ttf", "NotoSansArabic-Bold.ttf", "arabic sans", "OFL-1.1"),
    ("Noto Naskh Arabic", "fonts-noto-core", "NotoNaskhArabic-Regular.ttf", "NotoNaskhArabic-Bold.ttf", "naskh", "OFL-1.1"),
    ("Amiri", "fonts-hosny-amiri", "Amiri-Regular.ttf", "Amiri-Bold.ttf", "naskh", "OFL-1.1"),
    ("Scheherazade", "fonts-sil-scheherazade", "Scheherazade-Regular.ttf", "Scheherazade-Bold.ttf", "naskh", "OFL-1.1"),
    ("Noto Kufi Arabic", "fonts-noto-core", "NotoKufiArabic-Regular.ttf", "NotoKufiArabic-Bold.ttf", "kufi", "OFL-1.1"),
    # Faces designed for one script, chosen by a name in that script (and for its body text).
    ("Noto Sans Hebrew", "fonts-noto-core", "NotoSansHebrew-Regular.ttf", "NotoSansHebrew-Bold.ttf", "hebrew sans", "OFL-1.1"),
    ("Noto Serif Hebrew", "fonts-noto-core", "NotoSerifHebrew-Regular.ttf", "NotoSerifHebrew-Bold.ttf", "hebrew serif", "OFL-1.1"),
    ("Noto Sans Devanagari", "fonts-noto-core", "NotoSansDevanagari-Regular.ttf", "NotoSansDevanagari-Bold.ttf", "devanagari sans", "OFL-1.1"),
    ("Noto Serif Devanagari", "fonts-noto-core", "NotoSerifDevanagari-Regular.ttf", "NotoSerifDevanagari-Bold.ttf", "devanagari serif", "OFL-1.1"),
    ("Noto Sans Thai", "fonts-noto-core", "NotoSansThai-Regular.ttf", "NotoSansThai-Bold.ttf", "thai sans", "OFL-1.1"),
    ("Noto Serif Thai", "fonts-noto-core", "NotoSerifThai-Regular.ttf", "NotoSerifThai-Bold.ttf", "thai serif", "OFL-1.1"),
    # M PLUS 1: kana and 5,287 kanji (JIS levels 1 and 2), a Japanese gothic drawn as a family with Latin.
    ("M PLUS 1", "fonts-mplus", "Mplus1-Regular.otf", "Mplus1-Bold.otf", "japanese gothic", "OFL-1.1"),
    ("NanumSquare", "fonts-nanum", "NanumSquareR.ttf", "NanumSquareB.ttf", "korean gothic", "OFL-1.1"),
    # LXGW WenKai, a kai (brush-regular) face for Chinese, cut to GB 2312's symbols, kana and its 3,755 level-1
    # hanzi (the common ones): 15 MB a weight whole, 1 MB cut, which keeps the functions with the fonts layer
    # under 50 MiB. A cut is a Modified Version under the OFL and "LXGW" is a Reserved Font Name: renamed.
    ("WenKai GB", "fonts-lxgw-wenkai", "LXGWWenKai-Regular.ttf", "LXGWWenKai-Bold.ttf", "chinese kai", "OFL-1.1", "gb2312-level1"),
]
# Faces drawn for a script other than Latin, Greek and Cyrillic (the ones above from Noto Sans Arabic on) are
# "assets": kept out of the fonts layer and fetched from the kit bucket's assets/fonts/ once per container when a
# brief's script needs one (brandkit.fonts), which keeps every function with the layer under 50 MiB.
ASSET_CLASSIFICATIONS = {"arabic sans", "naskh", "kufi", "hebrew sans", "hebrew serif", "devanagari sans",
                         "devanagari serif", "thai sans", "thai serif", "japanese gothic", "korean gothic",
                         "chinese kai"}
# Not shipped: Droid Sans Fallback (a fallback face, not a typeface a designer picks; its place in the layer
# went to the faces above).


def _span(first: int, last: int) -> set[int]:
    return set(range(first, last + 1))


# What a subset keeps besides its script: Latin, general and CJK punctuation, full- and half-width forms.
COMMON = _span(0x20, 0x24F) | _span(0x2000, 0x206F) | _span(0x3000, 0x303F) | _span(0xFF00, 0xFFEF)


def _gb2312_level1() -> set[int]:
    """GB 2312's symbols (rows 0xA1-0xA9) and level-1 hanzi (rows 0xB0-0xD7), read through Python's codec."""
    out = set()
    for row in (*range(0xA1, 0xAA), *range(0xB0, 0xD8)):
        for cell in range(0xA1, 0xFF):
            try:
                out.add(ord(bytes([row, cell]).decode("gb2312")))
            except UnicodeDecodeError:
                continue
    return out


SUBSETS = {"gb2312-level1": COMMON | _span(0x3040, 0x30FF) | _gb2312_level1()}
LICENCE_FILE = {"OFL-1.1": "OFL.txt", "Apache-2.0": "LICENSE-2.0.txt"}
OFL_TITLE = "SIL OPEN FONT LICENSE Version 1.1 - 26 February 2007"
# Licence names a package's DEP-5 copyright file may give its font files (checked, not assumed), and
# what the font's own licence record (name ID 13) must say for the SPDX id we declare.
ALLOWED_DEBIAN = {"OFL-1.1", "OFL-1.1-RFN", "OFL", "sil-1.1", "Apache-2.0", "Apache-2"}
NAME13_MARK = {"OFL-1.1": "Open Font License", "Apache-2.0": "Apache License"}
# Debian names that mean the licence we declare (no remark needed in the catalog).
BODY_ALIASES = {"OFL-1.1": ("OFL-1.1", "OFL-1.1-RFN", "OFL", "sil-1.1"), "Apache-2.0": ("Apache-2.0", "Apache-2")}


def find(pkg: str, name: str) -> Path:
    hits = [p for p in (SRC / pkg / "usr/share").rglob(Path(name).name) if str(p).endswith(name)]
    if len(hits) != 1:
        raise SystemExit(f"{pkg}: expected one {name}, found {hits}")
    return hits[0]


def dep5(pkg: str) -> list[dict[str, str]]:
    """The paragraphs of a machine-readable Debian copyright file, continuation lines joined."""
    text = (SRC / pkg / f"usr/share/doc/{pkg}/copyright").read_text(encoding="utf-8")
    paragraphs = []
    for block in re.split(r"\n\s*\n", text):
        fields: dict[str, str] = {}
        key = None
        for line in block.splitlines():
            if line[:1] in (" ", "\t") and key:
                fields[key] += "\n" + ("" if line.strip() == "." else line.strip())
            elif ":" in line:
                key, _, value = line.partition(":")
                key = key.strip()
                fields[key] = value.strip()
        paragraphs.append(fields)
    return paragraphs


def font_files_licence(pkg: str) -> tuple[str, str]:
    """(licence name, copyright) of the `Files: *` paragraph, i.e. of the upstream font files."""
    for para in dep5(pkg):
        if para.get("Files", "").split() == ["*"] and "License" in para:
            return para["License"].splitlines()[0].strip(), para.get("Copyright", "")
    raise SystemExit(f"{pkg}: no 'Files: *' paragraph")


def licence_body(spdx: str, packages: list[str]) -> str:
    if spdx == "Apache-2.0":
        return Path("/usr/share/common-licenses/Apache-2.0").read_text(encoding="utf-8")
    for pkg in packages:  # the package's own stand-alone licence paragraph, else one from another package
        for para in dep5(pkg):
            name = para.get("License", "").splitlines()[0].strip() if para.get("License") else ""
            body = para.get("License", "").partition("\n")[2]
            if name in BODY_ALIASES[spdx] and "OPEN FONT LICENSE" in body.upper():
                body = body.strip() + "\n"
                # Debian keeps the text from PREAMBLE on; the licence's own title line comes first.
                return body if body.upper().startswith("SIL OPEN FONT") else OFL_TITLE + "\n\n" + body
    raise SystemExit(f"no full {spdx} text in {packages}")


def otf_to_ttf(font: TTFont) -> None:
    """CFF -> quadratic glyf outlines (fontTools' otf2ttf recipe; max error 1 font unit)."""
    order = font.getGlyphOrder()
    glyphset = font.getGlyphSet()
    glyphs = {}
    for name in order:
        pen = TTGlyphPen(glyphset)
        glyphset[name].draw(Cu2QuPen(pen, max_err=1.0, reverse_direction=True))
        glyphs[name] = pen.glyph()
    font["loca"] = newTable("loca")
    font["glyf"] = glyf = newTable("glyf")
    glyf.glyphOrder = order
    glyf.glyphs = glyphs
    del font["CFF "]
    if "VORG" in font:
        del font["VORG"]
    glyf.compile(font)
    for name, glyph in glyf.glyphs.items():
        if hasattr(glyph, "xMin"):
            font["hmtx"][name] = (font["hmtx"][name][0], glyph.xMin)
    maxp = font["maxp"] = newTable("maxp")
    maxp.tableVersion = 0x00010000
    for attr in ("maxZones",):
        setattr(maxp, attr, 1)
    for attr in ("maxTwilightPoints", "maxStorage", "maxFunctionDefs", "maxInstructionDefs",
                 "maxStackElements", "maxSizeOfInstructions"):
        setattr(maxp, attr, 0)
    maxp.maxComponentElements = max((len(getattr(g, "components", [])) for g in glyphs.values()), default=0)
    maxp.compile(font)
    post = font["post"]
    post.formatType, post.extraNames, post.mapping, post.glyphOrder = 2.0, [], {}, order
    font.sfntVersion = "\x00\x01\x00\x00"


def subset(font: TTFont, unicodes: set[int], family: str) -> None:
    """Keep only the glyphs of these characters (and what their shaping needs), and name the result
    `family`: a cut font is a Modified Version, which may not keep a Reserved Font Name."""
    options = Options()
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    subsetter = Subsetter(options)
    subsetter.populate(unicodes=unicodes & set(font.getBestCmap()))
    subsetter.subset(font)
    names = font["name"]
    style = names.getDebugName(2) or "Regular"
    for record in list(names.names):
        if record.nameID in (1, 3, 4, 6, 16, 17, 18):
            names.removeNames(nameID=record.nameID)
    for name_id, value in ((1, family), (2, style), (3, f"{family} {style}; brandkit subset"),
                           (4, f"{family} {style}"), (6, f"{family}-{style}".replace(" ", ""))):
        names.setName(value, name_id, 3, 1, 0x409)
        names.setName(value, name_id, 1, 0, 0)


def copy_font(src: Path, dest: Path, keep: str | None = None, family: str = "") -> bool:
    """Copy a TrueType font, converting CFF ones and cutting it to a SUBSETS repertoire; True if converted."""
    font = TTFont(src)
    if keep:
        subset(font, SUBSETS[keep], family)
    converted = "CFF " in font
    if converted:
        otf_to_ttf(font)
    font.save(dest)
    check = TTFont(dest)
    assert "glyf" in check and "fvar" not in check, dest
    return converted


files_dir = DEST / "files"
shutil.rmtree(files_dir, ignore_errors=True)
catalog = []
for family, pkg, regular, bold, classification, spdx, *keep in FAMILIES:
    debian_name, debian_copyright = font_files_licence(pkg)
    if not set(re.split(r" and | or ", debian_name)) <= ALLOWED_DEBIAN:
        raise SystemExit(f"{family}: Debian says {debian_name!r}, not OFL/Apache")
    slug = family.replace(" ", "-")
    out = files_dir / slug
    out.mkdir(parents=True)
    rel = {}
    converted = False
    for weight, name in (("regular", regular), ("bold", bold)):
        if name is None:
            rel[weight] = None
            continue
        target = out / (Path(name).stem + ".ttf")
        if keep:  # the file is named after the family too
            target = out / f"{slug.replace('-', '')}-{weight.title()}.ttf"
        converted |= copy_font(find(pkg, name), target, keep[0] if keep else None, family)
        rel[weight] = target.relative_to(DEST).as_posix()
    font = TTFont(out / Path(rel["regular"]).name)
    name13 = font["name"].getDebugName(13) or ""
    if "licen" in name13.lower() and NAME13_MARK[spdx].lower() not in name13.lower():
        raise SystemExit(f"{family}: the font's licence record says {name13[:80]!r}, not {spdx}")
    notices = sorted({font["name"].getDebugName(0) or ""} - {""})
    licence = out / LICENCE_FILE[spdx]
    licence.write_text(
        f"{family}: copyright notices\n\n" + "\n".join(notices)
        + f"\n\nAs recorded by Debian ({pkg}):\n{debian_copyright}\n\n" + "-" * 72 + "\n\n"
        + licence_body(spdx, [pkg, "fonts-inter"]),
        encoding="utf-8",
    )
    shutil.copy(SRC / pkg / f"usr/share/doc/{pkg}/copyright", out / "copyright.debian")
    notes = []
    if debian_name not in BODY_ALIASES[spdx]:
        notes.append(f"Debian's copyright file says {debian_name}; the font's own licence record (name ID 13) says {spdx}, which is shipped.")
    if "licen" not in name13.lower():
        notes.append(f"The font's licence record (name ID 13) holds no licence ({name13!r}); licence as stated by Debian's copyright file.")
    if converted:
        notes.append("Converted from CFF to TrueType outlines with fontTools cu2qu (max error 1 unit); no Reserved Font Name.")
    if keep:
        notes.append(f"Cut from {Path(regular).stem.rsplit('-', 1)[0]} to the {keep[0]} repertoire (scripts/vendor_fonts.sh "
                     "SUBSETS) with fontTools and renamed, as the OFL asks of a Modified Version of a font with "
                     "Reserved Font Names.")
    if rel["bold"] is None:
        notes.append("No bold weight shipped; bold requests use the regular file.")
    catalog.append({
        "family": family,
        "classification": classification,
        "licence": spdx,
        "licence_file": licence.relative_to(DEST).as_posix(),
        "scripts": scripts_supported(font.getBestCmap()),
        "files": rel,
        "source": f"Debian bookworm {pkg} {(SRC / pkg / 'VERSION').read_text().strip()}",
        "notes": " ".join(notes),
        "asset": classification in ASSET_CLASSIFICATIONS,
    })
    print(f"{family:22} {classification:20} {spdx:11} {catalog[-1]['scripts']}")

(DEST / "catalog.json").write_text(json.dumps(catalog, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
total = sum(p.stat().st_size for p in files_dir.rglob("*") if p.is_file())
print(f"{len(catalog)} families, {total / 1e6:.1f} MB")
PY

# The cmaps and script table the functions without the fonts layer read (fonts/coverage.json, unicode_scripts.json).
PYTHONPATH="$ROOT/layers/core" python3 "$ROOT/scripts/font_data.py"
