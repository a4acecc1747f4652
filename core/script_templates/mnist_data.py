"""The data: the embedded 10,000 MNIST digits, or the full 70,000 through Keras' download
with their own 10,000 test digits."""

from pathlib import Path

import keras
import numpy as np

from .digits import digit_split, embedded_digits


def full_digits():
    """((training images, labels), (test images, labels)) of the full MNIST, downloaded
    once, then cached in ~/.keras/datasets."""
    (x_train, y_train), (x_test, y_test) = keras.datasets.mnist.load_data()
    return (x_train, y_train.astype(np.int64)), (x_test, y_test.astype(np.int64))


def load_digits(name: str, data_dir: Path):
    """((pool images, labels), (test images, labels)): uint8 (n, 28, 28) and int64 (n,)."""
    if name == "mnist-10k":
        return embedded_digits(data_dir / "mnist-10k.npz")
    if name == "mnist-70k":
        return full_digits()
    raise ValueError(f"unknown dataset {name!r}")


def split_digits(config: dict, data_dir: Path) -> dict:
    """{'train', 'validation', 'test'}: (images (n, 28, 28, 1), labels (n,)) each."""
    pool, test = load_digits(config["dataset"], data_dir)
    return digit_split(pool, test, config["validation_share"], config["train_size"], config["seed"])
