"""Deployment settings, read from the environment the template (or the local twin) sets."""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Literal


@dataclass(frozen=True)
class Settings:
    logo_engine: Literal["vector", "sdxl"]
    page_size: Literal["A4", "Letter"]


def settings() -> Settings:
    engine = os.environ.get("LOGO_ENGINE", "vector")
    if engine not in ("vector", "sdxl"):
        raise ValueError(f"LOGO_ENGINE must be 'vector' or 'sdxl', not {engine!r}")
    page = os.environ.get("PAGE_SIZE", "A4")
    if page not in ("A4", "Letter"):
        raise ValueError(f"PAGE_SIZE must be 'A4' or 'Letter', not {page!r}")
    return Settings.model_validate({"logo_engine": engine, "page_size": page})
