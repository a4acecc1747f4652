"""The one function every piece of UI text goes through.

`t("cnn.title")` looks the key up in the current language's catalogue (`core/locales/`),
falling back to English, and fills `{placeholders}` from keyword arguments. Pages never
hard-code a sentence, so adding a language is adding a catalogue.
"""

from __future__ import annotations

from core.locales import en

CATALOGUES: dict[str, dict[str, str]] = {"en": en.TEXT}
LANGUAGE = "en"  # English only for now; choosing a catalogue per session comes with the next one


def t(key: str, **values: object) -> str:
    """The text for `key` in the app's language, with `values` filled in.

    An unknown key raises KeyError: a missing string is a bug to catch in tests, not
    something to show a student.
    """
    text = CATALOGUES[LANGUAGE].get(key) or CATALOGUES["en"][key]
    return text.format(**values) if values else text
