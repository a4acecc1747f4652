"""The CNN page through AppTest: drawing, the builder's table and messages, training,
reattaching through the URL, looking inside and evaluating; a stroke reruns only the drawing
and what it feeds, and hidden tabs do no work."""

import re
import sys
from pathlib import Path

import numpy as np
import pytest

from core.i18n import t
from core.jobs.job_registry import JOBS
from ui import builder_widgets, cnn_controls, cnn_evaluate, cnn_inspect

sys.path.insert(0, str(Path(__file__).resolve().parent))  # for `page_parts_helpers`, any import mode
from page_parts_helpers import count_calls, open_numbers, open_tab, rerun_fragment  # noqa: E402

PAGE = "pages/cnn.py"
NUMBERS = ("cnn.conv_numbers", "cnn.pool_numbers")  # the sections with numbers, opened


def drawn_one():
    """A 280×280 RGBA canvas with one white vertical stroke: a '1'."""
    rgba = np.zeros((280, 280, 4), dtype=np.uint8)
    rgba[40:240, 130:150] = 255
    return rgba


def texts(app, kind):
    return [element.value for element in getattr(app, kind)]


def test_blank_canvas_prompts_instead_of_guessing(open_page, canvas):
    app = open_page(PAGE)
    assert "Draw a digit on the black canvas to see what the network thinks it is." in texts(app, "info")
    assert not any("Prediction:" in text for text in texts(app, "markdown"))
    sidebar = " ".join(element.value for element in app.sidebar.markdown)
    assert "Computing on:" in sidebar and "MNIST, embedded 10,000 digits" in sidebar
    # A first visit opens on Look inside, which prompts for a drawing too.
    assert app.session_state["cnn.tab_name"] == "inside" and app.session_state["cnn.tab"] == t("tab.inside")
    assert "Draw a digit above to look inside the network." in texts(app, "info")
    app = open_tab(open_tab(app, "cnn", "build"), "cnn", "inside")
    assert "Draw a digit above to look inside the network." in texts(app, "info")
    # Build & train is hidden again; the sidebar still says which data it trains on.
    sidebar = " ".join(element.value for element in app.sidebar.markdown)
    assert "MNIST, embedded 10,000 digits" in sidebar


def test_full_mnist_without_network_says_so_and_stays_on_the_embedded_set(open_page, canvas, monkeypatch):
    import keras

    def offline():
        raise OSError("Name or service not known")

    monkeypatch.setattr(keras.datasets.mnist, "load_data", offline)
    app = open_tab(open_page(PAGE), "cnn", "build")
    app.radio(key="cnn.cfg.dataset").set_value("mnist-70k").run()
    notices = [text for text in texts(app, "info") if text.startswith("Full MNIST could not be downloaded")]
    assert len(notices) == 1 and "using the embedded 10,000 digits" in notices[0]
    assert not app.exception and not app.button(key="cnn.start").disabled
    sidebar = " ".join(element.value for element in app.sidebar.markdown)
    assert "MNIST, embedded 10,000 digits" in sidebar


def test_drawn_digit_is_predicted_and_looked_inside(open_page, canvas):
    canvas["image"] = drawn_one()
    app = open_tab(open_numbers(open_page(PAGE), *NUMBERS), "cnn", "inside")
    assert "## Prediction: 1" in texts(app, "markdown")
    assert any(text.startswith("Using the starter model (98") for text in texts(app, "caption"))
    # Feature maps of every conv and pool layer of the starter, with shapes.
    titles = [
        text for text in texts(app, "markdown") if text.startswith("**conv") or text.startswith("**pool")
    ]
    assert titles[0] == "**conv1** · Conv2D · 28×28×32" and len(titles) == 6
    # The convolution written out equals what the layer returned.
    latex = [element.value for element in app.latex if "sum_{m,n}" in element.value][0]
    computed = re.search(r"= (-?[0-9.]+)\s*\$*$", latex.strip()).group(1)
    checks = [text for text in texts(app, "success") if text.startswith("The layer conv1 returned")]
    assert checks and f"returned {computed} at" in checks[0]
    pool = [text for text in texts(app, "success") if text.startswith("The layer pool1 returned")]
    assert pool


def test_layer_table_follows_the_controls_and_bad_stacks_are_refused(open_page, canvas):
    app = open_tab(open_page(PAGE), "cnn", "build")
    assert "Total parameters: 225,034" in texts(app, "caption")
    assert t("train.not_started") in texts(app, "caption")  # under Start: no run, so no progress above
    app.number_input(key="cnn.cfg.n_conv").set_value(4).run()
    errors = texts(app, "error")
    assert errors and "Convolution block 4" in errors[0] and "does not fit" in errors[0]
    assert app.button(key="cnn.start").disabled
    assert not app.exception
    app.selectbox(key="cnn.cfg.conv.3.padding").set_value("same").run()
    app.selectbox(key="cnn.cfg.conv.3.pooling").set_value("none").run()
    assert not texts(app, "error") and not app.button(key="cnn.start").disabled


def test_presets_load_the_starter_architecture(open_page, canvas):
    app = open_tab(open_page(PAGE), "cnn", "build")
    [button for button in app.button if button.label == "Starter model's architecture"][0].click().run()
    assert app.number_input(key="cnn.cfg.n_conv").value == 3
    assert app.selectbox(key="cnn.cfg.conv.0.padding").value == "same"


@pytest.mark.slow
def test_training_runs_reattaches_through_the_url_and_evaluates(open_page, canvas):
    app = open_tab(open_page(PAGE), "cnn", "build")
    app.select_slider(key="cnn.cfg.train_size").set_value(250).run()
    app.slider(key="cnn.cfg.epochs").set_value(1).run()
    app.button(key="cnn.start").click().run()
    assert t("train.progress_above") in texts(app, "caption")  # under Start: the progress is above the tabs
    job_id = app.session_state["cnn.job_id"]
    assert app.query_params["run"] == [job_id] or app.query_params["run"] == job_id
    job = JOBS.get(job_id)
    assert job is not None and job.meta["kind"] == "cnn"
    assert job.join(180) and job.snapshot().status == "finished"

    # A reload is a new session with the run id in the URL: it finds the same run.
    canvas["image"] = drawn_one()
    reloaded = open_page(PAGE, query={"run": job_id}, token=app.session_state["identity.token"])
    assert reloaded.session_state["cnn.job_id"] == job_id
    assert any(text.startswith("Finished in") for text in texts(reloaded, "success"))
    assert any(text.startswith("Using your network (Finished") for text in texts(reloaded, "caption"))
    assert any(text.startswith("## Prediction:") for text in texts(reloaded, "markdown"))
    reloaded = open_tab(reloaded, "cnn", "evaluate")
    accuracy = [metric for metric in reloaded.metric if metric.label == "Test accuracy"]
    assert accuracy and accuracy[0].value.endswith("%")


def test_tampered_run_id_in_the_url_gets_a_notice(open_page, canvas):
    app = open_page(PAGE, query={"run": "../../etc/passwd"})
    assert any("does not have" in text for text in texts(app, "info"))
    assert "run" not in app.query_params


def test_runs_leave_keras_global_state_alone(open_page, canvas, monkeypatch):
    """Streamlit would call keras.backend.clear_session() after every run, resetting the
    state of the training threads; app.py switches that off."""
    import keras

    calls = []
    monkeypatch.setattr(keras.backend, "clear_session", lambda *args, **kwargs: calls.append(1))
    app = open_page(PAGE)
    app.run()
    assert not app.exception and calls == []


# A stroke costs only what it changes.


@pytest.fixture
def calls(monkeypatch):
    """Count the calls of what only the Build & train tab, the Evaluate tab and the Look inside
    tab do (the builder, the confusion matrix, the feature maps)."""
    return count_calls(
        monkeypatch,
        {
            "build": (cnn_controls, "config_editor"),
            "evaluate": (cnn_evaluate, "confusion"),
            "inside": (cnn_inspect, "feature_maps"),
        },
    )


def test_a_stroke_reruns_the_drawing_and_not_the_tabs_it_does_not_feed(open_page, canvas, calls):
    app = open_page(PAGE)  # Look inside is open at first, with nothing drawn to look inside
    assert calls == {"build": 0, "evaluate": 0, "inside": 0}  # hidden tabs do no work
    app = open_tab(app, "cnn", "build")
    assert calls == {"build": 1, "evaluate": 0, "inside": 0}
    canvas["image"] = drawn_one()
    app = rerun_fragment(app, "cnn.drawing")
    assert "## Prediction: 1" in texts(app, "markdown")
    assert calls == {"build": 1, "evaluate": 0, "inside": 0}

    # With Evaluate open, a stroke still leaves the evaluation alone.
    app = open_tab(app, "cnn", "evaluate")
    assert calls == {"build": 1, "evaluate": 1, "inside": 0}
    canvas["image"] = None
    app = rerun_fragment(app, "cnn.drawing")
    assert "Draw a digit on the black canvas to see what the network thinks it is." in texts(app, "info")
    assert calls == {"build": 1, "evaluate": 1, "inside": 0}


def test_look_inside_follows_every_stroke_while_open_and_shows_the_current_drawing(open_page, canvas, calls):
    app = open_tab(open_numbers(open_page(PAGE), *NUMBERS), "cnn", "build")
    canvas["image"] = drawn_one()
    app = rerun_fragment(app, "cnn.drawing")  # drawn while Build & train is open
    assert calls["inside"] == 0
    app = open_tab(app, "cnn", "inside")  # shown for the drawing made while it was hidden
    assert calls == {"build": 1, "evaluate": 0, "inside": 1}
    assert "**conv1** · Conv2D · 28×28×32" in texts(app, "markdown")
    first = [text for text in texts(app, "success") if text.startswith("The layer conv1 returned")]

    # A second stroke, while Look inside is open: the fragment redraws it, for the new drawing.
    two = drawn_one()
    two[40:60, 60:220] = 255  # a bar across the top: a 7, or at least not the same 1
    canvas["image"] = two
    app = rerun_fragment(app, "cnn.drawing")
    assert calls == {"build": 1, "evaluate": 0, "inside": 2}
    assert "**conv1** · Conv2D · 28×28×32" in texts(app, "markdown")
    second = [text for text in texts(app, "success") if text.startswith("The layer conv1 returned")]
    assert first and second and first != second  # the strongest cell of a different drawing


def test_settings_survive_strokes_and_tab_switches(open_page, canvas):
    app = open_tab(open_numbers(open_page(PAGE), *NUMBERS), "cnn", "build")
    app.number_input(key="cnn.cfg.n_conv").set_value(3).run()
    app.selectbox(key="cnn.cfg.conv.2.padding").set_value("same")
    app.slider(key="cnn.cfg.epochs").set_value(7).run()
    assert not app.exception, app.exception
    canvas["image"] = drawn_one()
    app = rerun_fragment(app, "cnn.drawing")
    app = open_tab(app, "cnn", "inside")
    app.radio(key="cnn.attribution").set_value("saliency").run()
    app.number_input(key="cnn.conv_cell.channel").set_value(5).run()
    app = open_tab(app, "cnn", "evaluate")
    app = open_tab(app, "cnn", "build")
    assert app.number_input(key="cnn.cfg.n_conv").value == 3
    assert app.selectbox(key="cnn.cfg.conv.2.padding").value == "same"
    assert app.slider(key="cnn.cfg.epochs").value == 7
    assert "## Prediction: 1" in texts(app, "markdown")  # the drawing too
    app = open_tab(app, "cnn", "inside")
    assert app.radio(key="cnn.attribution").value == "saliency"
    assert app.number_input(key="cnn.conv_cell.channel").value == 5


@pytest.mark.slow
def test_strokes_follow_the_training_run(open_page, canvas, monkeypatch):
    """The drawing fragment asks for the run's model at every stroke (a frozen copy of its
    weights as they are then), and a run that moved on since the page was drawn (it trained
    its first batch, paused or ended) reruns the whole page, so the model choice follows."""
    app = open_tab(open_page(PAGE), "cnn", "build")
    app.select_slider(key="cnn.cfg.train_size").set_value(250)
    app.slider(key="cnn.cfg.epochs").set_value(1).run()
    app.button(key="cnn.start").click().run()
    job = JOBS.get(app.session_state["cnn.job_id"])
    try:
        assert job.join(180) and job.snapshot().status == "finished"
        builds, frozen = [], []
        build, freeze = builder_widgets.build_and_train, type(job).frozen_model
        monkeypatch.setattr(
            builder_widgets, "build_and_train", lambda *a, **k: builds.append(1) or build(*a, **k)
        )
        monkeypatch.setattr(type(job), "frozen_model", lambda self: frozen.append(1) or freeze(self))
        canvas["image"] = drawn_one()
        app = rerun_fragment(app, "cnn.drawing")  # the page was last drawn while the run trained
        drawn = len(builds)
        assert drawn >= 1  # so the whole page ran again (its progress panel may run it once more)
        assert any(text.startswith("Finished in") for text in texts(app, "success"))
        assert any(text.startswith("Using your network (Finished") for text in texts(app, "caption"))
        asked = len(frozen)
        assert asked >= 1
        app = rerun_fragment(app, "cnn.drawing")
        assert len(builds) == drawn  # and now only the drawing, which asked for the model again
        assert len(frozen) == asked + 1
        assert "## Prediction: " in " ".join(texts(app, "markdown"))
    finally:
        JOBS.discard(job.id)


def test_the_formulas_with_numbers_are_computed_only_while_opened(open_page, canvas, monkeypatch):
    """Look inside opens on the maps and the heatmap; the convolution and the pooling written
    out with numbers, the costliest views at every stroke, wait until their section is opened,
    and then follow every stroke."""
    counted = count_calls(
        monkeypatch, {"conv": (cnn_inspect, "conv_formula"), "pool": (cnn_inspect, "pool_formula")}
    )
    canvas["image"] = drawn_one()
    app = open_page(PAGE)
    assert app.session_state["cnn.tab_name"] == "inside"
    assert counted == {"conv": 0, "pool": 0} and not [e for e in app.latex if "sum_{m,n}" in e.value]
    assert [expander.label for expander in app.expander if "with numbers" in expander.label] == [
        t("inside.conv_formula"),
        t("inside.pool_formula"),
    ]
    app = open_numbers(app, "cnn.conv_numbers")
    app.run()
    assert counted == {"conv": 1, "pool": 0} and [e for e in app.latex if "sum_{m,n}" in e.value]
    app = rerun_fragment(app, "cnn.drawing")  # a stroke: the open one follows it
    assert counted == {"conv": 2, "pool": 0}
