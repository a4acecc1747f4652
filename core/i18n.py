"""The one function every piece of UI text goes through, in the reader's language.

`t("cnn.title")` looks the key up in the catalogue of the language in use (`core/locales/`)
and fills `{placeholders}` from keyword arguments; a `Plural` picks the words for its number
by the language's plural rules (CLDR, through Babel). Pages never hard-code a sentence.

Whose language is "in use" is decided outside core: the app installs a `language_source`
(`ui.language`, which reads the person's session), and `using(language)` overrides it for a
block of code (tests, a file exported in a given language). Code that runs for nobody in
particular (a training thread) must not render text: it keeps a `Message`, a key and its
values, which each reader renders in their own language when it is shown, and which the run
registry stores as JSON.
"""

from __future__ import annotations

import contextlib
import contextvars
import json
import math
import numbers
import re
import string
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime

from babel import Locale
from babel.dates import format_skeleton
from babel.numbers import format_compact_decimal

from core.locales import Plural, en, zh

LANGUAGES = ("en", "zh")  # English, Simplified Chinese
DEFAULT_LANGUAGE = "en"
CATALOGUES: dict[str, dict[str, str | Plural]] = {"en": en.TEXT, "zh": zh.TEXT}
LOCALES = {"en": Locale.parse("en"), "zh": Locale.parse("zh_Hans_CN")}
LANGUAGE_NAMES = {"en": "English", "zh": "中文"}  # each in its own language, as a switch shows them

_override: contextvars.ContextVar[str | None] = contextvars.ContextVar("language_override", default=None)
language_source: Callable[[], str | None] = lambda: None  # noqa: E731  (the app installs ui.language's)


def normalise(language: object) -> str | None:
    """One of LANGUAGES for a language tag ('zh', 'zh-CN', 'zh_Hans', 'en-GB'), else None."""
    if not isinstance(language, str):
        return None
    primary = language.strip().replace("_", "-").split("-")[0].lower()
    return primary if primary in LANGUAGES else None


def current() -> str:
    """The language in use here: an override (`using`), else the reader's, else English."""
    return _override.get() or normalise(language_source()) or DEFAULT_LANGUAGE


@contextlib.contextmanager
def using(language: str) -> Iterator[None]:
    """Render every `t()` in this block (this thread or task) in `language`."""
    if normalise(language) is None:
        raise ValueError(f"unknown language {language!r}; languages: {', '.join(LANGUAGES)}")
    token = _override.set(normalise(language))
    try:
        yield
    finally:
        _override.reset(token)


def raw(key: str, language: str | None = None) -> str | Plural:
    """The catalogue entry for `key` in `language` (the current one unless given), as written.

    An unknown key raises KeyError: a missing string is a bug to catch in tests, not
    something to show a student.
    """
    return CATALOGUES[language or current()][key]


def t(key: str, **values: object) -> str:
    """The text for `key` in the language in use, with `values` filled in."""
    text = _template(key, values)
    return text.format(**values) if values else text


def _template(key: str, values: dict) -> str:
    """The catalogue's text for `key` in the language in use; of a `Plural`, the form for the
    number its values hold."""
    language = current()
    text = raw(key, language)
    if isinstance(text, Plural):
        text = text.text(_plural_category(values.get(text.by), language))
    return text


def _plural_category(count: object, language: str) -> str:
    """The language's plural category for `count` ('one', 'other'); 'other' for what is not a
    finite number (a NaN, a flag)."""
    if isinstance(count, numbers.Real) and not isinstance(count, bool) and math.isfinite(count):
        return LOCALES[language].plural_form(abs(count))
    return "other"


_FIELD = re.compile(r"\{(\w+)(?::([^{}]*))?\}")


def _forgiving(text: str, values: dict) -> str:
    """`text` with each placeholder filled as well as its value allows: a value of the wrong
    type as it is, a missing one as '…'. For messages stored by another version of the app."""

    def fill(match: re.Match) -> str:
        name, spec = match.group(1), match.group(2) or ""
        if name not in values:
            return "…"
        try:
            return format(values[name], spec)
        except (TypeError, ValueError, OverflowError):
            return str(values[name])

    return _FIELD.sub(fill, text)


def placeholders(text: str | Plural) -> set[str] | None:
    """The `{names}` with their format specs (`count:,`) that `text` fills in, from every form
    of a `Plural`; None for a text that is not a template (a LaTeX formula's braces)."""
    forms = text.forms() if isinstance(text, Plural) else (text,)
    try:
        return {
            f"{name}:{spec}" if spec else name
            for form in forms
            for _, name, spec, _ in string.Formatter().parse(form)
            if name is not None
        }
    except ValueError:
        return None


def large_number(count: float) -> str:
    """A count of millions or more in words, as the language groups it: '26.2 million',
    '4.2 billion'; '2620万', '42亿'."""
    return format_compact_decimal(count, format_type="long", locale=LOCALES[current()], fraction_digits=1)


def date_time(seconds: float) -> str:
    """A moment (Unix seconds, local time) as the language writes a day and a time of day,
    the way a class tells runs apart: 'Dec 7 22:47', '12月7日 22:47'."""
    moment, locale = datetime.fromtimestamp(seconds), LOCALES[current()]
    return f"{format_skeleton('MMMd', moment, locale=locale)} {format_skeleton('Hm', moment, locale=locale)}"


@dataclass(frozen=True)
class Message:
    """A catalogue key and its values, kept until someone reads it: `str(message)` renders it
    in the language in use then. `Message.plain(text)` holds a text that is no key (what an
    earlier version stored, an exception's own words) and renders as it is."""

    key: str
    values: dict = field(default_factory=dict)

    PLAIN = ""  # the key of a plain text, held in values["text"]

    @classmethod
    def plain(cls, text: str) -> Message:
        return cls(cls.PLAIN, {"text": text})

    def __str__(self) -> str:
        if self.key == self.PLAIN:
            return str(self.values.get("text", ""))
        text = _template(self.key, self.values)
        try:
            return text.format(**self.values)
        except (KeyError, ValueError, IndexError, TypeError, OverflowError, AttributeError):
            # Stored by a version whose message had other values, or values of another type.
            return _forgiving(text, self.values)

    def __bool__(self) -> bool:
        return self.key != self.PLAIN or bool(self.values.get("text"))

    def to_json(self) -> str:
        """As the run registry stores it: '' for an empty message, else JSON with the key and values."""
        if not self:
            return ""
        return json.dumps({"key": self.key, "values": self.values}, ensure_ascii=False)

    @classmethod
    def from_json(cls, stored: str | None, fallback: str | None = None) -> Message:
        """A stored message back. What is not one (an earlier version's sentence, a key this
        version no longer has) comes back as the plain text `fallback`, else as stored."""
        if not stored:
            return cls.plain(fallback or "")
        try:
            data = json.loads(stored)
        except (TypeError, ValueError):
            data = None
        if not isinstance(data, dict) or not isinstance(data.get("key"), str):
            return cls.plain(stored if fallback is None else fallback)
        values = data.get("values") if isinstance(data.get("values"), dict) else {}
        if data["key"] == cls.PLAIN:
            return cls.plain(str(values.get("text", "")))
        if data["key"] not in en.TEXT:  # a message this version no longer has
            return cls.plain(stored if fallback is None else fallback)
        return cls(data["key"], values)
