"""What every architecture's builder shares: field checks that raise messages a student can
act on, the optimizers the pages offer, and the layer table."""

from __future__ import annotations

import math

import keras

from core.config.checks import OPTIMIZERS
from core.i18n import t


def make_optimizer(name: str, learning_rate) -> keras.optimizers.Optimizer:
    """The optimizer the pages offer under `name`; `learning_rate` is a number or a schedule."""
    if name == "adam":
        return keras.optimizers.Adam(learning_rate)
    if name == "sgd":
        return keras.optimizers.SGD(learning_rate, momentum=0.9)
    if name == "rmsprop":
        return keras.optimizers.RMSprop(learning_rate)
    raise ValueError(t("error.choice", what=t("field.optimizer"), choices=", ".join(OPTIMIZERS), value=name))


def compile_model(
    model: keras.Model, config, loss, train_examples: int | None = None, accuracy="accuracy"
) -> keras.Model:
    """Compile `model` with the config's optimizer and learning rate, tracking accuracy.

    A 'cosine' schedule needs the run's length: it decays the rate from its value to zero
    over `epochs` passes over `train_examples` (Loshchilov & Hutter's SGDR, without
    restarts). Without `train_examples` (a preview that will not train) the rate stays.
    `accuracy` is the metric reported as accuracy (a translator's ignores padding).
    """
    learning_rate = config.learning_rate
    if config.lr_schedule == "cosine" and train_examples:
        steps = config.epochs * math.ceil(train_examples / config.batch_size)
        learning_rate = keras.optimizers.schedules.CosineDecay(config.learning_rate, steps)
    optimizer = make_optimizer(config.optimizer, learning_rate)
    model.compile(optimizer=optimizer, loss=loss, metrics=[accuracy])
    return model


def layer_table(model: keras.Model) -> list[dict]:
    """One row per layer: name, type, output shape (without the batch axis) and parameters."""
    rows = []
    for layer in model.layers:
        shape = layer.output.shape[1:]
        rows.append(
            {
                "layer": layer.name,
                "type": type(layer).__name__,
                "output_shape": " × ".join(str(d) for d in shape),
                "parameters": int(layer.count_params()),
            }
        )
    return rows
