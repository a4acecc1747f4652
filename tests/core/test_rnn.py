"""The RNN builder: parameter counts by hand and from Keras, names and outputs, validation
messages, masking of padding, and the training job built from the embedded reviews."""

import dataclasses
import itertools
import json
import math

import numpy as np
import pytest

from core.config import cnn
from core.config import rnn as rnn_config
from core.config.cnn import CNNConfig, ConvBlock
from core.config.rnn import RNNConfig
from core.data import imdb
from core.data.text import OOV, Vocabulary, tokenize
from core.i18n import t
from core.jobs import review_job
from core.jobs.training import FINISHED
from core.models import rnn

# The classic network (one SimpleRNN, last state, no dropout) made small; tests change from it.
SMALL = dataclasses.replace(rnn_config.CLASSIC, units=4, embed_dim=3, vocab_size=100, sequence_length=8)
WAIT = 120  # seconds; generous for a loaded 2-core machine, reached only on failure


def perturbed(model, seed=0, scale=0.4):
    """Add seeded noise to every weight, so no check passes on near-zero initial weights."""
    rng = np.random.default_rng(seed)
    model.set_weights([w + rng.normal(0, scale, w.shape).astype(w.dtype) for w in model.get_weights()])
    return model


def layer_names(model):
    return [layer.name for layer in model.layers]


@pytest.mark.parametrize(
    "changes, expected",
    [
        # Embedding 10·3 = 30; SimpleRNN 4·(3+4+1) = 32; dense 4+1 = 5.
        ({}, 30 + 32 + 5),
        # LSTM: four blocks of the SimpleRNN's recurrent weights.
        ({"cell": "lstm"}, 30 + 4 * 32 + 5),
        # GRU (reset_after): 3·units·(in + units + 2 biases).
        ({"cell": "gru"}, 30 + 3 * 4 * (3 + 4 + 2) + 5),
        # Bidirectional: two directions, and the dense layer reads both states (8 + 1).
        ({"bidirectional": True}, 30 + 2 * 32 + 9),
        # Two layers: the second reads the first's 4 units.
        ({"num_layers": 2}, 30 + 32 + 4 * (4 + 4 + 1) + 5),
        # Two bidirectional LSTM layers: the second reads 8 features; mean pooling has no weights.
        (
            {"cell": "lstm", "num_layers": 2, "bidirectional": True, "pooling": "mean"},
            30 + 2 * 4 * 4 * (3 + 4 + 1) + 2 * 4 * 4 * (8 + 4 + 1) + 9,
        ),
    ],
)
def test_parameter_counts_by_hand(changes, expected):
    config = dataclasses.replace(SMALL, **changes)
    model = rnn.build_model(config, vocabulary_size=10)
    assert rnn_config.count_parameters(config, vocabulary_size=10) == expected
    assert model.count_params() == expected
    assert model.get_layer("embedding").count_params() == 30
    assert model.get_layer("positive").count_params() == (9 if config.bidirectional else 5)


@pytest.mark.parametrize(
    "cell, num_layers, bidirectional, pooling",
    list(itertools.product(rnn_config.CELLS, [1, 2, 3], [False, True], rnn_config.POOLINGS)),
)
def test_count_and_names_match_keras(cell, num_layers, bidirectional, pooling):
    config = dataclasses.replace(
        SMALL, cell=cell, num_layers=num_layers, bidirectional=bidirectional, pooling=pooling, units=5
    )
    model = rnn.build_model(config)
    assert model.count_params() == rnn_config.count_parameters(config)
    recurrent = [f"rnn{n}" for n in range(1, num_layers + 1)]
    pool = ["mean_over_words"] if pooling == "mean" else []
    assert layer_names(model) == ["word_ids", "embedding", *recurrent, *pool, "positive"]
    assert [layer.name for layer in rnn.recurrent_layers(model)] == recurrent
    assert model.output.shape == (None, 1)
    width = 10 if bidirectional else 5
    steps = (8,) if pooling == "mean" else ()  # only mean pooling needs every word's state
    assert model.get_layer(recurrent[-1]).output.shape == (None, *steps, width)


def test_classic_network():
    config = rnn_config.CLASSIC
    assert (config.vocab_size, config.sequence_length, config.embed_dim) == (10_000, 100, 128)
    assert (config.cell, config.units, config.num_layers) == ("simple_rnn", 128, 1)
    assert (config.bidirectional, config.pooling, config.dropout_rate) == (False, "last", 0.0)
    assert (config.learning_rate, config.lr_schedule, config.epochs) == (1e-3, "constant", 5)
    assert rnn_config.validate(config) is None
    # 10,000·128 embedding + 128·(128+128+1) SimpleRNN + 128+1 output.
    assert rnn_config.count_parameters(config) == 1_280_000 + 32_896 + 129 == 1_313_025
    model = rnn.build_model(config)
    assert model.count_params() == 1_313_025
    assert model.input.shape == (None, 100)
    assert type(model.get_layer("rnn1")).__name__ == "SimpleRNN" and model.get_layer("rnn1").units == 128


def test_default_network_is_the_recommended_one():
    config = RNNConfig()
    assert config == rnn_config.RECOMMENDED
    assert (config.vocab_size, config.sequence_length, config.embed_dim) == (10_000, 400, 32)
    assert (config.cell, config.units, config.num_layers) == ("gru", 32, 1)
    assert (config.bidirectional, config.pooling, config.dropout_rate) == (True, "mean", 0.3)
    assert (config.learning_rate, config.lr_schedule, config.epochs) == (2e-3, "cosine", 3)
    # 10,000·32 embedding + 2 directions · 3·32·(32+32+2) GRU (reset_after) + 64+1 output;
    # mean pooling has no weights.
    assert rnn_config.count_parameters(config) == 320_000 + 12_672 + 65 == 332_737
    model = rnn.build_model(config)
    assert model.count_params() == 332_737
    assert model.input.shape == (None, 400)
    assert type(model.get_layer("rnn1")).__name__ == "Bidirectional"
    assert type(model.get_layer("rnn1").forward_layer).__name__ == "GRU"
    assert model.get_layer("rnn1").forward_layer.units == 32


def test_recommended_config_is_valid_and_round_trips():
    assert rnn_config.validate(rnn_config.RECOMMENDED) is None
    assert (
        rnn_config.RECOMMENDED.cell,
        rnn_config.RECOMMENDED.pooling,
        rnn_config.RECOMMENDED.bidirectional,
    ) == (
        "gru",
        "mean",
        True,
    )
    assert RNNConfig.from_dict(json.loads(rnn_config.RECOMMENDED.to_json())) == rnn_config.RECOMMENDED


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"cell": "transformer"}, "Cell type must be one of simple_rnn, lstm, gru; got 'transformer'."),
        ({"num_layers": 0}, "Recurrent layers must be between 1 and 3; got 0."),
        ({"num_layers": 4}, "Recurrent layers must be between 1 and 3; got 4."),
        ({"sequence_length": 4}, "Sequence length must be between 5 and 1000; got 4."),
        ({"sequence_length": 1001}, "Sequence length must be between 5 and 1000; got 1001."),
        ({"learning_rate": math.nan}, "Learning rate must be above 0 and at most 10; got nan."),
        ({"pooling": "max"}, t("field.review_vector") + " must be one of last, mean; got 'max'."),
        ({"vocab_size": 50}, "Vocabulary size must be between 100 and 100000; got 50."),
    ],
)
def test_invalid_configs_name_the_field_and_the_range(changes, message):
    config = dataclasses.replace(SMALL, **changes)
    with pytest.raises(ValueError) as error:
        rnn_config.validate(config)
    assert str(error.value) == message
    with pytest.raises(ValueError):
        rnn.build_model(config)


def test_rnn_pooling_label_does_not_leak_into_cnn_messages():
    with pytest.raises(ValueError) as error:
        cnn.validate(CNNConfig(conv_blocks=[ConvBlock(pooling="max2")]))
    assert str(error.value) == "Convolution block 1: pooling must be one of max, average, none; got 'max2'."


def test_same_seed_same_weights_other_seed_other_weights():
    first, again = rnn.build_model(SMALL), rnn.build_model(SMALL)
    other = rnn.build_model(dataclasses.replace(SMALL, seed=7))
    for a, b, c in zip(first.get_weights(), again.get_weights(), other.get_weights()):
        assert np.array_equal(a, b)
        assert a.shape == c.shape
    assert not np.array_equal(first.get_weights()[0], other.get_weights()[0])


REVIEW = "A slow start but the acting is great and the ending is really moving"  # 14 words
OTHER = "Terrible plot and wooden acting, I really hated the whole thing from start"


@pytest.mark.parametrize(
    "cell, bidirectional, pooling",
    list(itertools.product(rnn_config.CELLS, [False, True], rnn_config.POOLINGS)),
)
def test_padding_is_masked(cell, bidirectional, pooling):
    vocab = Vocabulary.build([REVIEW, OTHER], 100)
    words = len(tokenize(REVIEW))
    config = dataclasses.replace(
        SMALL, cell=cell, bidirectional=bidirectional, pooling=pooling, sequence_length=24
    )
    padded = perturbed(rnn.build_model(config, len(vocab)))
    exact = rnn.build_model(dataclasses.replace(config, sequence_length=words), len(vocab))
    exact.set_weights(padded.get_weights())
    reviews = [REVIEW, OTHER, "hated it", "great acting"]
    padded_p = np.asarray(padded(vocab.encode_many(reviews, 24), training=False))
    exact_p = np.asarray(exact(vocab.encode_many([REVIEW], words), training=False))
    assert padded_p.shape == (4, 1) and exact_p.shape == (1, 1)
    assert np.all((padded_p > 0) & (padded_p < 1))
    assert vocab.encode(REVIEW, 24).used == words and (vocab.encode(REVIEW, 24).ids[words:] == 0).all()
    assert exact_p[0, 0] == pytest.approx(padded_p[0, 0], abs=1e-6)
    assert np.ptp(padded_p) > 0.01  # the model does read the words: different reviews, different outputs


@pytest.fixture(scope="module")
def data():
    return imdb.load_embedded()


TINY = RNNConfig(
    units=4, embed_dim=4, vocab_size=500, sequence_length=20, epochs=1, train_size=250, batch_size=64, seed=3
)


def test_job_vocabulary_comes_from_the_training_split_only(data):
    marked = dataclasses.replace(data, texts_test=[review + " zzleak" * 5 for review in data.texts_test])
    job = review_job.new_rnn_job(TINY, marked)
    vocab = job.meta["vocabulary"]
    assert job.meta["config"].dataset == "imdb-5k" and job.meta["config"].units == 4
    split = imdb.make_split(marked, TINY.validation_share, TINY.train_size, TINY.seed)
    train_words = {word for review in split.texts_train for word in tokenize(review)}
    assert len(vocab) == 500 and set(vocab.words[2:]) <= train_words
    assert vocab.words == Vocabulary.build(split.texts_train, 500).words
    assert vocab.words != Vocabulary.build(split.texts_train + split.texts_val, 500).words
    # A word frequent in the test texts but absent from training is unknown to the run,
    # though a vocabulary that had seen the test texts would hold it.
    assert Vocabulary.build(split.texts_train + split.texts_test, 500).lookup("zzleak") != OOV
    assert vocab.lookup("zzleak") == OOV
    assert np.array_equal(job.test[0], vocab.encode_many(split.texts_test, 20))


@pytest.mark.slow
def test_job_arrays_and_a_short_run(data):
    job = review_job.new_rnn_job(TINY, data)
    (x_train, y_train), (x_val, y_val), (x_test, y_test) = job.train_data, job.validation, job.test
    assert x_train.shape == (250, 20) and x_val.shape == (400, 20) and x_test.shape == (1000, 20)
    assert x_train.dtype == x_val.dtype == x_test.dtype == np.int32
    assert y_train.dtype == y_val.dtype == np.float32 and set(np.unique(y_train)) == {0.0, 1.0}
    assert 0 <= x_train.min() and x_train.max() < len(job.meta["vocabulary"]) <= 500
    assert abs(y_train.mean() - data.y_pool.mean()) < 0.005  # a stratified subset
    assert np.array_equal(y_test, data.y_test)  # the embedded set's fixed test split
    assert job.model.count_params() == rnn_config.count_parameters(
        job.meta["config"], len(job.meta["vocabulary"])
    )
    job.start()
    assert job.join(WAIT)
    progress = job.snapshot()
    assert progress.status == FINISHED, progress.message
    assert progress.test_probabilities.shape == (1000, 1)
    assert np.all((progress.test_probabilities >= 0) & (progress.test_probabilities <= 1))
    assert [row["epoch"] for row in progress.epochs_log] == [1]


def test_job_refuses_an_invalid_config(data):
    with pytest.raises(ValueError, match="Cell type must be one of"):
        review_job.new_rnn_job(dataclasses.replace(TINY, cell="rnn"), data)
