"""Turn a review model's config and a review dataset into a training job ready to start.

The RNN and the Transformer classifier read reviews through the same pipeline and split,
so the two can be compared on the same test reviews.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

import keras
import numpy as np

from core.config import rnn as rnn_config
from core.config import transformer as transformer_config
from core.data import imdb
from core.data.text import Vocabulary, tokenize
from core.jobs.training import TrainingJob
from core.models import rnn, transformer


def new_job(
    config,
    data: imdb.ReviewData,
    length: int,
    build: Callable[..., keras.Model],
) -> TrainingJob:
    """Split `data` as `config` says, build the vocabulary from the training split only,
    encode every review to `length` ids with it, and wrap the model
    `build(config, vocabulary size, training examples)` in a (not started) job.

    The job's `meta` keeps the config, the vocabulary (the model needs it to read any new
    text) and the test reviews' texts. Raises ValueError with a student-facing message if
    the config is invalid.
    """
    config = dataclasses.replace(config, dataset=data.name)
    split = imdb.make_split(data, config.validation_share, config.train_size, config.seed)
    train_words = [tokenize(text) for text in split.texts_train]  # split once, used twice
    vocabulary = Vocabulary.from_words(train_words, config.vocab_size)
    x_train = np.stack([vocabulary.ids(words, length) for words in train_words])
    model = build(config, len(vocabulary), len(x_train))
    return TrainingJob(
        model,
        (x_train, split.y_train.astype("float32")),
        (vocabulary.encode_many(split.texts_val, length), split.y_val.astype("float32")),
        epochs=config.epochs,
        batch_size=config.batch_size,
        seed=config.seed,
        test=(vocabulary.encode_many(split.texts_test, length), split.y_test),
        meta={"config": config, "vocabulary": vocabulary, "test_texts": split.texts_test},
    )


def new_rnn_job(config: rnn_config.RNNConfig, data: imdb.ReviewData) -> TrainingJob:
    rnn_config.validate(config)
    return new_job(config, data, config.sequence_length, rnn.build_model)


def new_classifier_job(config: transformer_config.TransformerConfig, data: imdb.ReviewData) -> TrainingJob:
    transformer_config.validate(config)

    def build(config, vocabulary_size: int, train_examples: int) -> keras.Model:
        return transformer.build_classifier(config, train_examples, vocabulary_size)

    return new_job(config, data, config.max_length, build)
