"""What each builder widget offers, in one place: the pages draw their widgets from these
options, and a shared link (`core.url_config`) is held to the same ones.

`Choice` is a selectbox, radio, toggle or select slider (one of its options); `Span` is a
slider or number input (from `low` to `high` in steps of `step`); `Blocks` is the CNN's list
of layer blocks (how many, and what each of their fields allows). `CNN_FIELDS`, `RNN_FIELDS`,
`CLASSIFIER_FIELDS` and `TRANSLATOR_FIELDS` map every config field a kind's widgets set to
what they allow; fields without a widget are absent.
"""

from __future__ import annotations

from dataclasses import dataclass

from core.config import cnn, rnn, transformer
from core.config.checks import LR_SCHEDULES, OPTIMIZERS
from core.data import imdb, mnist, multi30k


@dataclass(frozen=True)
class Choice:
    """One of `options` (numbers, strings or the two booleans). `every`, if set, is an option
    that is not a size but stands for "all of them" (a training-set size of 0): only that
    exact value chooses it, never a number that happens to lie close to it."""

    options: tuple
    every: int | None = None


@dataclass(frozen=True)
class Span:
    """A number from `low` to `high` in steps of `step`; whole numbers if all three are."""

    low: float
    high: float
    step: float = 1


@dataclass(frozen=True)
class Blocks:
    """Between `low` and `high` blocks, each field of a block allowed by `fields`."""

    low: int
    high: int
    fields: dict


ON_OFF = Choice((False, True))
DROPOUT = Span(0.0, 0.7, 0.05)

# Training settings every page shares (ui.builder_widgets.training_widgets).
LEARNING_RATES = (1e-5, 3e-5, 1e-4, 3e-4, 1e-3, 2e-3, 3e-3, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0)
BATCH_SIZES = (16, 32, 64, 128, 256)
EPOCHS = Span(1, 30)
VALIDATION_SHARES = Span(0.05, 0.3, 0.05)
SEEDS = Span(0, 2**31 - 1)

# The CNN page (ui.cnn_controls).
CNN_TRAIN_SIZES = (250, 500, 1000, 2000, 4000, 8000, 16000, 32000, 0)  # 0: every digit
FILTERS = (4, 8, 16, 32, 64, 128, 256)
KERNELS = (1, 3, 5, 7)
STRIDES = (1, 2)
POOL_SIZES = (2, 3)
CNN_UNITS = (16, 32, 64, 128, 256, 512)

# The RNN page (ui.rnn_controls).
RNN_TRAIN_SIZES = (250, 500, 1000, 2000, 4000, 8000, 16000, 0)  # 0: every review
RNN_UNITS = (8, 16, 32, 64, 128, 256)
EMBED_DIMS = (8, 16, 32, 64, 128, 256)
RNN_VOCAB_SIZES = (1_000, 2_000, 5_000, 10_000, 20_000, 30_000)
LENGTHS = (25, 50, 100, 150, 200, 300, 400, 500)

# The Transformer page (ui.transformer_controls).
LAYER_COUNTS = tuple(range(1, transformer.MAX_LAYERS + 1))
HEADS = (1, 2, 3, 4, 6, 8, 12, 16)
WIDTHS = (16, 24, 32, 48, 64, 96, 128, 192, 256, 512)
FF_WIDTHS = (32, 64, 128, 256, 512, 1024, 2048)
REVIEW_LENGTHS = (50, 100, 200, 256, 300, 400, 500)
SENTENCE_LENGTHS = (16, 24, 32, 40, 64)
TRANSFORMER_VOCAB_SIZES = (1_000, 2_000, 5_000, 8_000, 10_000, 20_000, 30_000)
CLASSIFIER_TRAIN_SIZES = (250, 500, 1000, 2000, 4000, 8000, 16000, 0)  # 0: every review
TRANSLATOR_TRAIN_SIZES = (1000, 2000, 5000, 10000, 20000, 0)  # 0: every sentence pair


def _training(train_sizes: tuple[int, ...], validation_share: bool = True) -> dict:
    allowed = {
        "optimizer": Choice(OPTIMIZERS),
        "learning_rate": Choice(LEARNING_RATES),
        "lr_schedule": Choice(LR_SCHEDULES),
        "batch_size": Choice(BATCH_SIZES),
        "epochs": EPOCHS,
        "train_size": Choice(train_sizes, every=0),
        "seed": SEEDS,
    }
    if validation_share:
        allowed["validation_share"] = VALIDATION_SHARES
    return allowed


def _transformer(task: str, lengths: tuple, datasets: tuple, **extra) -> dict:
    return {
        "task": Choice((task,)),  # the page's task choice picks the builder; it cannot change here
        "num_encoder_layers": Choice(LAYER_COUNTS),
        "num_heads": Choice(HEADS),
        "embed_dim": Choice(WIDTHS),
        "ff_dim": Choice(FF_WIDTHS),
        "positional": Choice(transformer.POSITIONALS),
        "max_length": Choice(lengths),
        "vocab_size": Choice(TRANSFORMER_VOCAB_SIZES),
        "dropout_rate": DROPOUT,
        "dataset": Choice(datasets),
        **extra,
    }


# Per model kind (core.kinds), every config field its page's widgets set and what they allow.
CNN_FIELDS = {
    "conv_blocks": Blocks(
        1,
        cnn.MAX_CONV_BLOCKS,
        {
            "filters": Choice(FILTERS),
            "kernel_size": Choice(KERNELS),
            "stride": Choice(STRIDES),
            "padding": Choice(cnn.PADDINGS),
            "activation": Choice(cnn.ACTIVATIONS),
            "pooling": Choice(cnn.POOLINGS),
            "pool_size": Choice(POOL_SIZES),
            "batch_norm": ON_OFF,
            "dropout_rate": DROPOUT,
        },
    ),
    "dense_blocks": Blocks(
        0,
        cnn.MAX_DENSE_BLOCKS,
        {"units": Choice(CNN_UNITS), "activation": Choice(cnn.ACTIVATIONS), "dropout_rate": DROPOUT},
    ),
    "augment": ON_OFF,
    "dataset": Choice(mnist.DATASETS),
    **_training(CNN_TRAIN_SIZES),
}

RNN_FIELDS = {
    "cell": Choice(rnn.CELLS),
    "num_layers": Span(1, rnn.MAX_LAYERS),
    "units": Choice(RNN_UNITS),
    "bidirectional": ON_OFF,
    "pooling": Choice(rnn.POOLINGS),
    "embed_dim": Choice(EMBED_DIMS),
    "vocab_size": Choice(RNN_VOCAB_SIZES),
    "sequence_length": Choice(LENGTHS),
    "dropout_rate": DROPOUT,
    "recurrent_dropout_rate": DROPOUT,
    "dataset": Choice(imdb.DATASETS),
    **_training(RNN_TRAIN_SIZES),
}

# The Transformer page, one set per task.
CLASSIFIER_FIELDS = _transformer(
    transformer.CLASSIFY,
    REVIEW_LENGTHS,
    imdb.DATASETS,
    **_training(CLASSIFIER_TRAIN_SIZES),
)
TRANSLATOR_FIELDS = _transformer(
    transformer.TRANSLATE,
    SENTENCE_LENGTHS,
    multi30k.DATASETS,
    **_training(TRANSLATOR_TRAIN_SIZES, validation_share=False),  # Multi30k has its own
    num_decoder_layers=Choice(LAYER_COUNTS),
    target_vocab_size=Choice(TRANSFORMER_VOCAB_SIZES),
)
