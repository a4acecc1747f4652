"""The data: Multi30k English→German sentence pairs (assets/data/multi30k-*.gz): the
training split to train on, the validation split to validate on, the 2016 Flickr test
split to score. Sentences are lower-cased and split into words and punctuation marks. The
German vocabulary holds [start] and [end] after padding and OOV: the decoder reads
'[start] w1 … wn' and learns to predict 'w1 … wn [end]' (teacher forcing)."""

import gzip
import re
import unicodedata
from pathlib import Path

import numpy as np

from .letters import LETTER
from .vocabulary import Vocabulary

START_TOKEN, END_TOKEN = "[start]", "[end]"
START, END = 2, 3  # their ids in the German vocabulary, after padding (0) and OOV (1)
MAX_SENTENCE_CHARACTERS = 2_000  # a longer sentence is cut here before it is split
# A word (inner apostrophes and hyphens kept: "t-shirt", "man's"), or one punctuation mark.
TOKEN = re.compile(rf"{LETTER}+(?:['\-]{LETTER}+)*|[^\w\s]")
NO_SPACE_BEFORE = re.compile(r" ([.,!?;:%)\]}])")
NO_SPACE_AFTER = re.compile(r"([(\[{]) ")


def is_word(token: str) -> bool:
    """Whether a token is a word, not a punctuation mark."""
    return any(character.isalnum() for character in token)


def tokenize(text: str) -> list[str]:
    """Lower-cased words and punctuation marks; other symbols (emoji, arrows) are dropped.
    `str.lower`, not `casefold`: German "ß" must stay "ß" for BLEU against the references."""
    text = unicodedata.normalize("NFKC", text).replace("\u2019", "'").replace("`", "'").lower()
    return [token for token in TOKEN.findall(text) if is_word(token) or unicodedata.category(token)[0] == "P"]


def detokenize(tokens: list[str]) -> str:
    """Words joined back into a sentence: no space before closing punctuation."""
    return NO_SPACE_AFTER.sub(r"\1", NO_SPACE_BEFORE.sub(r"\1", " ".join(tokens)))


def read_pairs(data_dir: Path, split: str) -> tuple[list[str], list[str]]:
    """One split's (English, German) sentences, 'train', 'val' or 'test_2016_flickr'."""

    def lines(language: str) -> list[str]:
        path = data_dir / f"multi30k-{split}.{language}.gz"
        return gzip.decompress(path.read_bytes()).decode("utf-8").strip("\n").split("\n")

    return lines("en"), lines("de")


def target_vocabulary(word_lists: list[list[str]], size: int) -> Vocabulary:
    """The German vocabulary: padding, OOV, [start], [end], then the `size - 4` most frequent words."""
    ranked = Vocabulary.from_words(word_lists, max(2, size - 2)).words[2:]
    return Vocabulary([START_TOKEN, END_TOKEN, *ranked])


def teacher_forcing(english, german, source: Vocabulary, target: Vocabulary, length: int):
    """((English ids, German input ids), German output ids), each (n, length): the input is
    '[start] w1 … wn', the output 'w1 … wn [end]'. Longer sentences are cut."""
    x_source = np.stack([source.ids(words, length) for words in english])
    sequences = [[START, *(target.lookup(w) for w in words), END][: length + 1] for words in german]
    x_target = np.zeros((len(german), length), dtype=np.int32)
    y_target = np.zeros((len(german), length), dtype=np.int32)
    for row, sequence in enumerate(sequences):
        x_target[row, : len(sequence) - 1] = sequence[:-1]
        y_target[row, : len(sequence) - 1] = sequence[1:]
    return (x_source, x_target), y_target


def split_sentences(config: dict, data_dir: Path) -> tuple[dict, Vocabulary, Vocabulary]:
    """{'train', 'validation'}: teacher-forcing arrays; 'test': (English ids (n, max_length),
    German reference sentences). Both vocabularies come from the training sentences only,
    the first `train_size` of them (0: all)."""
    length = config["max_length"]
    english, german = read_pairs(data_dir, "train")
    english, german = [tokenize(text) for text in english], [tokenize(text) for text in german]
    if config["train_size"]:
        english, german = english[: config["train_size"]], german[: config["train_size"]]
    source = Vocabulary.from_words(english, config["vocab_size"])
    target = target_vocabulary(german, config["target_vocab_size"])
    val_english, val_german = read_pairs(data_dir, "val")
    test_english, test_german = read_pairs(data_dir, "test_2016_flickr")
    split = {
        "train": teacher_forcing(english, german, source, target, length),
        "validation": teacher_forcing(
            [tokenize(text) for text in val_english],
            [tokenize(text) for text in val_german],
            source,
            target,
            length,
        ),
        "test": (
            np.stack([source.ids(tokenize(text[:MAX_SENTENCE_CHARACTERS]), length) for text in test_english]),
            test_german,
        ),
    }
    return split, source, target
