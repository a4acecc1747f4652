"""Shared, read-only resources cached once per server: datasets and starter models.

What a user trains is never cached here; it belongs to that user's job.
"""

from __future__ import annotations

import numpy as np
import streamlit as st

from core import mnist
from core.device import describe_device
from core.i18n import t

FULL_FAILED = "data.full_failed_once"


@st.cache_resource(show_spinner=False)
def embedded_digits() -> mnist.DigitData:
    return mnist.load_embedded()


@st.cache_resource(show_spinner=False)
def _full_digits() -> mnist.DigitData:
    return mnist.load_full()


def digits(name: str) -> tuple[mnist.DigitData, str | None]:
    """The dataset called `name`, or the embedded one and a reason if it cannot be had.

    A failed download is remembered for the session, so the page does not retry it on
    every rerun.
    """
    if name != "mnist-70k":
        return embedded_digits(), None
    if st.session_state.get(FULL_FAILED):
        return embedded_digits(), st.session_state[FULL_FAILED]
    try:
        with st.spinner(t("data.downloading")):
            return _full_digits(), None
    except mnist.DatasetUnavailable as error:
        st.session_state[FULL_FAILED] = str(error)
        return embedded_digits(), str(error)


@st.cache_resource(show_spinner=False)
def starter_cnn():
    """(model, meta) of the shipped starter CNN."""
    from core.starter import load_starter_cnn  # Keras loads on first use, not with the sidebar

    return load_starter_cnn()


@st.cache_resource(show_spinner=False)
def starter_cnn_test_probabilities() -> np.ndarray:
    """The starter CNN's probabilities (n, 10) on the embedded test split."""
    model, _ = starter_cnn()
    x_test = mnist.to_model_input(embedded_digits().x_test)
    return model.predict(x_test, batch_size=512, verbose=0)


@st.cache_resource(show_spinner=False)
def device() -> str:
    return describe_device()
