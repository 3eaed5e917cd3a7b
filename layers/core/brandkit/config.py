"""Deployment settings, read from the environment the template (or the local twin) sets."""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Literal, TypeVar

T = TypeVar("T", bound=str)


@dataclass(frozen=True)
class Settings:
    logo_engine: Literal["vector", "sdxl"]
    page_size: Literal["A4", "Letter"]


def settings() -> Settings:
    return Settings(
        logo_engine=_one_of("LOGO_ENGINE", ("vector", "sdxl")), page_size=_one_of("PAGE_SIZE", ("A4", "Letter"))
    )


def _one_of(name: str, options: tuple[T, ...]) -> T:
    """The environment variable `name`, one of `options` (the first is the default)."""
    value = os.environ.get(name, options[0])
    for option in options:
        if value == option:
            return option
    raise ValueError(f"{name} must be {' or '.join(repr(o) for o in options)}, not {value!r}")
