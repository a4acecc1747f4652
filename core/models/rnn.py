"""The RNN page's model builder: a valid `RNNConfig` (core.config.rnn) as a compiled Keras
model, word ids → Embedding (id 0 masked) → 1–3 recurrent layers → one sigmoid unit, the
probability that the review is positive.

The layers are the exported script's own (`build_model` of `core.script_templates.rnn`),
so a script builds the very network the page shows; this module adds the config's checks,
compiling for the run's length and finding the recurrent layers again.
"""

from __future__ import annotations

import dataclasses

import keras

from core.config.rnn import RNNConfig, validate
from core.models.compiling import compile_model
from core.script_templates import rnn


def build_model(
    config: RNNConfig, vocabulary_size: int | None = None, train_examples: int | None = None
) -> keras.Model:
    """A compiled functional model from (batch, sequence_length) int word ids to (batch, 1)
    positive probabilities.

    Layer names are stable (`embedding`, `rnn1`…`rnn3`, `mean_over_words`, `positive`) so
    that introspection can find them. Every random draw is seeded from `config.seed`.
    `vocabulary_size` is the size of the vocabulary actually built (at most
    `config.vocab_size`); `train_examples` the number of training reviews, which a
    decaying learning rate needs.
    """
    validate(config)
    model = rnn.build_model(dataclasses.asdict(config), vocabulary_size or config.vocab_size)
    return compile_model(model, config, loss="binary_crossentropy", train_examples=train_examples)


def recurrent_layers(model: keras.Model) -> list[keras.layers.Layer]:
    """The model's recurrent layers (`rnn1`, `rnn2`…), in order."""
    return [layer for layer in model.layers if layer.name.startswith("rnn")]
