"""Resolve the words of a brief to graph vertices: industries, traits (from values) and styles.

Order of preference: the vertex's own name or id ("exact"), one of its synonyms ("synonym"), then the
nearest by word overlap ("overlap"): query words are weighted by how specific they are across the
vocabulary (an IDF), misspellings match by character trigrams, and scripts written without spaces
(Han, kana, Hangul) are compared by character unigrams and bigrams.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Literal

from brandkit.bkg.repository import Named
from brandkit.fonts.scripts import is_cjk

STOPWORDS = frozenset("a an and the of for in on at to with by our we my your co inc ltd llc gmbh".split())
_WORD = re.compile(r"\w+", re.UNICODE)
FUZZY_MIN = 0.6  # trigram similarity below which two words are different words


def normalise(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).casefold()
    text = re.sub(r"['’]s\b", "", text).replace("&", " and ")
    return " ".join(_WORD.findall(text.replace("_", " ")))


def _unaccent(word: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c))


def _spaceless(word: str) -> bool:
    return any(map(is_cjk, word))


@cache
def stem(word: str) -> str:
    """A light English stemmer (plural and a few suffixes) plus the Arabic article; enough for matching."""
    if word.startswith("ال") and len(word) > 4:
        return word[2:]
    word = _unaccent(word)
    for suffix, repl in (("ies", "y"), ("ing", ""), ("ers", "er"), ("es", "e"), ("s", "")):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3 and not word.endswith("ss"):
            return word[: len(word) - len(suffix)] + repl
    return word


def tokens(text: str) -> list[str]:
    out: list[str] = []
    for word in normalise(text).split():
        if word in STOPWORDS:
            continue
        if _spaceless(word):
            out.extend(word)
            out.extend(word[i:i + 2] for i in range(len(word) - 1))
        else:
            out.append(stem(word))
    return list(dict.fromkeys(out))


def _trigrams(word: str) -> frozenset[str]:
    padded = f"  {word} "
    return frozenset(padded[i:i + 3] for i in range(len(padded) - 2))


@cache
def similarity(a: str, b: str) -> float:
    """1 for the same word, the trigram Jaccard for likely misspellings of longer words, else 0."""
    if a == b:
        return 1.0
    if min(len(a), len(b)) < 4 or _spaceless(a) or _spaceless(b):
        return 0.0
    ta, tb = _trigrams(a), _trigrams(b)
    score = len(ta & tb) / len(ta | tb)
    return score if score >= FUZZY_MIN else 0.0


@dataclass(frozen=True)
class Match:
    node: Named
    method: Literal["exact", "synonym", "overlap"]
    confidence: float


class Matcher:
    """Ranks a set of named vertices against free text."""

    def __init__(self, nodes: Sequence[Named]) -> None:
        self.nodes = list(nodes)
        self._exact: dict[str, Named] = {}
        self._synonym: dict[str, Named] = {}
        self._phrases: list[tuple[Named, list[str]]] = []
        df: Counter[str] = Counter()
        for node in self.nodes:
            for key in (node.key, node.name):
                self._exact.setdefault(normalise(key.replace("-", " ")), node)
            vocab: set[str] = set()
            for phrase in (node.name, *node.synonyms):
                self._synonym.setdefault(normalise(phrase), node)
                toks = tokens(phrase)
                if toks:
                    self._phrases.append((node, toks))
                vocab.update(toks)
            df.update(vocab)
        count = max(len(self.nodes), 1)
        self._idf = {tok: math.log(1 + count / n) for tok, n in df.items()}
        self._unknown_idf = math.log(1 + count)

    def idf(self, token: str) -> float:
        return self._idf.get(token, self._unknown_idf)

    def rank(self, text: str, limit: int = 3) -> list[Match]:
        """Best matches first (ties by id); empty when nothing overlaps."""
        key = normalise(text.replace("-", " "))
        if not key:
            return []
        if key in self._exact:
            return [Match(self._exact[key], "exact", 1.0)]
        if key in self._synonym:
            return [Match(self._synonym[key], "synonym", 0.95)]
        scores = self._overlap(tokens(text))
        ranked = sorted(scores.items(), key=lambda item: (-item[1], item[0].id))
        return [Match(node, "overlap", round(min(score, 0.9), 4)) for node, score in ranked[:limit] if score > 0]

    def _overlap(self, query: list[str]) -> dict[Named, float]:
        """Per vertex: half how much of the query its vocabulary covers, half how much of its best phrase
        the query covers, both weighted by IDF."""
        if not query:
            return {}
        query_weight = sum(self.idf(t) for t in query)
        coverage: dict[Named, dict[str, float]] = {}
        precision: dict[Named, float] = {}
        for node, phrase in self._phrases:
            matched = 0.0
            for p_tok in phrase:
                best = max(similarity(q_tok, p_tok) for q_tok in query)
                matched += best * self.idf(p_tok)
            for q_tok in query:
                sim = max(similarity(q_tok, p_tok) for p_tok in phrase)
                if sim:
                    seen = coverage.setdefault(node, {})
                    seen[q_tok] = max(seen.get(q_tok, 0.0), sim)
            if matched:
                share = matched / sum(self.idf(t) for t in phrase)
                precision[node] = max(precision.get(node, 0.0), share)
        return {
            node: 0.5 * sum(sim * self.idf(tok) for tok, sim in coverage.get(node, {}).items()) / query_weight
            + 0.5 * precision[node]
            for node in precision
        }


def resolve_words(words: Iterable[str], matcher: Matcher, threshold: float = 0.5) -> list[tuple[str, Match]]:
    """Each word (a value or style word) with its best match, if it is good enough; unknown words drop out."""
    out = []
    for word in words:
        ranked = matcher.rank(word, limit=1)
        if ranked and ranked[0].confidence >= threshold:
            out.append((word, ranked[0]))
    return out
