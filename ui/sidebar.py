"""The sidebar every page shares: where TensorFlow computes and which dataset is in use."""

from __future__ import annotations

import streamlit as st

from core.i18n import t
from ui import resources


def render() -> None:
    with st.sidebar:
        st.markdown(t("sidebar.device", device=resources.device()))
        # Set by the page that just ran; the home page uses no dataset.
        dataset = st.session_state.pop("dataset_label", None)
        if dataset:
            st.markdown(t("sidebar.dataset", dataset=dataset))
        st.caption(t("sidebar.about"))
