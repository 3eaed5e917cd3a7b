"""Reproduces layers/core/brandkit/data/symbols-mdi.json and symbols-mdi-LICENSE.txt from the npm package.

Only the icons that the knowledge graph names (bkg/data/symbols.json) are vendored, as path data on
the set's 24-unit grid, with what the designer needs to normalise them without parsing paths at run
time (measured on a 96 px resvg render):
- box: the ink's bounding box in grid units; centre: the ink's centre of mass (for optical centring);
- ink: the share of that box the ink covers (dense glyphs look larger than airy ones at one size);
- stroke: the mean line weight in grid units (2 x area / perimeter of the ink);
- evenodd: whether the glyph fills the same with the even-odd rule, so it can be knocked out of a shape.

Usage: python scripts/vendor_symbols.py [--package-dir DIR]   (default: `npm pack @mdi/svg@VERSION`
in a temporary directory; needs npm and the registry)
"""

from __future__ import annotations

import argparse
import io
import json
import re
import subprocess
import tarfile
import tempfile
from pathlib import Path

import numpy as np
from PIL import Image
from resvg import render, usvg

ROOT = Path(__file__).resolve().parents[1]
GRAPH = ROOT / "layers/core/brandkit/bkg/data/symbols.json"
DEST = ROOT / "layers/core/brandkit/data"
APACHE = Path("/usr/share/common-licenses/Apache-2.0")  # Debian's copy of the full licence text
GRID, PX = 24.0, 96
_PATH = re.compile(r'<path[^>]* d="([^"]+)"')


def _alpha(d: str, rule: str) -> np.ndarray:
    svg = (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {GRID:g} {GRID:g}" width="{PX}" height="{PX}">'
           f'<path d="{d}" fill-rule="{rule}"/></svg>')
    png = bytes(render(usvg.Tree.from_str(svg, usvg.Options.default()), (1, 0, 0, 0, 1, 0)))  # PX x PX, the root's size
    return np.asarray(Image.open(io.BytesIO(png)).convert("RGBA"))[:, :, 3] / 255.0


def measure(d: str) -> dict:
    a = _alpha(d, "nonzero")
    ys, xs = np.nonzero(a > 0.5)
    unit = GRID / PX
    box = [round(float(xs.min()) * unit, 3), round(float(ys.min()) * unit, 3),
           round(float(xs.max() + 1) * unit, 3), round(float(ys.max() + 1) * unit, 3)]
    solid = a > 0.5
    area = float(solid.sum())
    edges = float((solid[1:, :] != solid[:-1, :]).sum() + (solid[:, 1:] != solid[:, :-1]).sum())
    box_area = (box[2] - box[0]) * (box[3] - box[1]) / unit ** 2
    differs = float(np.abs(a - _alpha(d, "evenodd")).sum()) / max(a.sum(), 1.0)
    total = float(a.sum())
    centre = [round(float((a.sum(axis=0) * (np.arange(PX) + 0.5)).sum()) / total * unit, 3),
              round(float((a.sum(axis=1) * (np.arange(PX) + 0.5)).sum()) / total * unit, 3)]
    return {"box": box, "centre": centre, "ink": round(area / box_area, 3),
            "stroke": round(2 * area / max(edges, 1) * unit, 3), "evenodd": bool(differs < 0.01)}


def _unpack(version: str, work: Path) -> Path:
    subprocess.run(["npm", "pack", f"@mdi/svg@{version}", "--silent"], cwd=work, check=True, capture_output=True)
    with tarfile.open(next(work.glob("mdi-svg-*.tgz"))) as tar:
        tar.extractall(work, filter="data")
    return work / "package"


def vendor(package: Path) -> tuple[dict, str]:
    graph = json.loads(GRAPH.read_text(encoding="utf-8"))
    info = graph["set"]
    pkg = json.loads((package / "package.json").read_text(encoding="utf-8"))
    if pkg["version"] != info["version"] or pkg["license"] != info["licence"]:
        raise SystemExit(f"the package is {pkg['version']} ({pkg['license']}), the graph names "
                         f"{info['version']} ({info['licence']})")
    meta = {m["name"]: m for m in json.loads((package / "meta.json").read_text(encoding="utf-8"))}
    names = sorted({icon for rows in graph["industries"].values() for icon, *_ in rows})
    icons = {}
    for name in names:
        d = " ".join(_PATH.findall((package / "svg" / f"{name}.svg").read_text(encoding="utf-8")))
        icons[name] = {"d": d, **measure(d), "aliases": meta[name]["aliases"], "tags": meta[name]["tags"]}
    out = {"id": info["id"], "set": info["name"], "package": info["package"], "version": info["version"],
           "licence": info["licence"], "grid": GRID, "icons": icons}
    licence = (
        (package / "LICENSE").read_text(encoding="utf-8").strip()
        + "\n\n"
        + "-" * 72
        + "\nThe Apache License, Version 2.0, in full:\n\n"
        + APACHE.read_text(encoding="utf-8")
    )
    return out, f"{info['name']} {info['version']} ({info['package']}), https://pictogrammers.com\n\n{licence}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--package-dir", type=Path, help="an unpacked @mdi/svg package (else npm pack)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        version = json.loads(GRAPH.read_text(encoding="utf-8"))["set"]["version"]
        package = args.package_dir or _unpack(version, Path(tmp))
        data, licence = vendor(package)
    (DEST / "symbols-mdi.json").write_text(json.dumps(data, separators=(",", ":"), ensure_ascii=False) + "\n",
                                           encoding="utf-8")
    (DEST / "symbols-mdi-LICENSE.txt").write_text(licence, encoding="utf-8")
    print(f"vendored {len(data['icons'])} icons of {data['set']} {data['version']}")


if __name__ == "__main__":
    main()
