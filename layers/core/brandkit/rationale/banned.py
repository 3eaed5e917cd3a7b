"""Empty marketing words a rationale must never use, in every language the writers support.

The list is the test the issue asks for ("no filler"): the deterministic writer's templates
are checked against it, and Claude's output that uses one is sent back once as invalid.
Matching is case-insensitive and on word boundaries for alphabetic languages; Japanese has
no spaces, so its entries match as substrings.
"""

from __future__ import annotations

import re
from functools import lru_cache

BANNED_WORDS: dict[str, tuple[str, ...]] = {
    "en": (
        "innovative", "innovation", "innovations", "seamless", "seamlessly", "cutting-edge", "cutting edge", "synergy",
        "synergies", "world-class", "world class", "best-in-class", "best in class", "game-changing",
        "game changer", "game-changer", "revolutionary", "revolutionize", "next-generation", "next generation",
        "next-gen", "state-of-the-art", "state of the art", "bleeding-edge", "disruptive", "disrupt",
        "paradigm", "leverage", "empower", "empowering", "unparalleled", "unrivaled", "unrivalled",
        "holistic", "turnkey", "one-stop", "robust", "elevate", "supercharge", "groundbreaking",
        "ground-breaking", "industry-leading", "market-leading", "best-of-breed", "visionary", "futuristic",
    ),
    "es": (
        "innovador", "innovadora", "innovadores", "innovadoras", "innovación", "sin fisuras",
        "de vanguardia", "vanguardista", "sinergia", "sinergias", "de clase mundial", "de primer nivel",
        "revolucionario", "revolucionaria", "de última generación", "de próxima generación",
        "disruptivo", "disruptiva", "inigualable", "sin igual", "holístico", "holística", "llave en mano",
    ),
    "fr": (
        "innovant", "innovante", "innovants", "innovantes", "innovation", "sans couture", "sans accroc",
        "de pointe", "avant-gardiste", "synergie", "synergies", "de classe mondiale", "révolutionnaire",
        "dernière génération", "nouvelle génération", "disruptif", "disruptive", "inégalé", "inégalée",
        "holistique", "clé en main",
    ),
    "de": (
        "innovativ", "innovative", "innovativen", "innovativer", "innovatives", "Innovation", "nahtlos",
        "nahtlose", "nahtlosen", "hochmodern", "hochmoderne", "hochmodernen", "Synergie", "Synergien",
        "Weltklasse", "erstklassig", "bahnbrechend", "bahnbrechende", "revolutionär", "revolutionäre",
        "der nächsten Generation", "neuester Generation", "State of the Art", "modernste", "modernsten",
        "disruptiv", "disruptive", "unvergleichlich", "ganzheitlich", "schlüsselfertig",
    ),
    "ja": (
        "革新的", "イノベーティブ", "シームレス", "最先端", "相乗効果", "シナジー", "世界クラス", "ワールドクラス",
        "業界最高", "業界トップクラス", "画期的", "革命的", "次世代", "最新鋭", "ゲームチェンジャー",
        "唯一無二", "圧倒的",
    ),
}

_NO_SPACES = {"ja"}


@lru_cache(maxsize=1)
def _pattern() -> re.Pattern[str]:
    parts = []
    for lang, words in BANNED_WORDS.items():
        for word in words:
            escaped = re.escape(word)
            parts.append(escaped if lang in _NO_SPACES else rf"(?<![^\W\d_]){escaped}(?![^\W\d_])")
    # Longest first so "cutting-edge" wins over a shorter overlap.
    parts.sort(key=len, reverse=True)
    return re.compile("|".join(parts), re.IGNORECASE)


def banned_words_in(text: str) -> list[str]:
    """Every banned word or phrase found in `text` (any supported language), as written there."""
    return [m.group(0) for m in _pattern().finditer(text)]
