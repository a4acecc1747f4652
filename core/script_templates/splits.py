"""The split: seeded and stratified (every class keeps its share), so the same seed always
gives the same training, validation and test examples. An embedded data set's test
examples are the same for every run: a fixed share, split with a fixed seed."""

import numpy as np

EMBEDDED_TEST_SHARE = 0.2  # the embedded data sets' test share, the same for every run
SPLIT_SEED = 0  # the seed of that fixed test split


def stratified_indices(labels: np.ndarray, share: float, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Split indices into (rest, held_out) with `share` of every class held out, both in a
    seeded random order, so the same call always gives the same split."""
    rng = np.random.default_rng(seed)
    held, rest = [], []
    for label in np.unique(labels):
        members = rng.permutation(np.flatnonzero(labels == label))
        cut = round(len(members) * share)
        held.append(members[:cut])
        rest.append(members[cut:])
    return rng.permutation(np.concatenate(rest)), rng.permutation(np.concatenate(held))


def embedded_test_split(labels: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(pool, test) indices of an embedded data set: its fixed, stratified test share."""
    return stratified_indices(labels, EMBEDDED_TEST_SHARE, SPLIT_SEED)


def training_subset(labels: np.ndarray, size: int, seed: int) -> np.ndarray:
    """Positions of a stratified subset of `size` labels (all of them when `size` is 0)."""
    if not 0 < size < len(labels):
        return np.arange(len(labels))
    keep, _ = stratified_indices(labels, 1 - size / len(labels), seed)
    return keep


def pool_split(labels: np.ndarray, validation_share: float, train_size: int, seed: int):
    """(training, validation) indices into the non-test examples: `validation_share` of
    every class held out, then a stratified `train_size` of the rest (0: all of it)."""
    train, validation = stratified_indices(labels, validation_share, seed)
    return train[training_subset(labels[train], train_size, seed)], validation
