"""Raster logo -> clean vector: background removal, colour reduction in OKLab, vtracer.

Used on SDXL candidates (flat logo on a plain background) and on PNG logos people upload.
Everything runs on the CPU with Pillow + numpy; colour maths is OKLab so that "nearest"
means nearest to the eye. The SVG is rebuilt from vtracer's paths with an allow-list, so
what comes out has no text, scripts or external references whatever went in.
"""

from __future__ import annotations

import io
import re
import struct
import xml.etree.ElementTree as ET
from collections.abc import Sequence

import numpy as np
import vtracer
from coloraide import Color
from PIL import Image

from .oklab_match import nearest_in_palette

SVG_NS = "http://www.w3.org/2000/svg"

# Uploaded files are untrusted: bound what we decode before any work happens.
MAX_UPLOAD_BYTES = 20 * 1024 * 1024
MAX_UPLOAD_PIXELS = 40_000_000
MAX_UPLOAD_SIDE = 10_000
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
# Tracing works on at most this many pixels a side (vtracer time grows with area).
TRACE_MAX_SIDE = 1024

# OKLab distances (a just-noticeable difference is about 0.02).
BG_SOLID = 0.04  # closer than this to the background colour: fully transparent
BG_FULL = 0.10  # farther than this: fully opaque; linear ramp in between keeps anti-aliasing
FLAT_VARIATION = 0.03  # a pixel differing less than this from its neighbours is inside a flat region
MERGE_DISTANCE = 0.05  # centres closer than this are one colour with noise
MIN_CLUSTER_SHARE = 0.005  # clusters smaller than this are noise: their pixels join the nearest cluster
EDGE_STEPS = 8  # how far (pixels) an edge is followed back to a flat region
MAX_EXACT_COLORS = 16  # an image with at most this many colours keeps them exactly in its SVG


class TraceError(ValueError):
    """An image that cannot be traced (not a PNG, too large, nothing on it)."""


# --- colour conversion (Ottosson's OKLab; coloraide is the reference in the tests) ---

_LMS_FROM_LINEAR = np.array(
    [
        [0.4122214708, 0.5363325363, 0.0514459929],
        [0.2119034982, 0.6806995451, 0.1073969566],
        [0.0883024619, 0.2817188376, 0.6299787005],
    ]
)
_LAB_FROM_LMS = np.array(
    [
        [0.2104542553, 0.7936177850, -0.0040720468],
        [1.9779984951, -2.4285922050, 0.4505937099],
        [0.0259040371, 0.7827717662, -0.8086757660],
    ]
)

_C = np.arange(256) / 255.0
_LINEAR = np.where(_C <= 0.04045, _C / 12.92, ((_C + 0.055) / 1.055) ** 2.4)


def srgb_to_oklab(rgb: np.ndarray) -> np.ndarray:
    """(..., 3) sRGB in 0..255 -> (..., 3) OKLab, vectorised (per-pixel coloraide calls are far too slow)."""
    linear = _LINEAR[np.asarray(rgb, dtype=np.uint8)]  # 256-entry table: the power law is the slow part
    lms = np.cbrt(linear @ _LMS_FROM_LINEAR.T)
    lab: np.ndarray = lms @ _LAB_FROM_LMS.T
    return lab


def oklab_to_hex(lab: Sequence[float]) -> str:
    """One OKLab colour -> '#RRGGBB', gamut-mapped by coloraide."""
    return Color("oklab", [float(v) for v in lab]).convert("srgb").fit().to_string(hex=True, upper=True)


def hex_to_oklab(hexes: Sequence[str]) -> np.ndarray:
    return np.array([Color(h).convert("oklab").coords() for h in hexes], dtype=np.float64).reshape(-1, 3)


def _hex_to_rgb(hexes: Sequence[str]) -> np.ndarray:
    return np.array([[int(h[i : i + 2], 16) for i in (1, 3, 5)] for h in hexes], dtype=np.uint8).reshape(-1, 3)


# --- background ---


def _border(arr: np.ndarray, width: int) -> np.ndarray:
    return np.concatenate(
        [arr[:width].reshape(-1, arr.shape[-1]), arr[-width:].reshape(-1, arr.shape[-1]),
         arr[:, :width].reshape(-1, arr.shape[-1]), arr[:, -width:].reshape(-1, arr.shape[-1])]
    )


def estimate_background(image: Image.Image) -> tuple[str, float] | None:
    """The background colour seen on the image border, and the share of the border it covers.

    None when the border is mostly transparent already (nothing to remove).
    """
    rgba = np.asarray(image.convert("RGBA"))
    width = max(1, min(rgba.shape[:2]) // 64)
    border = _border(rgba, width)
    opaque = border[border[:, 3] >= 128]
    if len(opaque) < len(border) / 2:
        return None
    lab = srgb_to_oklab(opaque[:, :3])
    median = np.median(lab, axis=0)
    share = float(np.mean(np.linalg.norm(lab - median, axis=1) < BG_SOLID))
    return oklab_to_hex(median), share


def remove_background(image: Image.Image) -> Image.Image:
    """RGBA copy whose background (estimated from the border) is transparent.

    Alpha follows the colour distance to the background, so anti-aliased edges keep
    partial alpha. An image whose border is already transparent keeps its own alpha.
    """
    rgba = image.convert("RGBA")
    found = estimate_background(rgba)
    if found is None:
        return rgba
    bg_hex, _share = found
    arr = np.asarray(rgba).copy()
    dist = np.linalg.norm(srgb_to_oklab(arr[..., :3]) - hex_to_oklab([bg_hex])[0], axis=-1)
    alpha = np.clip((dist - BG_SOLID) / (BG_FULL - BG_SOLID), 0.0, 1.0)
    arr[..., 3] = np.round(arr[..., 3] * alpha).astype(np.uint8)
    return Image.fromarray(arr, "RGBA")


# --- colour reduction ---


def _kmeans(points: np.ndarray, k: int, seed: int = 0, iterations: int = 25) -> np.ndarray:
    """Plain k-means with k-means++ seeding; returns the centres (k' <= k, distinct)."""
    rng = np.random.default_rng(seed)
    unique = np.unique(points, axis=0)
    if len(unique) <= k:
        return unique
    seeds = [points[rng.integers(len(points))]]
    for _ in range(1, k):
        d2 = np.min(((points[:, None, :] - np.array(seeds)[None]) ** 2).sum(-1), axis=1)  # sample only
        if d2.sum() == 0:
            break
        seeds.append(points[rng.choice(len(points), p=d2 / d2.sum())])
    centres = np.array(seeds)
    for _ in range(iterations):
        labels = _nearest(points, centres)
        moved = np.array(
            [points[labels == j].mean(axis=0) if np.any(labels == j) else centres[j] for j in range(len(centres))]
        )
        if np.allclose(moved, centres, atol=1e-5):
            break
        centres = moved
    return centres


def _merge_close(points: np.ndarray, centres: np.ndarray) -> np.ndarray:
    """Merge centres closer than MERGE_DISTANCE (k-means splits one noisy flat colour into several)."""
    kept = list(centres)
    while len(kept) > 1:
        c = np.array(kept)
        d = np.linalg.norm(c[:, None] - c[None], axis=-1) + np.eye(len(c)) * 1e9
        i, j = np.unravel_index(np.argmin(d), d.shape)
        if d[i, j] >= MERGE_DISTANCE:
            break
        labels = _nearest(points, c)
        wi, wj = max(1, np.sum(labels == i)), max(1, np.sum(labels == j))
        kept[i] = (c[i] * wi + c[j] * wj) / (wi + wj)
        del kept[j]
    return np.array(kept)


def _local_variation(lab: np.ndarray) -> np.ndarray:
    """Largest OKLab step from each pixel to its right or lower neighbour (either side)."""
    var = np.zeros(lab.shape[:2])
    dx = np.linalg.norm(np.diff(lab, axis=1), axis=-1)
    dy = np.linalg.norm(np.diff(lab, axis=0), axis=-1)
    var[:, :-1] = np.maximum(var[:, :-1], dx)
    var[:, 1:] = np.maximum(var[:, 1:], dx)
    var[:-1] = np.maximum(var[:-1], dy)
    var[1:] = np.maximum(var[1:], dy)
    return var


def _nearest(points: np.ndarray, centres: np.ndarray) -> np.ndarray:
    # |p|^2 - 2 p.c + |c|^2 keeps memory at N x k instead of N x k x 3 (a 1024^2 image is 1M points).
    d2 = (points**2).sum(1)[:, None] - 2.0 * points @ centres.T + (centres**2).sum(1)[None]
    nearest: np.ndarray = np.argmin(d2, axis=1)
    return nearest


class _Clusters:
    """k-means of an RGBA image's visible pixels in OKLab, and a cluster label for each of them."""

    def __init__(self, image: Image.Image, k: int, seed: int = 0) -> None:
        self.rgba = np.asarray(image.convert("RGBA"))
        self.opaque = self.rgba[..., 3] >= 128
        if not self.opaque.any():
            raise TraceError("the image has nothing on it once the background is removed")
        lab_image = srgb_to_oklab(self.rgba[..., :3])
        # Centres come from flat interiors only: anti-aliased edges are blends (of two colours,
        # or of a colour and the removed background) and would win clusters of their own.
        interior = self.opaque & (self.rgba[..., 3] == 255) & (_local_variation(lab_image) < FLAT_VARIATION)
        if interior.sum() < 0.1 * self.opaque.sum():  # no flat regions to speak of: use everything
            interior = self.opaque
        pool = lab_image[interior]
        rng = np.random.default_rng(seed)
        sample = pool if len(pool) <= 20_000 else pool[rng.choice(len(pool), 20_000, replace=False)]
        centres = _merge_close(sample, _kmeans(sample, k, seed))
        # shares measured on the sample: a random 20k pixels estimate them well enough
        counts = np.bincount(_nearest(sample, centres), minlength=len(centres))
        centres = centres[counts >= max(1, MIN_CLUSTER_SHARE * len(sample))]
        counts = np.bincount(_nearest(sample, centres), minlength=len(centres))
        self.centres = centres[np.argsort(-counts, kind="stable")]  # most used first
        self.labels = _spread_labels(lab_image, interior, self.opaque, self.centres)

    @property
    def hexes(self) -> list[str]:
        return [oklab_to_hex(c) for c in self.centres]


_NEIGHBOURS = ((0, 1), (0, -1), (1, 0), (-1, 0))


def _spread_labels(lab: np.ndarray, seeds: np.ndarray, todo: np.ndarray, centres: np.ndarray) -> np.ndarray:
    """Label image: seed pixels by nearest centre, the rest (edges) from their labelled neighbours.

    An edge pixel takes the colour of the flat region beside it, never a third colour its
    blend happens to be closest to (a blue-on-white edge is light, so nearest-colour would
    often pick a light orange). Pixels no region reaches in a few steps fall back to nearest.
    """
    labels: np.ndarray = np.full(lab.shape[:2], -1)
    labels[seeds] = _nearest(lab[seeds], centres)
    for _ in range(EDGE_STEPS):
        unknown = todo & (labels < 0)
        if not unknown.any():
            break
        best, best_d = labels.copy(), np.full(labels.shape, np.inf)
        for dy, dx in _NEIGHBOURS:
            nb = np.full_like(labels, -1)
            ys = slice(max(dy, 0), labels.shape[0] + min(dy, 0))
            yt = slice(max(-dy, 0), labels.shape[0] + min(-dy, 0))
            xs = slice(max(dx, 0), labels.shape[1] + min(dx, 0))
            xt = slice(max(-dx, 0), labels.shape[1] + min(-dx, 0))
            nb[yt, xt] = labels[ys, xs]
            cand = unknown & (nb >= 0)
            d = np.full(labels.shape, np.inf)
            d[cand] = np.linalg.norm(lab[cand] - centres[nb[cand]], axis=-1)
            better = d < best_d
            best[better], best_d[better] = nb[better], d[better]
        labels = best
    rest = todo & (labels < 0)
    labels[rest] = _nearest(lab[rest], centres)
    return labels


def reduce_colors(image: Image.Image, k: int = 4, seed: int = 0) -> tuple[Image.Image, list[str]]:
    """Flatten to at most k colours (k-means in OKLab) with binary alpha; returns the image and its colours.

    Colours are hex, most used first. Binary alpha gives vtracer clean shapes to follow.
    """
    clusters = _Clusters(image, k, seed)
    hexes = clusters.hexes
    out = np.zeros_like(clusters.rgba)
    out[clusters.opaque, :3] = _hex_to_rgb(hexes)[clusters.labels[clusters.opaque]]
    out[clusters.opaque, 3] = 255
    return Image.fromarray(out, "RGBA"), hexes


def dominant_colors(image: Image.Image, k: int = 4) -> list[str]:
    """The image's k most used colours (hex, most used first), ignoring transparent pixels."""
    return _Clusters(image, k).hexes


def snap_to_palette(image: Image.Image, palette: Sequence[str]) -> Image.Image:
    """Every visible pixel replaced by its nearest palette colour; alpha kept."""
    arr = np.asarray(image.convert("RGBA")).copy()
    visible = arr[..., 3] > 0
    if visible.any():
        idx = _nearest(srgb_to_oklab(arr[..., :3][visible]), hex_to_oklab(palette))
        arr[..., :3][visible] = _hex_to_rgb(palette)[idx]
    return Image.fromarray(arr, "RGBA")


_FILL = re.compile(r'fill="(#[0-9A-Fa-f]{6})"')


def snap_svg_to_palette(svg: str, palette: Sequence[str]) -> str:
    """Recolour an SVG made by trace_to_svg: every fill becomes its nearest palette colour."""
    mapping = nearest_in_palette(sorted({m.upper() for m in _FILL.findall(svg)}), palette)
    return _FILL.sub(lambda m: f'fill="{mapping[m.group(1).upper()]}"', svg)


# --- vectorisation ---

_PATH_DATA = re.compile(r"^[MLCQZmlcqz0-9eE .,+-]*$")
_TRANSLATE = re.compile(r"^translate\(-?[0-9.eE+-]+,-?[0-9.eE+-]+\)$")
_HEX = re.compile(r"^#[0-9A-Fa-f]{6}$")


def trace_to_svg(image: Image.Image, *, filter_speckle: int = 4, corner_threshold: int = 60) -> str:
    """Vectorise a flat (colour-reduced) image with vtracer in colour mode.

    The result is rebuilt from an allow-list (path d/fill/transform only), with a viewBox
    so it scales; it can hold no <text>, <script>, style or external reference.
    """
    rgba = image.convert("RGBA")
    buf = io.BytesIO()
    rgba.save(buf, "PNG")
    raw = vtracer.convert_raw_image_to_svg(
        buf.getvalue(),
        img_format="png",
        colormode="color",
        hierarchical="stacked",
        mode="spline",
        filter_speckle=filter_speckle,
        color_precision=8,  # the image is already reduced: keep its colours exactly
        layer_difference=1,
        corner_threshold=corner_threshold,
        path_precision=2,
    )
    width, height = rgba.size
    root = ET.Element(
        "svg",
        {"xmlns": SVG_NS, "version": "1.1", "width": str(width), "height": str(height),
         "viewBox": f"0 0 {width} {height}"},
    )
    for path in ET.fromstring(raw.split("?>", 1)[-1]).iter(f"{{{SVG_NS}}}path"):
        d, fill, transform = path.get("d", ""), path.get("fill", ""), path.get("transform")
        if not d.strip() or not _PATH_DATA.match(d) or not _HEX.match(fill):
            continue
        attrs = {"d": d.strip(), "fill": fill.upper()}
        if transform and _TRANSLATE.match(transform):
            attrs["transform"] = transform
        elif transform:
            continue
        ET.SubElement(root, "path", attrs)
    svg = ET.tostring(root, encoding="unicode")
    # vtracer averages colours across the regions it merges; put back the image's own colours.
    arr = np.asarray(rgba)
    rgb = arr[arr[..., 3] >= 128][:, :3].astype(np.uint32)
    own = np.unique((rgb[:, 0] << 16) | (rgb[:, 1] << 8) | rgb[:, 2])  # 1-D unique is far faster than rows
    if 0 < len(own) <= MAX_EXACT_COLORS:
        svg = snap_svg_to_palette(svg, [f"#{int(c):06X}" for c in own])
    return svg


def prepare_for_trace(image: Image.Image, k: int = 4) -> tuple[Image.Image, list[str]]:
    """Background removed, at most TRACE_MAX_SIDE a side, flattened to k colours."""
    cleaned = remove_background(image)
    if max(cleaned.size) > TRACE_MAX_SIDE:
        cleaned.thumbnail((TRACE_MAX_SIDE, TRACE_MAX_SIDE), Image.Resampling.LANCZOS)
    return reduce_colors(cleaned, k)


def png_size(data: bytes) -> tuple[int, int]:
    """(width, height) from the PNG's IHDR chunk, read before any decoder sees the file; TraceError if there is none."""
    if not data.startswith(PNG_SIGNATURE):
        raise TraceError("expected a PNG, got " + (_format_of(data) or "an unknown format"))
    if len(data) < 24 or data[12:16] != b"IHDR":
        raise TraceError("not a readable PNG: it has no IHDR header")
    width, height = struct.unpack(">II", data[16:24])
    return int(width), int(height)


def decode_png(data: bytes) -> Image.Image:
    """An untrusted PNG decoded with limits, as RGBA.

    The size is read from the header and bounded (MAX_UPLOAD_SIDE a side, MAX_UPLOAD_PIXELS in all) before
    Pillow decodes anything: a 20000x20000 1-bit PNG is a few KB that inflates to 400 M pixels (a decompression
    bomb). Pillow's own guard (Image.MAX_IMAGE_PIXELS) is process-wide and set for other uses, so the limits
    here are this function's, not a changed global. verify() checks the chunks' CRCs without decoding pixels;
    a verified file must be opened again to decode it (Pillow's rule)."""
    if len(data) > MAX_UPLOAD_BYTES:
        raise TraceError(f"PNG is larger than {MAX_UPLOAD_BYTES // (1024 * 1024)} MB")
    width, height = png_size(data)
    if width < 1 or height < 1 or max(width, height) > MAX_UPLOAD_SIDE or width * height > MAX_UPLOAD_PIXELS:
        raise TraceError(f"the PNG is {width}x{height} pixels; the limit is {MAX_UPLOAD_SIDE} a side and "
                         f"{MAX_UPLOAD_PIXELS:,} pixels in all (export it smaller)")
    try:
        with Image.open(io.BytesIO(data), formats=["PNG"]) as probe:
            probe.verify()
        with Image.open(io.BytesIO(data), formats=["PNG"]) as image:
            if image.size != (width, height):
                raise TraceError("not a readable PNG: its header and its image disagree on the size")
            image.load()
            return image.convert("RGBA")
    except (OSError, Image.DecompressionBombError, SyntaxError, ValueError, struct.error) as exc:
        if isinstance(exc, TraceError):
            raise
        raise TraceError(f"not a readable PNG (damaged or truncated: {str(exc)[:120]})") from None


def _format_of(data: bytes) -> str | None:
    for magic, name in ((b"GIF8", "GIF"), (b"\xff\xd8\xff", "JPEG"), (b"RIFF", "WebP"), (b"%PDF", "PDF")):
        if data.startswith(magic):
            return name
    return None


def trace_png(data: bytes, k: int = 4) -> tuple[str, list[str]]:
    """An uploaded PNG logo -> (SVG, dominant colours as hex, most used first)."""
    image = decode_png(data)
    flat, colors = prepare_for_trace(image, k)
    return trace_to_svg(flat), colors
