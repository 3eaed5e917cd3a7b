"""The guidelines' page layout: no page holds only a few lines spilled from the page before.

The story's last block (what the brand graph found) fits its page, with fewer facts if need be, or moves whole;
the type scale and its usage note end their section together; the applications' heading keeps its first images.
"""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Frame, Spacer

from brandkit.artifacts import Fact
from brandkit.guidelines import build_guidelines_pdf
from brandkit.guidelines.pages import FirstThatFits
from tests.unit.guidelines_fixtures import guidelines_input, jpeg

pytestmark = pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils is needed")

FOUND, WRITER = "Whatthebrandgraphfound", "Writtenbythedeterministicwriter."
OBJECTS = ["warm", "honest", "fresh", "calm", "bold", "playful", "sincere", "modern", "classic", "organic", "bright",
           "quiet"]


def pages(pdf: bytes) -> list[str]:
    """Each page's text without whitespace: pdftotext breaks some small-size lines inside words."""
    done = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True, timeout=60)
    return [re.sub(r"\s+", "", page) for page in done.stdout.decode("utf-8").split("\f")]


def squashed(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_first_that_fits_takes_the_fullest_version_the_room_allows_else_moves_whole(tmp_path):
    versions = [[Spacer(10, height)] for height in (300, 200, 100)]
    for room, expected in ((350, 300), (250, 200), (150, 100)):
        block = FirstThatFits(versions)
        assert block.wrap(400, room) == (400, expected)
    block = FirstThatFits(versions)
    assert block.wrap(400, 50) == (400, 300) and block.split(400, 50) == []  # none fits: the first, moved whole
    frame = Frame(0, 0, 400, 320, leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    canvas = Canvas(str(tmp_path / "x.pdf"), pagesize=A4)
    assert frame.add(Spacer(10, 100), canvas) and frame.add(FirstThatFits(versions), canvas)  # 200 of 220 left
    assert not frame.add(FirstThatFits(versions), canvas)  # 20 left: the frame moves it on


def test_the_graph_facts_never_spill_a_few_lines_onto_the_next_page():
    """Stories of growing length: the block of facts sits whole on the story's page (all 12 facts, or at least 6)
    or whole at the top of the next page with all 12, never split between two pages."""
    outcomes = set()
    for sentences in range(0, 40, 3):
        summary = " ".join(f"Sentence {i} about the roastery, its farmers and its roasts." for i in range(sentences))
        doc = guidelines_input(summary=summary or None, previews=False)
        facts = [Fact(subject="coffee", relation="evokes", object=o, weight=0.5, source="Aaker 1997") for o in OBJECTS]
        doc = doc.model_copy(update={"profile": doc.profile.model_copy(update={"facts": facts})})
        text = pages(build_guidelines_pdf(doc))
        (page,) = [p for p in text if FOUND in p]
        assert WRITER in page, f"{sentences} sentences: the writer's line left its block"
        shown = sum(f"evokes{o}—" in page for o in OBJECTS)
        moved = "Brandstory" not in page
        assert shown >= 6 and (not moved or shown == 12), (sentences, shown, moved)
        if moved:  # at the top of its page: the page before ends the story's text
            assert page.startswith(FOUND), page[:200]
        outcomes.add("moved" if moved else "all" if shown == 12 else "fewer")
    assert outcomes == {"all", "fewer", "moved"}, outcomes  # every way out was taken by some story length


def test_the_type_scale_ends_with_its_usage_and_the_applications_start_with_their_images():
    # A kit's dozen social formats: two pages of previews, more than the room under the section's heading.
    sizes = {"square": (1080, 1080), "portrait": (1080, 1350), "story": (1080, 1920), "pinterest-pin": (1000, 1500),
             "feed-og": (1200, 630), "x-card": (1200, 675), "linkedin-post": (1200, 627), "x-header": (1500, 500),
             "linkedin-cover": (1584, 396), "youtube-banner": (2560, 1440), "avatar": (400, 400)}
    previews = {name: jpeg(*size) for name, size in sizes.items()}
    summary = " ".join(f"Sentence {i} about the roastery, its farmers and its roasts." for i in range(12))
    text = pages(build_guidelines_pdf(guidelines_input(summary=summary).model_copy(
        update={"social_previews": previews})))
    (scale,) = [p for p in text if "Typescale" in p]
    assert "Usage" in scale and squashed("Set headings in the heading face") in scale
    (applications,) = [p for p in text if "Applications" in p and "Socialmedia" in p]
    assert "px" in applications  # the first images' captions are on the heading's page


def test_the_specimens_excerpt_of_the_story_ends_on_a_whole_word_with_an_ellipsis():
    from brandkit.guidelines.sections import excerpt

    story = "The Brand Knowledge Graph reads the brand as cheerfulness, honesty, and wholesomeness."
    assert excerpt(story, 200) == story  # short enough: untouched
    assert excerpt(story, 70) == "The Brand Knowledge Graph reads the brand as cheerfulness, honesty…"  # "an|d"
    assert excerpt(story, 71) == "The Brand Knowledge Graph reads the brand as cheerfulness, honesty, and…"
    assert len(excerpt("京都の小さな茶房。季節の和菓子と抹茶。" * 20, 30)) == 31  # no spaces: cut at the limit, then …
