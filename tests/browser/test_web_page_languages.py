"""The web page in the reader's language: a Chromium whose languages are French, German or Arabic gets the page's
own labels from web/i18n (generated from the catalogues), sends Accept-Language on its API calls, and shows the
API's errors as the API wrote them, in the same language."""

from __future__ import annotations

from typing import NamedTuple

import pytest
from playwright.sync_api import Page, expect, sync_playwright

from brandkit.field_errors import MESSAGES
from brandkit.i18n import translator
from tests.browser.test_web_page import CHROMIUM, CHROMIUM_ARGS, pytestmark  # noqa: F401 - the same slow mark and skip


class Reader(NamedTuple):
    page: Page
    accept_language: list[str]  # the header of every API request the page sent
    errors: list[str]  # what the page threw


@pytest.fixture
def page_in(served, tmp_path):
    """A page opened by a fresh Chromium whose reader's languages are `locale` (navigator.languages)."""
    with sync_playwright() as playwright:
        contexts = []

        def open_page(locale: str):
            context = playwright.chromium.launch_persistent_context(
                str(tmp_path / locale), executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True, locale=locale)
            contexts.append(context)
            page = context.new_page()
            page.set_default_timeout(30_000)
            reader = Reader(page, [], [])
            page.on("pageerror", lambda exc: reader.errors.append(str(exc)))
            page.on("request", lambda r: reader.accept_language.append(r.headers.get("accept-language", ""))
                    if "/brands" in r.url else None)
            page.goto(served.url + "/")
            return reader

        yield open_page
        for context in contexts:
            context.close()


def test_a_french_reader_gets_french_labels_and_the_api_refusal_in_french(page_in):
    page, accept_language, errors = page_in("fr-FR")
    french = translator("fr")
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(page.locator("label[for=company_name]")).to_have_text("Nom de l'entreprise (obligatoire)")
    expect(page.locator("#submit")).to_have_text("Créer le kit de marque")
    assert page.get_attribute("#values", "placeholder") == "savoir-faire, chaleur, transparence"

    page.fill("#industry", "boulangerie")
    page.fill("#primary_color", "bleu")
    page.click("#submit")
    # the API's own message for the field, in French (brandkit.field_errors through the catalogue), then the page's hint
    api_says = french.pgettext(*MESSAGES["hex_colour"])
    expect(page.locator("#primary_color-error")).to_contain_text(api_says[0].upper() + api_says[1:])
    expect(page.locator("#primary_color-error")).to_contain_text("ou #1F6, ou laissez le champ vide.")  # page's hint
    expect(page.locator("#company_name-error")).to_be_visible()
    expect(page.locator("#status")).to_have_text("Veuillez corriger les champs signalés.")
    assert accept_language and all(a.startswith("fr-FR") for a in accept_language), accept_language
    assert not errors


def test_a_german_reader_gets_the_api_not_found_message_in_german(page_in, served):
    page, _, errors = page_in("de-DE")
    expect(page.locator("#brief-heading")).to_have_text("Ihr Briefing")
    page.goto(served.url + "/#job=no-such-job")
    page.reload()  # the address names a job: the page follows it, and the API answers 404
    said = translator("de").gettext("no brand job {job_id}").format(job_id="'no-such-job'")
    expect(page.locator("#status")).to_have_text(f"{said} (HTTP 404).")
    assert said != "no brand job 'no-such-job'"
    assert not errors


def test_an_arabic_reader_gets_a_right_to_left_page_in_arabic(page_in):
    page, _, errors = page_in("ar")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.locator("label[for=industry]")).to_have_text("المجال (مطلوب)")
    # right to left: the label starts at the right edge of its field
    label, field = page.locator("label[for=industry]").bounding_box(), page.locator("#industry").bounding_box()
    assert abs((label["x"] + label["width"]) - (field["x"] + field["width"])) < 2
    # and nothing hangs off the page's start (the skip link is hidden above the page, not beside it)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert not errors


def test_an_english_reader_keeps_the_page_as_written(page_in):
    page, _, errors = page_in("en-GB")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("label[for=company_name]")).to_have_text("Company name (required)")
    assert not errors


def test_a_french_reader_gets_the_sign_in_block_and_the_logo_input_in_french(page_in):
    page, _, errors = page_in("fr-FR")
    expect(page.locator("#sign-in-heading")).to_have_text("Se connecter")
    expect(page.locator("label[for=api_token]")).to_have_text("Jeton d'API")
    expect(page.locator("#api_token-hint")).to_contain_text("Le jeton de votre locataire")
    expect(page.locator("#sign-in-state")).to_have_text("Non connecté. Nécessaire quand l'API demande un jeton.")
    page.click("#sign-in-submit")  # no token pasted yet
    expect(page.locator("#sign-in-state")).to_have_text("Collez d'abord votre jeton d'API.")

    expect(page.locator("label[for=existing_logo]")).to_have_text("Votre logo existant (facultatif)")
    expect(page.locator("#existing_logo-hint")).to_contain_text("5 Mo au plus")
    assert page.get_attribute("#logo-preview-img", "alt") == "Le logo que vous avez choisi"
    page.set_input_files("#existing_logo", files=[{"name": "logo.gif", "mimeType": "image/gif",
                                                   "buffer": b"GIF89a" + b"\0" * 16}])
    expect(page.locator("#existing_logo-error")).to_have_text("Choisissez un fichier .png ou .svg.")
    page.fill("#company_name", "Boulangerie Marcel")
    page.fill("#industry", "boulangerie")
    page.click("#submit")
    expect(page.locator("#status")).to_have_text("Veuillez corriger les champs signalés.")
    assert not errors
