"""The checks every kind's settings share, raising messages a student can act on, and the
optimizers and learning-rate schedules the pages offer."""

from __future__ import annotations

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
