"""The pages' languages: Indonesian by default, English on request, from one catalogue per language.

Templates and page routes write their text in English, wrapped in calls like `t("Sign in")`;
`locales/id.json` maps each such string to its Indonesian. English needs no catalogue. The choice is a
cookie set by /language, so a link keeps working for everyone who opens it. A test checks that every
string the templates and page modules wrap has an Indonesian entry: no page ships half translated.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

from starlette.requests import HTTPConnection

LANGUAGES = ("id", "en")
DEFAULT_LANGUAGE = "id"
COOKIE = "suara_lang"
LOCALES = Path(__file__).parent / "locales"

Translate = Callable[..., str]


@cache
def catalogue(language: str) -> dict[str, str]:
    """The strings of `language` (empty for English, the source language)."""
    path = LOCALES / f"{language}.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


def language_of(connection: HTTPConnection) -> str:
    """The visitor's chosen language (cookie), else Indonesian."""
    chosen = connection.cookies.get(COOKIE)
    return chosen if chosen in LANGUAGES else DEFAULT_LANGUAGE


def translator(language: str) -> Translate:
    """`t("Sign in")` → "Masuk"; keyword arguments fill `{name}` fields after translation."""
    strings = catalogue(language)

    def translate(text: str, /, **fields: Any) -> str:
        translated = strings.get(text, text)
        return translated.format(**fields) if fields else translated

    return translate
