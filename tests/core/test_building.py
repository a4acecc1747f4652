"""What the builders share: the learning-rate schedule and the training-setting checks."""

import dataclasses

import keras
import numpy as np
import pytest

from core.config import checks, cnn, rnn
from core.models import compiling


def tiny_model() -> keras.Model:
    inputs = keras.Input((3,))
    return keras.Model(inputs, keras.layers.Dense(1, activation="sigmoid")(inputs))


def learning_rate_at(model: keras.Model, step: int) -> float:
    rate = model.optimizer.learning_rate
    schedule = getattr(model.optimizer, "_learning_rate", rate)
    if isinstance(schedule, keras.optimizers.schedules.LearningRateSchedule):
        return float(schedule(step))
    return float(np.asarray(rate))


def test_cosine_decays_from_the_rate_to_zero_over_the_run():
    config = dataclasses.replace(
        rnn.RNNConfig(), learning_rate=2e-3, lr_schedule="cosine", epochs=3, batch_size=32
    )
    model = compiling.compile_model(tiny_model(), config, "binary_crossentropy", train_examples=100)
    steps = 3 * 4  # 100 examples in batches of 32: 4 batches an epoch
    assert learning_rate_at(model, 0) == pytest.approx(2e-3)
    assert learning_rate_at(model, steps // 2) == pytest.approx(1e-3, rel=1e-3)  # half way: half the rate
    assert learning_rate_at(model, steps) == pytest.approx(0.0, abs=1e-9)


def test_constant_rate_and_previews_keep_the_rate():
    constant = dataclasses.replace(cnn.CNNConfig(), learning_rate=3e-3)
    model = compiling.compile_model(tiny_model(), constant, "binary_crossentropy", train_examples=100)
    assert learning_rate_at(model, 0) == learning_rate_at(model, 10_000) == pytest.approx(3e-3)
    # A preview (no training set yet) cannot know the run's length: it keeps the rate.
    cosine = dataclasses.replace(constant, lr_schedule="cosine")
    preview = compiling.compile_model(tiny_model(), cosine, "binary_crossentropy")
    assert learning_rate_at(preview, 10_000) == pytest.approx(3e-3)


def test_a_job_trains_with_the_decaying_rate():
    from core.data import mnist
    from core.jobs.cnn_job import new_job

    config = dataclasses.replace(
        cnn.CNNConfig(), lr_schedule="cosine", epochs=1, train_size=250, batch_size=50, learning_rate=1e-3
    )
    job = new_job(config, mnist.load_embedded())
    batches = -(-job.train_size // 50)  # a stratified 250 can round to a few more digits
    assert learning_rate_at(job.model, 0) == pytest.approx(1e-3)
    assert learning_rate_at(job.model, batches - 1) > 0
    assert learning_rate_at(job.model, batches) == pytest.approx(0.0, abs=1e-9)


@pytest.mark.parametrize("config", [cnn.CNNConfig(), rnn.RNNConfig()])
def test_unknown_schedule_is_refused_with_the_choices(config):
    with pytest.raises(
        ValueError, match="Learning-rate schedule must be one of constant, cosine; got 'step'"
    ):
        checks.check_training(dataclasses.replace(config, lr_schedule="step"))
