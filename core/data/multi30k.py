"""Multi30k English→German sentence pairs as the app holds them: its three splits, the
vocabularies, a typed sentence's word ids, and the teacher-forcing arrays a translator
trains on.

Sentences are lower-cased and split into words and punctuation marks, so a translation
can be joined back into a sentence and scored with sacreBLEU against the raw references.
A German vocabulary starts with `[start]` and `[end]` after padding and OOV; the decoder
reads `[start] w1 … wn` and learns to predict `w1 … wn [end]` (teacher forcing). Splitting
into words, the vocabularies and the arrays are the exported script's own
(`core.script_templates.multi30k_data`); this module adds the cached splits and what the
page tells a student about a typed sentence.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from core.data.text import Encoded, Vocabulary
from core.script_templates import multi30k_data
from core.script_templates.multi30k_data import END as END
from core.script_templates.multi30k_data import END_TOKEN as END_TOKEN
from core.script_templates.multi30k_data import MAX_SENTENCE_CHARACTERS, is_word, read_pairs, tokenize
from core.script_templates.multi30k_data import START as START
from core.script_templates.multi30k_data import START_TOKEN as START_TOKEN
from core.script_templates.multi30k_data import detokenize as detokenize
from core.script_templates.multi30k_data import teacher_forcing as teacher_forcing

DATA = Path(__file__).resolve().parents[2] / "assets" / "data"
SPLITS = ("train", "val", "test_2016_flickr")
DATASETS = ("multi30k",)


@dataclass(frozen=True)
class Pairs:
    english: list[str]
    german: list[str]

    def __len__(self) -> int:
        return len(self.english)


@cache
def load(split: str) -> Pairs:
    """One Multi30k split ('train', 'val' or 'test_2016_flickr'), raw sentences line by line."""
    if split not in SPLITS:
        raise ValueError(f"unknown Multi30k split {split!r}")
    english, german = read_pairs(DATA, split)
    if len(english) != len(german):
        raise ValueError(f"Multi30k {split}: {len(english)} English but {len(german)} German lines")
    return Pairs(english, german)


@dataclass(frozen=True)
class Multi30k:
    """The three splits; `name` is the dataset's name as the pages show it."""

    train: Pairs
    val: Pairs
    test: Pairs
    name: str = "multi30k"


def load_multi30k() -> Multi30k:
    return Multi30k(load("train"), load("val"), load("test_2016_flickr"))


def source_vocabulary(word_lists: list[list[str]], size: int) -> Vocabulary:
    """The English vocabulary: the `size - 2` most frequent words, plus padding and OOV."""
    return Vocabulary.from_words(word_lists, size)


def target_vocabulary(word_lists: list[list[str]], size: int) -> Vocabulary:
    """The German vocabulary: `[start]`, `[end]`, then the `size - 4` most frequent words."""
    return Vocabulary(multi30k_data.target_vocabulary(word_lists, size).words[2:])


def has_words(source: Encoded) -> bool:
    """Whether any kept token is a word (not only punctuation)."""
    return any(is_word(token) for token in source.tokens[: source.used])


def words_unknown(source: Encoded) -> bool:
    """Whether every kept word (punctuation aside) is out of the vocabulary."""
    return all(unknown for token, unknown in zip(source.tokens, source.oov) if is_word(token))


def encode_source(vocabulary: Vocabulary, text: str, length: int) -> Encoded:
    """One English sentence as the encoder reads it: its first `length` tokens as ids."""
    tokens = tokenize(text[:MAX_SENTENCE_CHARACTERS])
    return Encoded(vocabulary.ids(tokens, length), tokens, min(len(tokens), length))
