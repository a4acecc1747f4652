"""A model imported on a page (`ui.model_upload`), used like a trained one: the choice of
model with the uploader beside it, and its figures on the page's test set."""

from __future__ import annotations

import dataclasses

import numpy as np
import streamlit as st

from core.i18n import t
from core.jobs.training import TrainingJob
from core.runs.model_archive import Archive
from ui import model_upload, training_panel


def model_source(page: str, job: TrainingJob | None) -> tuple[TrainingJob | None, Archive | None]:
    """(trained job or None, imported model or None): an imported model, while there is one,
    is the model in use; otherwise the 'Predict with' choice between the session's run and
    the starter. The uploader sits in an expander under that choice."""
    imported_key = f"{page}.imported"
    archive = st.session_state.get(imported_key)
    trained = None if archive is not None else training_panel.trained_job(page, job)
    with st.expander(t("upload.expander"), expanded=archive is not None, icon=":material/upload_file:"):
        uploaded = model_upload.uploaded_model(page, key=f"{page}.upload")
    if uploaded is not archive:  # accepted or put away just now: draw the page with it
        st.rerun()
    return trained, archive


def stamp(archive: Archive) -> str:
    """Names these weights for the session's memo, like '<run id>:<batch>' for a run."""
    return f"imported-{archive.stamp}:0"


def caption(page: str) -> str:
    return t("upload.caption", name=st.session_state.get(f"{page}.imported.name", ""))


def test_probabilities(page: str, archive: Archive, x_test: np.ndarray) -> np.ndarray:
    """The imported model's probabilities on the page's test set, computed once per model."""
    key = f"{page}.imported.test"
    kept = st.session_state.get(key)
    if kept is None or kept[0] != stamp(archive):
        with st.spinner(t("upload.evaluating")):
            kept = (stamp(archive), archive.model.predict(x_test, batch_size=256, verbose=0))
        st.session_state[key] = kept
    return kept[1]


def transformer_meta(archive: Archive, task: str, fallback) -> dict:
    """What the Transformer page reads an imported model with: its config (from the file,
    else `fallback` with the model's own position-table length) and vocabularies."""
    config = archive.config
    if config is None:
        embedding = archive.model.get_layer("embedding" if task == "classify" else "source_embedding")
        config = dataclasses.replace(fallback, max_length=embedding.max_length)
    if task == "classify":
        return {"config": config, "vocabulary": archive.vocabulary}
    return {"config": config, "source": archive.source, "target": archive.target}
