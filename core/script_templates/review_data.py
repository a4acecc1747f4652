"""The data: the embedded 5,000 IMDB reviews, or the full 50,000 through Keras' download,
as word ids. The vocabulary is built from the training reviews only."""

from pathlib import Path

import keras
import numpy as np

from .review_words import MAX_REVIEW_CHARACTERS, tokenize
from .reviews import FULL_URL, archive_reviews, embedded_reviews, review_split
from .vocabulary import Vocabulary


def load_reviews(name: str, data_dir: Path):
    """((pool texts, labels), (test texts, labels))."""
    if name == "imdb-5k":
        return embedded_reviews(data_dir / "imdb-5k.csv.gz")
    if name == "imdb-50k":  # downloaded once, then cached in ~/.keras/datasets
        return archive_reviews(keras.utils.get_file("aclImdb_v1.tar.gz", FULL_URL))
    raise ValueError(f"unknown dataset {name!r}")


def split_reviews(config: dict, data_dir: Path, length: int) -> tuple[dict, Vocabulary]:
    """{'train', 'validation', 'test'}: (word ids (n, length), labels (n,)) each, and the
    vocabulary built from the training reviews."""
    pool, test = load_reviews(config["dataset"], data_dir)
    (texts_train, y_train), (texts_validation, y_validation), (texts_test, y_test) = review_split(
        pool, test, config["validation_share"], config["train_size"], config["seed"]
    )
    train_words = [tokenize(text) for text in texts_train]
    vocabulary = Vocabulary.from_words(train_words, config["vocab_size"])

    def encode(texts: list[str]) -> np.ndarray:
        return np.stack([vocabulary.ids(tokenize(text[:MAX_REVIEW_CHARACTERS]), length) for text in texts])

    x_train = np.stack([vocabulary.ids(words, length) for words in train_words])
    split = {
        "train": (x_train, y_train.astype("float32")),
        "validation": (encode(texts_validation), y_validation.astype("float32")),
        "test": (encode(texts_test), y_test),
    }
    return split, vocabulary
