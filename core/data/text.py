"""The one text pipeline for review models: normalise, split into words, map to ids.

Training data and typed text go through the same functions, so the model always sees
words the way it was trained on them. Id 0 is padding (masked, so it never feeds the
recurrence), id 1 stands for every out-of-vocabulary word, and ids from 2 up are the
training split's words from most to least frequent.
"""

from __future__ import annotations

import html
import json
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

PAD, OOV = 0, 1
PAD_TOKEN, OOV_TOKEN = "", "[UNK]"
MAX_REVIEW_CHARACTERS = 100_000  # typed text beyond this is not even tokenised

_BREAKS = re.compile(r"<\s*br\s*/?\s*>", re.IGNORECASE)
_TAGS = re.compile(r"</?[a-zA-Z][^<>]{0,100}>")  # a tag starts with a letter: "a < b > c" is not one


def _combining_marks() -> str:
    """Every combining mark of the Basic Multilingual Plane (Unicode category M) as a regex
    class body: vowel signs and viramas are part of words in Devanagari, Thai, Tamil…"""
    ranges, start = [], None
    for code in range(0x10000 + 1):
        is_mark = code < 0x10000 and unicodedata.category(chr(code)).startswith("M")
        if is_mark and start is None:
            start = code
        elif not is_mark and start is not None:
            ranges.append(f"\\u{start:04x}-\\u{code - 1:04x}")
            start = None
    return "".join(ranges)


# A word: letters or digits (any script) with their combining marks, and inner apostrophes
# kept ("don't", "90's").
LETTER = rf"(?:[^\W_]|[{_combining_marks()}])"
_WORD = re.compile(rf"{LETTER}+(?:'{LETTER}+)*")


def plain(text: str) -> str:
    """Review text for reading: HTML breaks and tags gone, entities decoded, whitespace
    collapsed; case and punctuation kept."""
    text = html.unescape(text)
    return " ".join(_TAGS.sub(" ", _BREAKS.sub(" ", text)).split())


def normalise(text: str) -> str:
    """Review text as the vocabulary sees it: HTML breaks and tags gone, entities decoded,
    Unicode in its compatibility form (full-width letters, ligatures), lower case, and
    curly apostrophes made straight."""
    text = html.unescape(text)  # first, so an escaped "&lt;br /&gt;" is a break too
    text = unicodedata.normalize("NFKC", _TAGS.sub(" ", _BREAKS.sub(" ", text)))
    return text.replace("\u2019", "'").replace("`", "'").casefold()


def tokenize(text: str) -> list[str]:
    """The words of `text` after `normalise`; punctuation, symbols and emoji are dropped."""
    return _WORD.findall(normalise(text))


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


class Vocabulary:
    """Words ↔ ids. Built from training texts only; saved with the model as JSON."""

    def __init__(self, words: list[str]):
        self.words = [PAD_TOKEN, OOV_TOKEN, *words]
        self._ids = {word: index for index, word in enumerate(self.words) if index >= 2}

    def __len__(self) -> int:
        """The vocabulary size the embedding needs: padding and OOV included."""
        return len(self.words)

    @classmethod
    def build(cls, texts: Iterable[str], size: int) -> Vocabulary:
        """The `size - 2` most frequent words of `texts` (ties broken alphabetically, so the
        same texts always give the same vocabulary), plus padding and OOV."""
        return cls.from_words((tokenize(text) for text in texts), size)

    @classmethod
    def from_words(cls, word_lists: Iterable[list[str]], size: int) -> Vocabulary:
        """`build` for texts already split into words (so a caller splits them only once)."""
        counts = Counter(word for words in word_lists for word in words)
        ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
        return cls([word for word, _ in ranked[: max(0, size - 2)]])

    def lookup(self, word: str) -> int:
        """The id of `word`: its rank in the vocabulary, or OOV."""
        return self._ids.get(word, OOV)

    def encode(self, text: str, length: int) -> Encoded:
        """`text` as `length` ids: its first `length` words, then padding."""
        tokens = tokenize(text[:MAX_REVIEW_CHARACTERS])
        used = min(len(tokens), length)
        next_id = self.lookup(tokens[used]) if used < len(tokens) else PAD
        return Encoded(self.ids(tokens, length), tokens, used, next_id)

    def ids(self, words: list[str], length: int) -> np.ndarray:
        """(length,) int32: the ids of the first `length` words, then padding."""
        ids = np.zeros(length, dtype=np.int32)
        ids[: min(len(words), length)] = [self.lookup(word) for word in words[:length]]
        return ids

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
