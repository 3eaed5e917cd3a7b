"""The web page's text comes from the gettext catalogues: web/i18n/*.json are generated from them (and fail here when
stale), index.html's marked text is extracted, and every error type the API sends has a message on the page."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

from brandkit.field_errors import MESSAGES
from brandkit.i18n import CATALOGUES, SOURCE
from brandkit_local import web_catalogues

WEB = Path(__file__).parents[2] / "web"


def test_the_page_catalogues_in_web_are_generated_from_the_current_catalogues():
    assert web_catalogues.stale() == []


def test_a_hand_edited_or_missing_page_catalogue_is_reported_stale(tmp_path):
    web_catalogues.write(tmp_path)
    assert web_catalogues.stale(tmp_path) == []
    french = tmp_path / "i18n" / "fr.json"
    french.write_text(french.read_text(encoding="utf-8").replace("Nom de l'entreprise", "Nom"), encoding="utf-8")
    (tmp_path / "i18n" / "ja.json").unlink()
    assert sorted(web_catalogues.stale(tmp_path)) == [
        "web/i18n/fr.json is not generated from the current catalogues (run scripts/i18n.py compile)",
        "web/i18n/ja.json is not generated from the current catalogues (run scripts/i18n.py compile)",
    ]


def test_every_catalogue_language_has_a_page_catalogue_with_its_direction():
    index = json.loads((WEB / "i18n" / "index.json").read_text(encoding="utf-8"))
    assert index["source"] == SOURCE
    assert index["languages"]["pt"] == "pt-BR" and index["languages"]["zh"] == "zh-Hans"
    assert index["languages"]["iw"] == "he"  # the withdrawn code, as brandkit.i18n.negotiate maps it
    for locale, tag in CATALOGUES.items():
        if locale == SOURCE:
            continue
        page = json.loads((WEB / "i18n" / f"{tag}.json").read_text(encoding="utf-8"))
        assert page["language"] == tag
        assert page["dir"] == ("rtl" if locale in {"ar", "he"} else "ltr")
        assert len(page["messages"]["web page"]) > 120


def test_marked_text_and_attributes_of_the_html_are_extracted_and_nothing_else():
    html = (b'<p>Not marked</p><label data-i18n for="x">Company\n   name <span data-i18n>(required)</span></label>'
            b'<input data-i18n-attrs="placeholder" placeholder="craft, warmth" title="not listed">'
            b'<h2 data-i18n>Kit for <span id="company"></span></h2><p data-i18n><span>only a child</span></p>')
    found = list(web_catalogues.extract_html(io.BytesIO(html), None, None, None))
    assert [messages for _line, _keyword, messages, _comments in found] == [
        ("web page", "Company name"), ("web page", "(required)"), ("web page", "craft, warmth"),
        ("web page", "Kit for"),
    ]


def test_the_html_labels_are_translated_in_the_generated_catalogue():
    german = json.loads((WEB / "i18n" / "de.json").read_text(encoding="utf-8"))["messages"]["web page"]
    arabic = json.loads((WEB / "i18n" / "ar.json").read_text(encoding="utf-8"))["messages"]["web page"]
    assert german["Company name"] == "Firmenname" and german["Create brand kit"] == "Marken-Kit erstellen"
    assert arabic["Company name"] == "اسم الشركة"


def test_every_error_type_the_api_sends_has_a_message_on_the_page():
    script = (WEB / "app.js").read_text(encoding="utf-8")
    table = re.search(r"const TYPE_MESSAGES = \{(.*?)\n\};", script, re.S)
    assert table is not None
    on_the_page = set(re.findall(r"(\w+): pgettext\(", table.group(1)))
    # brandkit.field_errors' types, and those the API raises itself (brandkit.api.brands, .webhooks, .guards)
    sent = set(MESSAGES) | {"option_not_offered", "value_error", "string_too_short"}
    assert sent - on_the_page == set()
