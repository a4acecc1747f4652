"""A training run's progress record, and the Keras callback that keeps it as `fit` goes.

`Progress` is what a page draws: epochs and batches done, speed, time left, the curves'
values and, once the run has ended, its test figures. `ProgressCallback` is hooked into
`model.fit` by a `core.jobs.training.TrainingJob`: after every batch it records the batch's
own loss and accuracy, checks for a run that diverged, and honours the job's pause (it
blocks between batches, weights untouched) and stop (`model.stop_training`, which Keras
honours after the current batch).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import keras
import numpy as np

from core.i18n import Message
from core.jobs.status import ACTIVE_STATES, FAILED, RUNNING

if TYPE_CHECKING:
    from core.jobs.training import TrainingJob


@dataclass
class Progress:
    """What a page needs to draw a run's progress. `snapshot()` hands out copies."""

    status: str = RUNNING
    message: Message = field(default_factory=lambda: Message.plain(""))  # why it failed or stopped
    epoch: int = 0  # epochs completed
    epochs: int = 0
    step: int = 0  # batches completed over the whole run
    steps_per_epoch: int = 0
    seen: int = 0  # training examples processed
    total_examples: int = 0  # examples in all epochs together
    examples_per_second: float = 0.0
    seconds_left: float | None = None
    elapsed: float = 0.0  # training seconds, pauses excluded
    # Per batch: {"step", "epoch" (fractional), "loss", "accuracy"}, each the batch's own value.
    batches: list[dict] = field(default_factory=list)
    # Per epoch: {"epoch", "loss", "accuracy", "val_loss", "val_accuracy"}.
    epochs_log: list[dict] = field(default_factory=list)
    test_probabilities: np.ndarray | None = None  # (n_test, classes) once finished
    final: dict = field(default_factory=dict)  # test figures once finished: test_accuracy, test_bleu
    record_problem: Message = field(default_factory=lambda: Message.plain(""))  # why it is not on disk
    version: int = 0  # bumped on every change, so pages can cache on it

    @property
    def fraction(self) -> float:
        return min(1.0, self.seen / self.total_examples) if self.total_examples else 0.0

    @property
    def active(self) -> bool:
        return self.status in ACTIVE_STATES

    def add_batch(self, values: dict, batch_size: int, train_size: int, elapsed: float) -> None:
        """Count one more batch of `batch_size` examples, whose own loss and accuracy are
        `values`, trained `elapsed` seconds into the run (pauses excluded)."""
        seen = self.seen + batch_size
        rate = seen / elapsed if elapsed > 0 else 0.0
        self.step += 1
        self.batches.append({"step": self.step, "epoch": seen / train_size, **values})
        self.seen, self.elapsed, self.examples_per_second = seen, elapsed, rate
        self.seconds_left = (self.total_examples - seen) / rate if rate > 0 else None

    def add_epoch(self, epoch: int, logs: dict, report: dict) -> None:
        """Record the whole epoch `epoch` (counted from 0): Keras' `logs` and the job's `report`."""
        row = {"epoch": epoch + 1}
        for key in ("loss", "accuracy", "val_loss", "val_accuracy"):
            if key in logs:
                row[key] = float(logs[key])
        row.update(report)
        self.epochs_log.append(row)
        self.epoch = epoch + 1


class ProgressCallback(keras.callbacks.Callback):
    """Feeds the job's progress record and honours pause and stop between batches."""

    def __init__(self, job: TrainingJob):
        super().__init__()
        self.job = job

    def on_epoch_begin(self, epoch, logs=None):
        self._sums = {"loss": 0.0, "accuracy": 0.0}
        self._count = 0

    def on_train_batch_end(self, batch, logs=None):
        job = self.job
        batch_size = min(job.batch_size, job.train_size - self._count)
        # Keras reports running means over the epoch; recover this batch's own values.
        values = {}
        for key in ("loss", "accuracy"):
            running = float(logs.get(key, math.nan))
            total = running * (self._count + batch_size)
            values[key] = (total - self._sums[key]) / batch_size
            self._sums[key] = total
        self._count += batch_size
        job._record_batch(values, batch_size)
        problem = job._loss_problem(values["loss"]) or job._weights_problem(self.model)
        if problem:
            job._fail(problem)
            self.model.stop_training = True
            return
        job._wait_if_paused()
        if job._stop.is_set():
            self.model.stop_training = True

    def on_epoch_end(self, epoch, logs=None):
        job, logs = self.job, logs or {}
        # Keras ends the epoch even when a stop cut it short; only a whole one counts, and not
        # one that has already failed.
        if self._count < job.train_size or job.status == FAILED:
            return
        # A batch's loss is measured before its update: an update that blew the weights up
        # shows first in the validation loss. Such an epoch is not recorded, nor saved.
        problem = job._loss_problem(float(logs["val_loss"])) if "val_loss" in logs else None
        if problem:
            job._fail(problem)
            self.model.stop_training = True
            return
        wanted = job.epoch_report is not None and not job._stop.is_set()
        report = job.epoch_report(self.model) if wanted else {}
        job._record_epoch(epoch, logs, report)
        job._notify_recorder("epoch_ended", self.model)
