"""argparse's own words a person can meet, as catalogue entries (no context: argparse calls plain gettext).

argparse (Python 3.11+) passes these msgids to `gettext.gettext`/`ngettext`; brandkit_local.terminal.speaking
hands it our catalogue instead. The calls below only mark them for extraction (scripts/i18n.py); the test
tests/unit/test_cli_i18n.py fails when the running Python's argparse says a person-facing msgid not listed here.
Messages about a parser built wrongly (a programmer's error, never a user's) are left out.
"""

from __future__ import annotations


def gettext(message: str) -> str:
    return message


def ngettext(singular: str, plural: str, n: int) -> str:
    return singular if n == 1 else plural


MESSAGES = (
    gettext("usage: "),
    gettext("positional arguments"),
    gettext("options"),
    gettext("show this help message and exit"),
    gettext("%(prog)s: error: %(message)s\n"),
    gettext("argument %(argument_name)s: %(message)s"),
    gettext("unrecognized arguments: %s"),
    gettext("not allowed with argument %s"),
    gettext("ignored explicit argument %r"),
    gettext("the following arguments are required: %s"),
    gettext("one of the arguments %s is required"),
    gettext("expected one argument"),
    gettext("expected at most one argument"),
    gettext("expected at least one argument"),
    gettext("ambiguous option: %(option)s could match %(matches)s"),
    gettext("unexpected option string: %s"),
    gettext("invalid %(type)s value: %(value)r"),
    gettext("invalid choice: %(value)r (choose from %(choices)s)"),
    gettext("can't open '%(filename)s': %(error)s"),
    gettext("unknown parser %(parser_name)r (choices: %(choices)s)"),
    gettext('argument "-" with mode %r'),
)
PLURALS = (ngettext("expected %s argument", "expected %s arguments", 2),)
