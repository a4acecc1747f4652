"""The RNN playground's configuration and model builder.

An `RNNConfig` is plain data: the page's widgets map one-to-one onto its fields, and
`build_model(config, vocabulary_size)` turns a valid one into a compiled Keras model:
word ids → Embedding (id 0 masked) → 1–3 recurrent layers → one sigmoid unit, the
probability that the review is positive.
"""

from __future__ import annotations

import keras

from core.config.rnn import (
    CELL_CLASSES,
    RNNConfig,
    validate,
)
from core.models.compiling import compile_model


def _recurrent_layer(config: RNNConfig, number: int, last: bool, seeds) -> keras.layers.Layer:
    kind = getattr(keras.layers, CELL_CLASSES[config.cell])

    def one_direction(backwards: bool, name: str) -> keras.layers.Layer:
        return kind(
            config.units,
            return_sequences=not last or config.pooling != "last",
            go_backwards=backwards,
            dropout=config.dropout_rate,
            recurrent_dropout=config.recurrent_dropout_rate,
            kernel_initializer=keras.initializers.GlorotUniform(seed=next(seeds)),
            recurrent_initializer=keras.initializers.Orthogonal(seed=next(seeds)),
            seed=next(seeds),
            name=name,
        )

    if not config.bidirectional:
        return one_direction(False, f"rnn{number}")
    return keras.layers.Bidirectional(
        one_direction(False, f"forward_rnn{number}"),
        backward_layer=one_direction(True, f"backward_rnn{number}"),
        name=f"rnn{number}",
    )


def build_model(
    config: RNNConfig, vocabulary_size: int | None = None, train_examples: int | None = None
) -> keras.Model:
    """A compiled functional model from (batch, sequence_length) int word ids to (batch, 1)
    positive probabilities.

    Layer names are stable (`embedding`, `rnn1`…`rnn3`, `mean_over_words`, `positive`) so
    that introspection can find them. Every random draw is seeded from `config.seed`. `vocabulary_size` is the
    size of the vocabulary actually built (at most `config.vocab_size`); `train_examples`
    the number of training reviews, which a decaying learning rate needs.
    """
    validate(config)
    seeds = iter(range(config.seed * 1000, config.seed * 1000 + 100))
    inputs = keras.Input((config.sequence_length,), dtype="int32", name="word_ids")
    x = keras.layers.Embedding(
        vocabulary_size or config.vocab_size,
        config.embed_dim,
        mask_zero=True,  # id 0 is padding: masked steps leave the state unchanged
        embeddings_initializer=keras.initializers.RandomUniform(-0.05, 0.05, seed=next(seeds)),
        name="embedding",
    )(inputs)
    for number in range(1, config.num_layers + 1):
        x = _recurrent_layer(config, number, number == config.num_layers, seeds)(x)
    if config.pooling == "mean":  # padding is masked, so only the review's words are averaged
        x = keras.layers.GlobalAveragePooling1D(name="mean_over_words")(x)
    outputs = keras.layers.Dense(
        1,
        activation="sigmoid",
        kernel_initializer=keras.initializers.GlorotUniform(seed=next(seeds)),
        name="positive",
    )(x)
    model = keras.Model(inputs, outputs, name="rnn")
    return compile_model(model, config, loss="binary_crossentropy", train_examples=train_examples)


def recurrent_layers(model: keras.Model) -> list[keras.layers.Layer]:
    """The model's recurrent layers (`rnn1`, `rnn2`…), in order."""
    return [layer for layer in model.layers if layer.name.startswith("rnn")]
