"""PublishManifest reads the kit with concurrent GETs: every file once, its own bytes under its own path."""

from __future__ import annotations

import io
import random
import zipfile
import zlib

import pytest

from brandkit.artifacts import Job
from brandkit.job_files import KIT, MANIFEST, PROFILE
from brandkit.stages import publish_manifest
from brandkit.store import MemoryStore


@pytest.fixture()
def store():
    return MemoryStore(Job(id="job-1", bucket="kits", prefix="kits/job-1"))


def test_fetch_kit_reads_every_file_but_the_manifest_with_its_own_bytes(store, monkeypatch):
    # More files than fetch workers, of different sizes, so a mix-up of paths and bodies would show.
    kit = {f"logo/concept-{i:02}.svg": f"<svg id='{i}'/>".encode() * (i + 1) for i in range(37)}
    kit["guidelines/brand-guidelines.pdf"] = b"%PDF-1.7 " + bytes(range(256)) * 40
    for path, data in kit.items():
        store.save(KIT.file(path), data)
    store.save(MANIFEST, {})  # last run's manifest: rewritten, not listed in itself
    store.bucket.objects[("kits", store.key(PROFILE))] = (b"{}", "application/json", None)  # not part of the kit

    gets = []
    real_get = store._get
    monkeypatch.setattr(store, "_get", lambda key: (gets.append(key), real_get(key))[1])

    assert publish_manifest.fetch_kit(store) == kit
    assert sorted(gets) == sorted(f"kits/job-1/kit/{path}" for path in kit)  # each object read once


def test_fetch_kit_of_an_empty_kit_is_empty(store):
    assert publish_manifest.fetch_kit(store) == {}


def test_kit_zip_holds_each_file_once_with_its_bytes():
    files = {"b.svg": b"<svg/>" * 50, "a/logo.png": b"\x89PNG" + bytes(300)}
    with zipfile.ZipFile(io.BytesIO(publish_manifest.kit_zip(files))) as archive:
        assert archive.namelist() == ["a/logo.png", "b.svg"]
        assert {name: archive.read(name) for name in archive.namelist()} == files
        assert archive.getinfo("a/logo.png").compress_type == zipfile.ZIP_STORED
        assert archive.getinfo("b.svg").compress_type == zipfile.ZIP_DEFLATED


def test_kit_zip_deflates_at_the_fast_level():
    """Text deflated at _DEFLATE_LEVEL: its compressed size is what zlib gives at that level, not the default's."""
    rng = random.Random(7)
    words = [f"w{rng.randrange(4000)}" for _ in range(60000)]
    text = " ".join(words).encode()  # compresses differently at levels 1 and 6
    def deflated(level: int) -> int:
        raw = zlib.compressobj(level, zlib.DEFLATED, -15)  # zip's raw deflate stream
        return len(raw.compress(text) + raw.flush())

    raw = {level: deflated(level) for level in (1, 6)}
    assert raw[1] != raw[6]
    with zipfile.ZipFile(io.BytesIO(publish_manifest.kit_zip({"tokens.json": text}))) as archive:
        assert archive.getinfo("tokens.json").compress_size == raw[publish_manifest._DEFLATE_LEVEL]
        assert archive.read("tokens.json") == text
