"""MNIST digits as the app holds them: the embedded 10,000-digit set, the full 70,000
through Keras, and one run's split.

The embedded set ships in `assets/data/mnist-10k.npz` and is the default, so the app
works offline. Its test split is fixed (stratified, seed 0); training and validation are
split from the rest by the run's validation share, also stratified and seeded. Reading
and splitting are the exported script's own (`core.script_templates.digits`); this module
adds the names the pages offer and the errors a student sees.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from core.data.splits import DatasetUnavailable
from core.data.splits import stratified_indices as stratified_indices
from core.i18n import t
from core.script_templates.digits import digit_split, embedded_digits
from core.script_templates.digits import to_model_input as to_model_input

ASSETS = Path(__file__).resolve().parents[2] / "assets"
EMBEDDED_PATH = ASSETS / "data" / "mnist-10k.npz"

DATASETS = ("mnist-10k", "mnist-70k")  # embedded; full, downloaded through Keras


@dataclass(frozen=True)
class DigitData:
    """A dataset as uint8 images (n, 28, 28) and labels (n,), already split off its test set."""

    name: str
    x_pool: np.ndarray  # digits for training and validation
    y_pool: np.ndarray
    x_test: np.ndarray
    y_test: np.ndarray


@dataclass(frozen=True)
class Split:
    """Float images (n, 28, 28, 1) in [0, 1] and int labels, ready for Keras."""

    x_train: np.ndarray
    y_train: np.ndarray
    x_val: np.ndarray
    y_val: np.ndarray
    x_test: np.ndarray
    y_test: np.ndarray


def load_embedded(path: Path = EMBEDDED_PATH) -> DigitData:
    """The shipped 10,000 digits with a fixed, stratified 20% test split."""
    (x_pool, y_pool), (x_test, y_test) = embedded_digits(path)
    return DigitData("mnist-10k", x_pool, y_pool, x_test, y_test)


def load_full() -> DigitData:
    """Full MNIST (60,000 train, 10,000 test) through Keras' download, cached in ~/.keras.

    Raises DatasetUnavailable when the file is not cached and cannot be downloaded.
    """
    from core.script_templates.mnist_data import full_digits  # imports Keras, as only this loader needs

    try:
        (x_train, y_train), (x_test, y_test) = full_digits()
    except Exception as error:  # Keras raises several kinds for a failed download.
        raise DatasetUnavailable(f"Full MNIST could not be downloaded ({type(error).__name__}).") from error
    return DigitData("mnist-70k", x_train, y_train, x_test, y_test)


def load(name: str) -> DigitData:
    """Load a dataset by the name a config stores."""
    if name == "mnist-10k":
        return load_embedded()
    if name == "mnist-70k":
        return load_full()
    raise ValueError(t("error.choice", what=t("field.dataset"), choices=", ".join(DATASETS), value=name))


def make_split(data: DigitData, validation_share: float, train_size: int, seed: int) -> Split:
    """Training, validation and test arrays for one run.

    `train_size` of 0 uses every remaining digit; otherwise a stratified subset of that
    many training digits is drawn with `seed`.
    """
    parts = digit_split(
        (data.x_pool, data.y_pool), (data.x_test, data.y_test), validation_share, train_size, seed
    )
    return Split(*parts["train"], *parts["validation"], *parts["test"])
