"""The model a page predicts with, the same way for every kind: an imported model while there
is one, else the session's run once it has trained a batch, else the kind's shipped starter.

`imported.model_choice` draws what decides it (the 'Predict with' choice and the uploader)
once per page run, before anything uses it. `model_in_use(kind, job)` gives it as one
`ModelInUse` each time a part of the page needs it: a run's model is a frozen copy of its
weights as they are at that call (`TrainingJob.frozen_model`), so a stroke or a typed text is
read with the run's current weights and every view drawn from one `ModelInUse` sees the same
ones. Its test set is made the first time it is asked for, which only the Evaluate tab does.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

import numpy as np
import streamlit as st

from core.i18n import t
from core.inspection import evaluation
from core.jobs.training import TrainingJob
from core.kinds import Kind
from core.runs.model_archive import Archive
from ui import imported, resources, training_panel

if TYPE_CHECKING:
    import keras


@dataclass(frozen=True)
class Stamp:
    """Names one set of weights, so that what a page computed with them (a review's reading,
    a test BLEU) is kept for them and told apart from what other weights gave."""

    owner: str  # a run's id, an imported file's loading (`Archive.stamp`) or the starter's kind
    step: int = 0  # the batch a run's weights are at; 0 for weights that never change


@dataclass(frozen=True)
class TestSet:
    """The test set a model is evaluated on, as it reads it."""

    inputs: np.ndarray  # images (n, 28, 28, 1) or word ids (n, length)
    labels: np.ndarray  # (n,)
    texts: list[str] | None  # the reviews behind the ids; None for images
    probabilities: np.ndarray | None  # the model's on `inputs`; None while its run goes on


@dataclass(frozen=True, eq=False)
class ModelInUse:
    """The model a page predicts with and what goes with it."""

    kind: Kind
    model: keras.Model
    caption: str  # the line under its predictions
    stamp: Stamp
    meta: dict  # its `config` and its vocabularies by name (a starter's test figures too)
    job: TrainingJob | None = None  # the run whose model it is, if it is one
    starter: bool = False  # the kind's shipped starter
    make_test: Callable[[], TestSet | None] = field(default=lambda: None, repr=False)

    @cached_property
    def test(self) -> TestSet | None:
        """Its test set, made when first asked for; None for a kind not evaluated on test-set
        probabilities (the translator's test BLEU is computed on request)."""
        return self.make_test()


def model_in_use(kind: Kind, job: TrainingJob | None) -> ModelInUse:
    """The model of `kind` the page predicts with now; `job` is the session's run of that kind."""
    archive = imported.archive(kind)
    if archive is not None:
        return _imported(kind, archive)
    trained = training_panel.trained_job(kind, job)
    if trained is not None:
        return _run(kind, trained)
    return _starter(kind)


def _imported(kind: Kind, archive: Archive) -> ModelInUse:
    meta = imported.meta(kind, archive)

    def make_test() -> TestSet | None:
        embedded = resources.embedded_test(kind, archive.model, meta)
        if embedded is None:
            return None
        inputs, labels, texts = embedded
        return TestSet(inputs, labels, texts, imported.test_probabilities(kind, archive, inputs))

    return ModelInUse(
        kind, archive.model, imported.caption(kind), Stamp(archive.stamp), meta, make_test=make_test
    )


def _run(kind: Kind, job: TrainingJob) -> ModelInUse:
    # Read before the copy is taken, which holds these weights or later ones.
    stamp = Stamp(job.id, job.snapshot().step)
    caption = training_panel.trained_caption(job)

    def make_test() -> TestSet | None:
        if job.test is None:
            return None
        inputs, labels = job.test
        return TestSet(inputs, labels, job.meta.get("test_texts"), job.snapshot().test_probabilities)

    return ModelInUse(kind, job.frozen_model(), caption, stamp, job.meta, job=job, make_test=make_test)


def _starter(kind: Kind) -> ModelInUse:
    model, meta = resources.starter_with_meta(kind)

    def make_test() -> TestSet | None:
        kept = resources.starter_test(kind)
        return None if kept is None else TestSet(*kept)

    caption = kind.starter_caption(meta)
    return ModelInUse(kind, model, caption, Stamp(kind.name), meta, starter=True, make_test=make_test)


def evaluated_probabilities(in_use: ModelInUse) -> np.ndarray | None:
    """The test-set probabilities to evaluate: those of its test set or, while a run is still
    going, its current weights' on request (kept for this run until asked again). None until then."""
    probabilities = in_use.test.probabilities
    if probabilities is not None:
        return probabilities
    key, job = f"{in_use.kind.name}.evaluated", in_use.job
    evaluated = st.session_state.get(key)
    st.info(t("eval.pending"))
    if st.button(t("eval.now"), key=f"{in_use.kind.name}.evaluate_now"):
        step = job.snapshot().step
        evaluated = (job.id, step, evaluation.predict_test(in_use.model, in_use.test.inputs, batch_size=512))
        st.session_state[key] = evaluated
    if not evaluated or job is None or evaluated[0] != job.id:
        return None
    st.caption(t("eval.evaluated_at", step=evaluated[1]))
    return evaluated[2]
