"""IMDB movie reviews as the app holds them: the embedded 5,000, the full 50,000 through
Keras, and one run's split.

The embedded set ships in `assets/data/imdb-5k.csv.gz` and is the default, so the app
works offline. Its test split is fixed (stratified, seed 0); training and validation are
split from the rest by the run's validation share, also stratified and seeded. Labels
are 1 for a positive review and 0 for a negative one. Reading and splitting are the
exported script's own (`core.script_templates.reviews`); this module adds the names the
pages offer, a check of the downloaded archive and the errors a student sees.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from core.data.splits import DatasetUnavailable
from core.i18n import t
from core.script_templates.reviews import FULL_URL, archive_reviews, embedded_reviews, review_split

ASSETS = Path(__file__).resolve().parents[2] / "assets"
EMBEDDED_PATH = ASSETS / "data" / "imdb-5k.csv.gz"
FULL_PER_CLASS = 12_500  # positive and negative reviews in each of its train and test halves

DATASETS = ("imdb-5k", "imdb-50k")  # embedded; full, downloaded through Keras


@dataclass(frozen=True)
class ReviewData:
    """Raw review texts and labels, already split off their test set."""

    name: str
    texts_pool: list[str]  # reviews for training and validation
    y_pool: np.ndarray  # (n,) int64
    texts_test: list[str]
    y_test: np.ndarray


@dataclass(frozen=True)
class ReviewSplit:
    """One run's raw texts and labels; the run's vocabulary turns them into ids."""

    texts_train: list[str]
    y_train: np.ndarray
    texts_val: list[str]
    y_val: np.ndarray
    texts_test: list[str]
    y_test: np.ndarray


def load_embedded(path: Path = EMBEDDED_PATH) -> ReviewData:
    """The shipped 5,000 reviews with a fixed, stratified 20% test split."""
    (texts_pool, y_pool), (texts_test, y_test) = embedded_reviews(path)
    return ReviewData("imdb-5k", texts_pool, y_pool, texts_test, y_test)


def load_full() -> ReviewData:
    """The Large Movie Review Dataset (25,000 train, 25,000 test) from the Stanford archive,
    downloaded once through Keras and cached in ~/.keras.

    Raises DatasetUnavailable when the archive is not cached and cannot be downloaded.
    """
    import keras

    try:
        path = keras.utils.get_file("aclImdb_v1.tar.gz", FULL_URL)
    except Exception as error:  # Keras raises several kinds for a failed download.
        raise DatasetUnavailable(f"Full IMDB could not be downloaded ({type(error).__name__}).") from error
    try:
        (train_texts, train_labels), (test_texts, test_labels) = archive_reviews(path)
        # A damaged archive can also end early and look complete: check what it holds.
        counts = [sorted(Counter(labels.tolist()).items()) for labels in (train_labels, test_labels)]
        if counts != [[(0, FULL_PER_CLASS), (1, FULL_PER_CLASS)]] * 2:
            raise ValueError(f"unexpected review counts {counts}")
    except Exception as error:  # tarfile, gzip and zlib raise many kinds for a broken file
        Path(path).unlink(missing_ok=True)  # so that the next try downloads it again
        raise DatasetUnavailable(f"Full IMDB could not be read ({type(error).__name__}).") from error
    return ReviewData("imdb-50k", train_texts, train_labels, test_texts, test_labels)


def load(name: str) -> ReviewData:
    """Load a dataset by the name a config stores."""
    if name == "imdb-5k":
        return load_embedded()
    if name == "imdb-50k":
        return load_full()
    raise ValueError(t("error.choice", what=t("field.dataset"), choices=", ".join(DATASETS), value=name))


def example_reviews(data: ReviewData, per_class: int = 3) -> list[tuple[str, int]]:
    """A few short real reviews of `data`'s test split to offer as examples: the first
    `per_class` positive and negative ones with 40 to 120 words, in the split's order,
    positive and negative in turn (positive first). Returns (text, label) pairs."""
    from core.data.text import tokenize

    picked: dict[int, list[str]] = {0: [], 1: []}
    for text, label in zip(data.texts_test, data.y_test):
        if len(picked[int(label)]) < per_class and 40 <= len(tokenize(text)) <= 120:
            picked[int(label)].append(text)
    return [(text, label) for pair in zip(picked[1], picked[0]) for text, label in zip(pair, (1, 0))]


def make_split(data: ReviewData, validation_share: float, train_size: int, seed: int) -> ReviewSplit:
    """Training, validation and test texts for one run.

    `train_size` of 0 uses every remaining review; otherwise a stratified subset of that
    many training reviews is drawn with `seed`.
    """
    train, validation, test = review_split(
        (data.texts_pool, data.y_pool), (data.texts_test, data.y_test), validation_share, train_size, seed
    )
    return ReviewSplit(*train, *validation, *test)
