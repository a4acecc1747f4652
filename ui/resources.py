"""Shared, read-only resources cached once per server: datasets, starter models and their
test-set figures.

What a user trains is never cached here; it belongs to that user's job.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import streamlit as st

from core import kinds, tensorflow_runtime
from core.data import imdb, mnist
from core.data.splits import DatasetUnavailable
from core.device import describe_device
from core.i18n import Message, t
from core.inspection import evaluation
from core.kinds import Kind


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
def device() -> Message:
    """Where TensorFlow computes (imported through core.tensorflow_runtime); raises
    TensorFlowUnavailable when it cannot be imported, which is then not cached."""
    return describe_device()


@st.cache_resource(show_spinner=False)
def example_reviews() -> list[tuple[str, int]]:
    """A few short real test reviews, (text, label), to offer above the review box."""
    return imdb.example_reviews(embedded_reviews())


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


# The loader of each dataset a kind reads (`Kind.data`): name -> (data, reason it fell back or None).
DATASETS = {kinds.DIGITS: digits, kinds.REVIEWS: reviews, kinds.SENTENCE_PAIRS: multi30k}


def datasets(kind: Kind) -> Callable[[str], tuple[object, str | None]]:
    """The function giving `kind`'s datasets by name, falling back to the embedded one."""
    return DATASETS[kind.data]


@st.cache_resource(show_spinner=False)
def _starter(name: str):
    return kinds.get(name).starter()


def starter(kind: Kind):
    """The shipped starter of `kind`, as its `Kind.starter` loads it, loaded once per server."""
    return _starter(kind.name)


@st.cache_resource(show_spinner=False)
def _starter_with_meta(name: str) -> tuple[object, dict]:
    kind = kinds.get(name)
    model, *vocabularies, meta = _starter(name)  # the RNN's loader gives its vocabulary apart
    meta = {**meta, **dict(zip(kind.vocabularies, vocabularies))}
    if isinstance(meta.get("config"), dict):  # as the starter's .json keeps it
        meta["config"] = kind.config_of(meta["config"])
    return model, meta


def starter_with_meta(kind: Kind) -> tuple[object, dict]:
    """(model, meta) of `kind`'s starter: `meta` is its .json's figures, its config as the
    kind's dataclass and the vocabularies it reads (and writes) words with, by name."""
    return _starter_with_meta(kind.name)


def _digit_test(model, meta: dict):
    data = embedded_digits()
    return mnist.to_model_input(data.x_test), data.y_test, None


def _review_test(model, meta: dict):
    data = embedded_reviews()
    ids = meta["vocabulary"].encode_many(data.texts_test, model.inputs[0].shape[1])
    return ids, data.y_test, data.texts_test


# The embedded test split of each dataset evaluated on its probabilities (the translator's
# test BLEU is computed on request, `ui.translation_views`).
EMBEDDED_TESTS = {kinds.DIGITS: _digit_test, kinds.REVIEWS: _review_test}


def embedded_test(kind: Kind, model, meta: dict) -> tuple[np.ndarray, np.ndarray, list[str] | None] | None:
    """The embedded test split of `kind`'s data as `model` reads it (review ids with the
    vocabulary in `meta`, to the length the model reads): (inputs, labels, texts or None);
    None for a kind not evaluated on test-set probabilities."""
    test = EMBEDDED_TESTS.get(kind.data)
    return None if test is None else test(model, meta)


@st.cache_resource(show_spinner=False)
def _starter_test(name: str):
    kind = kinds.get(name)
    model, meta = _starter_with_meta(name)
    test = embedded_test(kind, model, meta)
    if test is None:
        return None
    inputs, labels, texts = test
    return inputs, labels, texts, evaluation.predict_test(model, inputs)


def starter_test(kind: Kind) -> tuple[np.ndarray, np.ndarray, list[str] | None, np.ndarray] | None:
    """`kind`'s embedded test split as its starter reads it, with the starter's probabilities
    on it, computed once per server: (inputs, labels, texts or None, probabilities); None for
    a kind not evaluated on test-set probabilities."""
    return _starter_test(kind.name)


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
