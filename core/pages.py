"""The pages a run, a link or a model file belongs to, and each page's settings.

A page is 'cnn', 'rnn', 'transformer.classify' or 'transformer.translate': the Transformer
page trains two kinds of network, each with runs of its own.
"""

from __future__ import annotations

import dataclasses

from core import cnn, rnn, transformer

PAGES = ("cnn", "rnn", "transformer.classify", "transformer.translate")
CONFIG_CLASSES = {
    "cnn": cnn.CNNConfig,
    "rnn": rnn.RNNConfig,
    "transformer.classify": transformer.TransformerConfig,
    "transformer.translate": transformer.TransformerConfig,
}


def page_of(config) -> str:
    """The page a config belongs to."""
    if isinstance(config, cnn.CNNConfig):
        return "cnn"
    if isinstance(config, rnn.RNNConfig):
        return "rnn"
    return f"transformer.{config.task}"


def validate(config) -> None:
    """The config's own checks: ValueError with a message a student can act on."""
    {"cnn": cnn, "rnn": rnn}.get(page_of(config), transformer).validate(config)


def config_of(page: str, values: dict):
    """`page`'s config dataclass from its fields as JSON holds them (a run's record, a model
    file's info). Fields it does not know (from another version of the app) are left out,
    missing ones take their defaults; ValueError when the values cannot make one."""
    kind = CONFIG_CLASSES.get(page)
    if kind is None or not isinstance(values, dict):
        raise ValueError(f"no settings of page {page!r} in {type(values).__name__}")
    known = {item.name for item in dataclasses.fields(kind)}
    try:
        return kind.from_dict({name: value for name, value in values.items() if name in known})
    except (TypeError, KeyError, AttributeError) as error:  # a block with fields it does not know
        raise ValueError(f"unreadable settings: {error}") from error
