"""The shipped starter Transformers: they load safely with the vocabularies they were
trained with, are the page's recommended networks, and reach what their training script
recorded: the classifier at least 85% on the embedded test reviews, the translator at
least 25 BLEU on Multi30k test 2016 (greedy decoding, sacreBLEU, lower-cased)."""

import dataclasses

import numpy as np
import pytest

from core.config import transformer
from core.data import imdb, multi30k
from core.data.text import Vocabulary
from core.inspection.evaluation import is_positive
from core.models import decoding
from core.models.starter import load_starter_transformer


def test_classifier_reaches_85_percent_on_the_embedded_test_split():
    model, meta = load_starter_transformer("classify")
    config = meta["config"]
    assert config == dataclasses.replace(transformer.RECOMMENDED["classify"], dataset="imdb-5k")
    data = imdb.load_embedded()
    ids = meta["vocabulary"].encode_many(data.texts_test, config.max_length)
    probabilities = model.predict(ids, batch_size=250, verbose=0).reshape(-1)
    accuracy = float((is_positive(probabilities) == data.y_test).mean())
    assert accuracy >= 0.85
    assert accuracy == pytest.approx(meta["test_accuracy"], abs=1e-3)
    # The vocabulary is the one the run built from its own training split.
    split = imdb.make_split(data, config.validation_share, config.train_size, config.seed)
    assert meta["vocabulary"].words == Vocabulary.build(split.texts_train, config.vocab_size).words


@pytest.mark.slow
def test_translator_reaches_25_bleu_on_multi30k_test_2016():
    model, meta = load_starter_transformer("translate")
    config = meta["config"]
    assert config == transformer.RECOMMENDED["translate"]
    test = multi30k.load("test_2016_flickr")
    hypotheses = decoding.translate_many(
        model, meta["source"], meta["target"], test.english, config.max_length
    )
    score = decoding.bleu(hypotheses, test.german)
    assert score >= 25
    assert score == pytest.approx(meta["test_bleu"], abs=0.05)
    assert np.mean([h.endswith(".") for h in hypotheses]) > 0.9  # sentences, ended by [end]
    # Both vocabularies are the ones built from the training sentences.
    train = multi30k.load("train")
    english = [multi30k.tokenize(text) for text in train.english]
    assert meta["source"].words == multi30k.source_vocabulary(english, config.vocab_size).words
