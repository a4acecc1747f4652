"""Recording real training jobs: every epoch's metrics and model, the outcome, the test
figure, and a recorded run turned back into the progress its page draws."""

from __future__ import annotations

import numpy as np
import pytest

from core import model_archive, recording
from core.runs import FAILED, FINISHED, INTERRUPTED, STOPPED, RunRegistry
from core.training import accuracy
from tests.core.test_training import TINY, WAIT, make_job, tiny_data


def recorded_job(registry: RunRegistry, **kwargs):
    job = make_job(meta={"config": TINY}, **kwargs)
    recording.RunRecorder(registry, "cnn").started(job)
    return job


def test_a_finished_run_is_recorded_with_its_epochs_test_figure_and_model(tmp_path):
    registry = RunRegistry(tmp_path)
    x_test, y_test = tiny_data(20, seed=3)
    job = recorded_job(registry, epochs=2, test=(x_test, y_test))
    assert registry.get(job.id).status == "running"
    assert job.start().join(WAIT)
    progress = job.snapshot()
    run = registry.get(job.id)
    assert run.status == FINISHED and progress.status == FINISHED
    assert run.page == "cnn" and run.config["conv_blocks"][0]["filters"] == 4 and run.seed == job.seed
    assert run.parameters == job.model.count_params()
    assert run.split == {"train": 160, "validation": 32, "test": 20}
    assert [row["loss"] for row in run.epochs] == pytest.approx([row["loss"] for row in progress.epochs_log])
    assert [row["val_accuracy"] for row in run.epochs] == pytest.approx(
        [row["val_accuracy"] for row in progress.epochs_log]
    )
    assert len(registry.batches(job.id)) == len(progress.batches) == 20
    assert run.test["test_accuracy"] == pytest.approx(accuracy(progress.test_probabilities, y_test))
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
    assert run.status == FAILED and "NaN" in run.reason
    assert run.saved_epoch is None and not registry.model_path(job.id).exists()


def test_a_recording_that_fails_does_not_stop_training(tmp_path, monkeypatch):
    registry = RunRegistry(tmp_path)
    job = recorded_job(registry, epochs=2)

    def full_disk(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(model_archive, "save", full_disk)
    assert job.start().join(WAIT)
    progress = job.snapshot()
    assert progress.status == FINISHED and progress.epoch == 2
    assert "No space left" in progress.record_problem
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
    assert recording.config_of("cnn", run.config) == TINY


def test_an_interrupted_run_is_drawn_as_interrupted(tmp_path):
    registry = RunRegistry(tmp_path)
    job = recorded_job(registry, epochs=1)
    registry.mark_interrupted()  # as if the server had stopped before it trained
    run = registry.get(job.id)
    restored = recording.restored_progress(run, [])
    assert restored.status == INTERRUPTED and restored.message == run.reason and restored.step == 0
