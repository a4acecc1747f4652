"""Confusion matrix and its cells on known inputs; picture helpers' shapes and ranges."""

import numpy as np
import pytest

from core.data import images
from core.inspection import evaluation


def test_confusion_matrix_and_cells():
    labels = np.array([0, 0, 1, 1, 1, 2])
    probabilities = np.array(
        [
            [0.9, 0.1, 0.0],
            [0.2, 0.7, 0.1],  # 0 read as 1
            [0.0, 1.0, 0.0],
            [0.1, 0.3, 0.6],  # 1 read as 2
            [0.0, 0.2, 0.8],  # 1 read as 2, more confidently
            [0.0, 0.0, 1.0],
        ]
    )
    matrix = evaluation.confusion_matrix(labels, probabilities.argmax(1), 3)
    assert matrix.tolist() == [[1, 1, 0], [0, 1, 2], [0, 0, 1]]
    assert evaluation.accuracy(labels, probabilities) == 3 / 6
    assert evaluation.worst_cell(matrix) == (1, 2)
    assert evaluation.cell_examples(labels, probabilities, 1, 2).tolist() == [4, 3]
    assert evaluation.cell_examples(labels, probabilities, 2, 0).tolist() == []
    assert evaluation.worst_cell(np.eye(3, dtype=int)) == (0, 0)


def test_channel_grid_layout():
    maps = np.random.default_rng(0).random((5, 7, 10)).astype(np.float32)
    grid = images.channel_grid(maps, columns=4, scale=2, gap=1)
    # 3 rows of 4 tiles, each 10×14 after scaling, with 1-pixel gaps.
    assert grid.shape == (3 * 10 + 2, 4 * 14 + 3, 3) and grid.dtype == np.uint8
    assert (grid[10, :, :] == 255).all()  # the gap row is white


def test_colour_maps():
    rgb = images.colorize(np.array([0.0, 1.0]))
    assert rgb.tolist() == [[68, 1, 84], [253, 231, 37]]
    signed = images.colorize_signed(np.array([-2.0, 0.0, 2.0]))
    assert (
        signed[1].tolist() == [247, 247, 247] and signed[0, 2] > signed[0, 0] and signed[2, 0] > signed[2, 2]
    )
    assert images.normalise(np.full((3, 3), 5.0)).max() == 0.0
    assert images.enlarge(np.ones((28, 28)), scale=3).shape == (84, 84)
    assert images.overlay(np.zeros((28, 28)), np.ones((28, 28)), scale=2).shape == (56, 56, 3)


def test_training_curves_thin_long_runs_but_keep_the_latest_batch():
    from core.charts.plots import MAX_POINTS, training_curves

    batches = [
        {"step": i + 1, "epoch": (i + 1) / 1000, "loss": 1.0 / (i + 1), "accuracy": 0.5} for i in range(4219)
    ]
    spec = training_curves(batches, [{"epoch": 1, "val_loss": 0.2}], "loss", "Loss").to_dict()
    rows = next(iter(spec["datasets"].values()))
    per_batch = [row for row in rows if row["series"] == "training, per batch"]
    assert len(per_batch) <= MAX_POINTS + 1 and per_batch[-1]["epoch"] == 4.219
    assert [row["loss"] for row in rows if row["series"] == "validation"] == [0.2]


def test_positive_means_above_one_half_as_in_keras_accuracy():
    import keras

    probabilities = np.array([0.49, 0.5, 0.51])
    assert evaluation.is_positive(probabilities).tolist() == [False, False, True]
    keras_accuracy = keras.metrics.BinaryAccuracy()
    keras_accuracy.update_state(np.ones(3), probabilities)
    assert float(keras_accuracy.result()) == pytest.approx(evaluation.is_positive(probabilities).mean())


def test_confident_mistakes_come_first_and_only_mistakes():
    labels = np.array([1, 0, 1, 0, 1, 0])
    probabilities = np.array(
        [0.9, 0.6, 0.05, 0.99, 0.4, 0.1]
    )  # mistakes: 1 (0.6), 2 (0.05), 3 (0.99), 4 (0.4)
    order, count = evaluation.confident_mistakes(labels, probabilities, limit=3)
    assert count == 4
    assert order.tolist() == [3, 2, 1]  # |p - 0.5|: 0.49, 0.45, 0.10; then 0.10 (index 4) is cut
