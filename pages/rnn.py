"""RNN playground: type a review, watch a recurrent network read it word by word, and
build and train your own on IMDB reviews.

A typed review reruns only `reviewing` (the box, the prediction and, while its tab is open,
the look inside); Build & train and Evaluate are drawn only while open (`ui.page_parts`).
"""

from __future__ import annotations

import numpy as np
import streamlit as st

from ui.runtime_fixes import ensure_frame

# First, before the imports below load Keras: a page run that skipped app.py (a page URL
# requested first after start-up) reruns through it, and through its import guard.
ensure_frame()

from core.charts import plots
from core.i18n import t
from core.inspection import inspect_rnn
from core.jobs.review_job import new_rnn_job
from core.jobs.training import TrainingJob
from core.models import rnn
from ui import (
    builder_widgets,
    imported,
    memo,
    page_parts,
    resources,
    review_box,
    rnn_controls,
    rnn_evaluate,
    rnn_inspect,
    training_panel,
)

PAGE = "rnn"
TABS = ("build", "inside", "evaluate")


def choose_model(job: TrainingJob | None):
    """The model predictions use: an imported one while there is one, else the session's
    network once it has trained a batch, else the starter.

    Returns (use, test), called only by the parts of the page that need them: `use()` gives
    (model, vocabulary, caption, stamp), a run's model being a frozen copy of its weights as
    they are at that call and `stamp` naming those weights, so the reading and the states of
    a review are not recomputed for the same weights (`remembered`); `test()` gives (ids,
    labels, texts, positive probabilities or None while the run goes on).
    """
    trained, archive = imported.model_source(PAGE, job)
    if archive is not None:

        def imported_test():
            data = resources.embedded_reviews()
            x_test = archive.vocabulary.encode_many(data.texts_test, archive.model.input.shape[1])
            probabilities = imported.test_probabilities(PAGE, archive, x_test)
            return x_test, data.y_test, data.texts_test, probabilities

        caption = imported.caption(PAGE)
        return (lambda: (archive.model, archive.vocabulary, caption, imported.stamp(archive))), imported_test
    if trained is not None:

        def trained_use():
            stamp = f"{trained.id}:{trained.snapshot().step}"
            caption = training_panel.trained_caption(trained)
            return trained.frozen_model(), trained.meta["vocabulary"], caption, stamp

        def trained_test():
            x_test, y_test = trained.test
            return x_test, y_test, trained.meta["test_texts"], trained.snapshot().test_probabilities

        return trained_use, trained_test
    model, vocabulary, meta = resources.starter_rnn()
    caption = t("rnn.starter_caption", accuracy=meta["test_accuracy"], count=meta["test_reviews"])
    return (lambda: (model, vocabulary, caption, "starter")), resources.starter_rnn_test


def remembered(stamp: str, name: str, encoded, compute):
    """`compute()` for this review and these weights, kept in the session (`ui.memo`)."""
    key = (stamp, encoded.ids.tobytes(), encoded.next_id)
    return memo.remembered(PAGE, key, name, compute)


def type_and_predict(model, vocabulary, caption: str, stamp: str):
    """The review box with examples, the words the model reads, and the prediction.

    Returns (encoded review, its reading) or (None, None) when there is nothing to read.
    """
    text_col, result_col = st.columns([3, 2], gap="medium")
    with text_col:
        encoded = review_box.review_input(PAGE, vocabulary, model.input.shape[1])
    reading = None
    with result_col:
        with st.container(key="review_prediction"):
            if review_box.readable(encoded):
                read = lambda: inspect_rnn.read_review(model, encoded)  # noqa: E731
                reading = remembered(stamp, "reading", encoded, read)
                if not np.isfinite(reading.probability):
                    st.warning(t("draw.not_finite"))
                    return None, None
                review_box.prediction(reading.probability)
                if encoded.cut:
                    st.info(t("review.cut", used=encoded.used, total=len(encoded.tokens)))
        st.caption(caption)
    return (encoded, reading) if reading is not None else (None, None)


def build_and_train(job: TrainingJob | None) -> None:
    st.markdown(t("rnn.build_intro"))
    builder_widgets.build_and_train(
        PAGE,
        job,
        rnn_controls,
        resources.reviews,
        rnn.build_model,
        new_rnn_job,
        unavailable=t("data.imdb_full_unavailable"),
        table_note=t("rnn.vocabulary_note"),
    )


def look_inside(model, encoded, reading, stamp: str) -> None:
    if encoded is None:
        st.info(t("rnn.inside_prompt"))
        return
    tokens = encoded.tokens[: encoded.used]
    st.subheader(t("rnn.trajectory"))
    st.caption(t("rnn.trajectory_help"))
    st.altair_chart(plots.word_trajectory(tokens, reading.trajectory), width="stretch")
    st.subheader(t("rnn.occlusion"))
    rnn_inspect.occlusion(tokens, reading.occlusion)
    states = remembered(stamp, "states", encoded, lambda: inspect_rnn.hidden_states(model, encoded))
    st.subheader(t("rnn.states"))
    rnn_inspect.state_maps(states, tokens)
    st.subheader(t("rnn.recurrence"))
    rnn_inspect.recurrence(model, encoded, states)


@st.fragment(key="rnn.reviewing")
def reviewing(use, job: TrainingJob | None, input_box, inside_box) -> None:
    """What a typed review changes, rerun alone: the review box and the prediction in
    `input_box`, and the look inside in `inside_box` while that tab is open (else None)."""
    if page_parts.run_moved(PAGE, job):
        st.rerun()  # the run moved on since the page was drawn: the model choice follows it
    model, vocabulary, caption, stamp = use()  # a run's current weights, at every review
    with input_box:
        encoded, reading = type_and_predict(model, vocabulary, caption, stamp)
    if inside_box is not None:
        with inside_box:
            look_inside(model, encoded, reading, stamp)


def evaluate(use, test, job: TrainingJob | None) -> None:
    x_test, y_test, texts, probabilities = test()
    model = use()[0]
    probabilities = training_panel.test_probabilities(PAGE, job, model, x_test, probabilities)
    if probabilities is not None:
        rnn_evaluate.results(np.asarray(probabilities).reshape(-1), y_test, texts)


st.title(t("rnn.title"))
st.markdown(t("rnn.intro"))
job, notice = training_panel.current_job(PAGE)
use, test = choose_model(job)
page_parts.note_run(PAGE, job)
input_box = st.container()
if notice:
    st.info(notice)
tabs = page_parts.tabs(PAGE, TABS)
reviewing(use, job, input_box, tabs["inside"] if tabs["inside"].open else None)
if tabs["build"].open:
    with tabs["build"]:
        build_and_train(job)
else:
    page_parts.watch_run(PAGE, job)
page_parts.dataset_label(PAGE, tabs["build"].open, t(f"data.{rnn.RNNConfig().dataset}"))
if tabs["evaluate"].open:
    with tabs["evaluate"]:
        evaluate(use, test, job)
