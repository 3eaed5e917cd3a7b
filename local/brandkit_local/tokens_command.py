"""`brandkit tokens`: mint and revoke the API tokens the Lambda authorizer checks (docs/AUTH.md).

Runs against the stack's TokensTable (the TokensTableName output) with the caller's AWS credentials. The token is
printed once, on stdout, and stored nowhere but as its SHA-256; its id and tenant go to stderr.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from brandkit.i18n import Translator

EXIT_OK, EXIT_FAILED, EXIT_BAD_INPUT = 0, 1, 2


def add_arguments(parser: argparse.ArgumentParser, t: Translator) -> None:
    commands = parser.add_subparsers(dest="tokens_command", required=True)
    create = commands.add_parser("create", help=t.pgettext("cli help", "mint a token for a tenant and print it (once)"))
    create.add_argument("--tenant", required=True, help=t.pgettext("cli help", "the tenant the token acts as"))
    create.add_argument("--table", required=True,
                        help=t.pgettext("cli help", "the stack's TokensTable (output TokensTableName)"))
    revoke = commands.add_parser("revoke",
                                 help=t.pgettext("cli help", "disable a token; API Gateway's cached answer lasts up "
                                                             "to 5 min"))
    revoke.add_argument("--table", required=True,
                        help=t.pgettext("cli help", "the stack's TokensTable (output TokensTableName)"))
    which = revoke.add_mutually_exclusive_group(required=True)
    which.add_argument("--token", help=t.pgettext("cli help", "the token itself"))
    which.add_argument("--hash", help=t.pgettext("cli help", "the token's SHA-256 in hex (as `create` printed it)"))


def run(args: argparse.Namespace, t: Translator) -> int:
    from botocore.exceptions import BotoCoreError, ClientError

    from brandkit import auth
    from brandkit.tenants import TenantRefused

    try:
        table = _table(args.table)
        if args.tokens_command == "create":
            token, _ = auth.mint(table, args.tenant)
            print(token, flush=True)
            print(t.pgettext("cli tokens", "token for tenant {tenant}; hash {hash} (revoke with --hash); it is not "
                                           "shown again").format(tenant=args.tenant, hash=auth.token_hash(token)),
                  file=sys.stderr)
        else:
            tenant = auth.revoke(table, token=args.token, hashed=args.hash)
            print(t.pgettext("cli tokens", "revoked a token of tenant {tenant}").format(tenant=tenant), file=sys.stderr)
    except TenantRefused as exc:
        print(f"brandkit tokens: --tenant: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyError as exc:
        print(f"brandkit tokens: {exc.args[0]}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except (BotoCoreError, ClientError) as exc:
        print(t.pgettext("cli tokens", "brandkit tokens: table {table}: {error}").format(table=args.table, error=exc),
              file=sys.stderr)
        return EXIT_FAILED
    return EXIT_OK


def _table(name: str) -> Any:
    import boto3

    return boto3.resource("dynamodb").Table(name)
