"""The language of the person at the terminal, found the way gettext finds it, and argparse speaking it.

gettext's rule (Python's gettext.find): the first of LANGUAGE, LC_ALL, LC_MESSAGES and LANG that is set and not
empty decides; its value is a ':' list of locales, most wanted first, and C or POSIX (with any .encoding) ends the
list: what comes after is untranslated, English. Each locale is negotiated with the project's own rule
(brandkit.i18n.for_reader: de_AT reads de, pt_PT reads pt-BR, zh_TW reads zh-Hans).

argparse says its own words ("usage:", "options", "error:") through `gettext.gettext` and `gettext.ngettext`,
which it imported into its module as `argparse._` and `argparse.ngettext`. `speaking(t)` gives it our catalogue
for the time a parser is built and used, and puts gettext's back after. We chose this over the standard
library's hook (textdomain/bindtextdomain): that hook is process-wide for every gettext user, finds catalogues
by gettext's locale names (zh_CN, not our zh_Hans) and could not use our negotiation. argparse's msgids are
catalogue entries like ours (brandkit_local.argparse_words lists them for extraction).
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager

from brandkit.i18n import SOURCE, Translator, for_reader, translator

ENVIRONMENT = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")
_UNTRANSLATED = {"C", "POSIX"}
_HOOKS = ("_", "ngettext")  # the names argparse imported gettext.gettext and gettext.ngettext as


def terminal_translator(environ: Mapping[str, str] = os.environ) -> Translator:
    """The catalogue gettext's rule picks from the locale environment; English for C, POSIX or nothing set."""
    for name in ENVIRONMENT:
        value = environ.get(name)
        if not value:
            continue
        wanted = []
        for locale in value.split(":"):
            if locale.split(".")[0].split("@")[0] in _UNTRANSLATED:
                break
            wanted.append(locale)
        return for_reader(":".join(wanted)) if wanted else translator(SOURCE)
    return translator(SOURCE)


@contextmanager
def speaking(t: Translator) -> Iterator[None]:
    """argparse's own words in t's language while the block builds and runs a parser."""
    names = vars(argparse)  # the module's globals, where argparse's code looks the two names up on each call
    saved = {name: names[name] for name in _HOOKS}
    names.update({"_": t.gettext, "ngettext": t.ngettext})
    try:
        yield
    finally:
        names.update(saved)


def whole_number(lowest: int = 1, most: int | None = None) -> Callable[[str], int]:
    """An argparse type: a whole number from `lowest` (and up to `most`), refused in the reader's language.
    argparse calls it while speaking that language (`speaking`): its `_` is our catalogue's then."""

    def parse(text: str) -> int:
        _ = vars(argparse)["_"]
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(_("{text} is not a whole number").format(text=repr(text))) from None
        if most is not None and not lowest <= value <= most:
            raise argparse.ArgumentTypeError(_("{text} is not between {lowest} and {most}").format(
                text=text, lowest=lowest, most=most))
        if value < lowest:
            raise argparse.ArgumentTypeError(_("{text} is not a positive number").format(text=text))
        return value

    return parse
