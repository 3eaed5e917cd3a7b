"""`brandkit`: generate a brand kit offline with the local twin, and other project commands.

Exit codes: 0 done, 1 the workflow failed (the state and cause are printed), 2 bad input.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

from brandkit.brief import BriefError, brief_json_schema, parse_brief

EXIT_OK, EXIT_FAILED, EXIT_BAD_INPUT = 0, 1, 2


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="brandkit", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)

    generate = commands.add_parser("generate", help="run the brand-kit workflow locally on a brief file")
    generate.add_argument("brief", type=Path, help="brief JSON file")
    generate.add_argument("--out", type=Path, required=True, help="directory to write the kit into")
    generate.add_argument("--engine", choices=["vector", "sdxl"], default="vector",
                          help="logo engine (sdxl runs the Batch worker; needs --model-dir)")
    generate.add_argument("--model-dir", type=Path, help="SDXL model directory for --engine sdxl")
    generate.add_argument("--job-id", help="job id (default: a new one)")
    generate.add_argument("--verbose", action="store_true", help="show the handlers' logs")
    generate.add_argument("--concept", help="build the kit from this concept id (default: the design review's first)")
    generate.add_argument("--palette", help="build the kit from this palette option id (default: the first)")
    generate.add_argument("--fonts", help="build the kit from this font pairing id (default: the first)")

    revise = commands.add_parser("revise", help="the next version of a generated kit, written to KITDIR/v<n>/")
    from brandkit_local import revise_command

    revise_command.add_arguments(revise)

    preview = commands.add_parser("preview", help="write one contact-sheet PNG of a generated kit")
    preview.add_argument("kit", type=Path, help="the kit's directory (what generate --out wrote)")
    preview.add_argument("--out", type=Path, help="PNG to write (default: KITDIR/preview.png)")

    schema = commands.add_parser("schema", help="print the brief's JSON Schema")
    schema.add_argument("--out", type=Path, help="write to this file instead of stdout")

    events = commands.add_parser("events", help="print the JSON Schema of the events (SNS and webhooks)")
    events.add_argument("--doc", type=Path, help="rewrite this document's generated section instead (docs/EVENTS.md)")

    openapi_doc = commands.add_parser("openapi", help="print the REST API's OpenAPI document")
    openapi_doc.add_argument("--out", type=Path, help="write to this file instead of stdout")

    bkg = commands.add_parser("bkg", help="the Brand Knowledge Graph")
    bkg_commands = bkg.add_subparsers(dest="bkg_command", required=True)
    load = bkg_commands.add_parser("load", help="write the dataset into Neptune (idempotent)")
    target = load.add_mutually_exclusive_group(required=True)
    target.add_argument("--neptune", metavar="ENDPOINT", help="Neptune cluster endpoint")
    target.add_argument("--dry-run", action="store_true", help="print the Gremlin instead of sending it")

    serve = commands.add_parser("serve", help="the REST API and web page on a local server, over the local twin")
    from brandkit_local.twin import serve_command

    serve_command.add_arguments(serve)

    cost = commands.add_parser("cost", help="monthly and per-kit AWS cost estimate")
    from brandkit_local.cost import command as cost_command

    cost_command.add_arguments(cost)

    args = parser.parse_args(argv)
    if args.command == "cost":
        return cost_command.run(args)
    if args.command == "serve":
        return serve_command.run(args)
    if args.command == "revise":
        return revise_command.run(args)
    if args.command == "preview":
        return _preview(args)
    if args.command == "schema":
        return _write_json(brief_json_schema(), args.out)
    if args.command == "events":
        return _events(args.doc)
    if args.command == "openapi":
        from brandkit.api import build_app, openapi

        return _write_json(openapi(build_app()), args.out)
    if args.command == "bkg":
        from brandkit.bkg import loader

        return loader.main(["--neptune", args.neptune] if args.neptune else ["--dry-run"])
    return _generate(args)


def _write_json(document: dict[str, Any], out: Path | None) -> int:
    text = json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    if out:
        out.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return EXIT_OK


def _events(doc: Path | None) -> int:
    from brandkit.webhooks.events import events_schema
    from brandkit_local.events_doc import with_schema

    if doc is None:
        return _write_json(events_schema(), None)
    doc.write_text(with_schema(doc.read_text(encoding="utf-8")), encoding="utf-8")
    return 0


def _preview(args: argparse.Namespace) -> int:
    from brandkit_local.preview import PreviewError, contact_sheet

    try:
        png = contact_sheet(args.kit)
    except PreviewError as exc:
        print(f"brandkit preview: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    out = args.out or args.kit / "preview.png"
    out.write_bytes(png)
    print(out)
    return EXIT_OK


def load_brief_file(path: Path) -> tuple[Any, dict[str, bytes]]:
    """Read and validate a brief file; an existing_logo path is read relative to the brief."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise BriefError([{"field": "brief", "message": f"file {str(path)!r} does not exist"}]) from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise BriefError([{"field": "brief", "message": f"is not valid UTF-8 JSON ({exc})"}]) from None
    brief = parse_brief(data)
    uploads: dict[str, bytes] = {}
    if brief.existing_logo:
        logo = (path.parent / brief.existing_logo).resolve()
        if not logo.is_file():
            raise BriefError([{"field": "existing_logo", "message": f"file {brief.existing_logo!r} not found beside the brief"}])
        uploads[logo.name] = logo.read_bytes()
        brief = brief.model_copy(update={"existing_logo": logo.name})
    return brief, uploads


def _generate(args: argparse.Namespace) -> int:
    from rich.console import Console

    console = Console(stderr=True, highlight=False)
    try:
        brief, uploads = load_brief_file(args.brief)
        if args.engine == "sdxl" and not args.model_dir:
            raise BriefError([{"field": "--model-dir", "message": "is required with --engine sdxl"}])
    except BriefError as exc:
        from rich.markup import escape

        console.print("[bold red]The brief is not valid:[/]")
        for err in exc.errors:
            console.print(f"  [bold]{escape(err['field'])}[/]: {escape(err['message'])}")
        return EXIT_BAD_INPUT

    from brandkit_local import revise_command
    from brandkit_local.twin import LocalCloud

    batch_env = {"MODEL_DIR": str(args.model_dir.resolve())} if args.model_dir else None
    started = time.perf_counter()
    with LocalCloud(logo_engine=args.engine, batch_environment=batch_env,
                    log_level="INFO" if args.verbose else "WARNING") as cloud:
        choices = {k: getattr(args, k) for k in ("concept", "palette", "fonts") if getattr(args, k)}
        job = cloud.submit(brief, job_id=args.job_id, uploads=uploads, choices=choices)
        progress = _Progress(console)
        with console.status("Starting", spinner="dots") as status:
            progress.status = status
            result = cloud.wait(job["job_id"], on_event=progress.on_event)
        elapsed = time.perf_counter() - started
        if result["status"] != "SUCCEEDED":
            return _report_failure(console, cloud, job["job_id"])
        written = cloud.export(job["job_id"], args.out)
        revise_command.save_state(cloud, job["job_id"], args.out)  # what `brandkit revise` starts from
    _summary(console, args.out, written, elapsed)
    return EXIT_OK


class _Progress:
    """Prints each state as it finishes, with its duration; the spinner names the running ones."""

    def __init__(self, console):
        self.console = console
        self.status = None
        self.running: dict[str, float] = {}

    def on_event(self, event: dict[str, Any]) -> None:
        kind = event["type"]
        if kind.endswith("StateEntered"):
            name = event["stateEnteredEventDetails"]["name"]
            self.running[name] = event["timestamp"].timestamp()
        elif kind.endswith("StateExited"):
            name = event["stateExitedEventDetails"]["name"]
            began = self.running.pop(name, event["timestamp"].timestamp())
            ms = (event["timestamp"].timestamp() - began) * 1000
            self.console.print(f"  [green]done[/]  {name:<22} {ms:8.0f} ms")
        elif kind.endswith("Failed") or kind.endswith("TimedOut"):
            self.console.print(f"  [red]{kind}[/]")
        if self.status is not None:
            self.status.update("Running " + ", ".join(self.running) if self.running else "Finishing")


def _report_failure(console, cloud, job_id: str) -> int:
    from rich.markup import escape

    failures = [e for e in cloud.events() if e.get("type") == "brand.kit.failed"]
    if failures:
        event = failures[-1]
        console.print(f"[bold red]The workflow failed[/] in state [bold]{escape(event['stage'])}[/]: "
                      f"{escape(event['error'])}: {escape(event['cause'])}")
    else:
        console.print("[bold red]The workflow failed[/] and no failure event was published.")
    return EXIT_FAILED


def _summary(console, out: Path, written: list[Path], elapsed: float) -> None:
    total = sum(p.stat().st_size for p in written)
    console.print(f"[bold green]Brand kit ready[/] in {elapsed:.1f} s: {len(written)} files, {total / 1e6:.1f} MB in {out}/")
    groups: dict[str, int] = {}
    for path in written:
        top = path.relative_to(out.resolve()).parts[0]
        groups[top] = groups.get(top, 0) + 1
    for name, count in sorted(groups.items()):
        console.print(f"  {name:<20} {count} file{'s' if count != 1 else ''}")


if __name__ == "__main__":
    sys.exit(main())
