"""Matching a brief's words to graph vertices: names, synonyms, then IDF-weighted word overlap."""

import pytest

from brandkit.bkg import embedded_graph
from brandkit.bkg.match import Matcher, normalise, resolve_words, similarity, stem, tokens


@pytest.fixture(scope="module")
def industries():
    return Matcher(embedded_graph().industries())


def test_normalising_and_tokens():
    assert normalise("Children’s  Toys & Games!") == "children toys and games"
    assert tokens("The Coffee Roasters of Oslo") == ["coffee", "roaster", "oslo"]
    assert tokens("茶館") == ["茶", "館", "茶館"]  # no spaces in Han: characters and bigrams
    assert stem("bakeries") == "bakery" and stem("glass") == "glass" and stem("المخبز") == "مخبز"


def test_similarity_forgives_typos_in_longer_words_only():
    assert similarity("fintech", "fintech") == 1.0
    assert 0.6 <= similarity("fintec", "fintech") < 1.0
    assert similarity("law", "lab") == 0.0
    assert similarity("bakery", "brewery") == 0.0


@pytest.mark.parametrize("query,key,method", [
    ("Fintech", "fintech", "exact"), ("Coffee roastery & café", "coffee", "exact"),
    ("children's toys", "toys", "exact"), ("wedding planner", "events", "synonym"),
    ("specialty coffee roastery", "coffee", "overlap"), ("veterinary clinic for dogs", "pets", "overlap"),
    ("a craft brewery", "brewery", "overlap"),
])
def test_rank(industries, query, key, method):
    best = industries.rank(query)[0]
    assert (best.node.key, best.method) == (key, method)


def test_confidence_orders_the_methods(industries):
    exact, synonym, overlap = (
        industries.rank(q)[0].confidence for q in ("fintech", "neobank", "digital neobanking app")
    )
    assert exact == 1.0 > synonym > overlap


def test_nothing_in_common_ranks_nothing(industries):
    assert industries.rank("zzzz qqqq") == []
    assert industries.rank("   ") == []


def test_ties_break_by_id(industries):
    ranked = industries.rank("artisan bread and coffee")
    scores = [m.confidence for m in ranked]
    assert scores == sorted(scores, reverse=True)
    tied = [m.node.id for m in ranked if m.confidence == ranked[0].confidence]
    assert tied == sorted(tied)


def test_resolve_words_keeps_only_good_matches():
    traits = Matcher(embedded_graph().traits())
    resolved = {word: m.node.key for word, m in resolve_words(["Honesty", "radical transparency", "blorp"], traits)}
    assert resolved == {"Honesty": "honest", "radical transparency": "honest"}
