"""Recording a training job in the run registry, and opening a recorded run again.

`RunRecorder` is the job's recorder (see `core.jobs.training.TrainingJob`): the page creates
the run's row when it starts the job, and the training thread saves the model and the
metrics after every whole epoch and the outcome at the end. `restored_progress` turns a
recorded run back into the progress record the training panel draws.
"""

from __future__ import annotations

import dataclasses

import keras
import numpy as np

from core.i18n import Message
from core.jobs.progress import Progress
from core.jobs.status import FAILED, FINISHED, INTERRUPTED, NOT_STARTED, STOPPED
from core.jobs.training import TrainingJob
from core.runs import model_saving
from core.runs.run_record import Run
from core.runs.store import RunRegistry


def split_sizes(job: TrainingJob) -> dict:
    """How many examples the run trains, validates and tests on."""
    test = len(job.test[1]) if job.test is not None else job.meta.get("test_size")
    return {"train": job.train_size, "validation": len(job.validation[1]), "test": test}


class RunRecorder:
    """Keeps one job's run, a model of the kind named `kind`, in `registry` under the job's id."""

    def __init__(self, registry: RunRegistry, kind: str):
        self.registry, self.kind = registry, kind
        self._batches_recorded = 0  # batches of the progress record already written
        self._saved_step = 0  # the batch whose weights the model file holds

    def started(self, job: TrainingJob, person: str = "") -> None:
        """Create the run's row, as waiting for a slot; call before the job is queued or
        started, from the page. `person` is who started it."""
        config = job.meta["config"]
        self.registry.create(
            job.id,
            self.kind,
            dataclasses.asdict(config),
            dataset=config.dataset,
            split=split_sizes(job),
            seed=job.seed,
            parameters=job.model.count_params(),
            epochs_planned=job.epochs,
            person=person,
            queued=True,
        )
        job.recorder = self

    def run_began(self, job: TrainingJob, model: keras.Model) -> None:
        self.registry.began(job.id, waited=job.waited)

    def _save_model(self, job: TrainingJob, model: keras.Model, epoch: int, step: int) -> None:
        if not all(np.isfinite(weights).all() for weights in model.get_weights()):
            return  # blown-up weights never replace the last good save
        info = model_saving.info_for(self.kind, job.meta["config"], job.meta)
        model_saving.save(model, self.registry.model_path(job.id), info)  # atomic: temp file, rename
        self.registry.model_saved(job.id, epoch)
        self._saved_step = step

    def epoch_ended(self, job: TrainingJob, model: keras.Model) -> None:
        progress = job.snapshot()
        row = progress.epochs_log[-1]
        batches = progress.batches[self._batches_recorded :]
        self._batches_recorded = len(progress.batches)
        self.registry.add_epoch(job.id, row["epoch"], row, batches)
        self._save_model(job, model, row["epoch"], progress.step)

    def run_ended(self, job: TrainingJob, model: keras.Model) -> None:
        progress = job.snapshot()
        if progress.status == STOPPED and progress.step > self._saved_step:
            # Stopped mid-epoch: keep the weights the person was looking at when they stopped.
            self._save_model(job, model, progress.epoch, progress.step)
        status = progress.status if progress.status in (FINISHED, STOPPED, FAILED, NOT_STARTED) else FAILED
        self.registry.finish(
            job.id,
            status,
            reason=progress.message,
            test=progress.final,
            seconds=progress.elapsed,
            tail_batches=progress.batches[self._batches_recorded :],  # a stop mid-epoch
        )


def restored_progress(run: Run, batches: list[dict]) -> Progress:
    """The progress record of a recorded run, as its training panel draws it. Its epoch is
    the one its saved model holds (an interrupted run may have recorded one more)."""
    steps = len(batches)
    epoch = run.saved_epoch if run.saved_epoch is not None else len(run.epochs)
    batch_size = run.config.get("batch_size") or 1
    ended = (FINISHED, STOPPED, FAILED, INTERRUPTED, NOT_STARTED)
    status = run.status if run.status in ended else INTERRUPTED
    seen = int(round(batches[-1]["epoch"] * run.split["train"])) if batches else 0
    return Progress(
        status=status,
        message=run.reason if status in (FAILED, INTERRUPTED, NOT_STARTED) else Message.plain(""),
        epoch=epoch,
        epochs=run.epochs_planned,
        step=steps,
        steps_per_epoch=-(-run.split["train"] // batch_size),
        seen=seen,
        total_examples=run.split["train"] * run.epochs_planned,
        elapsed=run.training_seconds or 0.0,
        seconds_left=0.0,
        batches=batches,
        epochs_log=run.epochs,
        final=run.test,
    )
