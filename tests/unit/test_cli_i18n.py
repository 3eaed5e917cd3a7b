"""The CLI in the reader's language (issue 17): preview, cost, serve, argparse's help and its own words.

The language comes from the locale environment as gettext reads it (brandkit_local.terminal); argparse's msgids
("usage: ", "%(prog)s: error: %(message)s") are catalogue entries given to argparse while the CLI parses.
"""

from __future__ import annotations

import argparse
import ast
import gettext
import re
from pathlib import Path

import pytest
from babel.numbers import format_decimal

from brandkit.i18n import translator
from brandkit_local import argparse_words
from brandkit_local.cli import main
from brandkit_local.terminal import ENVIRONMENT, terminal_translator
from tests.unit.english_left import english_left

# Words of these msgids that are names in every language: options, metavars, products.
NAMES = ("--kits-per-month KITS_PER_MONTH --engine --neptune --json --claude MODEL --measured MEASURED --steps STEPS "
         "--on-demand-share FRACTION --warm-vcpus N vector sdxl int brandkit cost preview serve tenant Neptune "
         "Serverless JSON Batch GPU SDXL --help")


@pytest.fixture()
def locale_env(monkeypatch):
    for name in ENVIRONMENT:
        monkeypatch.delenv(name, raising=False)

    def set_language(**values: str) -> None:
        for name, value in values.items():
            monkeypatch.setenv(name, value)
    return set_language


@pytest.mark.parametrize(("environment", "expected"), [
    ({}, "en"),
    ({"LANG": "C.UTF-8"}, "en"),
    ({"LANG": "POSIX"}, "en"),
    ({"LANG": "fr_FR.UTF-8"}, "fr"),
    ({"LC_ALL": "C", "LANG": "fr_FR.UTF-8"}, "en"),  # the first one set decides
    ({"LC_MESSAGES": "ar_EG.UTF-8", "LANG": "de_DE.UTF-8"}, "ar"),
    ({"LANGUAGE": "xx:ja", "LANG": "de_DE.UTF-8"}, "ja"),  # a list: the first with a catalogue
    ({"LANGUAGE": "C:fr"}, "en"),  # C ends the list
    ({"LANG": "pt_PT.UTF-8"}, "pt_BR"),  # the project's negotiation: the only Portuguese catalogue
    ({"LANG": "de_AT.UTF-8@euro"}, "de"),
])
def test_the_language_is_the_locale_environment_read_as_gettext_does(environment, expected):
    assert terminal_translator(environment).locale == expected


def run_cli(capsys, *argv: str) -> tuple[int, str, str]:
    try:
        code = main(list(argv))
    except SystemExit as exit_:
        code = int(exit_.code or 0)
    out = capsys.readouterr()
    return code, out.out, out.err


def said(locale: str, context: str | None, msgid: str) -> str:
    t = translator(locale)
    return t.pgettext(context, msgid) if context else t.gettext(msgid)


@pytest.mark.parametrize(("lang", "locale"), [("fr_FR.UTF-8", "fr"), ("ar_EG.UTF-8", "ar"), ("ja_JP.UTF-8", "ja")])
def test_cost_help_is_in_the_reader_s_language_argparse_s_words_too(capsys, locale_env, lang, locale):
    locale_env(LANG=lang)
    code, out, _ = run_cli(capsys, "cost", "--help")
    assert code == 0
    for context, msgid in [(None, "usage: "), (None, "options"), (None, "show this help message and exit"),
                           ("cli help", "kits generated per month"), ("cli help", "print the estimate as JSON")]:
        text = said(locale, context, msgid)
        assert text.strip() in out, (msgid, out)
        assert not english_left(msgid, text, values=(NAMES,)), text
    assert not english_left("usage options show this help message and exit kits generated per month print the "
                            "estimate", out, values=(NAMES,)), out


@pytest.mark.parametrize(("lang", "expected"), [
    ("fr_FR.UTF-8", "brandkit cost : erreur : argument --kits-per-month : valeur int non valide : 'x'"),
    ("ar_EG.UTF-8", "brandkit cost: خطأ: الوسيط --kits-per-month: قيمة int غير صالحة: 'x'"),
    ("ja_JP.UTF-8", "brandkit cost: エラー: 引数 --kits-per-month: int の値が正しくありません: 'x'"),
])
def test_argparse_s_errors_are_in_the_reader_s_language(capsys, locale_env, lang, expected):
    locale_env(LANG=lang)
    code, _, err = run_cli(capsys, "cost", "--kits-per-month", "x")
    assert code == 2 and expected in err, err
    assert not english_left("usage: error: argument invalid value", err, values=(NAMES,)), err
    assert vars(argparse)["_"] is gettext.gettext, "argparse gets gettext's own function back"


@pytest.mark.parametrize("locale", ["fr", "ar", "ja"])
def test_a_missing_required_option_and_a_bad_positive_number_are_said_too(capsys, locale_env, locale):
    locale_env(LANGUAGE=locale)
    code, _, err = run_cli(capsys, "cost")
    required = said(locale, None, "the following arguments are required: %s") % "--kits-per-month"
    assert code == 2 and required in err, err
    code, _, err = run_cli(capsys, "generate", "b.json", "--out", "o", "--jobs", "0")
    assert code == 2 and said(locale, None, "{text} is not a positive number").format(text="0") in err, err


@pytest.mark.parametrize(("locale", "expected"), [
    ("fr", "brandkit preview: {kit} n’est pas un kit de marque : logo/logo.json est absent"),
    ("ar", "brandkit preview: {kit} ليس حزمة علامة: الملف logo/logo.json مفقود"),
    ("ja", "brandkit preview: {kit} はブランドキットではありません: logo/logo.json がありません"),
])
def test_preview_says_what_is_missing_in_the_reader_s_language(capsys, locale_env, tmp_path, locale, expected):
    locale_env(LC_ALL=f"{locale}.UTF-8")
    code, _, err = run_cli(capsys, "preview", str(tmp_path))
    assert code == 2 and err.strip() == expected.format(kit=tmp_path), err


@pytest.mark.parametrize("locale", ["fr", "ar"])
def test_serve_refuses_a_bad_tenant_in_the_reader_s_language(capsys, locale_env, locale):
    locale_env(LANG=f"{locale}.UTF-8")
    code, _, err = run_cli(capsys, "serve", "--tenant", "acme")
    msgid = "is not NAME=TOKEN"
    assert code == 2 and err.strip() == f"brandkit serve: --tenant #1: {said(locale, 'cli serve', msgid)}"
    assert not english_left(msgid, err, values=("brandkit serve --tenant NAME TOKEN",)), err
    code, _, err = run_cli(capsys, "serve", "--host", "0.0.0.0")
    msgid = ("refusing to listen on {host} without --api-key or --tenant: development mode is for loopback only")
    assert code == 2 and err.strip() == said(locale, "cli serve", msgid).format(host="0.0.0.0")
    assert not english_left(msgid, err, values=("--api-key --tenant",)), err


@pytest.mark.parametrize("locale", ["fr", "ar"])
def test_cost_s_table_frame_is_in_the_reader_s_language(capsys, locale_env, locale):
    locale_env(LANG=f"{locale}.UTF-8")
    code, out, _ = run_cli(capsys, "cost", "--kits-per-month", "1000")
    assert code == 0
    first = out.splitlines()[0]
    assert first == said(locale, "cli cost", "{kits} kits/month, {engine} engine").format(
        kits=format_decimal(1000, locale=translator(locale).cldr), engine="vector")
    for msgid in ("/month", "/kit", "total", "fixed floor"):
        assert said(locale, "cli cost", msgid) in out
    assert "/month" not in out and "fixed floor" not in out
    for msgid in ("Lambda compute", "S3 storage", "{count} invocations per kit"):
        assert said(locale, "cost line", msgid).split("{")[0] in out, msgid
    product_names = "CloudWatch Logs Step Functions Secrets Manager " + str(Path.cwd())
    assert not english_left("compute storage requests per held retention files writes reads state of logs",
                            out, values=(NAMES, product_names)), out


def test_every_argparse_message_a_person_can_meet_is_a_catalogue_entry():
    """The running Python's argparse: each msgid it passes to _() is listed (and so translated), or is about a parser
    built wrongly, which only a programmer meets."""
    source = Path(argparse.__file__).read_text(encoding="utf-8")
    said_by_argparse = set(re.findall(r"""\b_\((['"])(.*?)\1\)""", source))
    programmer_errors = {".__call__() not defined", "conflicting subparser: %s", "conflicting subparser alias: %s",
                         "cannot merge actions - two groups are named %r",
                         "'required' is an invalid argument for positionals", "dest= is required for options like %r",
                         "invalid conflict_resolution value: %r", "mutually exclusive arguments must be optional",
                         "cannot have multiple subparser arguments", "%r is not callable"}
    listed = set(argparse_words.MESSAGES)
    missing = {ast.literal_eval(q + m + q) for q, m in said_by_argparse} - listed - programmer_errors
    assert not missing, f"argparse says these and brandkit_local.argparse_words does not list them: {missing}"


@pytest.mark.parametrize("locale", ["fr", "ar"])
def test_revise_refuses_a_directory_that_is_not_a_kit_in_the_reader_s_language(capsys, locale_env, tmp_path, locale):
    locale_env(LANG=f"{locale}.UTF-8")
    code, _, err = run_cli(capsys, "revise", str(tmp_path), "--palette", "p1")
    msgid = "{kitdir} is not a kit directory brandkit generate wrote:"
    heading = said(locale, "cli revise", msgid).format(kitdir=tmp_path)
    assert code == 2 and heading in " ".join(err.split()), err
    assert not english_left(msgid, heading, values=(str(tmp_path), "brandkit generate")), heading


def test_every_command_s_help_renders_in_every_catalogue_language():
    """argparse %-formats each help text: a translation with a stray % or a lost %(const)s would fail here."""
    from brandkit.i18n import CATALOGUES
    from brandkit_local.cli import _parser
    from brandkit_local.terminal import speaking

    def parsers(parser: argparse.ArgumentParser):
        yield parser
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                for sub in action.choices.values():
                    yield from parsers(sub)

    for locale in CATALOGUES:
        t = translator(locale)
        with speaking(t):
            helps = [p.format_help() for p in parsers(_parser(t))]
        assert len(helps) > 15 and all(t.gettext("usage: ") in h for h in helps), locale
