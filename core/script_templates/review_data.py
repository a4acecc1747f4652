"""The data: IMDB movie reviews (1 positive, 0 negative). The embedded 5,000
(assets/data/imdb-5k.csv.gz) keep a fixed, stratified 20% test split; the full 50,000 come
from the Stanford archive through Keras' download, with their own 25,000 test reviews.
Training and validation reviews are split from the rest by the run's validation share and
seed, and the vocabulary is built from the training reviews only."""

import csv
import gzip
import html
import io
import re
import tarfile
import unicodedata
from pathlib import Path

import keras
import numpy as np

from .letters import LETTER
from .splits import pool_split, stratified_indices
from .vocabulary import Vocabulary

EMBEDDED_TEST_SHARE = 0.2  # the embedded set's test reviews, the same for every run
SPLIT_SEED = 0  # the seed of that fixed test split
FULL_URL = "https://ai.stanford.edu/~amaas/data/sentiment/aclImdb_v1.tar.gz"
MAX_REVIEW_CHARACTERS = 100_000  # a validation or test review is cut here before it is split

BREAKS = re.compile(r"<\s*br\s*/?\s*>", re.IGNORECASE)
TAGS = re.compile(r"</?[a-zA-Z][^<>]{0,100}>")  # a tag starts with a letter: "a < b > c" is not one
WORD = re.compile(rf"{LETTER}+(?:'{LETTER}+)*")  # inner apostrophes kept: "don't", "90's"


def read_csv(path: Path) -> tuple[list[str], np.ndarray]:
    """(texts, labels) from a gzip CSV with columns id, sentiment, review."""
    with gzip.open(path, "rt", encoding="utf-8", newline="") as file:
        rows = list(csv.DictReader(file))
    return [row["review"] for row in rows], np.array([int(row["sentiment"]) for row in rows])


def read_folder(archive: tarfile.TarFile, prefix: str) -> tuple[list[str], list[int]]:
    texts, labels = [], []
    for member in archive.getmembers():
        parts = member.name.split("/")
        if member.isfile() and len(parts) == 4 and parts[1] == prefix and parts[2] in ("pos", "neg"):
            texts.append(io.TextIOWrapper(archive.extractfile(member), encoding="utf-8").read())
            labels.append(int(parts[2] == "pos"))
    return texts, labels


def load_reviews(name: str, data_dir: Path):
    """((pool texts, labels), (test texts, labels))."""
    if name == "imdb-5k":
        texts, labels = read_csv(data_dir / "imdb-5k.csv.gz")
        pool, test = stratified_indices(labels, EMBEDDED_TEST_SHARE, SPLIT_SEED)
        return ([texts[i] for i in pool], labels[pool]), ([texts[i] for i in test], labels[test])
    if name == "imdb-50k":  # downloaded once, then cached in ~/.keras/datasets
        path = keras.utils.get_file("aclImdb_v1.tar.gz", FULL_URL)
        with tarfile.open(path, "r:gz") as archive:
            train_texts, train_labels = read_folder(archive, "train")
            test_texts, test_labels = read_folder(archive, "test")
        return (train_texts, np.array(train_labels)), (test_texts, np.array(test_labels))
    raise ValueError(f"unknown dataset {name!r}")


def tokenize(text: str) -> list[str]:
    """The words of a review: HTML breaks and tags gone, entities decoded, Unicode in its
    compatibility form, lower case, curly apostrophes made straight; punctuation dropped."""
    text = html.unescape(text)  # first, so an escaped "&lt;br /&gt;" is a break too
    text = unicodedata.normalize("NFKC", TAGS.sub(" ", BREAKS.sub(" ", text)))
    return WORD.findall(text.replace("\u2019", "'").replace("`", "'").casefold())


def split_reviews(config: dict, data_dir: Path, length: int) -> tuple[dict, Vocabulary]:
    """{'train', 'validation', 'test'}: (word ids (n, length), labels (n,)) each, and the
    vocabulary built from the training reviews."""
    (texts_pool, y_pool), (texts_test, y_test) = load_reviews(config["dataset"], data_dir)
    train, validation = pool_split(y_pool, config["validation_share"], config["train_size"], config["seed"])
    train_words = [tokenize(texts_pool[i]) for i in train]
    vocabulary = Vocabulary.from_words(train_words, config["vocab_size"])

    def encode(texts: list[str]) -> np.ndarray:
        return np.stack([vocabulary.ids(tokenize(text[:MAX_REVIEW_CHARACTERS]), length) for text in texts])

    split = {
        "train": (
            np.stack([vocabulary.ids(words, length) for words in train_words]),
            y_pool[train].astype("float32"),
        ),
        "validation": (encode([texts_pool[i] for i in validation]), y_pool[validation].astype("float32")),
        "test": (encode(texts_test), y_test),
    }
    return split, vocabulary
