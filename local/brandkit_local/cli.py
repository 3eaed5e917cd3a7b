"""`brandkit`: generate a brand kit offline with the local twin, and other project commands.

Exit codes: 0 done, 1 the workflow failed (the state and cause are printed) or a kit of a batch did,
2 bad input, 130 interrupted (Ctrl-C).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from brandkit.brief import BriefError, brief_json_schema
from brandkit.i18n import Translator
from brandkit_local import font_assets, revise_command, tokens_command
from brandkit_local.cost import command as cost_command
from brandkit_local.terminal import speaking, terminal_translator, whole_number
from brandkit_local.twin import serve_command

EXIT_OK, EXIT_FAILED, EXIT_BAD_INPUT = 0, 1, 2


def main(argv: list[str] | None = None) -> int:
    t = terminal_translator()  # the locale environment, as gettext reads it
    with speaking(t):  # argparse's own words ("usage:", "error:") in t's language too
        args = _parser(t).parse_args(argv)
    if args.command == "cost":
        return cost_command.run(args, t)
    if args.command == "assets":
        return font_assets.run(args, t)
    if args.command == "serve":
        return serve_command.run(args, t)
    if args.command == "tokens":
        return tokens_command.run(args, t)
    if args.command == "revise":
        return revise_command.run(args)
    if args.command == "preview":
        return _preview(args, t)
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


def _parser(t: Translator) -> argparse.ArgumentParser:
    """The whole command line, its help in t's language."""
    parser = argparse.ArgumentParser(prog="brandkit", description=t.pgettext(
        "cli help", "generate a brand kit offline with the local twin, and other project commands"))
    commands = parser.add_subparsers(dest="command", required=True)

    generate = commands.add_parser("generate",
                                   help=t.pgettext("cli help", "run the brand-kit workflow locally on brief files"))
    generate.add_argument("briefs", nargs="+", metavar="BRIEF",
                          help=t.pgettext("cli help", "brief JSON file; several, a folder of them or a glob make a "
                                                      "batch"))
    generate.add_argument("--out", type=Path, required=True,
                          help=t.pgettext("cli help", "directory to write the kit into (a batch: one folder per "
                                                      "brief file name)"))
    generate.add_argument("--jobs", type=whole_number(), default=None,
                          help=t.pgettext("cli help", "kits to run at once in a batch (default: the number of cores)"))
    generate.add_argument("--timeout", type=whole_number(), default=900,
                          help=t.pgettext("cli help", "seconds to wait for each kit (default 900)"))
    generate.add_argument("--engine", choices=["vector", "sdxl"], default="vector",
                          help=t.pgettext("cli help", "logo engine (sdxl runs the Batch worker; needs --model-dir)"))
    generate.add_argument("--model-dir", type=Path,
                          help=t.pgettext("cli help", "SDXL model directory for --engine sdxl"))
    generate.add_argument("--steps", type=int,
                          help=t.pgettext("cli help", "--engine sdxl: denoising steps (default: the worker's, 30)"))
    generate.add_argument("--resolution", type=int,
                          help=t.pgettext("cli help", "--engine sdxl: image size in pixels (default: the model's "
                                                      "own, read from its config)"))
    generate.add_argument("--job-id", help=t.pgettext("cli help", "job id (default: a new one)"))
    generate.add_argument("--verbose", action="store_true", help=t.pgettext("cli help", "show the handlers' logs"))
    generate.add_argument("--concept",
                          help=t.pgettext("cli help", "build the kit from this concept id (default: the design "
                                                      "review's first)"))
    generate.add_argument("--palette",
                          help=t.pgettext("cli help", "build the kit from this palette option id (default: the first)"))
    generate.add_argument("--fonts",
                          help=t.pgettext("cli help", "build the kit from this font pairing id (default: the first)"))

    revise = commands.add_parser("revise",
                                 help=t.pgettext("cli help", "the next version of a generated kit, written to "
                                                             "KITDIR/v<n>/"))
    revise_command.add_arguments(revise, t)

    preview = commands.add_parser("preview",
                                  help=t.pgettext("cli help", "write one contact-sheet PNG of a generated kit"))
    preview.add_argument("kit", type=Path,
                         help=t.pgettext("cli help", "the kit's directory (what generate --out wrote)"))
    preview.add_argument("--out", type=Path, help=t.pgettext("cli help", "PNG to write (default: KITDIR/preview.png)"))

    schema = commands.add_parser("schema", help=t.pgettext("cli help", "print the brief's JSON Schema"))
    schema.add_argument("--out", type=Path, help=t.pgettext("cli help", "write to this file instead of stdout"))

    events = commands.add_parser("events",
                                 help=t.pgettext("cli help", "print the JSON Schema of the events (SNS and webhooks)"))
    events.add_argument("--doc", type=Path,
                        help=t.pgettext("cli help", "rewrite this document's generated section instead "
                                                    "(docs/EVENTS.md)"))

    openapi_doc = commands.add_parser("openapi", help=t.pgettext("cli help", "print the REST API's OpenAPI document"))
    openapi_doc.add_argument("--out", type=Path, help=t.pgettext("cli help", "write to this file instead of stdout"))

    bkg = commands.add_parser("bkg", help=t.pgettext("cli help", "the Brand Knowledge Graph"))
    bkg_commands = bkg.add_subparsers(dest="bkg_command", required=True)
    load = bkg_commands.add_parser("load", help=t.pgettext("cli help", "write the dataset into Neptune (idempotent)"))
    target = load.add_mutually_exclusive_group(required=True)
    target.add_argument("--neptune", metavar="ENDPOINT", help=t.pgettext("cli help", "Neptune cluster endpoint"))
    target.add_argument("--dry-run", action="store_true",
                        help=t.pgettext("cli help", "print the Gremlin instead of sending it"))

    assets = commands.add_parser("assets",
                                 help=t.pgettext("cli help", "the font faces a deployment keeps in its kit bucket "
                                                             "(after deploying)"))
    font_assets.add_arguments(assets, t)

    serve = commands.add_parser("serve",
                                help=t.pgettext("cli help", "the REST API and web page on a local server, over the "
                                                            "local twin"))
    serve_command.add_arguments(serve, t)

    tokens = commands.add_parser("tokens",
                                 help=t.pgettext("cli help", "mint and revoke API tokens in the stack's TokensTable"))
    tokens_command.add_arguments(tokens, t)

    cost = commands.add_parser("cost", help=t.pgettext("cli help", "monthly and per-kit AWS cost estimate"))
    cost_command.add_arguments(cost, t)

    return parser


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


def _preview(args: argparse.Namespace, t: Translator) -> int:
    from brandkit_local.preview import PreviewError, contact_sheet

    try:
        png = contact_sheet(args.kit, t)
    except PreviewError as exc:
        print(f"brandkit preview: {exc.said.say(t)}", file=sys.stderr)
        return EXIT_BAD_INPUT
    out = args.out or args.kit / "preview.png"
    out.write_bytes(png)
    print(out)
    return EXIT_OK


def _generate(args: argparse.Namespace) -> int:
    from rich.console import Console

    from brandkit_local import generate

    console = Console(stderr=True, highlight=False)
    args.jobs = args.jobs or generate.default_jobs()
    t = generate.reader([Path(arg) for arg in args.briefs])  # before the globs are expanded: a missing file is fine
    try:
        if args.engine == "sdxl" and not args.model_dir:
            raise BriefError([{"field": "--model-dir", "message": t.gettext("is required with --engine sdxl")}])
        paths = generate.expand_briefs(args.briefs, t)
        generate.check_choices(args, paths, t)
    except BriefError as exc:
        generate.print_brief_errors(console, exc, t.gettext("The brief is not valid:"))
        return EXIT_BAD_INPUT
    if len(paths) == 1:
        return generate.run_one(args, console, t, paths[0])
    return generate.run_batch(args, console, t, paths)


if __name__ == "__main__":
    sys.exit(main())
