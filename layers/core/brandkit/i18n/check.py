"""Are the catalogues complete? Every extracted message translated (not fuzzy) in every catalogue, with the
same named placeholders, and every .mo compiled from its current .po. Used by tests and scripts/i18n.py."""

from __future__ import annotations

import io
import string
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from brandkit.i18n import CATALOGUES, DOMAIN, LOCALE_DIR, SOURCE


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def catalogue_problems(pot: Path) -> list[str]:
    with pot.open("rb") as f:
        template = read_po(f)
    problems = []
    for locale in CATALOGUES:
        if locale == SOURCE:
            continue
        po_path = LOCALE_DIR / locale / "LC_MESSAGES" / f"{DOMAIN}.po"
        if not po_path.exists():
            problems.append(f"{locale}: no catalogue at {po_path}")
            continue
        with po_path.open("rb") as f:
            catalogue = read_po(f, locale=locale)
        for message in template:
            if not message.id:
                continue
            where = f"{locale}: {message.context + ' | ' if message.context else ''}{message.id!r}"
            found = catalogue.get(message.id, message.context)
            if found is None:
                problems.append(f"{where} is missing (run scripts/i18n.py update)")
            elif found.fuzzy:
                problems.append(f"{where} is fuzzy")
            elif not found.string or (isinstance(found.string, tuple) and not all(found.string)):
                problems.append(f"{where} is untranslated")
            elif (
                isinstance(found.string, str)
                and isinstance(message.id, str)
                and placeholders(found.string) != placeholders(message.id)
            ):
                problems.append(f"{where} has placeholders {sorted(placeholders(found.string))}")
        compiled = io.BytesIO()
        write_mo(compiled, catalogue)
        mo_path = po_path.with_suffix(".mo")
        if not mo_path.exists() or mo_path.read_bytes() != compiled.getvalue():
            problems.append(
                f"{locale}: {mo_path.name} is not compiled from the current .po (run scripts/i18n.py compile)"
            )
    return problems
