"""The one text pipeline for review models: normalise, split into words, map to ids.

Training data and typed text go through the same functions, so the model always sees
words the way it was trained on them. Id 0 is padding (masked, so it never feeds the
recurrence), id 1 stands for every out-of-vocabulary word, and ids from 2 up are the
training split's words from most to least frequent.

How a review is split into words (`core.script_templates.review_words`) and the
vocabulary (`core.script_templates.vocabulary`) are the exported script's own, so a
script reads reviews as the app does. This module adds what the pages need beyond the
script: reviews for reading, what became of each word of a typed text, and the
vocabulary's JSON beside a saved model.
"""

from __future__ import annotations

import html
import json
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from core.script_templates import vocabulary
from core.script_templates.review_words import BREAKS, TAGS
from core.script_templates.review_words import MAX_REVIEW_CHARACTERS as MAX_REVIEW_CHARACTERS
from core.script_templates.review_words import tokenize as tokenize
from core.script_templates.vocabulary import OOV as OOV
from core.script_templates.vocabulary import OOV_TOKEN as OOV_TOKEN
from core.script_templates.vocabulary import PAD as PAD
from core.script_templates.vocabulary import PAD_TOKEN as PAD_TOKEN


def plain(text: str) -> str:
    """Review text for reading: HTML breaks and tags gone, entities decoded, whitespace
    collapsed; case and punctuation kept."""
    text = html.unescape(text)
    return " ".join(TAGS.sub(" ", BREAKS.sub(" ", text)).split())


@dataclass(frozen=True)
class Encoded:
    """One text as the model sees it."""

    ids: np.ndarray  # (length,) int32, the kept words' ids, then zeros (padding)
    tokens: list[str]  # every word of the text, including those past the cut
    used: int  # how many words were kept (the rest were cut)
    next_id: int = PAD  # the id of the first word past the cut (PAD when nothing was cut)

    @property
    def oov(self) -> np.ndarray:
        """(used,) bool: which kept words are out of the vocabulary."""
        return self.ids[: self.used] == OOV

    @property
    def cut(self) -> int:
        """How many words fell past the model's sequence length."""
        return len(self.tokens) - self.used


class Vocabulary(vocabulary.Vocabulary):
    """Words ↔ ids (the script's `Vocabulary`), which also reads whole texts and is saved
    with the model as JSON."""

    @classmethod
    def build(cls, texts: Iterable[str], size: int) -> Vocabulary:
        """The `size - 2` most frequent words of `texts` (ties broken alphabetically, so the
        same texts always give the same vocabulary), plus padding and OOV."""
        return cls.from_words((tokenize(text) for text in texts), size)

    def encode(self, text: str, length: int) -> Encoded:
        """`text` as `length` ids: its first `length` words, then padding."""
        tokens = tokenize(text[:MAX_REVIEW_CHARACTERS])
        used = min(len(tokens), length)
        next_id = self.lookup(tokens[used]) if used < len(tokens) else PAD
        return Encoded(self.ids(tokens, length), tokens, used, next_id)

    def encode_many(self, texts: Iterable[str], length: int) -> np.ndarray:
        """(n, length) int32 ids for many texts."""
        return np.stack([self.encode(text, length).ids for text in texts])

    def to_json(self) -> str:
        """The words (padding and OOV are implied), to save beside a model."""
        return json.dumps({"words": self.words[2:]}, ensure_ascii=False)

    @classmethod
    def from_json(cls, data: str) -> Vocabulary:
        """The vocabulary `to_json` saved."""
        return cls(list(json.loads(data)["words"]))
