"""Suite 2: hypothesis-generated briefs (any Unicode, extreme lengths, odd types). Validation either accepts
a brief or names the offending fields; valid ones run through the whole local workflow to a complete kit.
BRANDKIT_FULL_RELIABILITY=1 raises the example counts (CI runs a reduced size)."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from brandkit.brief import Brief, BriefError, parse_brief
from tests.reliability.figures import FULL, record

FIELDS = list(Brief.model_fields)
odd = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True),
    st.text(max_size=50),
    st.lists(st.text(max_size=5), max_size=3),
    st.dictionaries(st.text(max_size=5), st.integers(), max_size=2),
)
any_text = st.text(st.characters(min_codepoint=0, max_codepoint=0x10FFFF, exclude_categories=("Cs",)), max_size=3000)
words = st.lists(st.one_of(any_text, odd), max_size=14)


def brief_dicts():
    value_for = {
        "company_name": st.one_of(any_text, odd), "industry": st.one_of(any_text, odd),
        "description": st.one_of(any_text, odd), "audience": st.one_of(any_text, odd),
        "values": st.one_of(words, odd), "style": st.one_of(words, odd),
        "primary_color": st.one_of(st.from_regex(r"#[0-9a-fA-F]{6}", fullmatch=True), any_text, odd),
        "language": st.one_of(st.sampled_from(["en", "ja", "ar", "pt-BR", "zh-Hant", "xx-Yyyy"]), any_text, odd),
        "existing_logo": st.one_of(st.none(), any_text, st.sampled_from(["../etc/passwd", "/abs.svg", "a.svg"])),
    }
    known = st.fixed_dictionaries({}, optional=value_for)
    extra = st.dictionaries(st.text(min_size=1, max_size=20).filter(lambda k: k not in value_for), odd, max_size=2)
    return st.one_of(st.builds(lambda a, b: {**a, **b}, known, extra), odd)


VALIDATION_EXAMPLES, WORKFLOW_EXAMPLES = (3000, 12) if FULL else (400, 3)


def teardown_module():
    record("brief_properties", {"validation_examples": VALIDATION_EXAMPLES, "workflow_examples": WORKFLOW_EXAMPLES})


@settings(max_examples=VALIDATION_EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(brief_dicts())
def test_validation_accepts_or_names_the_fields(data):
    try:
        brief = parse_brief(data)
    except BriefError as exc:
        assert exc.errors, "a refusal must say why"
        for err in exc.errors:
            assert err["field"] and err["message"]
            assert err["field"].split(".")[0] in FIELDS or err["field"] == "brief" or err["field"] in data, err
            assert "Traceback" not in err["message"]
        return
    assert isinstance(brief, Brief) and brief.company_name.strip()
    # What was accepted survives the round trip the workflow makes through S3.
    assert parse_brief(json.loads(brief.model_dump_json())) == brief


printable = st.text(
    st.characters(min_codepoint=0x20, max_codepoint=0x2FFFF, exclude_categories=("Cs", "Cc", "Co", "Cn")),
    min_size=1,
    max_size=100,
).filter(lambda s: s.strip())


@pytest.fixture(scope="module")
def cloud():
    from brandkit_local.twin import LocalCloud

    with LocalCloud() as local:
        yield local


@pytest.mark.slow
def test_valid_generated_briefs_become_complete_kits(cloud):
    @settings(max_examples=WORKFLOW_EXAMPLES, deadline=None, database=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
    @given(name=printable, industry=printable, values=st.lists(printable.map(lambda s: s[:40]), max_size=10),
           description=st.text(max_size=2000).filter(lambda s: all(c >= " " or c in "\n\t" for c in s)))
    def run(name, industry, values, description):
        try:
            brief = parse_brief({"company_name": name, "industry": industry, "values": values,
                                 "description": description})
        except BriefError:
            return  # e.g. a value that is blank once normalised: refused with its field, checked above
        job = cloud.submit(brief)
        status = cloud.wait(job["job_id"], timeout_s=300)
        assert status["status"] == "SUCCEEDED", (brief, status)
        files = cloud.kit_files(job["job_id"])
        assert files["guidelines.pdf"].startswith(b"%PDF") and "manifest.json" in files

    run()
