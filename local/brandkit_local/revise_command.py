"""`brandkit revise KITDIR`: the next version of a kit that `brandkit generate` wrote, through the local twin.

Layout of a kit directory (written by generate, grown by revise):

    KITDIR/                 version 1's kit, as generate wrote it
    KITDIR/v2/, v3/, ...    each revision's kit, in full (manifest.json says its parent and what changed)
    KITDIR/.brandkit/job/   the job's files as the workflow left them (brief, work/, every version's kit/):
                            what the next revision starts from, since every twin is new

A revision starts from the latest version in the directory.
"""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path

from brandkit.i18n import Translator

STATE = Path(".brandkit") / "job"
_VERSION_DIR = re.compile(r"^v([0-9]{1,4})$")


def add_arguments(parser: argparse.ArgumentParser, t: Translator) -> None:
    parser.add_argument("kitdir", type=Path, help=t.pgettext("cli help", "a directory brandkit generate wrote"))
    parser.add_argument("--concept",
                        help=t.pgettext("cli help", "a concept id of the brand (logo/concepts/ and options)"))
    parser.add_argument("--palette", help=t.pgettext("cli help", "a palette option id (options.json)"))
    parser.add_argument("--fonts", help=t.pgettext("cli help", "a font pairing id (options.json)"))
    parser.add_argument("--primary-color", dest="primary_color",
                        help=t.pgettext("cli help", "a new primary colour, #RRGGBB"))
    parser.add_argument("--more", help=t.pgettext("cli help", 'a concept id (more like it) or "different"'))
    parser.add_argument("--verbose", action="store_true", help=t.pgettext("cli help", "show the handlers' logs"))


def not_kept(relkey: str) -> bool:
    """The job's files left out of the kept state: every version's kit.zip (it is that version's kit again)."""
    return relkey.endswith("kit.zip")


def save_state(cloud, job_id: str, kitdir: Path, objects: dict[str, bytes] | None = None) -> None:
    """Keep the job's files beside the kit for the next revise; `objects`: job_objects' answer, when the caller
    has read them already (export reads the same)."""
    if objects is None:
        objects = cloud.job_objects(job_id, skip=not_kept)
    for relkey, data in objects.items():
        if not_kept(relkey):
            continue
        target = kitdir.joinpath(STATE, *relkey.split("/"))
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)


def load_state(kitdir: Path) -> dict[str, bytes]:
    root = kitdir / STATE
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def latest_version(kitdir: Path) -> int:
    found = [int(m[1]) for p in kitdir.iterdir() if p.is_dir() and (m := _VERSION_DIR.match(p.name))]
    return max(found, default=1)


def run(args: argparse.Namespace) -> int:
    from pydantic import ValidationError
    from rich.console import Console
    from rich.markup import escape

    from brandkit.errors import OptionNotOffered
    from brandkit.field_errors import message
    from brandkit.jobs import execution_name
    from brandkit.revisions import Revision, RevisionRefused
    from brandkit_local.cli import EXIT_BAD_INPUT, EXIT_FAILED, EXIT_OK
    from brandkit_local.generate import Failures, Progress, _summary, _twin, reader

    console = Console(stderr=True, highlight=False)
    kitdir: Path = args.kitdir
    t = reader([])  # the locale environment's language, else English
    changes = {k: getattr(args, k) for k in ("concept", "palette", "fonts", "primary_color", "more")
               if getattr(args, k) is not None}
    try:
        revision = Revision(**changes)
        manifest = json.loads((kitdir / "manifest.json").read_text(encoding="utf-8"))
        job_id = manifest["job_id"]
        state = load_state(kitdir)
        if not state:
            raise FileNotFoundError(t.pgettext("cli revise", "{path} (generate this kit with a brandkit that keeps "
                                                             "it)").format(path=kitdir / STATE))
    except ValidationError as exc:
        for err in exc.errors():
            field = "--" + "-".join(str(x) for x in err["loc"]).replace("_", "-") if err["loc"] else "revision"
            console.print(f"[bold red]{escape(field)}[/]: {escape(message(err, t))}")
        return EXIT_BAD_INPUT
    except (OSError, ValueError, KeyError) as exc:
        heading = t.pgettext("cli revise", "{kitdir} is not a kit directory brandkit generate wrote:").format(
            kitdir=kitdir)
        console.print(f"[bold red]{escape(heading)}[/] {escape(str(exc))}")
        return EXIT_BAD_INPUT

    import time

    LocalCloud = _twin()  # noqa: N806 - a class
    parent = latest_version(kitdir)
    number = parent + 1
    started = time.perf_counter()
    with LocalCloud(log_level="INFO" if args.verbose else "WARNING") as cloud:
        cloud.restore(job_id, state)
        try:
            cloud.revise(job_id, revision, parent=parent, number=number)
        except OptionNotOffered as exc:
            said = message(exc.field_error(), t)
            console.print(f"[bold red]--{escape(exc.field.replace('_', '-'))}[/]: {escape(said)}")
            return EXIT_BAD_INPUT
        except RevisionRefused as exc:
            console.print(f"[bold red]{escape(t.pgettext('cli revise', 'Cannot revise:'))}[/] {escape(exc.said(t))}")
            return EXIT_BAD_INPUT
        name = execution_name(job_id, number)
        progress = Progress(console, t)
        result = cloud.wait(name, on_event=progress.on_event)
        if result["status"] != "SUCCEEDED":
            cause = Failures(cloud, t).cause(job_id)
            failed = t.pgettext("cli revise", "The revision failed: {cause}").format(cause=cause)
            console.print(failed, style="bold red", markup=False)
            return EXIT_FAILED
        out = kitdir / f"v{number}"
        objects = cloud.job_objects(job_id, skip=not_kept)  # one read for the export and the kept state
        written = cloud.export(job_id, out, version=number, objects=objects)
        save_state(cloud, job_id, kitdir, objects)
    _summary(console, t, out, written, time.perf_counter() - started)
    console.print(t.pgettext("cli revise", "version {number} (from version {parent}): {changes}").format(
        number=number, parent=parent, changes=json.dumps(revision.changes())), markup=False)
    return EXIT_OK
