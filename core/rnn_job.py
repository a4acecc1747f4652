"""Turn an RNN config and a review dataset into a training job ready to start."""

from __future__ import annotations

import dataclasses

import numpy as np

from core import imdb, rnn
from core.text import Vocabulary, tokenize
from core.training import TrainingJob


def new_job(config: rnn.RNNConfig, data: imdb.ReviewData) -> TrainingJob:
    """Split `data` as `config` says, build the vocabulary from the training split only,
    encode every review with it, and wrap the built model in a (not started) job.

    The job's `meta` keeps the config, the vocabulary (the model needs it to read any new
    text) and the test reviews' texts. Raises ValueError with a student-facing message if
    the config is invalid.
    """
    config = dataclasses.replace(config, dataset=data.name)
    rnn.validate(config)
    split = imdb.make_split(data, config.validation_share, config.train_size, config.seed)
    train_words = [tokenize(text) for text in split.texts_train]  # split once, used twice
    vocabulary = Vocabulary.from_words(train_words, config.vocab_size)
    length = config.sequence_length
    x_train = np.stack([vocabulary.ids(words, length) for words in train_words])
    model = rnn.build_model(config, len(vocabulary), train_examples=len(x_train))
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
