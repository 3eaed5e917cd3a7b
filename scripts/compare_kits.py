"""Generate the kits of the sample briefs, or compare two such sets file by file (sha256).

    python3 scripts/compare_kits.py generate OUT          # one kit per docs/samples/*.json under OUT/<name>/
    python3 scripts/compare_kits.py compare BEFORE AFTER  # exit 1 if any kit differs

A refactoring that must not change behaviour generates a set before and after and compares them.
Only what legitimately carries times or ids is left out: manifest.json's created_at, job_id, execution
and timings_ms (the rest of it, the list of artifacts with every file's checksum included, is compared).
Every other file is compared byte for byte (the guidelines PDF is written invariant: fixed dates, no id).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = sorted((ROOT / "docs" / "samples").glob("*.json"))
MANIFEST_VOLATILE = ("created_at", "job_id", "execution", "timings_ms")


def generate(out: Path) -> int:
    from brandkit_local.cli import main

    for sample in SAMPLES:
        code = main(["generate", str(sample), "--out", str(out / sample.stem), "--job-id", f"sample-{sample.stem}"])
        if code != 0:
            print(f"{sample.name}: brandkit generate exited {code}", file=sys.stderr)
            return code
    return 0


def fingerprint(path: Path) -> str:
    data = path.read_bytes()
    if path.name == "manifest.json":
        manifest = json.loads(data)
        data = json.dumps({k: v for k, v in manifest.items() if k not in MANIFEST_VOLATILE}, sort_keys=True).encode()
    return hashlib.sha256(data).hexdigest()


def fingerprints(kit: Path) -> dict[str, str]:
    return {p.relative_to(kit).as_posix(): fingerprint(p) for p in sorted(kit.rglob("*")) if p.is_file()}


def compare(before: Path, after: Path) -> int:
    differences = 0
    for sample in SAMPLES:
        old, new = fingerprints(before / sample.stem), fingerprints(after / sample.stem)
        if not old:
            print(f"{sample.stem}: no kit under {before}")
            differences += 1
            continue
        changed = sorted(p for p in old.keys() & new.keys() if old[p] != new[p])
        gone, added = sorted(old.keys() - new.keys()), sorted(new.keys() - old.keys())
        for label, paths in (("differs", changed), ("missing", gone), ("new", added)):
            for path in paths:
                print(f"{sample.stem}: {label}: {path}")
        differences += len(changed) + len(gone) + len(added)
        print(f"{sample.stem}: {len(old)} files, {len(changed) + len(gone) + len(added)} differences")
    return 1 if differences else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("generate").add_argument("out", type=Path)
    pair = commands.add_parser("compare")
    pair.add_argument("before", type=Path)
    pair.add_argument("after", type=Path)
    args = parser.parse_args(argv)
    if args.command == "generate":
        return generate(args.out)
    return compare(args.before, args.after)


if __name__ == "__main__":
    sys.exit(main())
