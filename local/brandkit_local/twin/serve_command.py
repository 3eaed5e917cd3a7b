"""`brandkit serve`: the local server's command line."""

from __future__ import annotations

import argparse
import ipaddress
import os
import sys

from brandkit.auth import TOKEN_RULE, TokenRefused, bearer_token
from brandkit.i18n import SOURCE, Translator, translator
from brandkit.tenants import TENANT, TENANT_RULE
from brandkit_local.terminal import whole_number

EXIT_OK, EXIT_BAD_INPUT = 0, 2
MAX_WORKERS = 64


def add_arguments(parser: argparse.ArgumentParser, t: Translator) -> None:
    parser.add_argument("--host", default="127.0.0.1",
                        help=t.pgettext("cli help", "address to listen on (default: loopback only)"))
    parser.add_argument("--port", type=int, default=8000,
                        help=t.pgettext("cli help", "port (0 picks a free one; default 8000)"))
    parser.add_argument("--api-key", default=os.environ.get("BRANDKIT_API_KEY"),
                        help=t.pgettext("cli help", "require this X-Api-Key (default: BRANDKIT_API_KEY; unset = "
                                                    "development mode, no key)"))
    parser.add_argument("--tenant", action="append", default=[], metavar="NAME=TOKEN",
                        help=t.pgettext("cli help", "a tenant and its API token (repeatable): clients then send "
                                        "Authorization: Bearer TOKEN, checked by the real Lambda authorizer; without "
                                        "it every request is the 'default' tenant"))
    parser.add_argument("--engine", choices=["vector", "sdxl"], default="vector",
                        help=t.pgettext("cli help", "logo engine"))
    parser.add_argument("--rate", type=float, help=t.pgettext("cli help", "requests a second per API key before 429 "
                                                                        "(default: the template's ApiRateLimit)"))
    parser.add_argument("--burst", type=int,
                        help=t.pgettext("cli help", "burst allowance (default: the template's ApiBurstLimit)"))
    parser.add_argument("--no-execute", action="store_true",
                        help=t.pgettext("cli help", "accept runs but never execute them: exercises the API alone "
                                                    "(fuzzing, load)"))
    parser.add_argument("--workers", type=whole_number(0, MAX_WORKERS), default=default_workers(),
                        help=t.pgettext("cli help", "functions run in up to this many worker processes at once, as "
                                        "Lambda runs them (default: two per core); 0 runs them as threads of "
                                        "this process"))
    parser.add_argument("--verbose", action="store_true", help=t.pgettext("cli help", "show the handlers' logs"))


def default_workers() -> int:
    # A kit runs at most two functions at once (the Parallel state): two per core keeps every core busy with
    # kits running side by side.
    return 2 * (os.cpu_count() or 1)


def run(args: argparse.Namespace, t: Translator) -> int:
    tenants = _tenants(args.tenant, t)
    if tenants is None:
        return EXIT_BAD_INPUT
    development = not args.api_key and not tenants
    if not _is_loopback(args.host) and development:
        print(t.pgettext("cli serve", "refusing to listen on {host} without --api-key or --tenant: development mode "
                                      "is for loopback only").format(host=args.host), file=sys.stderr)
        return EXIT_BAD_INPUT
    if args.workers:
        from brandkit_local.twin import workers

        workers.start_forkserver()  # the workers' preloading runs while this process imports moto
    from brandkit_local.twin.cloud import LocalCloud
    from brandkit_local.twin.server import LocalServer

    # Development mode alone may register webhook receivers on loopback and plain http; a key or tenants mean a
    # shared host, where the same SSRF guard as on AWS applies.
    dev = {"WEBHOOKS_ALLOW_INSECURE_LOCAL": "true"} if development else {}
    with LocalCloud(logo_engine=args.engine, serve_s3=True, extra_environment=dev, execute=not args.no_execute,
                    workers=args.workers, log_level="INFO" if args.verbose else "WARNING") as cloud:
        cloud.start_event_sources()
        server = LocalServer(cloud, host=args.host, port=args.port, api_key=args.api_key, rate=args.rate,
                             burst=args.burst, tenants=tenants)
        modes = [t.pgettext("cli serve", "tenants {tenants}: Authorization: Bearer required").format(
            tenants=t.join(sorted(tenants)))] if tenants else []
        modes += [t.pgettext("cli serve", "API key required")] if args.api_key else []
        modes = modes or [t.pgettext("cli serve", "development mode, no API key, one tenant")]
        if args.no_execute:
            modes.append(t.pgettext("cli serve", "runs are accepted, not executed"))
        print(t.pgettext("cli serve", "Brandkit on {url}  ({modes}; S3 at {s3}; Ctrl-C stops)").format(
            url=server.url, modes=t.pgettext("cli serve", "; ").join(modes), s3=cloud.s3_endpoint), flush=True)
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass
        finally:
            server.stop()
    return EXIT_OK


def _tenants(pairs: list[str], t: Translator | None = None) -> dict[str, str] | None:
    """--tenant NAME=TOKEN arguments as {name: token}; None (and a message naming the argument, in t's language:
    English by default) when one is bad."""
    t = t or translator(SOURCE)
    tenants: dict[str, str] = {}
    for number, pair in enumerate(pairs, 1):
        name, sep, token = pair.partition("=")
        problem = None
        if not sep:
            problem = t.pgettext("cli serve", "is not NAME=TOKEN")
        elif not TENANT.match(name):
            problem = t.pgettext("cli serve", "NAME {name} is not a tenant id ({rule})").format(
                name=repr(name[:40]), rule=TENANT_RULE)
        elif name in tenants:
            problem = t.pgettext("cli serve", "NAME {name} is given twice (one token per tenant here)").format(
                name=name)
        elif not token.strip():
            problem = t.pgettext("cli serve", "TOKEN of {name} is empty").format(name=name)
        elif not _is_bearer_token(token):
            problem = t.pgettext("cli serve", "TOKEN of {name} is not {rule}").format(name=name, rule=TOKEN_RULE)
        elif token in tenants.values():
            problem = t.pgettext("cli serve", "TOKEN is already another tenant's")
        if problem:
            print(f"brandkit serve: --tenant #{number}: {problem}", file=sys.stderr)
            return None
        tenants[name] = token
    return tenants


def _is_bearer_token(token: str) -> bool:
    try:
        return bearer_token(f"Bearer {token}") == token
    except TokenRefused:
        return False


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
