"""The training job on tiny data: finish, pause, resume, stop within a batch, NaN stop,
reproducibility and isolation. Synchronised on the job's progress events, not on sleeps."""

import itertools

import numpy as np
import pytest

from core.config.cnn import CNNConfig, ConvBlock, DenseBlock
from core.jobs import training
from core.jobs.job_registry import JobRegistry
from core.jobs.training import FAILED, FINISHED, PAUSED, STOPPED, TrainingJob
from core.models import cnn

TINY = CNNConfig(conv_blocks=[ConvBlock(filters=4)], dense_blocks=[DenseBlock(units=8)], batch_size=16)
WAIT = 120  # seconds; generous for a loaded 2-core machine, reached only on failure


def tiny_data(n=160, seed=0):
    rng = np.random.default_rng(seed)
    x = rng.random((n, 28, 28, 1), dtype=np.float32)
    y = rng.integers(0, 10, n)
    return x, y


def make_job(epochs=2, seed=1, config=TINY, x=None, **kwargs):
    x_train, y_train = tiny_data() if x is None else (x, tiny_data()[1])
    x_val, y_val = tiny_data(32, seed=9)
    return TrainingJob(
        cnn.build_model(config),
        (x_train, y_train),
        (x_val, y_val),
        epochs=epochs,
        batch_size=config.batch_size,
        seed=seed,
        **kwargs,
    )


@pytest.mark.slow
def test_a_run_finishes_with_per_batch_and_per_epoch_records():
    x_test, y_test = tiny_data(20, seed=3)
    job = make_job(epochs=2, test=(x_test, y_test)).start()
    assert job.join(WAIT)
    progress = job.snapshot()
    assert progress.status == FINISHED
    assert progress.step == 2 * 10 and len(progress.batches) == 20
    assert [row["epoch"] for row in progress.epochs_log] == [1, 2]
    assert {"loss", "accuracy", "val_loss", "val_accuracy"} <= set(progress.epochs_log[0])
    assert progress.test_probabilities.shape == (20, 10)
    assert progress.fraction == 1.0 and progress.examples_per_second > 0
    assert job.train_data is None and job.validation is None  # released; the test set stays
    assert job.test is not None


@pytest.mark.slow
def test_per_batch_values_average_to_the_epoch_figure():
    job = make_job(epochs=1).start()
    assert job.join(WAIT)
    progress = job.snapshot()
    batch_losses = [row["loss"] for row in progress.batches]
    assert np.mean(batch_losses) == pytest.approx(progress.epochs_log[0]["loss"], rel=1e-4)


@pytest.mark.slow
def test_pause_holds_the_weights_and_resume_finishes():
    job = make_job(epochs=3).start()
    assert job.wait_until(lambda p: p.step >= 2, WAIT)
    job.pause()
    assert job.wait_until(lambda p: p.status == PAUSED, WAIT)
    step = job.snapshot().step
    weights = [w.copy() for w in job.model.get_weights()]
    # While paused, no batch may complete: waiting for one must time out.
    assert not job.wait_until(lambda p: p.step > step, 1.0)
    assert all(np.array_equal(a, b) for a, b in zip(weights, job.model.get_weights()))
    job.resume()
    assert job.join(WAIT)
    assert job.snapshot().status == FINISHED and job.snapshot().step == 30


@pytest.mark.slow
def test_stop_takes_effect_within_one_batch():
    job = make_job(epochs=50).start()
    assert job.wait_until(lambda p: p.step >= 3, WAIT)
    step_at_stop = job.snapshot().step
    job.stop()
    assert job.join(WAIT)
    progress = job.snapshot()
    assert progress.status == STOPPED
    assert progress.step <= step_at_stop + 1
    assert progress.test_probabilities is None


@pytest.mark.slow
def test_stop_while_paused_ends_the_run():
    job = make_job(epochs=50).start()
    assert job.wait_until(lambda p: p.step >= 1, WAIT)
    job.pause()
    assert job.wait_until(lambda p: p.status == PAUSED, WAIT)
    job.stop()
    assert job.join(WAIT)
    assert job.snapshot().status == STOPPED


@pytest.mark.slow
def test_nan_loss_stops_the_run_and_says_what_to_try():
    """NaN pixels: the loss is NaN on some CPUs, while others' ReLU and max pooling turn NaN
    into numbers and report a plausible loss. The first update is plain arithmetic on those
    pixels, though, so the weights are NaN after batch 1 on every CPU, and that stops it."""
    x, _ = tiny_data()
    x[:] = np.nan
    job = make_job(epochs=5, x=x).start()
    assert job.join(WAIT)
    progress = job.snapshot()
    assert progress.status == FAILED
    assert "NaN" in str(progress.message) and "lower learning rate" in str(progress.message)
    assert progress.step == 1


@pytest.mark.slow
def test_a_stop_after_the_last_batch_still_finishes_the_run():
    x_test, y_test = tiny_data(20, seed=3)
    job = make_job(epochs=1, test=(x_test, y_test)).start()
    assert job.wait_until(lambda p: p.step == 10, WAIT)
    job.stop()
    assert job.join(WAIT)
    progress = job.snapshot()
    assert progress.status == FINISHED and progress.test_probabilities.shape == (20, 10)


@pytest.mark.slow
def test_a_stop_mid_epoch_does_not_count_that_epoch():
    job = make_job(epochs=1).start()
    assert job.wait_until(lambda p: p.step >= 2, WAIT)
    job.stop()
    assert job.join(WAIT)
    progress = job.snapshot()
    assert progress.status == STOPPED and progress.epoch == 0 and progress.epochs_log == []


@pytest.mark.slow
def test_a_diverging_loss_stops_the_run_before_it_is_called_finished():
    config = CNNConfig(
        conv_blocks=[ConvBlock(filters=4, activation="elu")],
        dense_blocks=[DenseBlock(units=8, activation="elu")],
        batch_size=16,
        optimizer="sgd",
        learning_rate=10.0,
    )
    job = make_job(epochs=10, config=config).start()
    assert job.join(WAIT)
    progress = job.snapshot()
    assert progress.status == FAILED
    assert "exploded" in str(progress.message) and "lower learning rate" in str(progress.message)
    assert progress.step < 100


@pytest.mark.slow
def test_a_run_left_paused_stops_by_itself(monkeypatch):
    monkeypatch.setattr(training, "PAUSE_LIMIT_SECONDS", 0.2)
    job = make_job(epochs=50).start()
    assert job.wait_until(lambda p: p.step >= 1, WAIT)
    job.pause()
    assert job.join(WAIT)
    progress = job.snapshot()
    assert progress.status == STOPPED and "Paused for over" in str(progress.message)


@pytest.mark.slow
def test_frozen_model_holds_the_weights_of_one_moment_while_training():
    job = make_job(epochs=50).start()
    assert job.wait_until(lambda p: p.step >= 2, WAIT)
    job.pause()
    assert job.wait_until(lambda p: p.status == PAUSED, WAIT)
    frozen = job.frozen_model()
    assert frozen is not job.model
    assert all(np.array_equal(a, b) for a, b in zip(frozen.get_weights(), job.model.get_weights()))
    job.resume()
    assert job.wait_until(lambda p: p.step >= 6, WAIT)
    assert not all(np.array_equal(a, b) for a, b in zip(frozen.get_weights(), job.model.get_weights()))
    job.stop()
    assert job.join(WAIT)
    assert job.frozen_model() is job.model  # an ended run is inspected as it is


@pytest.mark.slow
def test_same_seed_same_curves_other_seed_other_curves():
    def losses(seed):
        job = make_job(epochs=2, seed=seed, config=CNNConfig(**{**TINY.__dict__, "seed": 5})).start()
        assert job.join(WAIT)
        return np.array([row["loss"] for row in job.snapshot().batches])

    first, again, other = losses(1), losses(1), losses(2)
    np.testing.assert_allclose(first, again, rtol=1e-5)
    assert not np.allclose(first, other, rtol=1e-5)


@pytest.mark.slow
def test_two_jobs_at_once_keep_their_own_progress_and_registry_isolates_them():
    registry = JobRegistry()
    short, long = make_job(epochs=1), make_job(epochs=3, seed=2)
    registry.add(short.start())
    registry.add(long.start())
    assert registry.active_count() >= 1
    assert short.join(WAIT) and long.join(WAIT)
    assert short.snapshot().step == 10 and long.snapshot().step == 30
    assert registry.get(short.id) is short and registry.get(long.id) is long
    assert registry.active_count() == 0
    assert short.id != long.id and len(short.id) == 32
    assert registry.get("0" * 32) is None and registry.get(None) is None and registry.get(["x"]) is None


@pytest.mark.slow
def test_registry_drops_oldest_ended_jobs_beyond_capacity():
    registry = JobRegistry(capacity=2)
    jobs = [make_job(epochs=1) for _ in range(3)]
    for job in jobs:
        registry.add(job.start())
        assert job.join(WAIT)
    assert registry.get(jobs[0].id) is None
    assert registry.get(jobs[1].id) is jobs[1] and registry.get(jobs[2].id) is jobs[2]
    registry.discard(jobs[1].id)
    assert registry.get(jobs[1].id) is None and registry.get(jobs[2].id) is jobs[2]


@pytest.mark.slow
def test_registry_drops_the_ended_job_used_least_recently():
    registry = JobRegistry(capacity=2)
    first, second, third = (make_job(epochs=1) for _ in range(3))
    for job in (first, second):
        registry.add(job.start())
        assert job.join(WAIT)
    assert registry.get(first.id) is first  # a page still uses the older one
    registry.add(third.start())
    assert third.join(WAIT)
    assert registry.get(second.id) is None and registry.get(first.id) is first


@pytest.mark.slow
def test_follow_reports_every_epoch_once_and_an_epoch_report_joins_its_row():
    # The report counts its own calls: the training thread never waits for the follower, so a
    # report that read what the follower has seen so far would race with it.
    calls = itertools.count(1)
    job = make_job(epochs=3, epoch_report=lambda model: {"report": next(calls), "model": model.name})
    seen = []

    def on_epoch(row, progress):
        seen.append(row)

    progress = job.follow(on_epoch, poll_seconds=0.05)
    assert progress.status == FINISHED
    assert [row["epoch"] for row in seen] == [1, 2, 3]  # each once, in order
    assert [row["report"] for row in progress.epochs_log] == [1, 2, 3]
    assert all(row["model"] == job.model.name and "val_loss" in row for row in progress.epochs_log)


def test_weights_that_become_nan_stop_the_run_whatever_the_loss_says():
    job = make_job(epochs=1)
    model = job.model
    assert job._weights_problem(model) is None
    kernel = model.weights[0]
    kernel.assign(np.where(np.arange(kernel.numpy().size).reshape(kernel.shape) == 3, np.inf, kernel.numpy()))
    problem = job._weights_problem(model)  # the check reads the variables themselves, every call
    assert problem is not None and "NaN or infinite" in str(problem) and "lower learning rate" in str(problem)


@pytest.mark.slow
def test_a_batch_that_makes_the_weights_nan_is_the_last_one_trained():
    """However the loss of a NaN batch comes out on this CPU, no later batch is trained on
    NaN weights, and the run is never called finished."""
    x, _ = tiny_data()
    x[48:64] = np.nan  # the fourth batch of the first (unshuffled) epoch
    job = make_job(
        epochs=2,
        x=x,
        batches=lambda xs, ys, shuffle: training.tf.data.Dataset.from_tensor_slices((xs, ys)).batch(16),
    )
    assert job.start().join(WAIT)
    progress = job.snapshot()
    assert progress.status == FAILED and progress.step == 4
    assert not all(np.isfinite(w).all() for w in job.model.get_weights())
