"""Shared, read-only resources cached once per server: datasets and starter models.

What a user trains is never cached here; it belongs to that user's job.
"""

from __future__ import annotations

import numpy as np
import streamlit as st

from core import tensorflow_runtime
from core.data import imdb, mnist
from core.data.splits import DatasetUnavailable
from core.device import describe_device
from core.i18n import t


@st.cache_resource(show_spinner=False)
def embedded_digits() -> mnist.DigitData:
    return mnist.load_embedded()


@st.cache_resource(show_spinner=False)
def _full_digits() -> mnist.DigitData:
    return mnist.load_full()


def _with_fallback(name: str, full_name: str, embedded, full, spinner: str):
    """`full()` when `name` asks for the downloaded set, else (or when that fails) `embedded()`;
    with the reason it failed, remembered for the session so the page does not retry the
    download on every rerun."""
    if name != full_name:
        return embedded(), None
    failed_key = f"data.{full_name}.failed"
    if st.session_state.get(failed_key):
        return embedded(), st.session_state[failed_key]
    try:
        with st.spinner(spinner):
            return full(), None
    except DatasetUnavailable as error:
        st.session_state[failed_key] = str(error)
        return embedded(), str(error)


def digits(name: str) -> tuple[mnist.DigitData, str | None]:
    """The dataset called `name`, or the embedded one and a reason if it cannot be had."""
    return _with_fallback(name, "mnist-70k", embedded_digits, _full_digits, t("data.downloading"))


@st.cache_resource(show_spinner=False)
def embedded_reviews() -> imdb.ReviewData:
    return imdb.load_embedded()


@st.cache_resource(show_spinner=False)
def _full_reviews() -> imdb.ReviewData:
    return imdb.load_full()


def reviews(name: str) -> tuple[imdb.ReviewData, str | None]:
    """The review dataset called `name`, or the embedded one and a reason if it cannot be had."""
    return _with_fallback(name, "imdb-50k", embedded_reviews, _full_reviews, t("data.downloading_imdb"))


@st.cache_resource(show_spinner=False)
def starter_cnn():
    """(model, meta) of the shipped starter CNN."""
    from core.models.starter import load_starter_cnn

    return load_starter_cnn()


@st.cache_resource(show_spinner=False)
def starter_cnn_test_probabilities() -> np.ndarray:
    """The starter CNN's probabilities (n, 10) on the embedded test split."""
    model, _ = starter_cnn()
    x_test = mnist.to_model_input(embedded_digits().x_test)
    return model.predict(x_test, batch_size=512, verbose=0)


def load_tensorflow() -> None:
    """Import TensorFlow and Keras for the whole server, once (core.tensorflow_runtime): a run
    that arrives while another thread imports them waits for it. When they cannot be imported,
    say why and stop the page, which cannot work without them."""
    try:
        tensorflow_runtime.load()
    except tensorflow_runtime.TensorFlowUnavailable as error:
        st.error(t("app.tensorflow_unavailable", reason=str(error)))
        st.stop()


@st.cache_resource(show_spinner=False)
def device() -> str:
    """Where TensorFlow computes (imported through core.tensorflow_runtime); raises
    TensorFlowUnavailable when it cannot be imported, which is then not cached."""
    return describe_device()


@st.cache_resource(show_spinner=False)
def starter_rnn():
    """(model, vocabulary, meta) of the shipped starter RNN."""
    from core.models.starter import load_starter_rnn

    return load_starter_rnn()


@st.cache_resource(show_spinner=False)
def starter_rnn_test() -> tuple[np.ndarray, np.ndarray, list[str], np.ndarray]:
    """The embedded test split as the starter RNN reads it: (ids (n, length), labels (n,),
    texts, the starter's positive probabilities (n,))."""
    model, vocabulary, _ = starter_rnn()
    data = embedded_reviews()
    x_test = vocabulary.encode_many(data.texts_test, model.input.shape[1])
    probabilities = model.predict(x_test, batch_size=256, verbose=0).reshape(-1)
    return x_test, data.y_test, data.texts_test, probabilities


@st.cache_resource(show_spinner=False)
def example_reviews() -> list[tuple[str, int]]:
    """A few short real test reviews, (text, label), to offer above the review box."""
    return imdb.example_reviews(embedded_reviews())


@st.cache_resource(show_spinner=False)
def starter_transformer(task: str):
    """(model, meta) of the shipped starter Transformer for `task`."""
    from core.models.starter import load_starter_transformer

    return load_starter_transformer(task)


@st.cache_resource(show_spinner=False)
def starter_transformer_test() -> tuple[np.ndarray, np.ndarray, list[str], np.ndarray]:
    """The embedded test split as the starter classifier reads it: (ids, labels, texts,
    its positive probabilities)."""
    model, meta = starter_transformer("classify")
    data = embedded_reviews()
    x_test = meta["vocabulary"].encode_many(data.texts_test, meta["config"].max_length)
    probabilities = model.predict(x_test, batch_size=256, verbose=0).reshape(-1)
    return x_test, data.y_test, data.texts_test, probabilities


@st.cache_resource(show_spinner=False)
def _multi30k():
    from core.data import multi30k

    return multi30k.load_multi30k()


def multi30k(name: str):
    """Multi30k, embedded (the only translation dataset), and no reason to fall back."""
    return _multi30k(), None


@st.cache_resource(show_spinner=False)
def example_sentences() -> list[str]:
    """Short English sentences from Multi30k's test split, to offer above the sentence box."""
    return [text for text in _multi30k().test.english if 6 <= len(text.split()) <= 15]


def transformer_preview(config):
    """The untrained model a config describes, for the layer table."""
    from core.models import transformer

    if config.task == "translate":
        return transformer.build_translator(config)
    return transformer.build_classifier(config)


@st.cache_resource(show_spinner=False)
def _run_registry(directory: str):
    from core.runs.store import RunRegistry

    return RunRegistry(directory)


def run_registry():
    """The run registry in the data directory (`$PLAYGROUND_DATA_DIR`), opened once per
    directory; None, with the reason in the session, when it cannot be opened (a
    read-only home, say): the pages then train without recording."""
    from core.runs.store import data_dir

    try:
        return _run_registry(str(data_dir()))
    except Exception as error:  # OSError, sqlite3.Error: recording is a bonus, never a crash
        st.session_state["runs.unavailable"] = f"{type(error).__name__}: {error}"
        return None
