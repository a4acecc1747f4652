"""MNIST digits: the embedded 10,000-digit set, the full 70,000 through Keras, and splits.

The embedded set ships in `assets/data/mnist-10k.npz` and is the default, so the app
works offline. Its test split is fixed (stratified, seed 0); training and validation are
split from the rest by the run's validation share, also stratified and seeded.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from core.data.splits import DatasetUnavailable, stratified_indices, training_subset
from core.i18n import t

ASSETS = Path(__file__).resolve().parents[2] / "assets"
EMBEDDED_PATH = ASSETS / "data" / "mnist-10k.npz"
EMBEDDED_TEST_SHARE = 0.2
SPLIT_SEED = 0

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
    with np.load(path) as archive:
        x, y = archive["x"], archive["y"].astype(np.int64)
    pool, test = stratified_indices(y, EMBEDDED_TEST_SHARE, SPLIT_SEED)
    return DigitData("mnist-10k", x[pool], y[pool], x[test], y[test])


def load_full() -> DigitData:
    """Full MNIST (60,000 train, 10,000 test) through Keras' download, cached in ~/.keras.

    Raises DatasetUnavailable when the file is not cached and cannot be downloaded.
    """
    import keras

    try:
        (x_train, y_train), (x_test, y_test) = keras.datasets.mnist.load_data()
    except Exception as error:  # Keras raises several kinds for a failed download.
        raise DatasetUnavailable(f"Full MNIST could not be downloaded ({type(error).__name__}).") from error
    return DigitData("mnist-70k", x_train, y_train.astype(np.int64), x_test, y_test.astype(np.int64))


def load(name: str) -> DigitData:
    """Load a dataset by the name a config stores."""
    if name == "mnist-10k":
        return load_embedded()
    if name == "mnist-70k":
        return load_full()
    raise ValueError(t("error.choice", what=t("field.dataset"), choices=", ".join(DATASETS), value=name))


def to_model_input(images: np.ndarray) -> np.ndarray:
    """uint8 (n, 28, 28) → float32 (n, 28, 28, 1) in [0, 1]."""
    return (images.astype(np.float32) / 255.0)[..., np.newaxis]


def make_split(data: DigitData, validation_share: float, train_size: int, seed: int) -> Split:
    """Training, validation and test arrays for one run.

    `train_size` of 0 uses every remaining digit; otherwise a stratified subset of that
    many training digits is drawn with `seed`.
    """
    train_idx, val_idx = stratified_indices(data.y_pool, validation_share, seed)
    train_idx = train_idx[training_subset(data.y_pool[train_idx], train_size, seed)]
    return Split(
        to_model_input(data.x_pool[train_idx]),
        data.y_pool[train_idx],
        to_model_input(data.x_pool[val_idx]),
        data.y_pool[val_idx],
        to_model_input(data.x_test),
        data.y_test,
    )
