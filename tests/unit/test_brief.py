import json
from pathlib import Path

import pytest

from brandkit.brief import BriefError, brief_json_schema, parse_brief

SAMPLES = Path(__file__).parents[2] / "docs" / "samples"


def errors_of(data) -> dict[str, str]:
    with pytest.raises(BriefError) as info:
        parse_brief(data)
    return {e["field"]: e["message"] for e in info.value.errors}


@pytest.mark.parametrize("path", sorted(SAMPLES.glob("*.json")), ids=lambda p: p.stem)
def test_sample_briefs_are_valid(path):
    brief = parse_brief(json.loads(path.read_text(encoding="utf-8")))
    assert brief.company_name and brief.industry


def test_minimal_brief_gets_defaults():
    brief = parse_brief({"company_name": "Acme", "industry": "tools"})
    assert brief.language == "en" and brief.values == [] and brief.primary_color is None


@pytest.mark.parametrize("name", ["東京珈琲", "مخبز نور", "Café ☕ Olé", "X"])
def test_unicode_names_accepted(name):
    assert parse_brief({"company_name": name, "industry": "food"}).company_name == name


def test_required_fields_named():
    errs = errors_of({})
    assert set(errs) == {"company_name", "industry"}
    assert "required" in errs["company_name"].lower()


@pytest.mark.parametrize("value", ["blue", "#12345", "#GGGGGG", "123456", "#1234567"])
def test_bad_hex_names_primary_color(value):
    errs = errors_of({"company_name": "A", "industry": "b", "primary_color": value})
    assert list(errs) == ["primary_color"] and "hex" in errs["primary_color"]


def test_short_hex_expands_and_uppercases():
    assert parse_brief({"company_name": "A", "industry": "b", "primary_color": "#1f6"}).primary_color == "#11FF66"


def test_length_limits():
    errs = errors_of({"company_name": "x" * 101, "industry": "b", "description": "y" * 2001,
                      "values": ["v"] * 11, "style": ["z" * 41]})
    assert {"company_name", "description", "values", "style.0"} <= set(errs)


def test_unknown_field_and_wrong_types_named():
    errs = errors_of({"company_name": "A", "industry": "b", "colour": "#fff", "values": "honest"})
    assert errs["colour"] == "is not a known field"
    assert "values" in errs


@pytest.mark.parametrize("tag", ["english", "e", "en_US", "zh-Hant-TW-"])
def test_bad_language(tag):
    assert "language" in errors_of({"company_name": "A", "industry": "b", "language": tag})


@pytest.mark.parametrize("tag", ["en", "pt-BR", "zh-Hant", "zh-Hant-TW", "es-419"])
def test_good_language(tag):
    assert parse_brief({"company_name": "A", "industry": "b", "language": tag}).language == tag


@pytest.mark.parametrize("ref", ["../secret.svg", "/etc/passwd.svg", "logo.gif", "a/../../b.png", "s3://x/y.png"])
def test_existing_logo_must_be_a_safe_relative_svg_or_png(ref):
    assert "existing_logo" in errors_of({"company_name": "A", "industry": "b", "existing_logo": ref})


def test_control_characters_rejected_blank_rejected():
    assert "company_name" in errors_of({"company_name": "A\x00B", "industry": "b"})
    assert "company_name" in errors_of({"company_name": "   ", "industry": "b"})


def test_not_an_object():
    assert errors_of(["a"]) == {"brief": "must be a JSON object"}


def test_duplicate_words_collapse_case_insensitively():
    brief = parse_brief({"company_name": "A", "industry": "b", "values": ["Honest", "honest", "bold"]})
    assert brief.values == ["Honest", "bold"]


def test_published_schema_matches_model():
    published = json.loads((Path(__file__).parents[2] / "docs" / "brief.schema.json").read_text())
    assert published == brief_json_schema(), "regenerate with: brandkit schema --out docs/brief.schema.json"
