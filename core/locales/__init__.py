"""The catalogues of UI text, one module per language (`en`, `zh`), with the same keys.

A value is a string with `{placeholders}`, or a `Plural` when its words depend on a number.
`GLOSSARY.md` at the repository's root decides each term once per language.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Plural:
    """A message whose words depend on a number: `by` names the placeholder holding it, and
    each of the language's plural categories (CLDR: 'one', 'other'; Chinese has only 'other')
    has its own text. A category the language uses but the message lacks takes `other`."""

    by: str
    other: str
    one: str | None = None

    def text(self, category: str) -> str:
        return getattr(self, category, None) or self.other

    def forms(self) -> tuple[str, ...]:
        return tuple(form for form in (self.one, self.other) if form is not None)
