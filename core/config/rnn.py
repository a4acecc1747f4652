"""The RNN page's settings as plain data.

An `RNNConfig` is what the page's widgets set: word ids → Embedding (id 0 masked) → 1–3
recurrent layers → one sigmoid unit, the probability that the review is positive.
`validate` refuses what cannot be trained with a message a student can act on;
`count_parameters` counts the weights by hand; `core.models.rnn.build_model` builds it.
"""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass

from core.config.checks import check_choice, check_range, check_training, field_name
from core.i18n import t

CELLS = ("simple_rnn", "lstm", "gru")
POOLINGS = ("last", "mean")  # how the last layer's states become one vector
MAX_LAYERS = 3
GATES = {"simple_rnn": 1, "lstm": 4, "gru": 3}  # weight blocks per unit in a cell's kernels
CELL_CLASSES = {"simple_rnn": "SimpleRNN", "lstm": "LSTM", "gru": "GRU"}


@dataclass
class RNNConfig:
    """Everything that defines an RNN run. Defaults are the recommended network, one that
    learns from the embedded reviews in about a minute (see `RECOMMENDED`); `CLASSIC` is the
    textbook SimpleRNN, offered as a preset to show why gated cells exist."""

    cell: str = "gru"  # 'simple_rnn', 'lstm' or 'gru'
    num_layers: int = 1  # stacked recurrent layers; all but the last pass on every step's state
    units: int = 32  # size of each recurrent layer's hidden state
    bidirectional: bool = True  # also read every layer right to left, and join both states
    pooling: str = "mean"  # the 'last' state, or the 'mean' of the last layer's states over the words
    embed_dim: int = 32  # length of each word's learned vector
    vocab_size: int = 10_000  # words kept from the training split, padding and unknown included
    sequence_length: int = 400  # words read per review: longer ones are cut, shorter ones padded
    dropout_rate: float = 0.3  # share of each recurrent layer's inputs zeroed while training
    recurrent_dropout_rate: float = 0.0  # share of the carried state zeroed while training
    optimizer: str = "adam"  # 'adam', 'sgd' (with momentum 0.9) or 'rmsprop'
    learning_rate: float = 2e-3  # step size of the optimizer
    lr_schedule: str = "cosine"  # 'constant', or 'cosine': decays to zero over the run
    batch_size: int = 32  # reviews per gradient step
    epochs: int = 3  # passes over the training set
    validation_share: float = 0.1  # share of the non-test reviews held out for validation
    train_size: int = 0  # training reviews used; 0 means all that are available
    seed: int = 42  # fixes the vocabulary split, weight initialisation, data order and dropout
    dataset: str = "imdb-5k"  # 'imdb-5k' (embedded) or 'imdb-50k' (full download)

    def to_json(self) -> str:
        return json.dumps(dataclasses.asdict(self), sort_keys=True)

    @classmethod
    def from_dict(cls, data: dict) -> RNNConfig:
        return cls(**data)


# Gated cells whose states are averaged over the words: every word has a short path to the
# output, so gradients reach the start of a review and the model learns from all of it.
# 400 words read most reviews whole; three epochs with a decaying learning rate settle
# before the network starts to memorise its 3,600 training reviews.
RECOMMENDED = RNNConfig()

# The textbook example: one SimpleRNN carrying a whole review to its last state. Its gradient
# vanishes over the 100 tanh steps back, so on the embedded reviews it stays near chance.
CLASSIC = RNNConfig(
    cell="simple_rnn",
    units=128,
    bidirectional=False,
    pooling="last",
    embed_dim=128,
    sequence_length=100,
    dropout_rate=0.0,
    learning_rate=1e-3,
    lr_schedule="constant",
    epochs=5,
)


def validate(config: RNNConfig) -> None:
    """Raise ValueError, naming the field and the fix, if `config` cannot be built or trained."""
    check_choice(config.cell, CELLS, field_name("", "cell"))
    check_range(config.num_layers, 1, MAX_LAYERS, field_name("", "num_layers"))
    check_choice(config.pooling, POOLINGS, field_name("", "review_vector"))
    check_range(config.units, 1, 1024, field_name("", "units"))
    check_range(config.embed_dim, 1, 1024, field_name("", "embed_dim"))
    check_range(config.vocab_size, 100, 100_000, field_name("", "vocab_size"))
    check_range(config.sequence_length, 5, 1000, field_name("", "sequence_length"))
    check_range(config.dropout_rate, 0.0, 0.9, field_name("", "dropout_rate"))
    check_range(config.recurrent_dropout_rate, 0.0, 0.9, field_name("", "recurrent_dropout_rate"))
    check_training(config)
    params = count_parameters(config)
    if params > 50_000_000:
        raise ValueError(t("error.too_many_parameters", count=params))


def recurrent_parameters(cell: str, inputs: int, units: int) -> int:
    """Weights of one direction of one recurrent layer with `inputs` features per step.

    Each gate has an input kernel (inputs × units), a recurrent kernel (units × units) and a
    bias; Keras' GRU (reset_after=True) keeps a second bias for its recurrent side.
    """
    biases = 2 if cell == "gru" else 1
    return GATES[cell] * units * (inputs + units + biases)


def count_parameters(config: RNNConfig, vocabulary_size: int | None = None) -> int:
    """All parameters, computed by hand from the config.

    The embedding has one row per vocabulary entry; a vocabulary built from a small
    training split may hold fewer words than `config.vocab_size`, so the real size can
    be given as `vocabulary_size`.
    """
    total = (vocabulary_size or config.vocab_size) * config.embed_dim
    directions = 2 if config.bidirectional else 1
    width = config.embed_dim
    for _ in range(config.num_layers):
        total += directions * recurrent_parameters(config.cell, width, config.units)
        width = directions * config.units
    return total + width + 1
