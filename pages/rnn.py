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

from core import kinds
from core.charts import plots
from core.i18n import t
from core.inspection import inspect_rnn
from core.jobs.training import TrainingJob
from ui import (
    builder_widgets,
    imported,
    memo,
    page_parts,
    review_box,
    rnn_controls,
    rnn_evaluate,
    rnn_inspect,
    training_panel,
    url_state,
)
from ui.model_in_use import ModelInUse, Stamp, evaluated_probabilities, model_in_use

KIND = kinds.RNN
PAGE = KIND.page  # the page's widget keys start with it
TABS = ("inside", "build", "evaluate")  # what the model computed first


def remembered(stamp: Stamp, name: str, encoded, compute):
    """`compute()` for this review and these weights, kept in the session (`ui.memo`)."""
    key = (stamp, encoded.ids.tobytes(), encoded.next_id)
    return memo.remembered(PAGE, key, name, compute)


def type_and_predict(in_use: ModelInUse):
    """The review box with examples, the words the model reads, and the prediction.

    Returns (encoded review, its reading) or (None, None) when there is nothing to read.
    """
    model, stamp = in_use.model, in_use.stamp
    text_col, result_col = st.columns([3, 2], gap="medium")
    with text_col:
        encoded = review_box.review_input(PAGE, in_use.meta["vocabulary"], model.input.shape[1])
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
        st.caption(in_use.caption)
    return (encoded, reading) if reading is not None else (None, None)


def build_and_train(job: TrainingJob | None) -> None:
    st.markdown(t("rnn.build_intro"))
    builder_widgets.build_and_train(
        KIND,
        job,
        rnn_controls,
        unavailable=t("data.imdb_full_unavailable"),
        table_note=t("rnn.vocabulary_note"),
    )


def look_inside(model, encoded, reading, stamp: Stamp) -> None:
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
    if numbers := page_parts.lazy_section("rnn.recurrence_numbers", t("rnn.recurrence")):
        with numbers:  # computed only while opened
            rnn_inspect.recurrence(model, encoded, states)


@st.fragment(key="rnn.reviewing")
def reviewing(job: TrainingJob | None, input_box, inside_box) -> None:
    """What a typed review changes, rerun alone: the review box and the prediction in
    `input_box`, and the look inside in `inside_box` while that tab is open (else None)."""
    if page_parts.run_moved(KIND.name, job):
        st.rerun()  # the run moved on since the page was drawn: the model choice follows it
    in_use = model_in_use(KIND, job)  # a run's current weights, at every review
    with input_box:
        encoded, reading = type_and_predict(in_use)
    if inside_box is not None:
        with inside_box, page_parts.inside_turn():
            look_inside(in_use.model, encoded, reading, in_use.stamp)


def evaluate(job: TrainingJob | None) -> None:
    in_use = model_in_use(KIND, job)
    probabilities = evaluated_probabilities(in_use)
    if probabilities is not None:
        rnn_evaluate.results(np.asarray(probabilities).reshape(-1), in_use.test.labels, in_use.test.texts)


st.title(t("rnn.title"))
st.markdown(t("rnn.intro"))
job, notice = training_panel.current_job(KIND)
page_parts.note_run(KIND.name, job)  # before the choice, so a batch trained while it is drawn reruns the page
imported.model_choice(KIND, job)
input_box = st.container()
if notice:
    st.info(notice)
run_box = st.container()  # the run's progress, in sight of the review box, whatever tab is open
# A link with settings, or with a run whose settings it loads, opens on the builder that shows them.
if url_state.has_news(KIND):
    page_parts.open_tab(PAGE, "build")
tabs = page_parts.tabs(PAGE, TABS)
reviewing(job, input_box, tabs["inside"] if tabs["inside"].open else None)
if tabs["build"].open:
    with tabs["build"]:
        build_and_train(job)
else:
    url_state.keep(KIND)
page_parts.dataset_in_use(KIND, tabs["build"].open)
if tabs["evaluate"].open:
    with tabs["evaluate"]:
        evaluate(job)
# Drawn last, into its place above the tabs: the rerun it makes when the run moves on then
# comes after Build & train's buttons have acted, so a click is never dropped.
with run_box:
    training_panel.live_progress(KIND, job)
