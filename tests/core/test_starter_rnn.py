"""The shipped starter RNN: loads safely with the vocabulary it was trained with, reaches
the accuracy its training script recorded on the embedded test split, and is the page's
recommended network."""

import dataclasses

import numpy as np
import pytest

from core.config import rnn
from core.data import imdb
from core.data.text import Vocabulary
from core.inspection.evaluation import is_positive
from core.models.starter import STARTER_RNN_CONFIG, load_starter_rnn


@pytest.fixture(scope="module")
def starter():
    return load_starter_rnn()


def test_starter_reaches_85_percent_on_the_embedded_test_split(starter):
    model, vocabulary, meta = starter
    data = imdb.load_embedded()
    ids = vocabulary.encode_many(data.texts_test, model.input.shape[1])
    probabilities = model.predict(ids, batch_size=250, verbose=0).reshape(-1)
    accuracy = float((is_positive(probabilities) == data.y_test).mean())
    assert accuracy >= 0.85
    assert accuracy == pytest.approx(meta["test_accuracy"], abs=1e-3)
    assert meta["test_reviews"] == len(data.y_test) == 1000


def test_starter_is_the_recommended_network_with_its_training_vocabulary(starter):
    model, vocabulary, meta = starter
    config = rnn.RNNConfig.from_dict(meta["config"])
    assert config == dataclasses.replace(STARTER_RNN_CONFIG, dataset="imdb-5k") == rnn.RECOMMENDED
    assert model.count_params() == rnn.count_parameters(config, len(vocabulary))
    # The vocabulary is the one the run built from its training split, in the same order.
    data = imdb.load_embedded()
    split = imdb.make_split(data, config.validation_share, config.train_size, config.seed)
    assert vocabulary.words == Vocabulary.build(split.texts_train, config.vocab_size).words
    assert np.isfinite(model.get_layer("embedding").get_weights()[0]).all()
