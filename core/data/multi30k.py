"""English→German translation data and decoding: Multi30k sentences, their word ids, the
teacher-forcing arrays a translator trains on, greedy and beam-search decoding, and BLEU.

Sentences are lower-cased and split into words and punctuation marks, so a translation
can be joined back into a sentence and scored with sacreBLEU against the raw references.
A German vocabulary starts with `[start]` and `[end]` after padding and OOV; the decoder
reads `[start] w1 … wn` and learns to predict `w1 … wn [end]` (teacher forcing).
"""

from __future__ import annotations

import gzip
import re
import unicodedata
import warnings
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np

from core.data.text import LETTER, Encoded, Vocabulary

DATA = Path(__file__).resolve().parents[2] / "assets" / "data"
SPLITS = ("train", "val", "test_2016_flickr")
START_TOKEN, END_TOKEN = "[start]", "[end]"
START, END = 2, 3  # their ids in a German vocabulary, after padding (0) and OOV (1)
MAX_SENTENCE_CHARACTERS = 2_000  # typed text beyond this is not even tokenised
# A word (letters or digits of any script, inner apostrophes and hyphens kept: "t-shirt",
# "man's"), or any single other visible character (punctuation).
_TOKEN = re.compile(rf"{LETTER}+(?:['\-]{LETTER}+)*|[^\w\s]")
# The first decoding step attends over one word, which Keras warns about; it is intended.
warnings.filterwarnings("ignore", message="You are using a softmax over axis")
_NO_SPACE_BEFORE = re.compile(r" ([.,!?;:%)\]}])")
_NO_SPACE_AFTER = re.compile(r"([(\[{]) ")


def tokenize(text: str) -> list[str]:
    """Lower-cased words and punctuation marks. `str.lower`, not `casefold`: German "ß"
    must stay "ß" for BLEU against the references."""
    text = unicodedata.normalize("NFKC", text).replace("\u2019", "'").replace("`", "'").lower()
    # Punctuation marks are kept; other symbols (emoji, arrows, currency) are dropped.
    return [
        token for token in _TOKEN.findall(text) if _is_word(token) or unicodedata.category(token)[0] == "P"
    ]


def _is_word(token: str) -> bool:
    return any(character.isalnum() for character in token)


def detokenize(tokens: list[str]) -> str:
    """Words joined back into a sentence: no space before closing punctuation."""
    text = " ".join(tokens)
    return _NO_SPACE_AFTER.sub(r"\1", _NO_SPACE_BEFORE.sub(r"\1", text))


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

    def lines(language: str) -> list[str]:
        path = DATA / f"multi30k-{split}.{language}.gz"
        return gzip.decompress(path.read_bytes()).decode("utf-8").strip("\n").split("\n")

    english, german = lines("en"), lines("de")
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


DATASETS = ("multi30k",)


def load_multi30k() -> Multi30k:
    return Multi30k(load("train"), load("val"), load("test_2016_flickr"))


def source_vocabulary(word_lists: list[list[str]], size: int) -> Vocabulary:
    """The English vocabulary: the `size - 2` most frequent words, plus padding and OOV."""
    return Vocabulary.from_words(word_lists, size)


def target_vocabulary(word_lists: list[list[str]], size: int) -> Vocabulary:
    """The German vocabulary: `[start]`, `[end]`, then the `size - 4` most frequent words."""
    ranked = Vocabulary.from_words(word_lists, max(2, size - 2)).words[2:]
    return Vocabulary([START_TOKEN, END_TOKEN, *ranked])


def has_words(source: Encoded) -> bool:
    """Whether any kept token is a word (not only punctuation)."""
    return any(_is_word(token) for token in source.tokens[: source.used])


def words_unknown(source: Encoded) -> bool:
    """Whether every kept word (punctuation aside) is out of the vocabulary."""
    return all(unknown for token, unknown in zip(source.tokens, source.oov) if _is_word(token))


def encode_source(vocabulary: Vocabulary, text: str, length: int) -> Encoded:
    """One English sentence as the encoder reads it: its first `length` tokens as ids."""
    tokens = tokenize(text[:MAX_SENTENCE_CHARACTERS])
    return Encoded(vocabulary.ids(tokens, length), tokens, min(len(tokens), length))


def teacher_forcing(
    english: list[list[str]], german: list[list[str]], source: Vocabulary, target: Vocabulary, length: int
) -> tuple[tuple[np.ndarray, np.ndarray], np.ndarray]:
    """((English ids, German input ids), German output ids), each (n, length).

    The German input is `[start] w1 … wn`, the output `w1 … wn [end]`: at every position
    the decoder learns the next word from the ones before it. Longer sentences are cut.
    """
    x_source = np.stack([source.ids(words, length) for words in english])
    sequences = [[START, *(target.lookup(w) for w in words), END][: length + 1] for words in german]
    x_target = np.zeros((len(german), length), dtype=np.int32)
    y_target = np.zeros((len(german), length), dtype=np.int32)
    for row, sequence in enumerate(sequences):
        x_target[row, : len(sequence) - 1] = sequence[:-1]
        y_target[row, : len(sequence) - 1] = sequence[1:]
    return (x_source, x_target), y_target
