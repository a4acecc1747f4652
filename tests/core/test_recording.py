"""Recording real training jobs: every epoch's metrics and model, the outcome, the test
figure, and a recorded run turned back into the progress its page draws."""

from __future__ import annotations

import dataclasses
import math

import keras
import numpy as np
import pytest
import tensorflow as tf

from core.inspection.evaluation import accuracy
from core.jobs.status import FAILED, FINISHED, INTERRUPTED, QUEUED, STOPPED
from core.jobs.training import TrainingJob
from core.kinds import config_of
from core.models import cnn
from core.runs import model_archive, model_saving, recording
from core.runs.store import RunRegistry
from tests.core.test_runs import dead_owner
from tests.core.test_training import TINY, WAIT, make_job, tiny_data

pytestmark = pytest.mark.slow  # every test here trains a job


def recorded_job(registry: RunRegistry, **kwargs):
    job = make_job(meta={"config": TINY}, **kwargs)
    recording.RunRecorder(registry, "cnn").started(job)
    return job


def test_a_finished_run_is_recorded_with_its_epochs_test_figure_and_model(tmp_path):
    registry = RunRegistry(tmp_path)
    x_test, y_test = tiny_data(20, seed=3)
    job = recorded_job(registry, epochs=2, test=(x_test, y_test))
    assert registry.get(job.id).status == QUEUED  # recorded before its thread begins
    assert job.start().join(WAIT)
    progress = job.snapshot()
    run = registry.get(job.id)
    assert run.status == FINISHED and progress.status == FINISHED
    assert run.kind == "cnn" and run.config["conv_blocks"][0]["filters"] == 4 and run.seed == job.seed
    assert run.parameters == job.model.count_params()
    assert run.split == {"train": 160, "validation": 32, "test": 20}
    assert [row["loss"] for row in run.epochs] == pytest.approx([row["loss"] for row in progress.epochs_log])
    assert [row["val_accuracy"] for row in run.epochs] == pytest.approx(
        [row["val_accuracy"] for row in progress.epochs_log]
    )
    assert len(registry.batches(job.id)) == len(progress.batches) == 20
    assert run.test["test_accuracy"] == pytest.approx(accuracy(y_test, progress.test_probabilities))
    assert run.training_seconds == pytest.approx(progress.elapsed) and run.saved_epoch == 2

    archive = model_archive.load(registry.model_path(job.id), "cnn")
    np.testing.assert_allclose(
        archive.model.predict(x_test, verbose=0), job.model.predict(x_test, verbose=0), atol=1e-6
    )
    assert archive.info["config"] == run.config


def test_the_model_is_saved_after_each_epoch_while_the_run_goes_on(tmp_path):
    registry = RunRegistry(tmp_path)
    job = recorded_job(registry, epochs=4)
    job.start()
    assert job.wait_until(lambda p: p.epoch >= 1 and p.step >= 12, WAIT)
    job.pause()
    assert job.wait_until(lambda p: p.status == "paused", WAIT)
    run = registry.get(job.id)
    assert run.status == "running" and run.saved_epoch >= 1 and len(run.epochs) == run.saved_epoch
    assert model_archive.load(registry.model_path(job.id), "cnn").model.count_params() == run.parameters
    job.stop()
    assert job.join(WAIT)


def test_a_stopped_run_keeps_the_weights_it_stopped_with(tmp_path):
    registry = RunRegistry(tmp_path)
    job = recorded_job(registry, epochs=2)
    job.start()
    assert job.wait_until(lambda p: p.step >= 3, WAIT)
    job.stop()
    assert job.join(WAIT)
    run = registry.get(job.id)
    assert run.status == STOPPED and run.saved_epoch == 0 and run.test == {}
    stopped_at = job.snapshot()
    assert len(registry.batches(job.id)) == stopped_at.step >= 3  # its partial epoch's curves too
    restored = recording.restored_progress(run, registry.batches(job.id))
    assert restored.step == stopped_at.step and restored.seen == stopped_at.seen
    x, _ = tiny_data(8)
    saved = model_archive.load(registry.model_path(job.id), "cnn").model
    np.testing.assert_allclose(saved.predict(x, verbose=0), job.model.predict(x, verbose=0), atol=1e-6)


def test_a_run_whose_loss_is_nan_is_recorded_as_failed_with_its_reason(tmp_path):
    registry = RunRegistry(tmp_path)
    x, _ = tiny_data()
    x[:] = np.nan
    job = recorded_job(registry, epochs=3, x=x)
    assert job.start().join(WAIT)
    run = registry.get(job.id)
    assert run.status == FAILED and "NaN" in str(run.reason)
    assert run.saved_epoch is None and not registry.model_path(job.id).exists()


def test_a_recording_that_fails_does_not_stop_training(tmp_path, monkeypatch):
    registry = RunRegistry(tmp_path)
    job = recorded_job(registry, epochs=2)

    def full_disk(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(model_saving, "save", full_disk)
    assert job.start().join(WAIT)
    progress = job.snapshot()
    assert progress.status == FINISHED and progress.epoch == 2
    assert "No space left" in str(progress.record_problem)
    assert registry.get(job.id).status == FINISHED  # the outcome is still recorded


def test_a_recorded_run_becomes_the_progress_its_page_draws(tmp_path):
    registry = RunRegistry(tmp_path)
    job = recorded_job(registry, epochs=2)
    assert job.start().join(WAIT)
    live = job.snapshot()
    RunRegistry(tmp_path)  # a restart changes nothing for an ended run
    run = registry.get(job.id)
    restored = recording.restored_progress(run, registry.batches(job.id))
    assert restored.status == FINISHED and not restored.active
    assert restored.epoch == live.epoch and restored.step == live.step and restored.seen == live.seen
    assert restored.fraction == 1.0
    assert [row["loss"] for row in restored.epochs_log] == pytest.approx(
        [row["loss"] for row in live.epochs_log]
    )
    assert [row["loss"] for row in restored.batches] == pytest.approx([row["loss"] for row in live.batches])
    assert config_of("cnn", run.config) == TINY


def test_an_interrupted_run_is_drawn_as_interrupted_at_its_saved_epoch(tmp_path):
    registry = RunRegistry(tmp_path)
    job = recorded_job(registry, epochs=3)
    job.start()
    assert job.wait_until(lambda p: p.epoch >= 2, WAIT)
    job.stop()
    assert job.join(WAIT)
    with registry._connect() as db:  # as if its server had died after recording epoch 2, saving epoch 1
        db.execute(
            "UPDATE runs SET status = 'running', saved_epoch = 1, owner = ? WHERE id = ?",
            (dead_owner(), job.id),
        )
    assert RunRegistry(tmp_path).interrupted_on_open == 1
    run = registry.get(job.id)
    restored = recording.restored_progress(run, registry.batches(job.id))
    assert restored.status == INTERRUPTED and restored.message == run.reason and run.reason
    assert restored.epoch == 1 and len(restored.epochs_log) == 2  # the epoch its model holds


def test_a_loss_that_blows_up_on_an_epochs_last_batch_keeps_the_previous_epochs_model(tmp_path):
    """Keras still ends the epoch after the stop: the NaN weights must not become its save."""
    registry = RunRegistry(tmp_path)
    x, y = tiny_data()
    epochs_begun = []

    def batches(xs, ys, shuffle):
        if not shuffle:  # validation
            return tf.data.Dataset.from_tensor_slices((xs, ys)).batch(16)

        def generate():
            epochs_begun.append(True)
            for start in range(0, len(xs), 16):
                batch = xs[start : start + 16].copy()
                if len(epochs_begun) == 2 and start + 16 >= len(xs):  # epoch 2's last batch
                    batch[:] = np.nan
                yield batch, ys[start : start + 16]

        signature = (tf.TensorSpec((None, 28, 28, 1), tf.float32), tf.TensorSpec((None,), tf.int64))
        return tf.data.Dataset.from_generator(generate, output_signature=signature)

    job = recorded_job(registry, epochs=3, x=x, batches=batches)
    assert job.start().join(WAIT)
    progress = job.snapshot()
    assert progress.status == FAILED and progress.step == 20 and len(progress.epochs_log) == 1
    run = registry.get(job.id)
    assert run.status == FAILED and run.saved_epoch == 1 and len(run.epochs) == 1
    saved = model_archive.load(registry.model_path(job.id), "cnn").model
    assert all(np.isfinite(weights).all() for weights in saved.get_weights())


def test_an_update_that_blows_the_weights_up_after_a_finite_loss_is_not_saved(tmp_path):
    """The loss Keras reports for a batch is measured before its update; the update of a
    one-batch epoch at an absurd learning rate shows only in the validation loss."""
    registry = RunRegistry(tmp_path)
    config = dataclasses.replace(TINY, optimizer="sgd", learning_rate=10.0, batch_size=160)
    model = cnn.build_model(config)
    model.compile(
        optimizer=keras.optimizers.SGD(1e30), loss="sparse_categorical_crossentropy", metrics=["accuracy"]
    )
    x_train, y_train = tiny_data()
    job = TrainingJob(
        model,
        (x_train, y_train),
        tiny_data(32, seed=9),
        epochs=3,
        batch_size=160,
        seed=1,
        meta={"config": config},
    )
    recording.RunRecorder(registry, "cnn").started(job)
    assert job.start().join(WAIT)
    progress = job.snapshot()
    assert math.isfinite(progress.batches[0]["loss"])  # the batch itself looked fine
    assert progress.status == FAILED and progress.epochs_log == []
    run = registry.get(job.id)
    assert run.status == FAILED and run.saved_epoch is None and not registry.model_path(job.id).exists()
