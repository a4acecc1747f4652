"""Test-set figures for a classifier: accuracy, confusion matrix, the examples behind a cell."""

from __future__ import annotations

import numpy as np

# Accuracy as the exported script computes it: (labels, probabilities) -> share right.
from core.script_templates.training import accuracy as accuracy

POSITIVE_THRESHOLD = 0.5  # a review is called positive when p(positive) > this, as Keras' accuracy does


def is_positive(probabilities) -> np.ndarray:
    """The label a sigmoid output means: True (positive) where p > 0.5; exactly 0.5 (and NaN)
    count as negative, as in the accuracy Keras reports while training."""
    return np.asarray(probabilities) > POSITIVE_THRESHOLD


def predict_test(model, inputs: np.ndarray, batch_size: int = 256) -> np.ndarray:
    """`model`'s outputs on a whole test set (its probabilities), `batch_size` examples at a
    time, without Keras' progress bar."""
    return model.predict(inputs, batch_size=batch_size, verbose=0)


def confident_mistakes(labels: np.ndarray, probabilities: np.ndarray, limit: int) -> tuple[np.ndarray, int]:
    """Indices of the misclassified examples of a binary classifier, the most confident
    mistakes first (p(positive) farthest from 0.5), at most `limit`; and how many there are.

    `labels` (n,) are 0/1; `probabilities` (n,) are p(positive).
    """
    labels, probabilities = np.asarray(labels).astype(bool), np.asarray(probabilities).reshape(-1)
    wrong = np.flatnonzero(is_positive(probabilities) != labels)
    order = np.argsort(-np.abs(probabilities[wrong] - POSITIVE_THRESHOLD), kind="stable")
    return wrong[order][:limit], len(wrong)


def confusion_matrix(labels: np.ndarray, predictions: np.ndarray, classes: int) -> np.ndarray:
    """(classes, classes) counts; row = true class, column = predicted class."""
    matrix = np.zeros((classes, classes), dtype=np.int64)
    np.add.at(matrix, (labels, predictions), 1)
    return matrix


def cell_examples(
    labels: np.ndarray, probabilities: np.ndarray, true_class: int, predicted_class: int, limit: int = 24
) -> np.ndarray:
    """Indices of test examples of `true_class` predicted as `predicted_class`, the most
    confident predictions first, at most `limit` of them."""
    predictions = probabilities.argmax(axis=1)
    indices = np.flatnonzero((labels == true_class) & (predictions == predicted_class))
    order = np.argsort(-probabilities[indices, predicted_class], kind="stable")
    return indices[order][:limit]


def worst_cell(matrix: np.ndarray) -> tuple[int, int]:
    """The off-diagonal cell with the most confusions (or (0, 0) if there are none)."""
    off = matrix.copy()
    np.fill_diagonal(off, -1)
    if off.max() <= 0:
        return 0, 0
    true_class, predicted_class = np.unravel_index(np.argmax(off), off.shape)
    return int(true_class), int(predicted_class)
