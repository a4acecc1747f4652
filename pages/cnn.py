"""CNN playground: draw a digit, build and train a network live, and look inside it."""

from __future__ import annotations

import numpy as np
import streamlit as st

from core import charts, cnn, images, inspect_cnn, mnist
from core.cnn_job import new_job
from core.i18n import t
from core.training import TrainingJob
from ui import (
    builder_widgets,
    canvas_input,
    cnn_controls,
    cnn_evaluate,
    cnn_inspect,
    imported,
    resources,
    training_panel,
)
from ui.runtime_fixes import ensure_frame

PAGE = "cnn"


def choose_model(job: TrainingJob | None):
    """The model predictions use: an imported one while there is one, else the session's
    network once it has trained a batch (a frozen copy of its current weights while it
    trains), else the starter.

    Returns (model, caption, test data and probabilities or None).
    """
    trained, archive = imported.model_source(PAGE, job)
    if archive is not None:
        data = resources.embedded_digits()
        x_test = mnist.to_model_input(data.x_test)
        probabilities = imported.test_probabilities(PAGE, archive, x_test)
        return archive.model, imported.caption(PAGE), ((x_test, data.y_test), probabilities)
    starter, meta = resources.starter_cnn()
    if trained is not None:
        caption = training_panel.trained_caption(trained)
        return trained.frozen_model(), caption, (trained.test, trained.snapshot().test_probabilities)
    caption = t("model.starter_caption", accuracy=meta["test_accuracy"], count=meta["test_digits"])
    data = resources.embedded_digits()
    test = ((mnist.to_model_input(data.x_test), data.y_test), resources.starter_cnn_test_probabilities())
    return starter, caption, test


def draw_and_predict(model, caption: str):
    """The canvas, the 28×28 image the model sees, and the prediction. Returns the image."""
    draw_col, seen_col, result_col = st.columns([3, 2, 3], gap="medium")
    with draw_col:
        st.markdown(t("draw.heading"))
        image = canvas_input.digit_canvas("cnn.canvas")
    with seen_col:
        st.markdown(t("draw.model_sees"))
        if image is not None:
            st.image(images.enlarge(image, scale=7), caption=t("draw.model_sees_caption"))
    with result_col:
        with st.container(key="prediction"):
            if image is None:
                st.info(t("draw.prompt"))
            else:
                probabilities = inspect_cnn.predict(model, image)
                if not np.isfinite(probabilities).all():
                    st.warning(t("draw.not_finite"))
                    return image
                digit = int(probabilities.argmax())
                st.markdown(t("draw.prediction", digit=digit))
                st.caption(t("draw.confidence", p=probabilities[digit]))
                st.altair_chart(charts.probability_bars(probabilities), width="stretch")
        st.caption(caption)
    return image


def build_and_train(job: TrainingJob | None) -> None:
    st.markdown(t("build.intro"))
    builder_widgets.build_and_train(
        PAGE,
        job,
        cnn_controls,
        resources.digits,
        cnn.build_model,
        new_job,
        unavailable=t("data.full_unavailable"),
    )


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
    st.subheader(t("inside.conv_formula"))
    cnn_inspect.conv_formula(model, image, outputs)
    st.subheader(t("inside.pool_formula"))
    cnn_inspect.pool_formula(model, image, outputs)


def evaluate(model, test, job: TrainingJob | None) -> None:
    (x_test, y_test), probabilities = test
    probabilities = training_panel.test_probabilities(PAGE, job, model, x_test, probabilities)
    if probabilities is not None:
        cnn_evaluate.confusion(x_test, y_test, probabilities, key="cnn.confusion")


ensure_frame()
st.title(t("cnn.title"))
st.markdown(t("cnn.intro"))
job, notice = training_panel.current_job(PAGE)
model, caption, test = choose_model(job)
image = draw_and_predict(model, caption)
if notice:
    st.info(notice)
build_tab, inside_tab, eval_tab = st.tabs([t("tab.build"), t("tab.inside"), t("tab.evaluate")])
with build_tab:
    build_and_train(job)
with inside_tab:
    look_inside(model, image)
with eval_tab:
    evaluate(model, test, job)
