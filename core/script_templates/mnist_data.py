"""The data: MNIST digits. The embedded 10,000 (assets/data/mnist-10k.npz) keep a fixed,
stratified 20% test split; the full 70,000 come through Keras' download with their own
10,000 test digits. Training and validation digits are split from the rest by the run's
validation share and seed."""

from pathlib import Path

import keras
import numpy as np

from .splits import pool_split, stratified_indices

EMBEDDED_TEST_SHARE = 0.2  # the embedded set's test digits, the same for every run
SPLIT_SEED = 0  # the seed of that fixed test split


def load_digits(name: str, data_dir: Path):
    """((pool images, labels), (test images, labels)): uint8 (n, 28, 28) and int64 (n,)."""
    if name == "mnist-10k":
        with np.load(data_dir / "mnist-10k.npz") as archive:
            x, y = archive["x"], archive["y"].astype(np.int64)
        pool, test = stratified_indices(y, EMBEDDED_TEST_SHARE, SPLIT_SEED)
        return (x[pool], y[pool]), (x[test], y[test])
    if name == "mnist-70k":  # downloaded once, then cached in ~/.keras/datasets
        (x_train, y_train), (x_test, y_test) = keras.datasets.mnist.load_data()
        return (x_train, y_train.astype(np.int64)), (x_test, y_test.astype(np.int64))
    raise ValueError(f"unknown dataset {name!r}")


def to_model_input(images: np.ndarray) -> np.ndarray:
    """uint8 (n, 28, 28) → float32 (n, 28, 28, 1) in [0, 1]."""
    return (images.astype(np.float32) / 255.0)[..., np.newaxis]


def split_digits(config: dict, data_dir: Path) -> dict:
    """{'train', 'validation', 'test'}: (images (n, 28, 28, 1), labels (n,)) each."""
    (x_pool, y_pool), (x_test, y_test) = load_digits(config["dataset"], data_dir)
    train, validation = pool_split(y_pool, config["validation_share"], config["train_size"], config["seed"])
    return {
        "train": (to_model_input(x_pool[train]), y_pool[train]),
        "validation": (to_model_input(x_pool[validation]), y_pool[validation]),
        "test": (to_model_input(x_test), y_test),
    }
