"""The sidebar every page shares, under the language switch (`ui.language`, drawn by app.py
before the page): the name shown with a person's runs, where TensorFlow computes and which
dataset is in use."""

from __future__ import annotations

import streamlit as st

from core.i18n import t
from core.tensorflow_runtime import TensorFlowUnavailable
from ui import identity, page_parts, resources


def _name_changed() -> None:
    registry = resources.run_registry()
    if registry is not None and identity.current():
        st.session_state["identity.name"] = registry.set_name(
            identity.current(), st.session_state["identity.name"]
        )


def name_box() -> None:
    """The short name this person shows with their runs, kept in the run registry."""
    registry = resources.run_registry()
    if registry is None or not identity.current():
        return
    if "identity.name" not in st.session_state:
        st.session_state["identity.name"] = registry.names().get(identity.current(), "")
    st.text_input(
        t("identity.name_label"),
        key="identity.name",
        max_chars=24,
        help=t("identity.name_help"),
        on_change=_name_changed,
    )


def render() -> None:
    with st.sidebar:
        name_box()
        try:
            st.markdown(t("sidebar.device", device=str(resources.device())))
        except TensorFlowUnavailable:
            pass  # the home page works without TensorFlow; the pages that need it say why it is missing
        # Set by the page that just ran; the home page uses no dataset.
        dataset = st.session_state.pop(page_parts.DATASET_KEY, None)
        if dataset:
            st.markdown(t("sidebar.dataset", dataset=t(f"data.{dataset}")))
        st.caption(t("sidebar.about"))
