"""A model imported on a page (`ui.model_upload`), used like a trained one: the uploader under
the 'Predict with' choice, what the page reads the model with, and its figures on the page's
test set."""

from __future__ import annotations

import dataclasses

import numpy as np
import streamlit as st

from core.i18n import t
from core.inspection import evaluation
from core.jobs.training import TrainingJob
from core.kinds import Kind
from core.runs.model_archive import Archive
from ui import model_upload, training_panel


def archive(kind: Kind) -> Archive | None:
    """The model imported for `kind` in this session, or None."""
    return st.session_state.get(f"{kind.name}.imported")


def model_choice(kind: Kind, job: TrainingJob | None) -> None:
    """What decides the model in use: an imported model, while there is one, is it; otherwise
    the 'Predict with' choice between the session's run and the starter. The uploader sits in
    an expander under that choice."""
    imported = archive(kind)
    if imported is None:
        training_panel.model_choice(kind, job)
    with st.expander(t("upload.expander"), expanded=imported is not None, icon=":material/upload_file:"):
        uploaded = model_upload.uploaded_model(kind, key=f"{kind.name}.upload")
    if uploaded is not imported:  # accepted or put away just now: draw the page with it
        st.rerun()


def caption(kind: Kind) -> str:
    return t("upload.caption", name=model_upload.imported_name(kind))


def meta(kind: Kind, imported: Archive) -> dict:
    """What the page reads an imported model with: its vocabularies by name, and its config
    (from the file, else the kind's default with the model's own input length, the length a
    page encodes texts to)."""
    config = imported.config
    if config is None:
        checks = kind.checks.resolve()
        if checks.config_length is not None:
            length = checks.input_length(imported.model)
            config = dataclasses.replace(kind.default_config(), **{checks.config_length: length})
    return {"config": config, **{name: getattr(imported, name) for name in kind.vocabularies}}


def test_probabilities(kind: Kind, imported: Archive, inputs: np.ndarray) -> np.ndarray:
    """The imported model's probabilities on the page's test set, computed once per model."""
    key = f"{kind.name}.imported.test"
    kept = st.session_state.get(key)
    if kept is None or kept[0] != imported.stamp:
        with st.spinner(t("upload.evaluating")):
            kept = (imported.stamp, evaluation.predict_test(imported.model, inputs))
        st.session_state[key] = kept
    return kept[1]
