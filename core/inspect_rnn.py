"""Looking inside a review RNN: the prediction word by word, the hidden states, the
recurrence written out with the model's own weights, and which words mattered.

Everything here takes a model built by `core.rnn.build_model` and an `Encoded` review
from `core.text`, and returns NumPy arrays; charts and pages only show them.

The recurrences are recomputed in NumPy from each layer's weights, following Keras'
conventions (LSTM gates in the order i, f, c, o; GRU with `reset_after=True`, gates
z, r, h, and a separate recurrent bias). `keras_states` gives the states Keras' own
layers return, so a test (and the page) can check that the two agree.
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass

import keras
import numpy as np
import tensorflow as tf

from core.rnn import recurrent_layers
from core.text import Encoded


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-x))


_COMPILED: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _compiled(model: keras.Model):
    # A recurrent layer called eagerly runs its loop step by step in Python, about twenty
    # times slower than as a graph; trace the model once per model, for any batch size.
    if model not in _COMPILED:
        spec = tf.TensorSpec((None, *model.input.shape[1:]), tf.int32)
        _COMPILED[model] = tf.function(lambda ids: model(ids, training=False), input_signature=[spec])
    return _COMPILED[model]


def _empty_review_probability(model: keras.Model) -> float:
    # With no word read, the state stays at its start, zero (and a mean over no words is
    # taken as zero too): the output unit sees zeros.
    output = model.get_layer("positive")
    return float(np.asarray(output(np.zeros((1, output.input.shape[-1]), dtype="float32")))[0, 0])


def predict_ids(model: keras.Model, ids: np.ndarray) -> np.ndarray:
    """Positive probabilities (n,) for a batch of id sequences (n, sequence_length).

    A sequence that is all padding gets the probability of reading nothing (the output
    unit applied to a zero state), also for models that average their states.
    """
    ids = np.asarray(ids, dtype=np.int32)
    probabilities = np.asarray(_compiled(model)(ids)).reshape(-1).astype(np.float64)
    empty = ~ids.any(axis=1)
    if empty.any():
        probabilities[empty] = _empty_review_probability(model)
    return probabilities


def predict(model: keras.Model, encoded: Encoded) -> float:
    return float(predict_ids(model, encoded.ids[np.newaxis])[0])


@dataclass(frozen=True)
class Reading:
    """What a review does to the model, from one batched forward pass."""

    probability: float  # of the whole (kept part of the) review being positive
    trajectory: np.ndarray  # (used,) probability after reading words 1..t
    occlusion: np.ndarray  # (used,) probability drop when word t is left out (positive: it pushed up)


def read_review(model: keras.Model, encoded: Encoded) -> Reading:
    """The prediction, the per-word trajectory and the occlusion effects of one review.

    The trajectory's point t is the model's prediction for the review's first t words
    (padding is masked, so a prefix is read exactly as the start of the full review);
    its last point is the prediction for the whole review. Occlusion removes one word at
    a time (the words after it move up by one) and measures how the prediction changes.
    All 2·used + 1 sequences go through the model as one batch.
    """
    length, used = len(encoded.ids), encoded.used
    words = encoded.ids[:used]
    batch = np.zeros((2 * used + 1, length), dtype=np.int32)
    batch[0] = encoded.ids
    for t in range(used):
        batch[1 + t, : t + 1] = words[: t + 1]
        batch[1 + used + t, : used - 1] = np.delete(words, t)
    probabilities = predict_ids(model, batch)
    full = float(probabilities[0])
    return Reading(full, probabilities[1 : used + 1], full - probabilities[used + 1 :])


# Recurrences in NumPy.


@dataclass(frozen=True)
class Step:
    """One step of one cell: every intermediate term, each (units,)."""

    terms: dict[str, np.ndarray]  # named pieces of the formula, in the order they are computed
    h: np.ndarray  # the new hidden state
    c: np.ndarray | None  # the new cell state (LSTM only)


def cell_kind(cell: keras.layers.Layer) -> str:
    return {"SimpleRNNCell": "simple_rnn", "LSTMCell": "lstm", "GRUCell": "gru"}[type(cell).__name__]


def cell_step(cell: keras.layers.Layer, x: np.ndarray, h: np.ndarray, c: np.ndarray | None) -> Step:
    """One step of a Keras SimpleRNN, LSTM or GRU cell, with x (inputs,), h and c (units,)."""
    kernel, recurrent, bias = (np.asarray(w, dtype=np.float64) for w in cell.get_weights())
    kind, units = cell_kind(cell), cell.units
    if kind == "simple_rnn":
        wx, uh = x @ kernel, h @ recurrent
        total = wx + uh + bias
        new_h = np.tanh(total)
        return Step({"Wx": wx, "Uh": uh, "b": bias, "sum": total, "h": new_h}, new_h, None)
    if kind == "lstm":
        z = x @ kernel + h @ recurrent + bias  # (4·units,): i, f, c̃, o pre-activations
        i, f = _sigmoid(z[:units]), _sigmoid(z[units : 2 * units])
        candidate, o = np.tanh(z[2 * units : 3 * units]), _sigmoid(z[3 * units :])
        new_c = f * c + i * candidate
        new_h = o * np.tanh(new_c)
        terms = {"i": i, "f": f, "c~": candidate, "o": o, "c": new_c, "h": new_h}
        return Step(terms, new_h, new_c)
    # GRU, reset_after=True: the reset gate scales the recurrent term after its matrix product.
    input_bias, recurrent_bias = bias
    x_part = x @ kernel + input_bias  # (3·units,): z, r, h pieces
    h_part = h @ recurrent + recurrent_bias
    z = _sigmoid(x_part[:units] + h_part[:units])
    r = _sigmoid(x_part[units : 2 * units] + h_part[units : 2 * units])
    candidate = np.tanh(x_part[2 * units :] + r * h_part[2 * units :])
    new_h = z * h + (1 - z) * candidate
    return Step({"z": z, "r": r, "h~": candidate, "h": new_h}, new_h, None)


@dataclass(frozen=True)
class LayerStates:
    """A recurrent layer's states over the words of one review, per direction."""

    name: str
    kind: str  # 'simple_rnn', 'lstm' or 'gru'
    inputs: np.ndarray  # (used, features) what the layer read at each word
    h: dict[str, np.ndarray]  # direction ('forward', 'backward') -> (used, units)
    c: dict[str, np.ndarray]  # the same for the LSTM cell state; empty for other cells


def _directions(layer: keras.layers.Layer) -> dict[str, keras.layers.Layer]:
    if isinstance(layer, keras.layers.Bidirectional):
        return {"forward": layer.forward_layer, "backward": layer.backward_layer}
    return {"forward": layer}


def run_direction(cell: keras.layers.Layer, inputs: np.ndarray, backwards: bool) -> tuple[list[Step], list]:
    """Steps of `cell` over `inputs` (used, features); returned in word order either way.

    Also returns, per word, the (h, c) the step started from, for writing the formula out.
    """
    units = cell.units
    h, c = np.zeros(units), np.zeros(units) if cell_kind(cell) == "lstm" else None
    order = range(len(inputs) - 1, -1, -1) if backwards else range(len(inputs))
    steps, previous = [None] * len(inputs), [None] * len(inputs)
    for t in order:
        previous[t] = (h, c)
        steps[t] = cell_step(cell, np.asarray(inputs[t], dtype=np.float64), h, c)
        h, c = steps[t].h, steps[t].c
    return steps, previous


def hidden_states(model: keras.Model, encoded: Encoded) -> list[LayerStates]:
    """Every recurrent layer's states at every kept word, recomputed from the weights.

    Padding is masked in the model, so only the kept words matter; dropout is off at
    inference, so the recurrence is exactly the formula.
    """
    words = encoded.ids[: encoded.used]
    x = np.asarray(model.get_layer("embedding").embeddings)[words].astype(np.float64)
    result = []
    for layer in recurrent_layers(model):
        h, c = {}, {}
        for direction, part in _directions(layer).items():
            steps, _ = run_direction(part.cell, x, backwards=direction == "backward")
            h[direction] = np.array([s.h for s in steps]).reshape(len(words), part.cell.units)
            if steps and steps[0].c is not None:
                c[direction] = np.array([s.c for s in steps])
        result.append(LayerStates(layer.name, cell_kind(_directions(layer)["forward"].cell), x, h, c))
        x = np.concatenate([h[d] for d in ("forward", "backward") if d in h], axis=1)
    return result


# Keras' own states, for checking the NumPy recurrence.

_PROBES: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _sequence_copy(layer: keras.layers.Layer) -> keras.layers.Layer:
    config = layer.get_config()
    if isinstance(layer, keras.layers.Bidirectional):
        for part in ("layer", "backward_layer"):
            config[part]["config"]["return_sequences"] = True
    else:
        config["return_sequences"] = True
    return type(layer).from_config(config)


def _probe(model: keras.Model) -> tuple[keras.Model, list[tuple]]:
    """A model giving every recurrent layer's state at every step, with copies of the
    layers set to return sequences (the last one of the model returns only its end)."""
    if model not in _PROBES:
        inputs = keras.Input(model.input.shape[1:], dtype="int32")
        x = model.get_layer("embedding")(inputs)
        outputs, pairs = [], []
        for layer in recurrent_layers(model):
            copy = _sequence_copy(layer)
            x = copy(x)
            outputs.append(x)
            pairs.append((copy, layer))
        _PROBES[model] = (keras.Model(inputs, outputs), pairs)
    return _PROBES[model]


def keras_states(model: keras.Model, encoded: Encoded) -> list[np.ndarray]:
    """Per recurrent layer, the (used, units × directions) states Keras' layers return."""
    probe, pairs = _probe(model)
    for copy, layer in pairs:
        copy.set_weights(layer.get_weights())  # the model may have trained since
    outputs = _compiled(probe)(encoded.ids[np.newaxis])
    if not isinstance(outputs, (list, tuple)):  # a one-output model returns the tensor itself
        outputs = [outputs]
    return [np.asarray(out)[0, : encoded.used] for out in outputs]
