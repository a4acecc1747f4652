"""CNN playground: draw a digit, build and train a network live, and look inside it.

A stroke reruns only `drawing` (the canvas, the prediction and, while its tab is open, the
look inside); Build & train and Evaluate are drawn only while open (`ui.page_parts`).
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
from core.data import images
from core.i18n import t
from core.inspection import inspect_cnn
from core.jobs.training import TrainingJob
from ui import (
    builder_widgets,
    canvas_input,
    cnn_controls,
    cnn_evaluate,
    cnn_inspect,
    imported,
    page_parts,
    training_panel,
    url_state,
)
from ui.model_in_use import evaluated_probabilities, model_in_use

KIND = kinds.CNN
PAGE = KIND.page  # the page's widget keys start with it
TABS = ("inside", "build", "evaluate")  # what the model computed first


def draw_and_predict(model, caption: str):
    """The canvas, the 28×28 image the model sees, and the prediction. Returns the image."""
    draw_col, seen_col, result_col = st.columns([3, 2, 3], gap="medium")
    with draw_col:
        st.markdown(t("draw.heading"))
        image = canvas_input.digit_canvas("cnn.canvas")
    # The prediction before the image: it is what a person waits for after a stroke.
    probabilities = None if image is None else inspect_cnn.predict(model, image)
    with result_col:
        with st.container(key="prediction"):
            if image is None:
                st.info(t("draw.prompt"))
            elif not np.isfinite(probabilities).all():
                st.warning(t("draw.not_finite"))
            else:
                digit = int(probabilities.argmax())
                st.markdown(t("draw.prediction", digit=digit))
                st.caption(t("draw.confidence", p=probabilities[digit]))
                st.altair_chart(plots.probability_bars(probabilities), width="stretch")
    with seen_col:
        st.markdown(t("draw.model_sees"))
        if image is not None:
            st.image(images.enlarge(image, scale=7), caption=t("draw.model_sees_caption"))
    with result_col:
        st.caption(caption)
    return image


@st.fragment(key="cnn.drawing")
def drawing(job: TrainingJob | None, drawing_box, inside_box) -> None:
    """What a stroke changes, rerun alone: the canvas and the prediction in `drawing_box`,
    and the look inside in `inside_box` while that tab is open (None while it is hidden)."""
    if page_parts.run_moved(KIND.name, job):
        st.rerun()  # the run moved on since the page was drawn: the model choice follows it
    in_use = model_in_use(KIND, job)  # a run's current weights, at every stroke
    with drawing_box:
        image = draw_and_predict(in_use.model, in_use.caption)
    if inside_box is not None:
        with inside_box, page_parts.inside_turn():
            look_inside(in_use.model, image)


def build_and_train(job: TrainingJob | None) -> None:
    st.markdown(t("build.intro"))
    builder_widgets.build_and_train(KIND, job, cnn_controls, unavailable=t("data.full_unavailable"))


def look_inside(model, image) -> None:
    if image is None:
        st.info(t("inside.prompt"))
        return
    outputs = inspect_cnn.layer_outputs(model, image)
    predicted = int(outputs[model.layers[-1].name].argmax())
    st.subheader(t("inside.maps"))
    cnn_inspect.feature_maps(model, image, outputs)
    st.subheader(t("inside.filters"))
    cnn_inspect.filters(model)
    st.subheader(t("inside.attribution"))
    cnn_inspect.attribution(model, image, predicted)
    # The formulas with numbers, computed only while opened (they cost the most per stroke).
    if numbers := page_parts.lazy_section("cnn.conv_numbers", t("inside.conv_formula")):
        with numbers:
            cnn_inspect.conv_formula(model, image, outputs)
    if numbers := page_parts.lazy_section("cnn.pool_numbers", t("inside.pool_formula")):
        with numbers:
            cnn_inspect.pool_formula(model, image, outputs)


def evaluate(job: TrainingJob | None) -> None:
    in_use = model_in_use(KIND, job)
    probabilities = evaluated_probabilities(in_use)
    if probabilities is not None:
        cnn_evaluate.confusion(in_use.test.inputs, in_use.test.labels, probabilities, key="cnn.confusion")


st.title(t("cnn.title"))
st.markdown(t("cnn.intro"))
job, notice = training_panel.current_job(KIND)
page_parts.note_run(KIND.name, job)  # before the choice, so a batch trained while it is drawn reruns the page
imported.model_choice(KIND, job)
drawing_box = st.container()
if notice:
    st.info(notice)
run_box = st.container()  # the run's progress, in sight of the canvas, whatever tab is open
# A link with settings, or with a run whose settings it loads, opens on the builder that shows them.
if url_state.has_news(KIND):
    page_parts.open_tab(PAGE, "build")
tabs = page_parts.tabs(PAGE, TABS)
drawing(job, drawing_box, tabs["inside"] if tabs["inside"].open else None)
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
