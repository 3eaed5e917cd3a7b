"""Messages people read outside the kit, in their language: the API's error answers (Accept-Language, else the
brief's language) and the CLI's errors and summary (the locale environment, else the brief's language). Codes,
`type`, `loc` and field names stay English for programs."""

from __future__ import annotations

import json

import pytest

from brandkit.api import build_app
from brandkit.brief import BriefError, parse_brief
from brandkit.field_errors import MESSAGES
from brandkit.i18n import for_reader, preferred_tags, translator
from tests.unit.webhooks_aws_fixtures import lambda_context, rest_event

BAD_BRIEF = {"company_name": "Northwind", "industry": "x" * 101, "primary_color": "blue", "colour": "#fff"}


def _call(method: str, path: str, body=None, headers: dict | None = None) -> tuple[int, dict]:
    event = rest_event(method, path, body)
    for name in ("headers", "multiValueHeaders"):
        event[name] = {k: v for k, v in event[name].items() if k.lower() != "accept-language"}
    for name, value in (headers or {}).items():
        event["headers"][name] = value
        event["multiValueHeaders"][name] = [value]
    response = build_app().resolve(event, lambda_context("api"))
    return response["statusCode"], json.loads(response["body"])


def _detail(body: dict) -> dict[str, dict]:
    return {entry["loc"][-1]: entry for entry in body["detail"]}


def test_preferred_tags_read_accept_language_and_posix_locales():
    assert preferred_tags("fr-CH, fr;q=0.9, en;q=0.8, *;q=0.5") == ["fr-CH", "fr", "en"]
    assert preferred_tags("en;q=0.2, ja") == ["ja", "en"]
    assert preferred_tags("de_DE.UTF-8") == ["de_DE"] and preferred_tags("de:en") == ["de", "en"]
    assert preferred_tags("x;q=abc, ko, sv;q=0") == ["ko"]
    assert for_reader("sw, ja;q=0.5").locale == "ja"  # no Swahili catalogue: the next preference
    assert for_reader("C.UTF-8", None, "he").locale == "he"  # the POSIX locale names no language
    assert for_reader("pt-PT").locale == "pt_BR" and for_reader("", None).locale == "en"


def test_every_field_error_type_is_a_whole_sentence_in_every_language():
    for context, english in MESSAGES.values():
        for locale in ("de", "ja", "ar", "hi"):
            assert translator(locale).pgettext(context, english) != english, (locale, english)


def test_brief_field_errors_in_the_readers_language_with_english_field_names():
    with pytest.raises(BriefError) as caught:
        parse_brief(BAD_BRIEF, translator("de"))
    errors = {e["field"]: e["message"] for e in caught.value.errors}
    assert errors == {"industry": "darf höchstens 100 Zeichen lang sein",
                      "primary_color": "muss eine Hex-Farbe wie #1F6FEB oder #1F6 sein",
                      "colour": "ist kein bekanntes Feld"}
    with pytest.raises(BriefError) as caught:
        parse_brief({"company_name": "ᏣᎳᎩ", "industry": "tea"}, translator("ja"))
    (error,) = caught.value.errors
    assert "Cherokee" in error["message"] and "Ꮳ" in error["message"] and "書いてください" in error["message"]


def test_api_field_errors_follow_accept_language_and_keep_type_and_loc():
    code, body = _call("POST", "/brands", BAD_BRIEF, {"Accept-Language": "ja-JP,ja;q=0.9,en;q=0.8"})
    detail = _detail(body)
    assert code == 422 and set(detail) == {"industry", "primary_color", "colour"}
    assert detail["industry"] == {"loc": ["body", "industry"], "type": "string_too_long",
                                  "msg": "100 文字以内にしてください"}
    assert detail["primary_color"]["type"] == "hex_colour" and "16進カラー" in detail["primary_color"]["msg"]
    assert detail["colour"]["type"] == "extra_forbidden"


def test_api_errors_without_accept_language_follow_the_briefs_language():
    code, body = _call("POST", "/brands", {**BAD_BRIEF, "language": "fr-CA"})
    assert code == 422 and _detail(body)["colour"]["msg"] == "n'est pas un champ connu"
    code, body = _call("POST", "/brands", BAD_BRIEF)  # neither: English
    assert _detail(body)["colour"]["msg"] == "is not a known field"


def test_api_problem_messages_are_localised(monkeypatch):
    monkeypatch.setenv("STATE_MACHINE_ARN", "arn:aws:states:us-east-1:123456789012:stateMachine:brandkit")
    monkeypatch.setenv("KIT_BUCKET", "kits")  # read, never used: a malformed job id is a 404 before any AWS call
    code, body = _call("GET", "/brands/not a job", headers={"Accept-Language": "de"})
    assert code == 404 and body == {"statusCode": 404, "message": "kein Markenauftrag 'not a job'"}
    code, body = _call("POST", "/brands", "company_name=x", {"Content-Type": "text/plain", "Accept-Language": "es"})
    assert code == 415 and body["message"] == "Content-Type debe ser application/json, no text/plain"


def _generate(tmp_path, monkeypatch, capsys, brief: dict, **environment: str) -> str:
    from brandkit_local.cli import main

    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    path = tmp_path / "brief.json"
    path.write_text(json.dumps(brief), encoding="utf-8")
    assert main(["generate", str(path), "--out", str(tmp_path / "kit")]) == 2
    return capsys.readouterr().err


def test_cli_errors_follow_the_locale_environment_else_the_briefs_language(tmp_path, monkeypatch, capsys):
    err = _generate(tmp_path, monkeypatch, capsys, {**BAD_BRIEF, "language": "it"}, LANG="C.UTF-8")
    assert "Il brief non è valido:" in err and "primary_color: deve essere un colore esadecimale" in err
    err = _generate(tmp_path, monkeypatch, capsys, {**BAD_BRIEF, "language": "it"}, LANG="nl_NL.UTF-8")
    assert "De briefing is niet geldig:" in err and "colour: is geen bekend veld" in err
    err = _generate(tmp_path, monkeypatch, capsys, BAD_BRIEF)
    assert "The brief is not valid:" in err and "colour: is not a known field" in err


def test_cli_batch_and_option_errors_follow_the_locale(tmp_path, monkeypatch, capsys):
    from brandkit_local.cli import main

    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "de_DE.UTF-8")
    assert main(["generate", str(tmp_path / "*.nothing"), "--out", str(tmp_path / "kit")]) == 2
    assert "*.nothing' passt auf keine Briefing-Datei" in " ".join(capsys.readouterr().err.split())
    (tmp_path / "a.json").write_text(json.dumps({"company_name": "Northwind", "industry": "tea"}), encoding="utf-8")
    arguments = ["generate", str(tmp_path / "a.json"), "--engine", "sdxl", "--model-dir", str(tmp_path),
                 "--out", str(tmp_path / "kit")]
    monkeypatch.setenv("LANG", "ja_JP.UTF-8")
    assert main(arguments) == 2
    err = "".join(capsys.readouterr().err.split())  # the console wraps long lines
    assert "ブリーフが正しくありません" in err and "diffusersのSDXLフォルダーではありません" in err
