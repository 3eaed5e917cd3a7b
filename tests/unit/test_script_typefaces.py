"""Names in Hebrew, Japanese, Korean and Devanagari are set in a typeface drawn for their script: in the
lockup (the glyph outlines come from that face's file) and in the guidelines PDF (its embedded fonts,
read back with pdffonts). A name no shipped face can draw is refused at the brief, naming the script."""

from __future__ import annotations

import shutil
import subprocess

import pytest
from fontTools.ttLib import TTFont

from brandkit import fonts
from brandkit.brief import BriefError, parse_brief
from brandkit.guidelines import build_guidelines_pdf
from brandkit.logo import textpath
from brandkit.logo.designer import heading_family
from brandkit.profile import build_profile
from tests.unit.guidelines_fixtures import guidelines_input

CASES = {  # name, language, the classifications a designer would set it in
    "hebrew": ("אור ירושלים", "he", {"hebrew sans", "hebrew serif"}),
    "japanese": ("さくら珈琲", "ja", {"japanese gothic"}),
    "korean": ("하늘 디자인", "ko", {"korean gothic"}),
    "devanagari": ("प्राण योग", "hi", {"devanagari sans", "devanagari serif"}),
}
NOT_DESIGNED = {"Droid Sans Fallback", "Cousine", "JetBrains Mono", "Fira Code"}


def _profile(case: str):
    name, language, _ = CASES[case]
    return build_profile(parse_brief({"company_name": name, "industry": "bakery", "language": language}))


def _postscript_name(family: str, weight: str = "regular") -> str:
    with TTFont(fonts.font_file(family, weight), lazy=True) as font:
        return font["name"].getDebugName(6)


@pytest.mark.parametrize("case", sorted(CASES))
def test_lockup_name_is_drawn_from_a_face_of_its_script(case):
    name, _, classes = CASES[case]
    profile = _profile(case)
    family = heading_family(profile)
    assert fonts.font_info(family).classification in classes, (case, family)
    line = textpath.shape(name, family, weight="bold")
    assert line.text == name  # nothing dropped, nothing substituted
    used = {g.font.name for g in line.glyphs}
    assert used <= {fonts.font_file(family, "bold").name, fonts.font_file(family).name}, (case, used)


@pytest.mark.skipif(not shutil.which("pdffonts"), reason="poppler-utils is needed")
@pytest.mark.parametrize("case", sorted(CASES))
def test_guidelines_pdf_embeds_the_scripts_faces(case, tmp_path):
    name, language, classes = CASES[case]
    heading, body = (c.family for c in _profile(case).fonts)
    script = fonts.script_of(name)
    pdf = tmp_path / f"{case}.pdf"
    pdf.write_bytes(build_guidelines_pdf(guidelines_input(company=name, heading=heading, body=body, language=language,
                                                          script=script, summary=f"{name} — {name}. " * 3)))
    listed = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    embedded = {row.split()[0].split("+", 1)[-1] for row in listed.splitlines()[2:]}
    assert any(_postscript_name(heading, w) in embedded for w in ("regular", "bold")), (case, heading, embedded)
    assert not any(bad.replace(" ", "") in e for e in embedded for bad in NOT_DESIGNED), embedded


def test_a_name_no_face_can_draw_is_refused_naming_its_script():
    with pytest.raises(BriefError) as caught:
        parse_brief({"company_name": "ᏣᎳᎩ Tea", "industry": "tea shop"})
    (error,) = caught.value.errors
    assert error["field"] == "company_name" and "Cherokee" in error["message"]


def test_cli_refuses_an_undrawable_name_with_exit_2(tmp_path, capsys):
    from brandkit_local.cli import main

    brief = tmp_path / "brief.json"
    brief.write_text('{"company_name": "ᏣᎳᎩ", "industry": "tea shop"}', encoding="utf-8")
    assert main(["generate", str(brief), "--out", str(tmp_path / "kit")]) == 2
    assert "Cherokee" in capsys.readouterr().err
