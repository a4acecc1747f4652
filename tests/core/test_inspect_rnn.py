"""Introspection of review RNNs: the word-by-word reading agrees with the model on re-encoded
texts, and the recurrences recomputed in NumPy equal Keras' layers and their own formulas."""

import dataclasses
import gc
import weakref

import keras
import numpy as np
import pytest

from core.config import rnn as rnn_config
from core.config.rnn import CLASSIC
from core.data.text import Vocabulary
from core.inspection import inspect_rnn
from core.models import rnn

REVIEW = "The acting was great, but the plot was slow and the ending made no sense at all"
TRAIN = [REVIEW, "A great film with a great cast", "Slow, boring and bad; no plot at all"]
LENGTH = 24


@pytest.fixture(scope="module")
def vocab():
    return Vocabulary.build(TRAIN, 100)


def model_for(vocab, seed=0, **changes):
    """A tiny model whose weights carry seeded noise, so nothing agrees by being near zero. Its
    base is the classic network (one SimpleRNN, last state, no dropout), which `changes` alter."""
    base = dataclasses.replace(
        CLASSIC, units=4, embed_dim=3, vocab_size=100, sequence_length=LENGTH, seed=seed
    )
    config = dataclasses.replace(base, **changes)
    model = rnn.build_model(config, len(vocab))
    rng = np.random.default_rng(seed)
    model.set_weights([w + rng.normal(0, 0.5, w.shape).astype(w.dtype) for w in model.get_weights()])
    return model


def sigmoid(x):
    return 1 / (1 + np.exp(-x))


@pytest.mark.parametrize(
    "changes",
    [
        {"cell": "simple_rnn"},
        {"cell": "lstm", "bidirectional": True, "pooling": "mean"},
        {"cell": "gru", "num_layers": 2, "bidirectional": True},
    ],
)
def test_reading_agrees_with_the_model_on_re_encoded_texts(vocab, changes):
    model = model_for(vocab, **changes)
    encoded = vocab.encode(REVIEW + " unknownword", LENGTH)  # one OOV word among them
    used, words = encoded.used, encoded.tokens[: encoded.used]
    reading = inspect_rnn.read_review(model, encoded)
    assert used == 18 and reading.trajectory.shape == reading.occlusion.shape == (used,)
    full = inspect_rnn.predict(model, encoded)
    assert reading.probability == pytest.approx(full, abs=1e-5)
    assert reading.trajectory[-1] == pytest.approx(full, abs=1e-5)

    # The same texts re-encoded from their words, in one batch: the first t words for the
    # trajectory, the review with word t left out for the occlusion.
    prefixes, left_out = (1, 7), (0, 9, used - 1)
    texts = [" ".join(words[:t]) for t in prefixes] + [" ".join(words[:t] + words[t + 1 :]) for t in left_out]
    p = inspect_rnn.predict_ids(model, vocab.encode_many(texts, LENGTH))
    for t, expected in zip(prefixes, p[:2]):
        assert reading.trajectory[t - 1] == pytest.approx(expected, abs=1e-5)
    for t, expected in zip(left_out, p[2:]):
        assert reading.occlusion[t] == pytest.approx(full - expected, abs=1e-5)
    assert np.ptp(reading.trajectory) > 1e-3 and np.abs(reading.occlusion).max() > 1e-4


def test_reading_a_review_without_words(vocab):
    model = model_for(vocab, cell="gru", bidirectional=True)
    encoded = vocab.encode("!!! 😀", LENGTH)
    reading = inspect_rnn.read_review(model, encoded)
    assert encoded.used == 0
    assert reading.trajectory.shape == reading.occlusion.shape == (0,)
    # No word reaches the state, which stays zero: the output is the sigmoid of the dense bias.
    bias = model.get_layer("positive").get_weights()[1][0]
    assert reading.probability == pytest.approx(sigmoid(bias), abs=1e-6)


@pytest.mark.parametrize("review", ["", "great"])
def test_mean_pooling_reading_stays_finite(vocab, review):
    model = model_for(vocab, cell="gru", pooling="mean")
    reading = inspect_rnn.read_review(model, vocab.encode(review, LENGTH))
    assert np.isfinite(reading.probability) and np.all(np.isfinite(reading.occlusion))


@pytest.mark.parametrize("cell", rnn_config.CELLS)
@pytest.mark.parametrize("bidirectional", [False, True])
def test_numpy_states_equal_keras_states(vocab, cell, bidirectional):
    model = model_for(vocab, cell=cell, bidirectional=bidirectional, num_layers=2)
    encoded = vocab.encode(REVIEW, LENGTH)
    used = encoded.used
    directions = ["forward", "backward"] if bidirectional else ["forward"]

    ours, theirs = inspect_rnn.hidden_states(model, encoded), inspect_rnn.keras_states(model, encoded)
    assert [layer.name for layer in ours] == ["rnn1", "rnn2"] and len(theirs) == 2
    for layer, keras_h in zip(ours, theirs):
        assert layer.kind == cell and sorted(layer.h) == sorted(directions)
        joined = np.concatenate([layer.h[d] for d in directions], axis=1)
        assert joined.shape == keras_h.shape == (used, 4 * len(directions))
        np.testing.assert_allclose(joined, keras_h, atol=1e-5)
        assert np.abs(joined).max() > 0.05  # real, non-trivial states
        if cell == "lstm":
            assert sorted(layer.c) == sorted(directions)
            assert all(layer.c[d].shape == (used, 4) for d in directions)
        else:
            assert layer.c == {}
    # Each layer's step reads what Keras gave it: the embedding, then the layer below.
    embedding = model.get_layer("embedding").get_weights()[0]
    np.testing.assert_allclose(inspect_rnn.recurrence(model, encoded, 0, 3).x, embedding[encoded.ids[3]])
    np.testing.assert_allclose(inspect_rnn.recurrence(model, encoded, 1, 3).x, theirs[0][3], atol=1e-7)


def test_keras_states_follow_changed_weights(vocab):
    model = model_for(vocab, cell="lstm", bidirectional=True)
    encoded = vocab.encode(REVIEW, LENGTH)
    before = inspect_rnn.keras_states(model, encoded)[0]
    # The weights change, as in training: the cached probe takes the new ones.
    rng = np.random.default_rng(9)
    model.set_weights([w + rng.normal(0, 0.3, w.shape).astype(w.dtype) for w in model.get_weights()])
    after = inspect_rnn.keras_states(model, encoded)[0]
    ours = inspect_rnn.hidden_states(model, encoded)[0].h
    np.testing.assert_allclose(after, np.concatenate([ours["forward"], ours["backward"]], axis=1), atol=1e-5)
    assert not np.allclose(before, after)


def cell_of(vocab, cell, units=5):
    model = model_for(vocab, cell=cell, units=units)
    return model.get_layer("rnn1").cell


def step_inputs(units, seed=1):
    rng = np.random.default_rng(seed)
    return rng.normal(size=3), rng.normal(size=units), rng.normal(size=units)


def keras_step(cell, x, h, c):
    """The new h from calling Keras' own cell once."""
    states = [h[None].astype("float32")] + ([c[None].astype("float32")] if c is not None else [])
    output, _ = cell(x[None].astype("float32"), states)
    return np.asarray(output)[0]


def test_simple_rnn_step_is_tanh_of_the_sum(vocab):
    cell = cell_of(vocab, "simple_rnn")
    x, h, _ = step_inputs(5)
    kernel, recurrent, bias = cell.get_weights()
    step = inspect_rnn.cell_step(cell, x, h, None)
    expected = np.tanh(x @ kernel + h @ recurrent + bias)
    np.testing.assert_allclose(step.h, expected, atol=1e-6)
    np.testing.assert_allclose(step.terms["Wx"] + step.terms["Uh"] + step.terms["b"], step.terms["sum"])
    assert step.c is None and np.abs(expected).max() > 0.1
    np.testing.assert_allclose(step.h, keras_step(cell, x, h, None), atol=1e-5)


def test_lstm_step_follows_its_gates(vocab):
    cell = cell_of(vocab, "lstm")
    x, h, c_prev = step_inputs(5)
    step = inspect_rnn.cell_step(cell, x, h, c_prev)
    terms = step.terms
    for gate in ("i", "f", "o"):
        assert np.all((terms[gate] > 0) & (terms[gate] < 1))
    np.testing.assert_allclose(step.c, terms["f"] * c_prev + terms["i"] * terms["c~"], atol=1e-12)
    np.testing.assert_allclose(step.h, terms["o"] * np.tanh(step.c), atol=1e-12)
    # The gate order (i, f, c̃, o) is Keras': its cell gives the same state.
    np.testing.assert_allclose(step.h, keras_step(cell, x, h, c_prev), atol=1e-5)
    kernel, recurrent, bias = cell.get_weights()
    z = x @ kernel + h @ recurrent + bias
    np.testing.assert_allclose(terms["f"], sigmoid(z[5:10]), atol=1e-6)


def test_gru_step_interpolates_between_old_state_and_candidate(vocab):
    cell = cell_of(vocab, "gru")
    x, h, _ = step_inputs(5)
    step = inspect_rnn.cell_step(cell, x, h, None)
    terms = step.terms
    assert np.all((terms["z"] > 0) & (terms["z"] < 1)) and np.all((terms["r"] > 0) & (terms["r"] < 1))
    np.testing.assert_allclose(step.h, terms["z"] * h + (1 - terms["z"]) * terms["h~"], atol=1e-12)
    assert step.c is None
    np.testing.assert_allclose(step.h, keras_step(cell, x, h, None), atol=1e-5)


def test_backward_direction_starts_from_the_last_word(vocab):
    cell = cell_of(vocab, "simple_rnn", units=4)
    inputs = np.random.default_rng(2).normal(size=(6, 3))
    backward = inspect_rnn.run_direction(cell, inputs, backwards=True)
    # The last word is read first, from a zero state; word 2 follows word 3.
    np.testing.assert_allclose(backward[-1].h, inspect_rnn.cell_step(cell, inputs[-1], np.zeros(4), None).h)
    np.testing.assert_allclose(backward[2].h, inspect_rnn.cell_step(cell, inputs[2], backward[3].h, None).h)
    forward = inspect_rnn.run_direction(cell, inputs, backwards=False)
    np.testing.assert_allclose(forward[0].h, inspect_rnn.cell_step(cell, inputs[0], np.zeros(4), None).h)
    np.testing.assert_allclose(forward[3].h, inspect_rnn.cell_step(cell, inputs[3], forward[2].h, None).h)
    assert not np.allclose(forward[-1].h, backward[0].h)  # the two readings differ


def test_config_changes_do_not_leak_between_models(vocab):
    # The probe model is cached per model: a second model of another shape gets its own.
    first = model_for(vocab, cell="gru")
    second = model_for(vocab, cell="lstm", units=6)
    encoded = vocab.encode(REVIEW, LENGTH)
    assert inspect_rnn.keras_states(first, encoded)[0].shape == (encoded.used, 4)
    assert inspect_rnn.keras_states(second, encoded)[0].shape == (encoded.used, 6)


@pytest.mark.parametrize("cell", rnn_config.CELLS)
def test_recurrence_written_out_equals_the_layer_even_with_large_weights(vocab, cell):
    # Recurrent weights scaled up make the recurrence chaotic: a chain recomputed in
    # float64 drifts away from Keras' float32 one. One step from Keras' own previous state
    # (and, for the LSTM, its own cell state) still equals what the layer returned.
    model = model_for(vocab, cell=cell, bidirectional=True, num_layers=2, units=6)
    layer = model.get_layer("rnn1").forward_layer
    kernel, recurrent, bias = layer.get_weights()
    layer.set_weights([kernel * 3, recurrent * 4, bias])
    encoded = vocab.encode(" ".join([REVIEW] * 3), LENGTH)
    for layer_index in (0, 1):
        for t in (0, 1, encoded.used // 2, encoded.used - 1):
            step = inspect_rnn.recurrence(model, encoded, layer_index, t)
            assert step.difference < 1e-5, (layer_index, t, step.difference)
            assert (step.c_previous is not None) == (cell == "lstm")
    step = inspect_rnn.recurrence(model, encoded, 0, 5)
    keras_h = inspect_rnn.keras_states(model, encoded)[0]
    np.testing.assert_allclose(step.h_previous, keras_h[4, :6], atol=1e-7)  # the state after word 4
    np.testing.assert_allclose(step.returned, keras_h[5, :6])


@pytest.mark.parametrize("pooling", ["last", "mean"])
def test_probe_states_are_the_models_own(vocab, pooling):
    # The probe's copies of the layers give the states the model itself computes.
    model = model_for(vocab, cell="gru", num_layers=2, pooling=pooling)
    encoded = vocab.encode(REVIEW, LENGTH)
    states = inspect_rnn.keras_states(model, encoded)
    inner = keras.Model(model.input, model.get_layer("rnn1").output)(encoded.ids[np.newaxis])
    np.testing.assert_allclose(states[0], np.asarray(inner)[0, : encoded.used], atol=1e-6)
    outer = np.asarray(keras.Model(model.input, model.get_layer("rnn2").output)(encoded.ids[np.newaxis]))[0]
    if pooling == "last":
        np.testing.assert_allclose(states[1][-1], outer, atol=1e-6)  # the layer returns its end
    else:
        np.testing.assert_allclose(states[1], outer[: encoded.used], atol=1e-6)


def test_occlusion_of_a_cut_review_brings_in_the_next_word(vocab):
    model = model_for(vocab, cell="gru", sequence_length=8)
    text = "the movie was good and the plot was great but the ending was bad"
    encoded = vocab.encode(text, 8)
    assert encoded.cut > 0
    reading = inspect_rnn.read_review(model, encoded)
    words = text.split()
    without_second = " ".join(words[:1] + words[2:])  # the review read again without word 2
    expected = reading.probability - inspect_rnn.predict(model, vocab.encode(without_second, 8))
    assert reading.occlusion[1] == pytest.approx(expected, abs=1e-6)


def test_models_no_session_uses_are_freed(vocab):
    # The per-model caches must not keep a model (its weights, its probe) alive.
    model = model_for(vocab, cell="lstm", bidirectional=True)
    encoded = vocab.encode(REVIEW, LENGTH)
    inspect_rnn.read_review(model, encoded)
    inspect_rnn.recurrence(model, encoded, 0, 2)
    alive = weakref.ref(model)
    del model
    gc.collect()
    assert alive() is None
