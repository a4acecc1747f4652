"""Looking inside a review RNN: the prediction word by word, the hidden states, the
recurrence written out with the model's own weights, and which words mattered.

Everything here takes a model built by `core.models.rnn.build_model` and an `Encoded` review
from `core.data.text`, and returns NumPy arrays; charts and pages only show them.

The recurrences are recomputed in NumPy from each layer's weights, following Keras'
conventions (LSTM gates in the order i, f, c, o; GRU with `reset_after=True`, gates
z, r, h, and a separate recurrent bias). `keras_states` gives the states Keras' own
layers return, so the tests can check that the two agree; `recurrence` writes one step
out from Keras' own inputs and previous state, so the page can show that it matches.
"""

from __future__ import annotations

import threading
import weakref
from dataclasses import dataclass, field

import keras
import numpy as np
import tensorflow as tf

from core.data.text import Encoded
from core.models.rnn import recurrent_layers


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-x))


# Per-model caches, keyed weakly so that a model no session uses any more can be freed:
# their values must not refer to the model itself. Filled under a lock, since several
# sessions may first use the same (starter) model at once.
_CACHE_LOCK = threading.Lock()
_COMPILED: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
STATE_BUDGET = 25_000_000  # recurrent-state floats per model call (100 MB): bounds memory


def _compiled(model: keras.Model):
    # A recurrent layer called eagerly runs its loop step by step in Python, about twenty
    # times slower than as a graph; trace the model once per model, for any batch size.
    with _CACHE_LOCK:
        function = _COMPILED.get(model)
        if function is None:
            owner = weakref.ref(model)
            spec = tf.TensorSpec((None, *model.input.shape[1:]), tf.int32)
            function = tf.function(lambda ids: owner()(ids, training=False), input_signature=[spec])
            _COMPILED[model] = function
    return function


def _empty_review_probability(model: keras.Model) -> float:
    # With no word read, the state stays at its start, zero (and a mean over no words is
    # taken as zero too): the output unit sees zeros.
    output = model.get_layer("positive")
    return float(np.asarray(output(np.zeros((1, output.input.shape[-1]), dtype="float32")))[0, 0])


def _rows_per_call(model: keras.Model) -> int:
    # A call keeps every recurrent layer's state at every step of every sequence: split a
    # long batch so that a wide network on long reviews does not need gigabytes.
    width = sum(part.units for layer in recurrent_layers(model) for part in directions(layer).values())
    return max(1, STATE_BUDGET // (model.input.shape[1] * max(1, width)))


def predict_ids(model: keras.Model, ids: np.ndarray) -> np.ndarray:
    """Positive probabilities (n,) for a batch of id sequences (n, sequence_length).

    A sequence that is all padding gets the probability of reading nothing (the output
    unit applied to a zero state), also for models that average their states.
    """
    ids = np.asarray(ids, dtype=np.int32)
    if len(ids) == 0:
        return np.empty(0)
    function, rows = _compiled(model), _rows_per_call(model)
    chunks = [np.asarray(function(ids[i : i + rows])) for i in range(0, len(ids), rows)]
    probabilities = np.concatenate(chunks).reshape(-1).astype(np.float64)
    empty = ~ids.any(axis=1)
    if empty.any():
        probabilities[empty] = _empty_review_probability(model)
    return probabilities


def predict(model: keras.Model, encoded: Encoded) -> float:
    """The positive probability of one encoded review."""
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
    a time (the words after it move up by one, and the first word past the cut, if any,
    comes in) and measures how the prediction changes. The 2·used + 1 sequences go
    through the model in batches.
    """
    length, used = len(encoded.ids), encoded.used
    words = encoded.ids[:used]
    batch = np.zeros((2 * used + 1, length), dtype=np.int32)
    batch[0] = encoded.ids
    for t in range(used):
        batch[1 + t, : t + 1] = words[: t + 1]
        batch[1 + used + t, : used - 1] = np.delete(words, t)
        if encoded.cut:
            batch[1 + used + t, used - 1] = encoded.next_id
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


def cell_weights(cell: keras.layers.Layer) -> tuple[np.ndarray, ...]:
    """(kernel, recurrent kernel, bias) of a cell, in float64 for the formula."""
    return tuple(np.asarray(w, dtype=np.float64) for w in cell.get_weights())


def cell_step(
    cell: keras.layers.Layer, x: np.ndarray, h: np.ndarray, c: np.ndarray | None, weights: tuple | None = None
) -> Step:
    """One step of a Keras SimpleRNN, LSTM or GRU cell, with x (inputs,), h and c (units,).

    `weights` are the cell's `cell_weights`, when a caller steps many times.
    """
    kernel, recurrent, bias = weights or cell_weights(cell)
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
    h: dict[str, np.ndarray]  # direction ('forward', 'backward') -> (used, units)
    c: dict[str, np.ndarray]  # the same for the LSTM cell state; empty for other cells


def directions(layer: keras.layers.Layer) -> dict[str, keras.layers.Layer]:
    """The one-direction recurrent layers inside `layer`: 'forward', and 'backward' if
    it is bidirectional."""
    if isinstance(layer, keras.layers.Bidirectional):
        return {"forward": layer.forward_layer, "backward": layer.backward_layer}
    return {"forward": layer}


def run_direction(cell: keras.layers.Layer, inputs: np.ndarray, backwards: bool) -> list[Step]:
    """Steps of `cell` over `inputs` (used, features), from a zero state; returned in word
    order either way."""
    weights = cell_weights(cell)
    h, c = np.zeros(cell.units), np.zeros(cell.units) if cell_kind(cell) == "lstm" else None
    order = range(len(inputs) - 1, -1, -1) if backwards else range(len(inputs))
    steps = [None] * len(inputs)
    for t in order:
        steps[t] = cell_step(cell, np.asarray(inputs[t], dtype=np.float64), h, c, weights)
        h, c = steps[t].h, steps[t].c
    return steps


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
        for direction, part in directions(layer).items():
            steps = run_direction(part.cell, x, backwards=direction == "backward")
            h[direction] = np.array([s.h for s in steps]).reshape(len(words), part.cell.units)
            if steps and steps[0].c is not None:
                c[direction] = np.array([s.c for s in steps])
        result.append(LayerStates(layer.name, cell_kind(directions(layer)["forward"].cell), h, c))
        x = np.concatenate([h[d] for d in ("forward", "backward") if d in h], axis=1)
    return result


# Keras' own states: what the model really computes, to check the formula against.

_PROBES: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _sequence_copy(layer: keras.layers.Layer) -> keras.layers.Layer:
    # A copy of the layer returning its state at every step.
    config = layer.get_config()
    parts = (
        [config[part]["config"] for part in ("layer", "backward_layer")] if "layer" in config else [config]
    )
    for part in parts:
        part["return_sequences"] = True
    return type(layer).from_config(config)


@dataclass
class _Probe:
    """Copies of a model's recurrent layers that say more than the model does. They share
    the model's embedding layer but hold no reference to the model, so caching them per
    model does not keep it alive."""

    states: keras.Model  # word ids -> every recurrent layer's state at every step
    copies: list[tuple[keras.layers.Layer, str]]  # (copy, name of the layer it copies)
    cell_states: dict = field(default_factory=dict)  # layer name -> model giving an LSTM's last c


def _probe(model: keras.Model) -> _Probe:
    with _CACHE_LOCK:
        found = _PROBES.get(model)
        if found is None:
            inputs = keras.Input(model.input.shape[1:], dtype="int32")
            x = model.get_layer("embedding")(inputs)
            outputs, copies = [], []
            for layer in recurrent_layers(model):
                copy = _sequence_copy(layer)
                x = copy(x)
                outputs.append(x)
                copies.append((copy, layer.name))
            found = _PROBES[model] = _Probe(keras.Model(inputs, outputs), copies)
    return found


def _run_probe(model: keras.Model, ids: np.ndarray) -> list[np.ndarray]:
    """Per recurrent layer, its (length, units × directions) states for `ids` (length,)."""
    probe = _probe(model)
    for copy, name in probe.copies:
        copy.set_weights(model.get_layer(name).get_weights())  # the model may have trained since
    outputs = _compiled(probe.states)(np.asarray(ids, dtype=np.int32)[np.newaxis])
    if not isinstance(outputs, (list, tuple)):  # a one-output model returns the tensor itself
        outputs = [outputs]
    return [np.asarray(out)[0] for out in outputs]


def _lstm_cell_state(model: keras.Model, name: str, inputs: np.ndarray) -> np.ndarray:
    """The (units,) cell state the forward LSTM of layer `name` ends with after reading
    `inputs` (steps, features): Keras' own computation, which it does not return per step."""
    probe = _probe(model)
    forward = directions(model.get_layer(name))["forward"]
    with _CACHE_LOCK:
        if name not in probe.cell_states:
            config = {**forward.get_config(), "return_sequences": False, "return_state": True}
            copy = keras.layers.LSTM.from_config(config)
            sequence = keras.Input((None, inputs.shape[1]))
            _, _, cell_state = copy(sequence)
            reader = keras.Model(sequence, cell_state)
            spec = tf.TensorSpec((1, None, inputs.shape[1]), tf.float32)  # one trace for any length
            function = tf.function(lambda steps: reader(steps, training=False), input_signature=[spec])
            probe.cell_states[name] = (copy, function)
    copy, function = probe.cell_states[name]
    copy.set_weights(forward.get_weights())
    return np.asarray(function(inputs[np.newaxis].astype(np.float32)))[0]


def keras_states(model: keras.Model, encoded: Encoded) -> list[np.ndarray]:
    """Per recurrent layer, the (used, units × directions) states Keras' layers return
    (forward units first)."""
    return [states[: encoded.used] for states in _run_probe(model, encoded.ids)]


@dataclass(frozen=True)
class Recurrence:
    """One step of one layer written out: `h_t = f(h_{t-1}, x_t)` with its numbers."""

    kind: str  # 'simple_rnn', 'lstm' or 'gru'
    x: np.ndarray  # (features,) what the layer read at this word
    h_previous: np.ndarray  # (units,) the state after the word before, as Keras computed it
    c_previous: np.ndarray | None  # (units,) the LSTM's cell state after the word before
    step: Step  # the formula's terms and its h_t
    returned: np.ndarray  # (units,) h_t as Keras' layer returned it

    @property
    def difference(self) -> float:
        return float(np.abs(self.step.h - self.returned).max())


def recurrence(model: keras.Model, encoded: Encoded, layer_index: int, t: int) -> Recurrence:
    """The recurrence of recurrent layer `layer_index` (its left-to-right direction) at
    word `t` (0-based), computed from the layer's weights.

    The step starts from the inputs and previous state Keras itself computed, so it
    checks the formula alone: recomputing the whole chain would let float64 here and
    float32 in Keras drift apart over many steps of a recurrence with large weights.
    """
    layer = recurrent_layers(model)[layer_index]
    cell = directions(layer)["forward"].cell
    units = cell.units
    sequences = _run_probe(model, encoded.ids)
    if layer_index == 0:
        inputs = np.asarray(model.get_layer("embedding").embeddings)[encoded.ids[: t + 1]]
    else:
        inputs = sequences[layer_index - 1][: t + 1]
    x = inputs[t]
    h_previous = sequences[layer_index][t - 1, :units] if t > 0 else np.zeros(units)
    c_previous = None
    if cell_kind(cell) == "lstm":
        c_previous = np.zeros(units)
        if t > 0:  # the cell state after word t - 1: where reading the first t inputs ends
            c_previous = _lstm_cell_state(model, layer.name, inputs[:t])
    x, h_previous = _float64(x), _float64(h_previous)
    c_previous = None if c_previous is None else _float64(c_previous)
    step = cell_step(cell, x, h_previous, c_previous)
    return Recurrence(cell_kind(cell), x, h_previous, c_previous, step, sequences[layer_index][t, :units])


def _float64(values) -> np.ndarray:
    return np.asarray(values, dtype=np.float64)
