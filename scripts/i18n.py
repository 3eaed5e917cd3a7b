"""The message catalogues' workflow, the Babel way: extract, update, compile, check.

    python3 scripts/i18n.py extract   # brandkit and CLI code -> layers/core/brandkit/i18n/brandkit.pot
    python3 scripts/i18n.py update    # merge the template into every catalogue (new entries untranslated)
    python3 scripts/i18n.py compile   # every .po -> .mo (shipped in the layer) and the web page's web/i18n/*.json
    python3 scripts/i18n.py check     # extract + fail if any message is missing, untranslated or fuzzy, or a
                                      # compiled file (.mo, web/i18n/*.json) is stale

Keywords: gettext's defaults (gettext, ngettext, pgettext, ...) plus N_(context, message), the marker
for messages that are translated later (brandkit.i18n.N_). The web page's messages (context "web page") are
extracted from web/app.js and web/index.html (brandkit_local.web_catalogues).
"""

from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.frontend import CommandLineInterface

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "layers" / "core" / "brandkit"
CLI = ROOT / "local" / "brandkit_local"  # the CLI's messages share the catalogue (brandkit_local.cli)
WEB = ROOT / "web"
sys.path[:0] = [str(ROOT / "layers" / "core"), str(ROOT / "local")]  # this tree's code, whatever is installed
I18N = PACKAGE / "i18n"
POT = I18N / "brandkit.pot"
LOCALES = I18N / "locale"
KEYWORDS = ["-k", "N_:1c,2"]
WIDTH = ["-w", "120"]  # the catalogues' line width: long sentences stay on one line and diffs stay small


def pybabel(*args: str) -> None:
    CommandLineInterface().run(["pybabel", "-q", *args])


def extract(output: Path = POT) -> Path:
    pybabel("extract", "-F", str(I18N / "babel.cfg"), *KEYWORDS, *WIDTH, "--no-location", "--sort-output",
            "--project", "brandkit", "--copyright-holder", "Brandkit contributors",
            "--msgid-bugs-address", "https://github.com/brandkit/brandkit/issues",
            "-o", str(output), str(PACKAGE), str(CLI), str(WEB))
    return output


def update() -> None:
    pybabel("update", "-D", "brandkit", "-i", str(POT), "-d", str(LOCALES), *WIDTH, "--no-fuzzy-matching",
            "--ignore-obsolete")


def compile_() -> None:
    from brandkit_local import web_catalogues

    pybabel("compile", "-D", "brandkit", "-d", str(LOCALES), "--statistics")
    web_catalogues.write()


def main(argv: list[str]) -> int:
    command = argv[0] if argv else "check"
    if command == "extract":
        extract()
    elif command == "update":
        extract()
        update()
    elif command == "compile":
        compile_()
    elif command == "check":
        from brandkit.i18n.check import catalogue_problems
        from brandkit_local.web_catalogues import stale

        problems = catalogue_problems(extract(Path("/tmp/brandkit-check.pot"))) + stale()
        print("\n".join(problems) or "catalogues complete")
        return 1 if problems else 0
    else:
        print(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
