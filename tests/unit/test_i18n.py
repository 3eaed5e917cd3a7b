"""The message catalogues, the language negotiation, CLDR formats and the graph's label table."""

from __future__ import annotations

import importlib.util
import json
from importlib.resources import files
from pathlib import Path

import pytest

from brandkit.i18n import CATALOGUES, negotiate, translator
from brandkit.i18n import labels as label_table
from brandkit.i18n.check import catalogue_problems

ROOT = Path(__file__).resolve().parents[2]


def _i18n_script():
    spec = importlib.util.spec_from_file_location("i18n_script", ROOT / "scripts" / "i18n.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_pybabel_extract_finds_no_message_missing_untranslated_or_fuzzy(tmp_path):
    """The CI check: extract every message from the code now, then every catalogue must translate it (not
    fuzzy, same placeholders) and its .mo must be compiled from the current .po."""
    pot = _i18n_script().extract(tmp_path / "brandkit.pot")
    text = pot.read_text(encoding="utf-8")
    assert text.count("msgid ") > 250  # rationale templates, guideline strings
    assert 'msgctxt "summary.intro"' in text and 'msgid "Brand story"' in text
    assert catalogue_problems(pot) == []


def test_the_check_fails_on_an_untranslated_message(tmp_path):
    pot = tmp_path / "brandkit.pot"
    pot.write_text('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
                   'msgid "A sentence nobody has translated yet."\nmsgstr ""\n', encoding="utf-8")
    problems = catalogue_problems(pot)
    assert len(problems) == len(CATALOGUES) - 1  # every catalogue but English, the source language
    assert all("A sentence nobody has translated yet." in p and "missing" in p for p in problems)


@pytest.mark.parametrize("tag, locale, fallback", [
    ("en", "en", False), ("en-GB", "en", False), ("es-MX", "es", False), ("de-CH", "de", False),
    ("pt-BR", "pt_BR", False), ("pt", "pt_BR", True), ("pt-PT", "pt_BR", True),
    ("zh", "zh_Hans", False), ("zh-Hans-CN", "zh_Hans", False), ("zh-Hant", "zh_Hans", True),
    ("zh-TW", "zh_Hans", True), ("zh-HK", "zh_Hans", True), ("iw", "he", True), ("he-IL", "he", False),
    ("sw", "en", True), ("tlh", "en", True),
])
def test_negotiation_maps_a_tag_to_the_nearest_catalogue(tag, locale, fallback):
    choice = negotiate(tag)
    assert (choice.locale, choice.fallback) == (locale, fallback)
    assert choice.tag == (CATALOGUES[locale] if fallback else tag)
    assert choice.to_dict()["requested"] == tag and choice.reason


def test_cldr_formats_per_locale():
    assert translator("de").number(4.56) == "4,6"
    assert translator("fr").percent(0.82) == "82\u00a0%"
    assert translator("en").join(["a", "b", "c"]) == "a, b, and c"
    assert translator("ja").join(["赤", "青", "緑"]) == "赤、青、緑"
    assert translator("es").join(["rojo", "azul"]) == "rojo y azul"
    assert [translator(loc).rtl for loc in ("ar", "he", "en", "ja")] == [True, True, False, False]
    assert translator("ja").sentences("一文。", "二文。") == "一文。二文。"
    assert translator("fr").quote("Noor") == "«\u00a0Noor\u00a0»"


def test_plural_forms_follow_each_language():
    files_ = ("{n} file", "{n} files")
    assert translator("en").ngettext(*files_, 1) == "{n} file"
    assert translator("ar").ngettext(*files_, 2) != translator("ar").ngettext(*files_, 11)  # dual vs plural
    assert translator("ja").ngettext(*files_, 1) == translator("ja").ngettext(*files_, 5)  # no plural


def _graph_ids() -> dict[str, set[str]]:
    data = files("brandkit.bkg").joinpath("data")

    def ids(name: str, key: str) -> set[str]:
        return {item["id"] for item in json.loads(data.joinpath(name).read_text())[key]}

    return {
        "industry": ids("industries.json", "industries"), "trait": ids("traits.json", "traits"),
        "family": ids("colour_families.json", "families") | {"neutral"}, "style": ids("styles.json", "styles"),
        "harmony": ids("styles.json", "harmonies"), "classification": ids("classifications.json", "classifications"),
    }


def test_every_graph_label_is_translated_into_every_catalogue_language():
    table = label_table.table()
    for kind, ids in _graph_ids().items():
        missing = ids - set(table[kind])
        assert not missing, (kind, missing)
        for ident in ids:
            for locale in CATALOGUES:
                assert (label_table.label(kind, ident, locale) or "").strip(), (kind, ident, locale)
    from brandkit.logo.designer import KINDS, SYMBOL_EMBLEM, SYMBOL_KINDS

    for kind, english in [*KINDS, *SYMBOL_KINDS, SYMBOL_EMBLEM]:  # the designer's concepts, under their English labels
        assert label_table.label("concept", kind, "en") == english
        assert all((label_table.label("concept", kind, locale) or "").strip() for locale in CATALOGUES), kind


def test_the_label_table_states_its_source():
    data = json.loads(files("brandkit.bkg").joinpath("data/labels.json").read_text(encoding="utf-8"))
    assert "translation" in data["source"].lower() and data["languages"] == list(CATALOGUES)
