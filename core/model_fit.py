"""Whether a model fits a page: the inputs the page feeds it and the outputs it reads, the
layers *Look inside* reads, and, for a text model, vocabularies of the sizes its embeddings
take. `check_page` raises `ModelDoesNotFit` with a reason a student can act on."""

from __future__ import annotations

import keras

from core import cnn, rnn, transformer
from core.i18n import t

VOCABULARIES = {
    "cnn": (),
    "rnn": ("vocabulary",),
    "transformer.classify": ("vocabulary",),
    "transformer.translate": ("source", "target"),
}
RECURRENT_CELLS = ("SimpleRNNCell", "LSTMCell", "GRUCell")  # the cells the RNN page writes out


class ModelDoesNotFit(ValueError):
    """Why a model cannot be used on a page, in words a student can act on."""


def page_name(page: str) -> str:
    return {
        "cnn": t("archive.page_cnn"),
        "rnn": t("archive.page_rnn"),
        "transformer.classify": t("archive.page_classify"),
        "transformer.translate": t("archive.page_translate"),
    }[page]


def _expected(page: str, inputs: str, outputs: str) -> str:
    """What `page` feeds its model and reads from it, and what this model does instead."""
    if page == "cnn":
        return t("archive.fit_cnn", inputs=inputs, outputs=outputs)
    if page == "transformer.translate":
        return t("archive.fit_translate", inputs=inputs, outputs=outputs)
    return t("archive.fit_review", page=page_name(page), inputs=inputs, outputs=outputs)


def _shapes(tensors) -> str:
    return ", ".join(str(tuple(tensor.shape)) for tensor in tensors)


def _ends_in(model: keras.Model, activation: str) -> bool:
    """Whether the model's last layer applies `activation` ('softmax' or 'sigmoid')."""
    layer = model.layers[-1]
    if activation == "softmax" and isinstance(layer, keras.layers.Softmax):
        return True
    return getattr(getattr(layer, "activation", None), "__name__", None) == activation


def _fits(model: keras.Model, page: str) -> bool:
    """Whether the model's inputs and outputs are the ones `page` feeds and reads."""
    inputs, outputs = [tuple(x.shape) for x in model.inputs], [tuple(y.shape) for y in model.outputs]
    if len(outputs) != 1:
        return False
    if page == "cnn":
        return inputs == [(None, cnn.IMAGE_SIZE, cnn.IMAGE_SIZE, 1)] and (
            outputs[0] == (None, cnn.NUM_CLASSES) and _ends_in(model, "softmax")
        )
    if page == "transformer.translate":
        return (
            len(inputs) == 2
            and all(len(shape) == 2 for shape in inputs)
            and len(outputs[0]) == 3
            and _ends_in(model, "softmax")
        )
    # The review pages: one (batch, words) input of a fixed length, one probability.
    return (
        len(inputs) == 1
        and len(inputs[0]) == 2
        and isinstance(inputs[0][1], int)
        and outputs[0] == (None, 1)
        and _ends_in(model, "sigmoid")
    )


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


def _missing_layers(model: keras.Model, page: str) -> list[str]:
    """The layers `page` looks inside that `model` lacks, named as in code."""
    missing = []
    if page == "cnn":
        if not any(isinstance(layer, keras.layers.Conv2D) for layer in model.layers):
            missing.append("Conv2D")
        return missing
    if page == "rnn":
        if not isinstance(_layer(model, "embedding"), keras.layers.Embedding):
            missing.append("Embedding 'embedding'")
        recurrent = rnn.recurrent_layers(model)
        if not recurrent or not all(_is_recurrent(layer) for layer in recurrent):
            missing.append("SimpleRNN / LSTM / GRU 'rnn1'…")
        if not isinstance(_layer(model, "positive"), keras.layers.Dense):
            missing.append("Dense 'positive'")
        return missing
    embeddings = (
        ("embedding",) if page == "transformer.classify" else ("source_embedding", "target_embedding")
    )
    for name in embeddings:
        if not isinstance(_layer(model, name), transformer.PositionalEmbedding):
            missing.append(f"PositionalEmbedding '{name}'")
    kinds = [transformer.EncoderBlock] + (
        [transformer.DecoderBlock] if page == "transformer.translate" else []
    )
    for kind in kinds:
        if not any(isinstance(layer, kind) for layer in model.layers):
            missing.append(kind.__name__)
    return missing


def _embedding_sizes(model: keras.Model, page: str) -> dict[str, list[int]]:
    """Per vocabulary, the numbers of ids the model reads (or writes) with it."""
    if page == "cnn":
        return {}
    if page == "rnn":
        return {"vocabulary": [model.get_layer("embedding").input_dim]}
    if page == "transformer.classify":
        return {"vocabulary": [model.get_layer("embedding").vocab_size]}
    return {
        "source": [model.get_layer("source_embedding").vocab_size],
        "target": [model.get_layer("target_embedding").vocab_size, model.outputs[0].shape[-1]],
    }


def check_page(model: keras.Model, info: dict, page: str) -> None:
    """Refuse a model `page` cannot feed, read or look inside, or without its vocabularies."""
    if not _fits(model, page):
        raise ModelDoesNotFit(_expected(page, _shapes(model.inputs), _shapes(model.outputs)))
    missing = _missing_layers(model, page)
    if missing:
        raise ModelDoesNotFit(t("archive.missing_layers", page=page_name(page), missing=", ".join(missing)))
    for name, sizes in _embedding_sizes(model, page).items():
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
