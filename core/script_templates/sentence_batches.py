"""The translator's batches: sentences of similar length together, each batch cut to its
longest sentence, so that it holds little padding; in a new order every epoch."""

import math

import numpy as np
import tensorflow as tf

from .vocabulary import PAD


class SentenceBatches:
    """Teacher-forcing batches of sentences of similar length, cut to their longest one.

    Sentences are about 13 tokens but up to the maximum length; a batch of random ones is
    mostly padding, which costs as much to compute as words. So, every epoch, the pairs
    are shuffled, sorted by length within windows of `WINDOW` batches, cut into batches,
    and the batches shuffled (the last, smaller one stays last). Without `shuffle`, the
    pairs are only sorted by length.
    """

    WINDOW = 50  # batches whose sentences are sorted together

    def __init__(self, x, y, batch_size: int, seed: int, shuffle: bool):
        (self.source, self.target_in), self.target_out = x, y
        self.batch_size, self.shuffle = batch_size, shuffle
        self.lengths = (self.source != PAD).sum(axis=1) + (self.target_in != PAD).sum(axis=1)
        self.rng = np.random.default_rng(seed)
        self.order = self._order()

    def _order(self) -> np.ndarray:
        if not self.shuffle:
            return np.argsort(self.lengths, kind="stable")
        order = self.rng.permutation(len(self.lengths))
        span = self.WINDOW * self.batch_size
        for start in range(0, len(order), span):
            window = order[start : start + span]
            order[start : start + span] = window[np.argsort(self.lengths[window], kind="stable")]
        full = len(order) // self.batch_size
        batches = list(order[: full * self.batch_size].reshape(full, self.batch_size))
        self.rng.shuffle(batches)
        return np.concatenate([*batches, order[full * self.batch_size :]]).astype(np.int64)

    def __len__(self) -> int:
        return math.ceil(len(self.lengths) / self.batch_size)

    def __getitem__(self, index: int):
        rows = self.order[index * self.batch_size : (index + 1) * self.batch_size]
        source, target_in = self.source[rows], self.target_in[rows]
        width_source = max(1, int((source != PAD).sum(axis=1).max()))
        width_target = max(1, int((target_in != PAD).sum(axis=1).max()))
        return (
            (source[:, :width_source], target_in[:, :width_target]),
            self.target_out[rows, :width_target],
        )

    def dataset(self) -> tf.data.Dataset:
        """The batches as a `tf.data` pipeline whose widths may change from batch to batch
        (Keras would fix them from the first batches of a `PyDataset`); every pass over it
        is one epoch, in a new order when shuffling."""
        ids = tf.TensorSpec((None, None), tf.int32)

        def epoch():
            for index in range(len(self)):
                yield self[index]
            self.on_epoch_end()

        data = tf.data.Dataset.from_generator(epoch, output_signature=((ids, ids), ids))
        return data.apply(tf.data.experimental.assert_cardinality(len(self))).prefetch(2)

    def on_epoch_end(self) -> None:
        """The next epoch's order, when shuffling."""
        if self.shuffle:
            self.order = self._order()
