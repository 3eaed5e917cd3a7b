"""Does a model's answer repeat its instructions? A prompt-injected brief may ask for exactly that.

Any run of eight words from the system prompt, or the name of one of the data blocks, counts as a
leak: ordinary brand prose never repeats eight consecutive words of the rules.
"""

from __future__ import annotations

import re
from functools import cache

from brandkit.rationale.prompt import SYSTEM_PROMPT

RUN = 8
BLOCK_NAMES = ("brief_data", "kit_data")


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.casefold())


@cache
def _prompt_runs() -> frozenset[tuple[str, ...]]:
    words = _words(SYSTEM_PROMPT)
    return frozenset(tuple(words[i:i + RUN]) for i in range(len(words) - RUN + 1))


def leaks_prompt(text: str) -> bool:
    if any(name in text.casefold() for name in BLOCK_NAMES):
        return True
    words = _words(text)
    runs = _prompt_runs()
    return any(tuple(words[i:i + RUN]) in runs for i in range(len(words) - RUN + 1))
