"""RNN playground: type a review, watch a recurrent network read it word by word, and
build and train your own on IMDB reviews."""

from __future__ import annotations

import numpy as np
import streamlit as st

from core import charts, inspect_rnn, rnn
from core.i18n import t
from core.review_job import new_rnn_job
from core.training import TrainingJob
from ui import (
    builder_widgets,
    imported,
    memo,
    resources,
    review_box,
    rnn_controls,
    rnn_evaluate,
    rnn_inspect,
    training_panel,
)
from ui.runtime_fixes import ensure_frame

PAGE = "rnn"


def choose_model(job: TrainingJob | None):
    """The model predictions use: an imported one while there is one, else the session's
    network once it has trained a batch (a frozen copy of its current weights while it
    trains), else the starter.

    Returns (model, vocabulary, caption, test), where test is (ids, labels, texts,
    positive probabilities or None while the run goes on). The session remembers which
    weights these are, so the reading and the states of a review are not recomputed on
    every rerun.
    """
    trained, archive = imported.model_source(PAGE, job)
    if archive is not None:
        data = resources.embedded_reviews()
        x_test = archive.vocabulary.encode_many(data.texts_test, archive.model.input.shape[1])
        probabilities = imported.test_probabilities(PAGE, archive, x_test)
        st.session_state["rnn.weights"] = imported.stamp(archive)
        test = (x_test, data.y_test, data.texts_test, probabilities)
        return archive.model, archive.vocabulary, imported.caption(PAGE), test
    if trained is not None:
        probabilities = trained.snapshot().test_probabilities
        x_test, y_test = trained.test
        test = (x_test, y_test, trained.meta["test_texts"], probabilities)
        caption = training_panel.trained_caption(trained)
        st.session_state["rnn.weights"] = f"{trained.id}:{trained.snapshot().step}"
        return trained.frozen_model(), trained.meta["vocabulary"], caption, test
    st.session_state["rnn.weights"] = "starter"
    model, vocabulary, meta = resources.starter_rnn()
    caption = t("rnn.starter_caption", accuracy=meta["test_accuracy"], count=meta["test_reviews"])
    return model, vocabulary, caption, resources.starter_rnn_test()


def remembered(name: str, encoded, compute):
    """`compute()` for this review and these weights, kept in the session (`ui.memo`)."""
    key = (st.session_state["rnn.weights"], encoded.ids.tobytes(), encoded.next_id)
    return memo.remembered(PAGE, key, name, compute)


def type_and_predict(model, vocabulary, caption: str):
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
                reading = remembered("reading", encoded, lambda: inspect_rnn.read_review(model, encoded))
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


def look_inside(model, encoded, reading) -> None:
    if encoded is None:
        st.info(t("rnn.inside_prompt"))
        return
    tokens = encoded.tokens[: encoded.used]
    st.subheader(t("rnn.trajectory"))
    st.caption(t("rnn.trajectory_help"))
    st.altair_chart(charts.word_trajectory(tokens, reading.trajectory), width="stretch")
    st.subheader(t("rnn.occlusion"))
    rnn_inspect.occlusion(tokens, reading.occlusion)
    states = remembered("states", encoded, lambda: inspect_rnn.hidden_states(model, encoded))
    st.subheader(t("rnn.states"))
    rnn_inspect.state_maps(states, tokens)
    st.subheader(t("rnn.recurrence"))
    rnn_inspect.recurrence(model, encoded, states)


def evaluate(model, test, job: TrainingJob | None) -> None:
    x_test, y_test, texts, probabilities = test
    probabilities = training_panel.test_probabilities(PAGE, job, model, x_test, probabilities)
    if probabilities is not None:
        rnn_evaluate.results(np.asarray(probabilities).reshape(-1), y_test, texts)


ensure_frame()
st.title(t("rnn.title"))
st.markdown(t("rnn.intro"))
job, notice = training_panel.current_job(PAGE)
model, vocabulary, caption, test = choose_model(job)
encoded, reading = type_and_predict(model, vocabulary, caption)
if notice:
    st.info(notice)
build_tab, inside_tab, eval_tab = st.tabs([t("tab.build"), t("tab.inside"), t("tab.evaluate")])
with build_tab:
    build_and_train(job)
with inside_tab:
    look_inside(model, encoded, reading)
with eval_tab:
    evaluate(model, test, job)
