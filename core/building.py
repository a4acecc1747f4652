"""What every architecture's builder shares: field checks that raise messages a student can
act on, the optimizers the pages offer, and the layer table."""

from __future__ import annotations

import math

import keras

from core.i18n import t

OPTIMIZERS = ("adam", "sgd", "rmsprop")
LR_SCHEDULES = ("constant", "cosine")  # the learning rate stays, or decays to zero over the run


def field_name(where: str, field: str) -> str:
    """A field's display name, prefixed by the block it belongs to ('Convolution block 2: filters')."""
    return f"{where}: {t(f'field.{field}')}" if where else t(f"field.{field}")


def check_choice(value: str, choices: tuple[str, ...], what: str) -> None:
    if value not in choices:
        raise ValueError(t("error.choice", what=what, choices=", ".join(choices), value=value))


def check_range(value: float, low: float, high: float, what: str) -> None:
    if not low <= value <= high:  # also refuses NaN
        raise ValueError(t("error.range", what=what, low=low, high=high, value=value))


def check_training(config) -> None:
    """The settings every config has: optimizer, learning rate, batch size, epochs, split."""
    check_choice(config.optimizer, OPTIMIZERS, field_name("", "optimizer"))
    check_choice(config.lr_schedule, LR_SCHEDULES, field_name("", "lr_schedule"))
    if not 0 < config.learning_rate <= 10.0:
        raise ValueError(t("error.learning_rate", value=config.learning_rate))
    check_range(config.batch_size, 1, 4096, field_name("", "batch_size"))
    check_range(config.epochs, 1, 200, field_name("", "epochs"))
    check_range(config.validation_share, 0.02, 0.5, field_name("", "validation_share"))
    if config.train_size < 0:
        raise ValueError(t("error.train_size"))


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
