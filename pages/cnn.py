"""CNN playground: draw a digit, build and train a network live, and look inside it."""

from __future__ import annotations

import numpy as np
import streamlit as st

from core import charts, images, inspect_cnn, mnist
from core.cnn_job import new_job
from core.i18n import t
from core.training import FAILED, TrainingJob
from ui import canvas_input, cnn_controls, cnn_evaluate, cnn_inspect, resources, training_panel
from ui.runtime_fixes import ensure_frame

PAGE = "cnn"
STARTER, YOURS = "starter", "yours"


def choose_model(job: TrainingJob | None):
    """The model predictions use: the session's network once it has trained a batch (a
    frozen copy of its current weights while it trains), else the starter.

    The choice is always drawn, disabled until there is a network to choose, so the
    canvas below never moves. Returns (model, caption, test data and probabilities or None).
    """
    starter, meta = resources.starter_cnn()
    progress = job.snapshot() if job else None
    # A run whose loss blew up has unusable weights.
    trained = bool(progress and progress.step > 0 and progress.status != FAILED)
    choice = st.segmented_control(
        t("model.choice"),
        (YOURS, STARTER),
        default=YOURS,
        required=True,
        format_func=lambda c: t(f"model.{c}"),
        key="cnn.model_choice",
        disabled=not trained,
    )
    if trained and choice == YOURS:
        caption = t(
            "model.yours_caption",
            status=t(f"train.status.{progress.status}"),
            epoch=progress.epoch,
            epochs=progress.epochs,
        )
        return job.frozen_model(), caption, (job.test, progress.test_probabilities)
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
    cnn_controls.init_state()
    data, notice = resources.digits(cnn_controls.dataset_choice())
    if notice:
        st.info(t("data.full_unavailable"))
    st.session_state["dataset_label"] = t(f"data.{data.name}")
    layers_box, table_box, training_box = st.container(), st.container(), st.container()
    config = cnn_controls.config_editor(layers_box, training_box)
    error = None
    with table_box:  # right under the layers it describes
        try:
            preview = cnn_controls.preview_model(config)
        except ValueError as problem:
            error = str(problem)
            st.error(t("build.invalid", reason=error))
        else:
            cnn_controls.show_layer_table(preview)
    st.subheader(t("train.heading"))
    training_panel.controls(PAGE, job, start=lambda: new_job(config, data), disabled_reason=error)
    training_panel.live_progress(PAGE, job)


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
    if probabilities is None:
        # The run is still going: evaluate its current weights on request, and keep the
        # result for this run until asked again.
        evaluated = st.session_state.get("cnn.evaluated")
        st.info(t("eval.pending"))
        if st.button(t("eval.now"), key="cnn.evaluate_now"):
            step = job.snapshot().step
            evaluated = (job.id, step, model.predict(x_test, batch_size=512, verbose=0))
            st.session_state["cnn.evaluated"] = evaluated
        if not evaluated or evaluated[0] != job.id:
            return
        st.caption(t("eval.evaluated_at", step=evaluated[1]))
        probabilities = evaluated[2]
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
