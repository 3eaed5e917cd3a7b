"""The language of the API's error messages: they are shown to a person (the web page puts them beside the
brief's fields), so they come from the catalogues (brandkit.i18n) while codes, `type` and `loc` stay English.

Which catalogue: the request's Accept-Language (what the reader asked for), else the `language` of the brief
in the body (POST /brands), else English; a tag with no catalogue is skipped (docs/LANGUAGES.md).
"""

from __future__ import annotations

import json
from typing import Any

from brandkit.i18n import Translator, for_reader


def reader(event: Any) -> Translator:
    return for_reader(event.headers.get("accept-language"), _brief_language(event))


def _brief_language(event: Any) -> str | None:
    try:
        body = json.loads(event.decoded_body or "null")
    except (ValueError, TypeError):  # not JSON, not UTF-8, not base64: no brief to read a language from
        return None
    language = body.get("language") if isinstance(body, dict) else None
    return language if isinstance(language, str) and len(language) <= 35 else None
