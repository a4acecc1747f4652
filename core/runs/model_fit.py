"""Whether a model can be used as a kind's: the inputs its page feeds it and the outputs it
reads, the layers *Look inside* reads, and, for a text model, vocabularies of the sizes its
embeddings take. Each kind's `ModelChecks` (named by `core.kinds`) says what those are;
`check_kind` raises `ModelDoesNotFit` with a reason a student can act on."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import keras

from core.config import cnn
from core.i18n import t
from core.kinds import Kind
from core.models import rnn, transformer

RECURRENT_CELLS = ("SimpleRNNCell", "LSTMCell", "GRUCell")  # the cells the RNN page writes out


class ModelDoesNotFit(ValueError):
    """Why a model cannot be used on a page, in words a student can act on."""


def _shapes(tensors) -> str:
    return ", ".join(str(tuple(tensor.shape)) for tensor in tensors)


def _ends_in(model: keras.Model, activation: str) -> bool:
    """Whether the model's last layer applies `activation` ('softmax' or 'sigmoid')."""
    layer = model.layers[-1]
    if activation == "softmax" and isinstance(layer, keras.layers.Softmax):
        return True
    return getattr(getattr(layer, "activation", None), "__name__", None) == activation


def _layer(model: keras.Model, name: str) -> keras.layers.Layer | None:
    return next((layer for layer in model.layers if layer.name == name), None)


def _is_recurrent(layer: keras.layers.Layer) -> bool:
    """A SimpleRNN, LSTM or GRU (or a Bidirectional pair of them) whose step the RNN page
    can write out: with biases, and a GRU with Keras' default reset_after."""
    parts = (
        [layer.forward_layer, layer.backward_layer]
        if isinstance(layer, keras.layers.Bidirectional)
        else [layer]
    )
    for part in parts:
        cell = getattr(part, "cell", None)
        if type(cell).__name__ not in RECURRENT_CELLS or not cell.use_bias:
            return False
        if type(cell).__name__ == "GRUCell" and not cell.reset_after:
            return False
    return True


@dataclass(frozen=True)
class ModelChecks:
    """What a kind's page needs of a model. `fits(inputs, outputs, model)` is given the
    shapes of its inputs and of its single output; `misfit(page, inputs, outputs)` says what
    the page feeds and reads, and what this model does instead."""

    fits: Callable[[list[tuple], tuple, keras.Model], bool]
    misfit: Callable[..., str]
    missing_layers: Callable[[keras.Model], list[str]]
    embedding_sizes: Callable[[keras.Model], dict[str, list[int]]]  # per vocabulary, the ids read
    input_length: Callable[[keras.Model], int | None]  # the words it reads (its config's length)
    config_length: str | None = None  # the config field that length is


def _digits_in_probabilities_out(inputs: list[tuple], output: tuple, model: keras.Model) -> bool:
    return inputs == [(None, cnn.IMAGE_SIZE, cnn.IMAGE_SIZE, 1)] and (
        output == (None, cnn.NUM_CLASSES) and _ends_in(model, "softmax")
    )


def _review_in_probability_out(inputs: list[tuple], output: tuple, model: keras.Model) -> bool:
    """One (batch, words) input of a fixed length, one probability."""
    return (
        len(inputs) == 1
        and len(inputs[0]) == 2
        and isinstance(inputs[0][1], int)
        and output == (None, 1)
        and _ends_in(model, "sigmoid")
    )


def _sentences_in_words_out(inputs: list[tuple], output: tuple, model: keras.Model) -> bool:
    return (
        len(inputs) == 2
        and all(len(shape) == 2 for shape in inputs)
        and len(output) == 3
        and (_ends_in(model, "softmax"))
    )


def _convolutions_missing(model: keras.Model) -> list[str]:
    return [] if any(isinstance(layer, keras.layers.Conv2D) for layer in model.layers) else ["Conv2D"]


def _recurrent_missing(model: keras.Model) -> list[str]:
    missing = []
    if not isinstance(_layer(model, "embedding"), keras.layers.Embedding):
        missing.append("Embedding 'embedding'")
    recurrent = rnn.recurrent_layers(model)
    if not recurrent or not all(_is_recurrent(layer) for layer in recurrent):
        missing.append("SimpleRNN / LSTM / GRU 'rnn1'…")
    if not isinstance(_layer(model, "positive"), keras.layers.Dense):
        missing.append("Dense 'positive'")
    return missing


def _attention_missing(embeddings: tuple[str, ...], blocks: tuple[type, ...]) -> Callable:
    def missing(model: keras.Model) -> list[str]:
        found = [
            f"PositionalEmbedding '{name}'"
            for name in embeddings
            if not isinstance(_layer(model, name), transformer.PositionalEmbedding)
        ]
        return found + [
            block.__name__ for block in blocks if not any(isinstance(layer, block) for layer in model.layers)
        ]

    return missing


def _words_read(model: keras.Model) -> int | None:
    return model.inputs[0].shape[1]


cnn_checks = ModelChecks(
    fits=_digits_in_probabilities_out,
    misfit=lambda **shapes: t("archive.fit_cnn", **shapes),
    missing_layers=_convolutions_missing,
    embedding_sizes=lambda model: {},
    input_length=lambda model: None,
)
rnn_checks = ModelChecks(
    fits=_review_in_probability_out,
    misfit=lambda **shapes: t("archive.fit_review", **shapes),
    missing_layers=_recurrent_missing,
    embedding_sizes=lambda model: {"vocabulary": [model.get_layer("embedding").input_dim]},
    input_length=_words_read,
    config_length="sequence_length",
)
classify_checks = ModelChecks(
    fits=_review_in_probability_out,
    misfit=lambda **shapes: t("archive.fit_review", **shapes),
    missing_layers=_attention_missing(("embedding",), (transformer.EncoderBlock,)),
    embedding_sizes=lambda model: {"vocabulary": [model.get_layer("embedding").vocab_size]},
    input_length=_words_read,
    config_length="max_length",
)
translate_checks = ModelChecks(
    fits=_sentences_in_words_out,
    misfit=lambda **shapes: t("archive.fit_translate", **shapes),
    missing_layers=_attention_missing(
        ("source_embedding", "target_embedding"), (transformer.EncoderBlock, transformer.DecoderBlock)
    ),
    embedding_sizes=lambda model: {
        "source": [model.get_layer("source_embedding").vocab_size],
        "target": [model.get_layer("target_embedding").vocab_size, model.outputs[0].shape[-1]],
    },
    # The longest sentence its position table covers.
    input_length=lambda model: model.get_layer("source_embedding").max_length,
    config_length="max_length",
)


def check_kind(model: keras.Model, info: dict, kind: Kind) -> None:
    """Refuse a model `kind`'s page cannot feed, read or look inside, or without its vocabularies."""
    checks = kind.checks.resolve()
    inputs, outputs = [tuple(x.shape) for x in model.inputs], [tuple(y.shape) for y in model.outputs]
    if len(outputs) != 1 or not checks.fits(inputs, outputs[0], model):
        raise ModelDoesNotFit(
            checks.misfit(page=kind.label, inputs=_shapes(model.inputs), outputs=_shapes(model.outputs))
        )
    missing = checks.missing_layers(model)
    if missing:
        raise ModelDoesNotFit(t("archive.missing_layers", page=kind.label, missing=", ".join(missing)))
    for name, sizes in checks.embedding_sizes(model).items():
        words = info.get(name)
        if words is None:
            raise ModelDoesNotFit(t("archive.no_vocabulary"))
        if not isinstance(words, list) or not all(isinstance(word, str) for word in words):
            raise ModelDoesNotFit(t("archive.info_unreadable"))
        for size in sizes:
            if len(words) + 2 != size:
                raise ModelDoesNotFit(
                    t("archive.vocabulary_size", name=name, entries=len(words) + 2, size=size)
                )
