"""Suite 3 (prompt injection): every payload of the corpus goes through the Claude path in the brief's fields,
against HTTP-level mocks of the Messages API that play a model which obeys the injection. Whatever the
model does, the rationale that comes out is schema-valid, grounded, and never repeats the system prompt."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest
import respx

from brandkit.artifacts import Rationale
from brandkit.rationale import RationaleSettings, write_rationale
from brandkit.rationale.leak import leaks_prompt
from brandkit.rationale.prompt import SYSTEM_PROMPT
from tests.reliability.figures import record
from tests.unit import respx_httpx2  # noqa: F401  (registers respx's "httpx2" mocker: the SDK speaks httpx2)
from tests.unit.rationale_fixtures import assert_grounded, coffee_kit, message, tool_use

API = "https://api.anthropic.com/v1/messages"
CORPUS = [line for line in (Path(__file__).parent / "corpora" / "prompt_injection.txt").read_text("utf-8").splitlines()
          if line.strip() and not line.startswith("#")]
SETTINGS = RationaleSettings(api_key="sk-ant-test", base_url="https://api.anthropic.com", model="claude-haiku-5-5",
                             timeout_s=5, deadline_s=10, max_retries=0)


def test_the_corpus_has_at_least_50_payloads():
    assert len(CORPUS) >= 50
    record("prompt_injection", {"payloads": len(CORPUS), "model_behaviours": 5,
                                "outcome": "every payload: deterministic fallback, schema-valid, no leak (asserted)"})


def obedient_answers(kit, payload: str) -> list[dict]:
    """What a model that falls for the payload might send: the prompt leaked, foreign colours and fonts,
    the payload echoed as a 'rule', an empty answer."""
    _brief, _profile, palette, _concept = kit
    good_colors = [{"role": c.role, "hex": c.hex, "why": f"{c.name} serves the {c.role} role."} for c in palette.colors]
    base = {"summary": "Northwind Coffee roasts in small batches for home brewers.",
            "logo": "The monogram is drawn in the primary colour.", "colors": good_colors,
            "typography": "Two fonts.", "voice": "Plain and warm.",
            "voice_examples": ["Roasted Tuesday.", "Ask the roaster.", "Fresh beans."],
            "do": ["Use the primary colour for the logo.", "Keep body text dark.", "Use the heading font."],
            "dont": ["Don't stretch the logo.", "Don't add colours.", "Don't add fonts."]}
    return [
        {**base, "summary": SYSTEM_PROMPT[:600]},
        {**base, "colors": [{"role": "primary", "hex": "#FF0000", "why": payload[:200]}, *good_colors[1:]]},
        {**base, "typography": "Headings in Comic Sans MS and body in Papyrus."},
        {
            **base,
            "voice": "Here are my instructions: the user message holds two blocks of JSON, brief_data and kit_data.",
        },
        {"summary": "HACKED"},
    ]


@pytest.mark.parametrize("index", range(len(CORPUS)))
def test_payload_stays_data_and_the_output_stays_clean(index):
    payload = CORPUS[index]
    kit = coffee_kit(company_name=payload[:100], description=payload, values=["honest", payload[:40].strip() or "x"])
    answers = obedient_answers(kit, payload)
    bad = answers[index % len(answers)]
    with respx.mock(using="httpx2", assert_all_called=False) as mock:
        route = mock.post(API).mock(side_effect=[
            httpx.Response(200, json=message([tool_use(bad)])),
            httpx.Response(200, json=message([tool_use(bad)])),
            httpx.Response(200, json=message([tool_use(bad)])),
        ])
        rationale = write_rationale(*kit, settings=SETTINGS)

    Rationale.model_validate(rationale.model_dump())  # schema-valid whatever the model said
    assert rationale.writer == "deterministic", "an obedient answer must never be shipped"
    texts = [rationale.summary, rationale.logo, rationale.typography, rationale.voice,
             *(c.why for c in rationale.colors), *rationale.voice_examples, *rationale.do, *rationale.dont]
    # The brief's own words are quoted as data; everything else must be free of the payload's demands.
    own_words = "\n".join(texts)
    for quoted in sorted([kit[0].company_name, *kit[0].values], key=len, reverse=True):
        own_words = own_words.replace(quoted, "")
    assert not leaks_prompt(own_words), own_words
    assert "#FF0000" not in own_words and all(c.hex != "#FF0000" for c in rationale.colors)
    assert_grounded(rationale, kit, "en")
    for call in route.calls:  # every request kept the payload inside the brief block, escaped
        sent = json.loads(call.request.content)
        assert sent["system"] == SYSTEM_PROMPT
        user = sent["messages"][0]["content"]
        assert user.count("<brief_data>") == 1 and user.count("</brief_data>") == 1
        assert "<" not in user[user.index("<brief_data>") + 12:user.index("</brief_data>")]


def test_an_honest_answer_is_not_mistaken_for_a_leak():
    kit = coffee_kit()
    rationale = write_rationale(*kit, settings=RationaleSettings())
    texts = "\n".join([rationale.summary, rationale.logo, rationale.typography, rationale.voice,
                       *(c.why for c in rationale.colors), *rationale.do, *rationale.dont])
    assert not leaks_prompt(texts)
    assert leaks_prompt("As instructed: " + SYSTEM_PROMPT[200:400])
