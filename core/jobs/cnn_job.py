"""Turn a CNN config and a dataset into a training job ready to start."""

from __future__ import annotations

import dataclasses

from core.config import cnn as cnn_config
from core.data import mnist
from core.jobs.training import TrainingJob
from core.models import cnn


def new_job(config: cnn_config.CNNConfig, data: mnist.DigitData) -> TrainingJob:
    """Split `data` as `config` says, build the model and wrap both in a (not started) job.

    Raises ValueError with a student-facing message if the config is invalid.
    """
    config = dataclasses.replace(config, dataset=data.name)
    split = mnist.make_split(data, config.validation_share, config.train_size, config.seed)
    model = cnn.build_model(config, train_examples=len(split.x_train))
    return TrainingJob(
        model,
        (split.x_train, split.y_train),
        (split.x_val, split.y_val),
        epochs=config.epochs,
        batch_size=config.batch_size,
        seed=config.seed,
        test=(split.x_test, split.y_test),
        meta={"config": config},
    )
