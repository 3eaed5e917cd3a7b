"""The web page in web/, in a real Chromium against a real `brandkit serve`: field errors from a 422 beside their
fields, keyboard-only use, one sample brief followed live to a finished kit (logos, palette with contrast marks,
fonts, rationale, PDF and zip downloads), one Idempotency-Key per submission, and untrusted text kept as text."""

from __future__ import annotations

import io
import json
import re
import urllib.request
import zipfile
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect, sync_playwright

from tests.integration.serve_fixture import serve

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
SAMPLE = json.loads((Path(__file__).parents[2] / "docs" / "samples" / "northwind-coffee.json").read_text())
STAGES = ["ValidateBrief", "Logo", "Palette", "WriteRationale", "RenderAssets", "CompileGuidelines",
          "PublishManifest", "NotifySuccess"]
UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")
KIT_TIMEOUT_MS = 180_000

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not CHROMIUM.exists(), reason="needs Chromium at /usr/bin/chromium (CI installs the apt package)"
    ),
]


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(tmp_path_factory.mktemp("chromium-profile")),  # a fresh profile: no cache, no storage
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True, accept_downloads=True)
        yield context
        context.close()


@pytest.fixture
def page(browser, served):
    page = browser.new_page()
    page.set_default_timeout(30_000)
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(served.url + "/")
    expect(page.locator("#submit")).to_be_enabled()  # the page is ready once its catalogue is loaded
    yield page
    page.close()
    assert not errors, f"the page threw: {errors}"


def download(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=30) as response:
        return response.read()


def idempotency_keys(page: Page) -> list[str]:
    """Every POST /brands the page sends, as its Idempotency-Key (recorded before the request leaves the browser)."""
    keys: list[str] = []
    page.on("request", lambda r: keys.append(r.headers.get("idempotency-key", ""))
            if r.method == "POST" and r.url.endswith("/brands") else None)
    return keys


def fill_brief(page: Page, brief: dict) -> None:
    page.fill("#company_name", brief["company_name"])
    page.fill("#industry", brief["industry"])
    page.fill("#description", brief.get("description", ""))
    page.fill("#values", ", ".join(brief.get("values", [])))
    page.fill("#style", ", ".join(brief.get("style", [])))
    page.fill("#audience", brief.get("audience", ""))
    page.select_option("#language", brief.get("language", "en"))


def test_a_refused_brief_shows_each_error_beside_its_field_using_the_keyboard_only(page):
    keys = idempotency_keys(page)
    typed = {"industry": "bakery", "primary_color": "blue"}  # company name left blank, colour not a hex code
    order = []
    for _ in range(13):
        page.keyboard.press("Tab")
        focused = page.evaluate("document.activeElement.id || document.activeElement.tagName")
        order.append(focused)
        if focused in typed:
            page.keyboard.type(typed[focused])
    assert order == ["skip-link", "company_name", "industry", "description", "values", "style", "primary_color",
                     "primary_color_picker", "language", "audience", "existing_logo", "SUMMARY", "submit"]
    page.keyboard.press("Enter")

    expect(page.locator("#primary_color-error")).to_be_visible()
    expect(page.locator("#primary_color-error")).to_contain_text("#1F6FEB")
    expect(page.locator("#company_name-error")).to_be_visible()
    expect(page.locator("#industry-error")).to_be_hidden()
    assert page.get_attribute("#primary_color", "aria-invalid") == "true"
    assert page.get_attribute("#industry", "aria-invalid") is None
    assert page.evaluate("document.activeElement.id") == "company_name"  # focus goes to the first field to fix
    expect(page.locator("#status")).to_contain_text("correct the marked fields")
    expect(page.locator("#progress")).to_be_hidden()

    # The same refused brief sent again is the same submission; a changed brief is a new one.
    page.click("#submit")
    expect(page.locator("#company_name-error")).to_be_visible()
    page.fill("#primary_color", "#12")
    page.click("#submit")
    expect(page.locator("#primary_color-error")).to_be_visible()
    assert len(keys) == 3 and all(UUID.match(k) for k in keys), keys
    assert keys[0] == keys[1] != keys[2]


def test_the_sample_brief_is_followed_live_to_a_kit_shown_on_the_page(page, served):
    keys = idempotency_keys(page)
    polls: list[str] = []
    page.on(
        "request", lambda r: polls.append(r.url) if r.method == "GET" and re.search(r"/brands/[\w-]+$", r.url) else None
    )
    dropped: list[str] = []

    def drop_the_first_post(route):  # the first try never reaches the server, as if the network failed
        if route.request.method == "POST" and not dropped:
            dropped.append(route.request.url)
            route.abort("connectionreset")
        else:
            route.continue_()

    page.route("**/brands", drop_the_first_post)
    fill_brief(page, SAMPLE)
    page.click("#submit")
    expect(page.locator("#status")).to_contain_text("network error")
    assert page.locator("#progress").is_hidden()
    page.click("#submit")  # the user retries the same submission

    page.wait_for_selector("#result:not([hidden]), #failure:not([hidden])", timeout=KIT_TIMEOUT_MS)
    assert page.locator("#failure").is_hidden(), page.inner_text("#failure")
    expect(page.locator("#status")).to_have_attribute("data-kind", "success")
    assert len(keys) == 2 and keys[0] == keys[1] and UUID.match(keys[0]), keys
    assert len(polls) >= 2, polls  # progress came from polling GET /brands/{id}

    job_id = page.inner_text("#job-id")
    status, _, job = served.request("GET", f"/brands/{job_id}")
    assert status == 200 and job["status"] == "succeeded", job
    files = {f["path"]: f for f in job["kit"]["files"]}

    # Progress: the bar is full and every stage says it succeeded, with its seconds.
    assert page.get_attribute("#progress-bar", "value") == page.get_attribute("#progress-bar", "max") == "8"
    stages = page.locator("[data-testid=stage]")
    assert [stages.nth(i).get_attribute("data-stage") for i in range(stages.count())] == STAGES
    assert {stages.nth(i).get_attribute("data-status") for i in range(stages.count())} == {"succeeded"}
    assert all(re.fullmatch(r"\d+\.\d s", t) for t in page.locator("[data-testid=stage-seconds]").all_inner_texts())

    # Logo concepts: the primary logo first, then every concept SVG, all decoded by the browser.
    concept_paths = [p for p in files if p.startswith("logo/concepts/") and p.endswith(".svg")]
    shown = page.locator("[data-testid=concept]")
    assert [shown.nth(i).get_attribute("data-path") for i in range(shown.count())] == \
        ["logo/master.svg", *sorted(concept_paths)]
    assert len(concept_paths) >= 2
    page.wait_for_function("""() => [...document.querySelectorAll('[data-testid=concept-img]')]
                                     .every(img => img.complete && img.naturalWidth > 0)""")

    # Palette: the swatches are palette.json's colours; each text pair has its ratio and an AA mark.
    palette = json.loads(download(files["palette/palette.json"]["url"]))
    assert page.locator("[data-testid=swatch-hex]").all_inner_texts() == [c["hex"] for c in palette["colors"]]
    marks = page.locator("[data-testid=contrast-mark]")
    assert [marks.nth(i).get_attribute("data-pass") for i in range(marks.count())] == \
        [str(p["passes"]).lower() for p in palette["text_pairs"]]
    assert page.locator("[data-testid=contrast-ratio]").all_inner_texts() == \
        [f"{p['ratio']:.2f}:1" for p in palette["text_pairs"]]
    assert set(marks.all_inner_texts()) <= {"✓ Pass", "✗ Fail"}
    assert page.locator(".font-family").all_inner_texts() == [f["family"] for f in palette["fonts"]]

    # Rationale from rationale.json.
    rationale = json.loads(download(files["rationale.json"]["url"]))
    expect(page.locator("#rationale-summary")).to_be_visible()
    assert page.inner_text("#rationale-summary") == rationale["summary"].strip()
    assert page.inner_text("#rationale-voice") == rationale["voice"].strip()

    # Downloads: the PDF link is the guidelines, the zip link downloads the whole kit.
    assert download(page.get_attribute("#download-pdf", "href"))[:5] == b"%PDF-"
    with page.expect_download() as got:
        page.click("#download-zip")
    with zipfile.ZipFile(io.BytesIO(Path(got.value.path()).read_bytes())) as kit:
        names = kit.namelist()
    assert any(n.endswith("manifest.json") for n in names) and any(n.endswith("guidelines.pdf") for n in names), names


def test_the_api_key_field_is_sent_as_x_api_key_and_kept_for_the_tab(browser):
    with serve("--api-key", "web-test-key") as keyed:
        page = browser.new_page()
        sent: list[str | None] = []
        page.on(
            "request",
            lambda r: sent.append(r.headers.get("x-api-key")) if r.url.startswith(keyed.url + "/brands") else None,
        )
        page.goto(keyed.url + "/")
        page.fill("#company_name", "Harbor & Pine")
        page.fill("#industry", "outdoor gear")
        page.click("#submit")
        expect(page.locator("#status")).to_contain_text("HTTP 403")  # the gateway refuses a request without the key
        assert page.locator("#progress").is_hidden()

        page.click(".api-key summary")
        page.fill("#api_key", "web-test-key")
        page.click("#submit")
        expect(page.locator("#job-status")).to_have_text(re.compile("Queued|Running|Done"))
        expect(page.locator("#status")).not_to_have_attribute("data-kind", "error")
        assert sent[0] is None and set(sent[1:]) == {"web-test-key"}, sent
        assert page.evaluate("sessionStorage.getItem('brandkit.apiKey')") == "web-test-key"
        page.reload()  # the key stays for this tab; the address still names the job being followed
        expect(page.locator("#api_key")).to_have_value("web-test-key")  # once app.js has read its catalogue
        expect(page.locator("#progress")).to_be_visible()
        page.close()


def test_sign_in_with_an_api_token_sends_it_as_bearer_and_sign_out_forgets_it(browser):
    token = "web-test-token-0123456789"
    with serve("--tenant", f"acme={token}", "--no-execute") as guarded:
        page = browser.new_page()
        sent: list[str | None] = []
        page.on("request", lambda r: sent.append(r.headers.get("authorization"))
                if r.url.startswith(guarded.url + "/brands") else None)
        page.goto(guarded.url + "/")
        expect(page.locator("#sign-out")).to_be_hidden()
        fill_brief(page, {"company_name": "Harbor & Pine", "industry": "outdoor gear"})
        page.click("#submit")
        expect(page.locator("#status")).to_contain_text("Sign in with your API token")  # the authorizer's 401
        expect(page.locator("#sign-in-state")).to_contain_text("Sign in with your API token")
        assert page.evaluate("document.activeElement.id") == "api_token"

        page.fill("#api_token", token)
        page.keyboard.press("Enter")
        expect(page.locator("#sign-out")).to_be_visible()
        page.click("#submit")
        expect(page.locator("#job-status")).to_have_text(re.compile("Queued|Running"))
        assert sent[0] is None and set(sent[1:]) == {f"Bearer {token}"}, sent
        assert page.evaluate("sessionStorage.getItem('brandkit.apiToken')") == token
        page.reload()  # kept for the tab
        expect(page.locator("#sign-out")).to_be_visible()

        page.click("#sign-out")
        assert page.evaluate("sessionStorage.getItem('brandkit.apiToken')") is None
        expect(page.locator("#sign-in-submit")).to_be_visible()
        page.close()


def test_a_brief_and_a_failure_cause_that_look_like_html_are_shown_as_text(page):
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    name = "<img src=x onerror=alert(1)>"
    cause = 'Palette failed for <b id="injected">Brand</b> <script>alert(2)</script>'

    def failed_job(route):  # the job really starts; its status is replaced by a failure carrying markup-like text
        if route.request.method != "GET":
            return route.continue_()
        job_id = route.request.url.rsplit("/", 1)[1]
        stages = [{"name": s, "status": "succeeded" if i < 2 else "failed" if i == 2 else "pending",
                   "seconds": 0.4 if i < 3 else None} for i, s in enumerate(STAGES)]
        route.fulfill(status=200, content_type="application/json", body=json.dumps({
            "job_id": job_id, "status": "failed", "started_at": "2026-01-01T00:00:00+00:00",
            "stopped_at": "2026-01-01T00:00:02+00:00",
            "progress": {"current": None, "done": 2, "total": 8, "stages": stages},
            "error": {"stage": "Palette", "error": "PaletteError", "cause": cause}}))

    page.route(re.compile(r".*/brands/[\w-]+$"), failed_job)
    page.fill("#company_name", name)
    page.fill("#industry", "bakery")
    page.click("#submit")

    expect(page.locator("#failure")).to_be_visible()
    assert page.inner_text("#progress-company") == name
    assert page.inner_text("#failure-cause") == cause
    assert "Palette" in page.inner_text("#failure-stage")
    assert page.inner_text("#failure-error") == "PaletteError"
    assert page.get_attribute("[data-stage=Palette]", "data-status") == "failed"
    assert page.locator("img[src=x], #injected, main script").count() == 0
    assert page.locator("#result").is_hidden()
    page.wait_for_timeout(300)  # an injected onerror would have fired by now
    assert dialogs == []


def test_a_concept_and_a_palette_are_chosen_from_the_page_with_the_keyboard_and_the_new_pdf_downloads(page, served):
    fill_brief(page, SAMPLE)
    page.click("#submit")
    page.wait_for_selector("#result:not([hidden])", timeout=KIT_TIMEOUT_MS)
    expect(page.locator("[data-testid=version][data-version='1']")).to_have_attribute("aria-pressed", "true")
    job_id = page.inner_text("#job-id")
    first_pdf = page.get_attribute("#download-pdf", "href")

    def finished(version: int) -> None:
        page.wait_for_selector(f"[data-testid=version][data-version='{version}'][aria-pressed=true]",
                               timeout=KIT_TIMEOUT_MS)
        expect(page.locator("#result")).to_be_visible()

    # A concept other than the one in use: "Use this", from the keyboard.
    concept = page.locator("[data-testid=concept]:has([data-testid=use-concept])").first
    chosen = concept.get_attribute("data-concept")
    concept.locator("[data-testid=use-concept]").focus()
    page.keyboard.press("Enter")
    finished(2)
    assert page.locator("[data-testid=concept]").first.get_attribute("data-concept") == chosen

    # The second palette option, the same way.
    option = page.locator("[data-testid=palette-option]:has([data-testid=use-palette])").first
    palette_id = option.get_attribute("data-option")
    option.locator("[data-testid=use-palette]").focus()
    page.keyboard.press("Space")
    finished(3)
    in_use = page.locator("[data-testid=palette-option]:has([data-testid=in-use])")
    assert in_use.get_attribute("data-option") == palette_id
    status, _, v3 = served.request("GET", f"/brands/{job_id}/versions/3")
    assert next(p for p in v3["palette_options"] if p["chosen"])["id"] == palette_id

    # The downloads follow the version shown: version 3's PDF, then version 1's again after switching.
    pdf = page.get_attribute("#download-pdf", "href")
    assert "/v3/kit/guidelines.pdf" in pdf and download(pdf)[:5] == b"%PDF-"
    page.locator("[data-testid=version][data-version='1']").focus()
    page.keyboard.press("Enter")
    finished(1)
    assert "/v3/" not in page.get_attribute("#download-pdf", "href")
    assert page.get_attribute("#download-pdf", "href").split("?")[0] == first_pdf.split("?")[0]


# --------------------------------------------------------------- logo upload (issue 16)

LOGO_SVG = (b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100">'
            b'<circle cx="50" cy="50" r="45" fill="#0B6E4F"/>'
            b'<rect x="30" y="30" width="40" height="40" fill="#F2C14E"/>'
            b"<script>document.title = 'pwned'</script></svg>")


def uploads_sent(page: Page) -> list[tuple[str, str]]:
    """(method, url) of every request to POST /uploads and of every POST to the S3 form."""
    sent: list[tuple[str, str]] = []
    page.on("request", lambda r: sent.append((r.method, r.url)) if r.method == "POST" and not r.url.endswith("/brands")
            else None)
    return sent


def test_an_existing_logo_is_checked_shown_uploaded_and_the_kit_is_built_from_it(page, served):
    sent = uploads_sent(page)
    fill_brief(page, SAMPLE)
    page.set_input_files("#existing_logo", files=[{"name": "mark.svg", "mimeType": "image/svg+xml",
                                                   "buffer": LOGO_SVG}])
    expect(page.locator("#logo-preview")).to_be_visible()
    assert page.get_attribute("#logo-preview-img", "src").startswith("blob:")  # through <img>, never inlined
    page.wait_for_function("document.getElementById('logo-preview-img').naturalWidth > 0")
    assert page.locator("#logo-preview svg").count() == 0 and page.title() == "Brandkit"
    expect(page.locator("#logo-preview-name")).to_contain_text("mark.svg")

    page.click("#submit")
    page.wait_for_selector("#result:not([hidden]), #failure:not([hidden])", timeout=KIT_TIMEOUT_MS)
    assert page.locator("#failure").is_hidden(), page.inner_text("#failure")
    assert [m for m, _ in sent] == ["POST", "POST"] and sent[0][1].endswith("/uploads")
    assert sent[1][1].startswith(served.s3_endpoint)  # the file went straight to the (local) S3
    status, _, job = served.request("GET", f"/brands/{page.inner_text('#job-id')}")
    assert status == 200 and [c["kind"] for c in job["concepts"]] == ["imported"], job.get("concepts")
    master = page.locator("[data-testid=concept][data-path='logo/master.svg'] img")
    svg = download(master.get_attribute("src")).decode()
    assert '<circle cx="50" cy="50" r="45"' in svg and "script" not in svg  # the uploaded drawing, sanitised


@pytest.mark.parametrize(("name", "data", "says"), [
    ("logo.gif", b"GIF89a" + b"\0" * 16, ".png or .svg"),
    ("logo.png", b"<svg xmlns='http://www.w3.org/2000/svg'/>", "not a PNG"),
    ("logo.svg", b"\x89PNG\r\n\x1a\n" + b"\0" * 16, "not a SVG"),
    ("big.png", b"\x89PNG\r\n\x1a\n" + b"\0" * (5 * 1024 * 1024), "the limit is 5 MB"),
])
def test_a_logo_of_the_wrong_type_or_size_is_refused_beside_the_field_before_any_upload(page, name, data, says):
    sent = uploads_sent(page)
    fill_brief(page, SAMPLE)
    page.set_input_files("#existing_logo", files=[{"name": name, "mimeType": "application/octet-stream",
                                                   "buffer": data}])
    expect(page.locator("#existing_logo-error")).to_contain_text(says)
    expect(page.locator("#logo-preview")).to_be_hidden()
    page.click("#submit")
    expect(page.locator("#status")).to_contain_text("correct the marked fields")
    assert page.get_attribute("#existing_logo", "aria-invalid") == "true"
    assert sent == [] and page.locator("#progress").is_hidden()
