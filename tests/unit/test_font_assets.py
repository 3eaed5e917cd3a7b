"""The faces kept out of the fonts layer (catalog "asset": true): put in the kit bucket by `brandkit assets sync`,
fetched by brandkit.fonts into the container's cache the first time a brief's script needs one."""

from __future__ import annotations

import boto3
import pytest
from moto import mock_aws

from brandkit import fonts
from brandkit.fonts import FONTS_DIR, FontAssetMissing, asset_key, catalog, font_file, font_info
from brandkit.store import BucketObjects
from brandkit_local import font_assets
from brandkit_local.cli import main

BUCKET = "kits"
LAYER_SCRIPTS = {"Latin", "Greek", "Cyrillic"}


@pytest.fixture()
def bucket(fresh_clients, tmp_path, monkeypatch):
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    monkeypatch.setenv("KIT_BUCKET", BUCKET)
    monkeypatch.setattr(fonts, "FONT_CACHE_DIR", tmp_path / "cache")
    fonts._fetched.cache_clear()
    with mock_aws():
        boto3.client("s3", region_name="us-east-1").create_bucket(Bucket=BUCKET)
        yield BucketObjects(BUCKET)
    fonts._fetched.cache_clear()


def test_the_asset_faces_are_those_drawn_for_other_scripts_and_include_the_cjk_ones():
    assets = {info.family for info in catalog() if info.asset}
    assert {"M PLUS 1", "WenKai GB", "NanumSquare", "Noto Sans Devanagari", "Noto Sans Hebrew"} <= assets
    for info in catalog():
        # A face the layer keeps is one a Latin, Greek or Cyrillic brief may be set in; an asset face is not.
        assert info.asset == (not LAYER_SCRIPTS & set(info.scripts) or info.classification.split()[0] in {
            "naskh", "japanese", "korean", "chinese"}), info.family
    files = font_assets.asset_files()
    assert "files/M-PLUS-1/Mplus1-Regular.ttf" in files and "files/Inter/Inter-Regular.ttf" not in files


def test_sync_uploads_each_asset_file_once_and_sees_a_changed_one(bucket):
    keys = font_assets.sync(bucket)
    assert sorted(keys) == sorted(asset_key(rel) for rel in font_assets.asset_files())
    assert asset_key("files/M-PLUS-1/Mplus1-Bold.ttf") == "assets/fonts/M-PLUS-1/Mplus1-Bold.ttf"
    bold = "files/M-PLUS-1/Mplus1-Bold.ttf"
    assert bucket.get("assets/fonts/M-PLUS-1/Mplus1-Bold.ttf") == (FONTS_DIR / bold).read_bytes()
    assert font_assets.sync(bucket) == [] and font_assets.stale(bucket) == []
    # Another version of a face, same key: seen by its digest, and replaced.
    old = {"sha256": "0" * 64}
    bucket.put("assets/fonts/WenKai-GB/WenKaiGB-Regular.ttf", b"an older cut", "font/ttf", metadata=old)
    assert font_assets.stale(bucket) == ["files/WenKai-GB/WenKaiGB-Regular.ttf"]
    assert font_assets.sync(bucket) == ["assets/fonts/WenKai-GB/WenKaiGB-Regular.ttf"]
    bucket.delete("assets/fonts/M-PLUS-1/Mplus1-Bold.ttf")  # a face gone from the bucket: not listed, so stale
    assert font_assets.stale(bucket) == [bold]


def test_sync_into_a_fresh_bucket_lists_it_once_and_asks_no_digest(bucket, monkeypatch):
    asked = []
    monkeypatch.setattr(BucketObjects, "metadata", lambda self, key: asked.append(key) or {})
    assert len(font_assets.sync(bucket)) == len(font_assets.asset_files())
    assert asked == []


def test_an_asset_face_is_fetched_from_the_bucket_once_per_container(bucket, tmp_path):
    font_assets.sync(bucket)
    path = font_file("M PLUS 1", "bold")
    assert path == tmp_path / "cache" / "files" / "M-PLUS-1" / "Mplus1-Bold.ttf"
    assert path.read_bytes() == (FONTS_DIR / "files/M-PLUS-1/Mplus1-Bold.ttf").read_bytes()
    assert [p.name for p in path.parent.iterdir()] == ["Mplus1-Bold.ttf"]  # no partial file left behind
    bucket.delete("assets/fonts/M-PLUS-1/Mplus1-Bold.ttf")
    fonts._fetched.cache_clear()  # another process of the container: the file in /tmp serves it
    assert font_file("M PLUS 1", "bold") == path
    assert font_file("Inter") == FONTS_DIR / "files/Inter/Inter-Regular.ttf"  # a layer face: never fetched


def test_a_missing_asset_face_names_the_font_and_where_it_was_expected(bucket):
    with pytest.raises(FontAssetMissing) as info:
        font_file("WenKai GB")
    message = str(info.value)
    assert "'WenKai GB'" in message and "WenKaiGB-Regular.ttf" in message
    assert f"s3://{BUCKET}/assets/fonts/WenKai-GB/WenKaiGB-Regular.ttf" in message
    assert "brandkit assets sync" in message and "Traceback" not in message
    assert info.value.family == "WenKai GB"


def test_without_a_bucket_the_library_reads_the_checkouts_file(monkeypatch):
    monkeypatch.delenv("KIT_BUCKET", raising=False)
    fonts._fetched.cache_clear()
    try:
        assert font_info("NanumSquare").path("bold") == FONTS_DIR / "files/NanumSquare/NanumSquareB.ttf"
    finally:
        fonts._fetched.cache_clear()


def test_assets_check_fails_naming_what_is_missing_until_sync(bucket, capsys):
    assert main(["assets", "check", "--bucket", BUCKET]) == 1
    assert f"s3://{BUCKET}/assets/fonts/M-PLUS-1/Mplus1-Regular.ttf" in capsys.readouterr().out
    assert main(["assets", "sync", "--bucket", BUCKET]) == 0
    assert f"uploaded {len(font_assets.asset_files())} of {len(font_assets.asset_files())}" in capsys.readouterr().out
    assert main(["assets", "check", "--bucket", BUCKET]) == 0
