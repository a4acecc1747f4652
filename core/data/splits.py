"""What every dataset module shares: seeded stratified splits and the 'cannot be had' error."""

from __future__ import annotations

import numpy as np


class DatasetUnavailable(RuntimeError):
    """The requested dataset cannot be had here (for example, no network for a download)."""


def stratified_indices(labels: np.ndarray, share: float, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Split indices into (rest, held_out) with `share` of every class held out.

    Both index arrays come back in a seeded random order, so the same call always
    gives the same split.
    """
    rng = np.random.default_rng(seed)
    held, rest = [], []
    for label in np.unique(labels):
        members = rng.permutation(np.flatnonzero(labels == label))
        cut = int(round(len(members) * share))
        held.append(members[:cut])
        rest.append(members[cut:])
    return rng.permutation(np.concatenate(rest)), rng.permutation(np.concatenate(held))


def training_subset(labels: np.ndarray, size: int, seed: int) -> np.ndarray:
    """Positions of a stratified subset of `size` labels (all of them when `size` is 0)."""
    if not 0 < size < len(labels):
        return np.arange(len(labels))
    keep, _ = stratified_indices(labels, 1 - size / len(labels), seed)
    return keep
