"""SDXL logo prompts: guided by the profile, varied, wordless, and immune to prompt syntax in profile terms."""

import re

import pytest

from brandkit.artifacts import BrandProfile, IndustryMatch
from brandkit.logo.prompts import MARK_TYPES, TEXT_WORDS, build_prompts, clean_term


def profile(**changes) -> BrandProfile:
    data = dict(
        company_name="Northwind <b>Coffee</b> (logo:2.0)",
        industry=IndustryMatch(
            query="coffee", industry="coffee-roastery", label="Coffee roastery", method="synonym", confidence=0.8
        ),
        traits=[("warm", 0.6), ("trustworthy", 0.9), ("artisanal", 0.4), ("calm", 0.1)],
        style=["minimal", "organic"],
        harmony="analogous",
        hue_families=["brown", "orange", "cream"],
        avoid_families=["neon"],
        script="Latin",
        fonts=[],
        facts=[],
        language="en",
    )
    data.update(changes)
    return BrandProfile(**data)


def test_one_prompt_per_candidate_each_a_different_mark_type():
    prompts = build_prompts(profile(), 4)
    assert len(prompts) == 4
    assert len({p.mark_type for p in prompts}) == 4
    assert len({p.prompt for p in prompts}) == 4
    # more candidates than mark types cycle through all of them
    assert {p.mark_type for p in build_prompts(profile(), 8)} == set(MARK_TYPES)


def test_prompts_follow_the_profile():
    prompt = build_prompts(profile(), 1)[0].prompt
    assert "coffee roastery" in prompt
    assert "brown and orange" in prompt and "cream" not in prompt  # two strongest hue families
    assert "minimalist" in prompt and "natural flowing curves" in prompt  # style cues
    assert "stable symmetrical composition" in prompt  # strongest trait has a visual cue
    assert "warm" in prompt  # other traits as plain words
    assert "flat vector logo" in prompt and "plain white background" in prompt


def test_styles_choose_which_mark_types_come_first():
    assert build_prompts(profile(style=["playful"], traits=[]), 1)[0].mark_type == "mascot"
    assert build_prompts(profile(style=["luxury"], traits=[]), 1)[0].mark_type == "monoline"
    assert build_prompts(profile(style=["tech"], traits=[]), 1)[0].mark_type == "geometric"


def test_no_text_in_the_image():
    for p in build_prompts(profile(style=["typography", "lettering", "text logo"]), 6):
        words = set(re.findall(r"[a-z]+", p.prompt))
        assert not words & TEXT_WORDS, words & TEXT_WORDS
        assert p.negative_prompt.startswith("text, letters, words, typography")
        assert "neon color" in p.negative_prompt  # avoided families go negative


def test_company_name_never_reaches_the_prompt():
    for p in build_prompts(profile(), 6):
        assert "northwind" not in p.prompt.lower()


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("(masterpiece:1.5)", "masterpiece"),
        ("[[bold]]", "bold"),
        ("<lora:evil_style:0.9> retro", "retro"),
        ("vintage BREAK nsfw", "vintage nsfw"),
        ("trait:Playful", "playful"),
        ("Café_Bar-Style", "cafe bar style"),
        ("東京", ""),
        ("write the word HELLO", "write the hello"),
        ("a " * 40, "a " * 15 + "a"),
    ],
)
def test_clean_term_strips_prompt_syntax_and_caps_length(raw, clean):
    assert clean_term(raw) == clean.strip()
    assert len(clean_term(raw)) <= 32


def test_hostile_profile_terms_come_out_as_plain_words():
    hostile = profile(
        style=["(photorealistic:2.0)", "<lora:x:1>", "minimal)) ((nsfw"],
        traits=[("x" * 500, 1.0)],
        hue_families=["red, (text:3)"],
        industry=IndustryMatch(query="q", industry="i", label="[bank] (logo:9)", method="default", confidence=0),
    )
    for p in build_prompts(hostile, 3):
        assert not re.search(r"[()\[\]<>:]", p.prompt)
        assert "x" * 33 not in p.prompt
        assert len(p.prompt.split()) <= 70  # CLIP reads 77 tokens


def test_empty_profile_still_prompts():
    p = build_prompts(profile(traits=[], style=[], hue_families=[], industry=profile().industry), 2)
    assert all("limited palette of two or three colors" in q.prompt for q in p)
    with pytest.raises(ValueError):
        build_prompts(profile(), 0)
