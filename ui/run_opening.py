"""Opening a recorded run again in its page: its model, its curves and its test set.

A recorded run is rebuilt as an ended `TrainingJob`: its kind's own job factory
(`Kind.new_job`) splits the data and builds the vocabulary exactly as the run did (same
config, same seed), then the model's weights come from the run's saved file. Everything a
page does with a run it has just trained (predict, look inside, evaluate, `?run=` links) then
works unchanged.
"""

from __future__ import annotations

import functools

import streamlit as st

from core import kinds
from core.i18n import t
from core.inspection import evaluation
from core.jobs.job_registry import JOBS
from core.jobs.status import NOT_STARTED, QUEUED
from core.jobs.training import TrainingJob
from core.kinds import Kind
from core.runs import model_archive, recording, run_summary
from ui import resources


def kind_of(run_id: str | None) -> Kind | None:
    """The kind of a run (live or recorded), or None when there is no such run (or it is of a
    kind this app does not have)."""
    job = JOBS.get(run_id)
    if job is not None:
        name = job.meta.get("kind")
    else:
        registry = resources.run_registry()
        run = registry.get(run_id) if registry is not None else None
        name = run.kind if run is not None else None
    return kinds.KINDS.get(name)


def reopen(run_id: str, kind: Kind) -> tuple[TrainingJob | None, str | None]:
    """The recorded run `run_id` of `kind` as an ended job added to `JOBS`, or (None, why
    not) when there is no such run or its model cannot be used.

    A run on a downloaded dataset that cannot be had now (offline) is opened as an
    imported model instead (`ui.imported`): it predicts and is looked inside with its own
    vocabularies, and is evaluated on the embedded test set.
    """
    registry = resources.run_registry()
    run = registry.get(run_id) if registry is not None else None
    if run is None or run.kind != kind.name:
        return None, None
    if run.status in (NOT_STARTED, QUEUED):  # it waited in a queue that a restart emptied
        try:
            st.session_state[f"{kind.name}.opened_config"] = kind.config_of(run.config)  # into the controls
        except (ValueError, TypeError):
            return None, t("runs.no_model")
        return None, t("runs.queued_run")
    if run.saved_epoch is None:
        return None, t("runs.no_model")
    with st.spinner(t("runs.opening")):
        try:
            archive = model_archive.load(registry.model_path(run_id), kind.name)
            config = kind.config_of(run.config)
            data, unavailable = resources.datasets(kind)(config.dataset)
            if unavailable:
                dataset = t(f"data.{config.dataset}")
                return _as_import(kind, archive, run, t("runs.opened_as_import", dataset=dataset))
            job = kind.new_job(config, data)  # the same split, vocabulary and test set as the run's
        except (model_archive.ArchiveRefused, OSError, ValueError, TypeError) as problem:
            return None, t("runs.model_unusable", reason=str(problem))
        if _vocabularies_differ(kind, archive, job.meta):  # the data or the code changed since the run
            return _as_import(kind, archive, run, t("runs.vocabulary_changed"))
        progress = recording.restored_progress(run, registry.batches(run_id))
        if job.test is not None:
            progress.test_probabilities = evaluation.predict_test(archive.model, job.test[0], batch_size=512)
    job.id = run.id
    job.person = run.person  # still its owner's run, whoever opens it
    job.meta["kind"] = kind.name
    JOBS.add(job.restore(archive.model, progress))
    return job, None


def _vocabularies_differ(kind: Kind, archive: model_archive.Archive, meta: dict) -> bool:
    return any(
        getattr(archive, name) is not None and getattr(archive, name).words != meta[name].words
        for name in kind.vocabularies
        if name in meta
    )


def _as_import(kind: Kind, archive: model_archive.Archive, run, notice: str) -> tuple[None, str]:
    """Use the run's model as an imported one (its own vocabularies, the embedded test set)."""
    st.session_state[f"{kind.name}.imported"] = archive
    # Named when shown, in the reader's language then: a label made now would keep this one.
    st.session_state[f"{kind.name}.imported.name"] = functools.partial(run_summary.run_label, run)
    return None, notice


def open_in_page(run) -> None:
    """Go to the run's page with `?run=<id>`, which opens it there (its Transformer task too)."""
    kind = kinds.get(run.kind)
    if kind.task is not None:
        st.session_state[f"{kind.page}.task"] = kind.task
    st.switch_page(kind.page_file, query_params={"run": run.id})
