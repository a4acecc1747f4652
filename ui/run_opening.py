"""Opening a recorded run again in its page: its model, its curves and its test set.

A recorded run is rebuilt as an ended `TrainingJob`: the page's own job factory splits the
data and builds the vocabulary exactly as the run did (same config, same seed), then the
model's weights come from the run's saved file. Everything a page does with a run it has
just trained (predict, look inside, evaluate, `?run=` links) then works unchanged.
"""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from core.i18n import t
from core.jobs.status import NOT_STARTED, QUEUED
from core.jobs.training import JOBS, TrainingJob
from core.kinds import config_of
from core.runs import model_archive, recording, run_summary
from ui import resources

# The file of every page a run can belong to, for st.switch_page.
PAGE_FILES = {
    "cnn": "pages/cnn.py",
    "rnn": "pages/rnn.py",
    "transformer.classify": "pages/transformer.py",
    "transformer.translate": "pages/transformer.py",
}


def _factories(page: str) -> tuple[Callable, Callable]:
    """(new_job(config, data), datasets(name)) of a page; imported here, not at the top,
    so that the runs page does not load every page's modules to list runs."""
    if page == "cnn":
        from core.jobs.cnn_job import new_job

        return new_job, resources.digits
    if page == "rnn":
        from core.jobs.review_job import new_rnn_job

        return new_rnn_job, resources.reviews
    if page == "transformer.classify":
        from core.jobs.review_job import new_classifier_job

        return new_classifier_job, resources.reviews
    from core.jobs.translation_job import new_translation_job

    return new_translation_job, resources.multi30k


def page_of(run_id: str | None) -> str | None:
    """The page a run (live or recorded) belongs to, or None."""
    job = JOBS.get(run_id)
    if job is not None:
        return job.meta.get("page")
    registry = resources.run_registry()
    run = registry.get(run_id) if registry is not None else None
    return run.page if run is not None else None


def reopen(run_id: str, page: str) -> tuple[TrainingJob | None, str | None]:
    """The recorded run `run_id` of `page` as an ended job added to `JOBS`, or (None, why
    not) when there is no such run or its model cannot be used.

    A run on a downloaded dataset that cannot be had now (offline) is opened as an
    imported model instead (`ui.imported`): it predicts and is looked inside with its own
    vocabularies, and is evaluated on the embedded test set.
    """
    registry = resources.run_registry()
    run = registry.get(run_id) if registry is not None else None
    if run is None or run.page != page:
        return None, None
    if run.status in (NOT_STARTED, QUEUED):  # it waited in a queue that a restart emptied
        try:
            st.session_state[f"{page}.opened_config"] = config_of(page, run.config)  # into the controls
        except (ValueError, TypeError):
            return None, t("runs.no_model")
        return None, t("runs.queued_run")
    if run.saved_epoch is None:
        return None, t("runs.no_model")
    new_job, datasets = _factories(page)
    with st.spinner(t("runs.opening")):
        try:
            archive = model_archive.load(registry.model_path(run_id), page)
            config = config_of(page, run.config)
            data, unavailable = datasets(config.dataset)
            if unavailable:
                return _as_import(page, archive, run, t("runs.opened_as_import", dataset=config.dataset))
            job = new_job(config, data)  # the same split, vocabulary and test set as the run's
        except (model_archive.ArchiveRefused, OSError, ValueError, TypeError) as problem:
            return None, t("runs.model_unusable", reason=str(problem))
        if _vocabularies_differ(archive, job.meta):  # the data or the code changed since the run
            return _as_import(page, archive, run, t("runs.vocabulary_changed"))
        progress = recording.restored_progress(run, registry.batches(run_id))
        if job.test is not None:
            progress.test_probabilities = archive.model.predict(job.test[0], batch_size=512, verbose=0)
    job.id = run.id
    job.person = run.person  # still its owner's run, whoever opens it
    job.meta["page"] = page
    JOBS.add(job.restore(archive.model, progress))
    return job, None


def _vocabularies_differ(archive: model_archive.Archive, meta: dict) -> bool:
    return any(
        getattr(archive, name) is not None and getattr(archive, name).words != meta[name].words
        for name in ("vocabulary", "source", "target")
        if name in meta
    )


def _as_import(page: str, archive: model_archive.Archive, run, notice: str) -> tuple[None, str]:
    """Use the run's model as an imported one (its own vocabularies, the embedded test set)."""
    st.session_state[f"{page}.imported"] = archive
    st.session_state[f"{page}.imported.name"] = run_summary.run_label(run)
    return None, notice


def open_in_page(run) -> None:
    """Go to the run's page with `?run=<id>`, which opens it there (its Transformer task too)."""
    if run.page.startswith("transformer."):
        st.session_state["transformer.task"] = run.page.partition(".")[2]
    st.switch_page(PAGE_FILES[run.page], query_params={"run": run.id})
