"""A training run on a background thread that a page can start, pause, resume and stop.

`TrainingJob` knows nothing about any UI. It owns its thread, a stop and a resume
`threading.Event`, and a lock-guarded `core.jobs.progress.Progress` record; a page polls
`snapshot()`. Progress is hooked into `model.fit` through `core.jobs.progress.ProgressCallback`,
which is also where pausing (the callback blocks between batches, weights untouched) and
stopping (`model.stop_training`, honoured by Keras after the current batch) happen. The
process keeps its jobs in `core.jobs.job_registry.JOBS`.
"""

from __future__ import annotations

import copy
import math
import threading
import time
import traceback
import uuid
from collections.abc import Callable

import keras
import numpy as np
import tensorflow as tf

from core.i18n import Message
from core.inspection.evaluation import accuracy
from core.jobs.progress import Progress, ProgressCallback
from core.jobs.status import (
    ACTIVE_STATES,
    FAILED,
    FINISHED,
    NOT_STARTED,
    PAUSED,
    QUEUED,
    RUNNING,
    STOPPED,
    STOPPING,
)

DIVERGENCE_FACTOR = 100  # a batch loss this many times the first one has diverged
PAUSE_LIMIT_SECONDS = 30 * 60  # a run paused longer than this is stopped
# A paused run keeps its training slot this long at most while another run waits for one.
PAUSE_WHILE_OTHERS_WAIT_SECONDS = 2 * 60


class TrainingJob:
    """Train a compiled Keras model on (x, y) arrays in a background thread.

    Args:
        model: a compiled `keras.Model`; it is trained in place, so predictions made
            with it during training use the latest weights.
        train: (x, y) training arrays.
        validation: (x, y) arrays evaluated at the end of every epoch.
        epochs, batch_size: as for `fit`.
        seed: orders the shuffled batches, so equal seeds give equal runs.
        test: optional (x, y); when the run ends normally, its probabilities are kept.
        meta: anything the page wants to keep with the run (its config, say).
        batches: optional `batches(x, y, shuffle)` giving the `tf.data` pipeline `fit` reads
            instead of the default shuffled batches (one that groups sentences of similar
            length, say). Every batch but an epoch's last must be full.
        epoch_report: optional function of the model called after every whole epoch; the
            dict it returns joins that epoch's row of `epochs_log` (a translator's
            validation BLEU and sample translations, say).
        final_report: optional function of the model called once a run completes; the
            dict it returns joins `progress.final` (a translator's test BLEU, say).

    `recorder`, when set before `start()`, is told on the training thread when an epoch
    ends (`epoch_ended(job, model)`) and when the run ends (`run_ended(job, model)`): the
    run registry saves the model and the metrics there. Its failures never stop training.
    """

    def __init__(
        self,
        model: keras.Model,
        train: tuple[np.ndarray, np.ndarray],
        validation: tuple[np.ndarray, np.ndarray],
        *,
        epochs: int,
        batch_size: int,
        seed: int,
        test: tuple[np.ndarray, np.ndarray] | None = None,
        meta: dict | None = None,
        batches: Callable | None = None,
        epoch_report: Callable[[keras.Model], dict] | None = None,
        final_report: Callable[[keras.Model], dict] | None = None,
    ):
        self.id = uuid.uuid4().hex
        self.model = model
        self.train_data, self.validation, self.test = train, validation, test
        self.epochs, self.batch_size, self.seed = epochs, batch_size, seed
        self.train_size = len(train[1])
        self.meta = meta or {}
        self.batches, self.epoch_report, self.final_report = batches, epoch_report, final_report
        self.recorder = None
        self.person = ""  # who started it (`ui.identity`); only they control it
        self.waited = False  # it had to wait in the queue for a slot
        self.restored = False  # a recorded run opened again: its model is the last one saved
        # Called as `fn(job)` on the training thread once the run has ended (the queue frees
        # its slot there); and asked while paused whether another run waits for the slot.
        self.on_end: list[Callable[[TrainingJob], None]] = []
        self.slot_wanted: Callable[[], bool] = lambda: False
        self._lock = threading.Lock()
        self._changed = threading.Condition(self._lock)
        self._stop = threading.Event()
        self._resume = threading.Event()
        self._resume.set()
        steps = math.ceil(self.train_size / batch_size)
        self._progress = Progress(
            epochs=epochs, steps_per_epoch=steps, total_examples=self.train_size * epochs
        )
        self._thread = threading.Thread(target=self._run, name=f"train-{self.id[:8]}", daemon=True)
        self._clock_start = 0.0
        self._paused_for = 0.0
        self._first_loss: float | None = None
        self._frozen: keras.Model | None = None
        self._frozen_step = -1  # the batch whose weights the frozen copy holds
        self._frozen_lock = threading.Lock()
        self._all_finite = None  # compiled on the training thread, see _weights_problem

    # Control, called from the page's thread.

    def start(self) -> TrainingJob:
        with self._changed:
            if self._progress.status == QUEUED:
                self._update(status=RUNNING)
        self._clock_start = time.perf_counter()
        self._thread.start()
        return self

    def mark_queued(self) -> None:
        """Say that the run waits for a training slot (the queue starts it)."""
        with self._changed:
            self._update(status=QUEUED)

    def mark_not_started(self, message: Message | None = None) -> None:
        """End a run that never started (it left the queue, or its server went away)."""
        with self._changed:
            self._update(status=NOT_STARTED, message=message or Message.plain(""), seconds_left=None)

    @property
    def started(self) -> bool:
        return self._thread.ident is not None

    def nudge(self) -> None:
        """Wake a paused run so it asks again whether it must give up its slot."""
        with self._changed:
            self._changed.notify_all()

    def pause(self) -> None:
        with self._changed:  # never between a stop's two steps, or the stop would be lost
            if self._resume.is_set() and not self._stop.is_set() and self._progress.status == RUNNING:
                self._resume.clear()

    def resume(self) -> None:
        with self._changed:
            self._resume.set()
            self._changed.notify_all()

    def stop(self) -> None:
        """Ask the run to stop after the current batch (also wakes a paused run)."""
        self._stop.set()
        with self._changed:
            self._resume.set()
            if self._progress.status in (RUNNING, PAUSED):
                self._update(status=STOPPING)

    def frozen_model(self) -> keras.Model:
        """The model to predict and inspect with: while the run is active, a copy holding
        the weights as they are now, so that every view of one page run sees one set of
        weights while training moves on; once it has ended, the model itself."""
        if not self.active:
            self._frozen = None  # an ended run's model stays still; the copy can go
            return self.model
        with self._frozen_lock:  # two tabs on one run share the copy
            with self._lock:
                step = self._progress.step
            if self._frozen is None:
                self._frozen = keras.models.clone_model(self.model)
            if step != self._frozen_step:  # copy only weights that changed
                self._frozen.set_weights(self.model.get_weights())
                self._frozen_step = step
            return self._frozen

    def restore(self, model: keras.Model, progress: Progress) -> TrainingJob:
        """Make this job, never started, one that has already ended: a recorded run opened
        again, with `model`'s weights and the `progress` it was recorded with."""
        self.model, self._progress, self.restored = model, progress, True
        self.train_data = self.validation = None
        return self

    def join(self, timeout: float | None = None) -> bool:
        """Wait for the run's thread to end; whether it has. A run that never started (it
        waits in the queue, or left it) has no thread: it has ended once it is not active."""
        if not self.started:
            return not self.active
        self._thread.join(timeout)
        return not self._thread.is_alive()

    def follow(self, on_epoch: Callable[[dict, Progress], None], poll_seconds: float = 2.0) -> Progress:
        """Start the run and wait for its end, calling `on_epoch(row, progress)` once for
        every epoch it completes, in order, as soon as it is recorded (for scripts that print
        as a run goes); its last progress. The run never waits for `on_epoch`."""
        self.start()
        shown = 0

        def news(progress: Progress) -> bool:
            return len(progress.epochs_log) > shown or not progress.active

        while True:
            self.wait_until(news, poll_seconds)
            progress = self.snapshot()
            for row in progress.epochs_log[shown:]:
                on_epoch(row, progress)
            shown = len(progress.epochs_log)
            if not progress.active:  # no epoch is recorded after the run has ended
                self.join()
                return self.snapshot()

    @property
    def status(self) -> str:
        """The run's status, read without copying its whole progress record."""
        with self._lock:
            return self._progress.status

    @property
    def active(self) -> bool:
        return self.status in ACTIVE_STATES

    def timing(self) -> tuple[float, float | None]:
        """(examples trained a second, seconds left), read without copying the progress record."""
        with self._lock:
            return self._progress.examples_per_second, self._progress.seconds_left

    def snapshot(self) -> Progress:
        with self._lock:
            return copy.deepcopy(self._progress)

    def wait_until(self, predicate: Callable[[Progress], bool], timeout: float) -> bool:
        """Block until `predicate(progress)` holds or `timeout` seconds pass; say which."""
        with self._changed:
            return self._changed.wait_for(lambda: predicate(self._progress), timeout)

    # The worker thread.

    def _dataset(self, x: np.ndarray, y: np.ndarray, shuffle: bool):
        if self.batches is not None:
            return self.batches(x, y, shuffle)
        data = tf.data.Dataset.from_tensor_slices((x, y))
        if shuffle:
            data = data.shuffle(len(x), seed=self.seed, reshuffle_each_iteration=True)
        return data.batch(self.batch_size).prefetch(tf.data.AUTOTUNE)

    def _run(self) -> None:
        self._notify_recorder("run_began", self.model)
        try:
            self.model.fit(
                self._dataset(*self.train_data, shuffle=True),
                validation_data=self._dataset(*self.validation, shuffle=False),
                epochs=self.epochs,
                callbacks=[ProgressCallback(self)],
                shuffle=False,  # the dataset is already shuffled with the run's seed
                verbose=0,
            )
            progress = self.snapshot()
            if progress.status == FAILED:
                return
            # A stop that came after the last batch changed nothing: the run is complete.
            complete = progress.seen >= progress.total_examples
            test_probabilities, final = None, {}
            if self.test is not None and complete:
                test_probabilities = self.model.predict(self.test[0], batch_size=512, verbose=0)
                final["test_accuracy"] = accuracy(self.test[1], test_probabilities)
            if self.final_report is not None and complete:
                final.update(self.final_report(self.model))
            with self._changed:
                status = FINISHED if complete else STOPPED
                self._update(
                    status=status, test_probabilities=test_probabilities, final=final, seconds_left=0.0
                )
        except Exception as error:  # The page must learn why, not find a dead thread.
            self._fail(Message("train.failed", {"error": f"{type(error).__name__}: {error}"}))
            traceback.print_exc()
        finally:
            self._notify_recorder("run_ended", self.model)
            # An ended run keeps its model and test set; the training arrays can go.
            self.train_data = self.validation = None
            for callback in self.on_end:
                try:
                    callback(self)
                except Exception:  # the queue's bookkeeping must not hide the run's outcome
                    traceback.print_exc()

    def _notify_recorder(self, event: str, model: keras.Model) -> None:
        if self.recorder is None:
            return
        try:
            getattr(self.recorder, event)(self, model)
        except Exception as error:  # a full disk must not stop a class's training
            traceback.print_exc()
            self.not_recorded(Message.plain(f"{type(error).__name__}: {error}"))

    def not_recorded(self, reason: Message) -> None:
        """Note why the run is not (or no longer) recorded on disk; it trains all the same."""
        with self._changed:
            self._update(record_problem=reason)

    def _update(self, **changes) -> None:
        # Caller holds the lock.
        for key, value in changes.items():
            setattr(self._progress, key, value)
        self._progress.version += 1
        self._changed.notify_all()

    def _elapsed(self) -> float:
        return time.perf_counter() - self._clock_start - self._paused_for

    def _record_batch(self, values: dict, batch_size: int) -> None:
        with self._changed:
            self._progress.add_batch(values, batch_size, self.train_size, self._elapsed())
            self._update()

    def _record_epoch(self, epoch: int, logs: dict, report: dict) -> None:
        with self._changed:
            self._progress.add_epoch(epoch, logs, report)
            self._update()

    def _loss_problem(self, loss: float) -> Message | None:
        """Why training must stop for this batch loss, or None.

        A NaN or infinite loss is the obvious case. A loss a hundred times above the first
        batch's (plus a margin) has diverged too: cross-entropy that large means the
        weights have blown up even if the numbers are still finite.
        """
        if not math.isfinite(loss):
            return Message("train.nan_stop")
        if self._first_loss is None:
            self._first_loss = loss
        elif loss > DIVERGENCE_FACTOR * self._first_loss + 10:
            return Message("train.diverged", {"loss": loss, "start": self._first_loss})
        return None

    def _weights_problem(self, model: keras.Model) -> Message | None:
        """Why training must stop because the last update left a weight NaN or infinite.

        A batch's loss is measured before its update, and some CPUs' kernels turn NaN into
        numbers inside ReLU and max pooling, so a network whose weights are NaN can still
        report a plausible loss. The update itself is plain arithmetic, though: a NaN
        gradient makes NaN weights on every processor, and this check sees them.
        """
        if self._all_finite is None:
            variables = list(model.weights)
            self._all_finite = tf.function(
                lambda: tf.reduce_all(tf.stack([tf.reduce_all(tf.math.is_finite(v)) for v in variables]))
            )
        return None if bool(self._all_finite()) else Message("train.nan_stop")

    def _wait_if_paused(self) -> None:
        if self._resume.is_set():
            return
        paused_at = time.perf_counter()
        with self._changed:
            self._update(status=PAUSED)
            while not self._resume.is_set() and not self._stop.is_set():
                paused = time.perf_counter() - paused_at
                if paused >= PAUSE_LIMIT_SECONDS:
                    # Nobody came back (a closed tab, say): free the thread and its memory.
                    message = Message("train.pause_expired", {"minutes": PAUSE_LIMIT_SECONDS // 60})
                elif paused >= PAUSE_WHILE_OTHERS_WAIT_SECONDS and self.slot_wanted():
                    minutes = PAUSE_WHILE_OTHERS_WAIT_SECONDS / 60
                    message = Message("train.pause_yielded", {"minutes": minutes})
                else:
                    # Woken by resume, stop or the queue's nudge; else again at the next limit.
                    limits = [PAUSE_LIMIT_SECONDS, PAUSE_WHILE_OTHERS_WAIT_SECONDS]
                    self._changed.wait(min(limit for limit in limits if limit > paused) - paused)
                    continue
                self._stop.set()
                self._resume.set()
                self._update(message=message)
        self._paused_for += time.perf_counter() - paused_at
        with self._changed:
            if self._progress.status == PAUSED:
                self._update(status=RUNNING)

    def _fail(self, message: Message) -> None:
        self._stop.set()
        with self._changed:
            self._update(status=FAILED, message=message, seconds_left=None)
