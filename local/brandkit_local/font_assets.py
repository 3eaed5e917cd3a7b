"""`brandkit assets sync|check --bucket B`: the asset faces (brandkit.fonts, catalog "asset": true) in a kit bucket.

The fonts layer leaves these faces out (each function with it stays under 50 MiB); a deployment holds them in
its kit bucket under brandkit.fonts.ASSETS_PREFIX, and a stage fetches one into /tmp the first time a brief's
script needs it. `sync` runs once after each `sam deploy` (docs/DEPLOY.md, the deploy workflow); the local twin
seeds its own bucket with the same function, so local runs fetch the faces the way Lambda does. A CLI step rather
than `aws s3 sync`: the catalog says which files are assets, and an include list would repeat it; rather than a
custom resource: the template would need the fonts in a Lambda package, which is what they are kept out of.
"""

from __future__ import annotations

import argparse
import hashlib
from functools import cache

from brandkit.errors import NotFound
from brandkit.fonts import ASSETS_PREFIX, FONTS_DIR, asset_key, catalog
from brandkit.i18n import Translator
from brandkit.store import BucketObjects

SHA256 = "sha256"  # object metadata: the file's digest, so that sync sees a changed face of the same size


def asset_files() -> list[str]:
    """The catalog's asset faces' files (relative to FONTS_DIR), in catalog order."""
    return [rel for info in catalog() if info.asset for rel in (info.files.regular, info.files.bold) if rel]


@cache
def _digest(rel: str) -> str:
    return hashlib.sha256((FONTS_DIR / rel).read_bytes()).hexdigest()


def _stored_digest(objects: BucketObjects, key: str) -> str | None:
    try:
        return objects.metadata(key).get(SHA256)
    except NotFound:
        return None


def stale(objects: BucketObjects) -> list[str]:
    """Asset files the bucket lacks or holds in another version than the checkout's. One listing says which it
    holds; only those are asked for their digest (a fresh bucket, as each local twin's is, needs no HEAD)."""
    held = {key for key, _ in objects.list(ASSETS_PREFIX)}
    return [rel for rel in asset_files()
            if asset_key(rel) not in held or _stored_digest(objects, asset_key(rel)) != _digest(rel)]


def sync(objects: BucketObjects) -> list[str]:
    """Upload the asset files the bucket lacks or holds in another version; returns their keys."""
    uploaded = []
    for rel in stale(objects):
        objects.put(asset_key(rel), (FONTS_DIR / rel).read_bytes(), "font/ttf", metadata={SHA256: _digest(rel)})
        uploaded.append(asset_key(rel))
    return uploaded


def add_arguments(parser: argparse.ArgumentParser, t: Translator) -> None:
    commands = parser.add_subparsers(dest="assets_command", required=True)
    for name, text in (("sync", t.pgettext("cli help", "upload the asset faces the bucket lacks (run after each "
                                                       "deploy)")),
                       ("check", t.pgettext("cli help", "exit 1, naming them, when the bucket lacks asset faces or "
                                                        "holds old ones"))):
        command = commands.add_parser(name, help=text)
        command.add_argument("--bucket", required=True, help=t.pgettext("cli help", "the stack's KitBucketName output"))


def run(args: argparse.Namespace, t: Translator) -> int:
    objects = BucketObjects(args.bucket)
    if args.assets_command == "sync":
        keys = sync(objects)
        print(t.pgettext("cli assets", "uploaded {uploaded} of {count} asset font files to {where}").format(
            uploaded=len(keys), count=len(asset_files()), where=f"s3://{args.bucket}/"))
        for key in keys:
            print(f"  {key}")
    missing = stale(objects)
    for rel in missing:
        print(t.pgettext("cli assets", "missing or out of date: {where}").format(
            where=f"s3://{args.bucket}/{asset_key(rel)}"))
    return 1 if missing else 0
