"""The embedded set's fixed stratified split, run splits, and the offline fallback."""

import numpy as np
import pytest

from core.data import mnist


@pytest.fixture(scope="module")
def data():
    return mnist.load_embedded()


def test_embedded_split_is_fixed_and_stratified(data):
    assert len(data.x_pool) == 8000 and len(data.x_test) == 2000
    again = mnist.load_embedded()
    assert np.array_equal(data.x_test, again.x_test) and np.array_equal(data.y_test, again.y_test)
    counts_all = np.bincount(np.concatenate([data.y_pool, data.y_test]), minlength=10)
    counts_test = np.bincount(data.y_test, minlength=10)
    assert np.all(np.abs(counts_test - 0.2 * counts_all) <= 1)


def test_run_split_is_disjoint_seeded_and_sized():
    labels = np.repeat(np.arange(10), 100)
    ids = np.arange(1000, dtype=np.int64)
    # Encode each digit's id in its pixels so overlap can be checked after the split.
    images = np.zeros((1000, 28, 28), dtype=np.uint8)
    images[:, 0, 0], images[:, 0, 1] = ids // 256, ids % 256
    data = mnist.DigitData("synthetic", images, labels, images[:10], labels[:10])
    split = mnist.make_split(data, validation_share=0.2, train_size=0, seed=5)

    def ids_of(x):
        pixels = np.rint(x[:, 0, :2, 0] * 255).astype(int)
        return set(pixels[:, 0] * 256 + pixels[:, 1])

    train, val = ids_of(split.x_train), ids_of(split.x_val)
    assert len(train) == 800 and len(val) == 200 and not train & val
    assert np.all(np.bincount(split.y_val) == 20)
    assert ids_of(mnist.make_split(data, 0.2, 0, seed=5).x_val) == val
    assert ids_of(mnist.make_split(data, 0.2, 0, seed=6).x_val) != val
    small = mnist.make_split(data, 0.2, train_size=300, seed=5)
    assert len(small.y_train) == 300 and np.all(np.bincount(small.y_train) == 30)
    assert split.x_train.dtype == np.float32 and split.x_train.max() <= 1.0


def test_full_mnist_without_network_raises_a_clear_error(monkeypatch):
    import keras

    def offline():
        raise OSError("Name or service not known")

    monkeypatch.setattr(keras.datasets.mnist, "load_data", offline)
    with pytest.raises(mnist.DatasetUnavailable, match="could not be downloaded"):
        mnist.load("mnist-70k")


def test_unknown_dataset_name():
    with pytest.raises(ValueError, match="Dataset must be one of mnist-10k, mnist-70k; got .cifar."):
        mnist.load("cifar")
