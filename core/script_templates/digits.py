"""The digits: MNIST's 28×28 grey images of handwritten digits, labelled 0–9. The embedded
10,000 (assets/data/mnist-10k.npz) keep a fixed, stratified 20% test split; training and
validation digits are split from the rest by the run's validation share and seed."""

from pathlib import Path

import numpy as np

from .splits import embedded_test_split, pool_split


def embedded_digits(path: Path):
    """((pool images, labels), (test images, labels)) of the embedded set: uint8 (n, 28, 28)
    and int64 (n,)."""
    with np.load(path) as archive:
        x, y = archive["x"], archive["y"].astype(np.int64)
    pool, test = embedded_test_split(y)
    return (x[pool], y[pool]), (x[test], y[test])


def to_model_input(images: np.ndarray) -> np.ndarray:
    """uint8 (n, 28, 28) → float32 (n, 28, 28, 1) in [0, 1]."""
    return (images.astype(np.float32) / 255.0)[..., np.newaxis]


def digit_split(pool, test, validation_share: float, train_size: int, seed: int) -> dict:
    """{'train', 'validation', 'test'}: (images (n, 28, 28, 1), labels (n,)) each, from the
    (images, labels) of the pool and of the test digits."""
    (x_pool, y_pool), (x_test, y_test) = pool, test
    train, validation = pool_split(y_pool, validation_share, train_size, seed)
    return {
        "train": (to_model_input(x_pool[train]), y_pool[train]),
        "validation": (to_model_input(x_pool[validation]), y_pool[validation]),
        "test": (to_model_input(x_test), y_test),
    }
