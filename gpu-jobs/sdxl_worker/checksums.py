"""SHA256SUMS: the model folder's manifest of checksums, checked before any weight is loaded.

The format is what `sha256sum` writes and `sha256sum -c` reads (`<hex>  <relative path>`, one file a line),
made once beside the weights:

    cd sdxl-base-1.0 && find . -type f ! -name SHA256SUMS -printf '%P\\0' | xargs -0 sha256sum > SHA256SUMS

A model folder passes when every file in it is listed with its digest and every listed file is there: a
truncated download, a swapped file or an extra one (a pickle slipped in beside the safetensors) fails.
"""

from __future__ import annotations

import hashlib
import re
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path, PurePosixPath

MANIFEST = "SHA256SUMS"
_LINE = re.compile(r"^([0-9a-f]{64}) [ *](.+)$")


class ChecksumError(ValueError):
    """The model folder does not match its manifest."""


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def read_manifest(text: str) -> dict[str, str]:
    """{relative path: hex digest}; refuses absolute paths, '..' and malformed lines."""
    wanted = {}
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        match = _LINE.match(line)
        if not match:
            raise ChecksumError(f"{MANIFEST} line {number} is not '<sha256>  <path>'")
        rel = PurePosixPath(match.group(2).removeprefix("./"))
        if rel.is_absolute() or ".." in rel.parts:
            raise ChecksumError(f"{MANIFEST} line {number} names a file outside the model folder")
        wanted[rel.as_posix()] = match.group(1)
    if not wanted:
        raise ChecksumError(f"{MANIFEST} lists no files")
    return wanted


def write_manifest(folder: Path) -> Path:
    """Write SHA256SUMS for every file under `folder` (what the sha256sum line in the module doc does)."""
    files = sorted(p for p in folder.rglob("*") if p.is_file() and p.name != MANIFEST)
    lines = [f"{file_sha256(p)}  {p.relative_to(folder).as_posix()}" for p in files]
    (folder / MANIFEST).write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder / MANIFEST


def verify(folder: Path, workers: int = 8) -> int:
    """Check `folder` against its SHA256SUMS; return how many files were verified, raise ChecksumError if any differ."""
    manifest = folder / MANIFEST
    if not manifest.is_file():
        raise ChecksumError(f"no {MANIFEST} in the model folder: write one beside the weights (sdxl_worker.checksums)")
    wanted = read_manifest(manifest.read_text(encoding="utf-8"))
    present = {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file() and p.name != MANIFEST}
    if unlisted := sorted(present - set(wanted)):
        raise ChecksumError(f"files not in {MANIFEST}: {unlisted[:5]}")
    if missing := sorted(set(wanted) - present):
        raise ChecksumError(f"files in {MANIFEST} but not in the model folder: {missing[:5]}")
    names = sorted(wanted)
    # hashlib releases the GIL on large blocks: threads read and hash several weight files at once.
    with ThreadPoolExecutor(max_workers=workers) as pool:
        digests = dict(zip(names, pool.map(lambda rel: file_sha256(folder / rel), names), strict=True))
    if wrong := [rel for rel in names if digests[rel] != wanted[rel]]:
        raise ChecksumError(f"checksum mismatch: {wrong[:5]}")
    return len(names)
