"""The one function every piece of UI text goes through.

`t("cnn.title")` looks the key up in the current language's catalogue (`core/locales/`),
falling back to English, and fills `{placeholders}` from keyword arguments. Pages never
hard-code a sentence, so adding a language is adding a catalogue.
"""

from __future__ import annotations

from core.locales import en

CATALOGUES: dict[str, dict[str, str]] = {"en": en.TEXT}
DEFAULT_LANGUAGE = "en"

_language = DEFAULT_LANGUAGE


def set_language(language: str) -> None:
    """Switch the catalogue; an unknown language keeps English."""
    global _language
    _language = language if language in CATALOGUES else DEFAULT_LANGUAGE


def t(key: str, **values: object) -> str:
    """The text for `key` in the current language, with `values` filled in.

    An unknown key raises KeyError: a missing string is a bug to catch in tests, not
    something to show a student.
    """
    text = CATALOGUES[_language].get(key) or CATALOGUES[DEFAULT_LANGUAGE][key]
    return text.format(**values) if values else text
