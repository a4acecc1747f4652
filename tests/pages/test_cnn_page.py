"""The CNN page through AppTest: drawing, the builder's table and messages, training,
reattaching through the URL, looking inside and evaluating."""

import re
from types import SimpleNamespace

import numpy as np
import pytest

import ui.canvas_input
from core.training import JOBS

PAGE = "pages/cnn.py"


def drawn_one():
    """A 280×280 RGBA canvas with one white vertical stroke: a '1'."""
    rgba = np.zeros((280, 280, 4), dtype=np.uint8)
    rgba[40:240, 130:150] = 255
    return rgba


@pytest.fixture
def canvas(monkeypatch):
    """Replace the browser canvas with one whose drawing the test sets."""
    drawing = {"image": None}
    monkeypatch.setattr(
        ui.canvas_input, "st_canvas", lambda **kwargs: SimpleNamespace(image_data=drawing["image"])
    )
    return drawing


def texts(app, kind):
    return [element.value for element in getattr(app, kind)]


def test_blank_canvas_prompts_instead_of_guessing(open_page, canvas):
    app = open_page(PAGE)
    assert "Draw a digit on the black canvas to see what the network thinks it is." in texts(app, "info")
    assert not any("Prediction:" in text for text in texts(app, "markdown"))
    assert "Draw a digit above to look inside the network." in texts(app, "info")
    sidebar = " ".join(element.value for element in app.sidebar.markdown)
    assert "Computing on:" in sidebar and "MNIST, embedded 10,000 digits" in sidebar


def test_full_mnist_without_network_says_so_and_stays_on_the_embedded_set(open_page, canvas, monkeypatch):
    import keras

    def offline():
        raise OSError("Name or service not known")

    monkeypatch.setattr(keras.datasets.mnist, "load_data", offline)
    app = open_page(PAGE)
    app.radio(key="cnn.cfg.dataset").set_value("mnist-70k").run()
    notices = [text for text in texts(app, "info") if text.startswith("Full MNIST could not be downloaded")]
    assert len(notices) == 1 and "using the embedded 10,000 digits" in notices[0]
    assert not app.exception and not app.button(key="cnn.start").disabled
    sidebar = " ".join(element.value for element in app.sidebar.markdown)
    assert "MNIST, embedded 10,000 digits" in sidebar


def test_drawn_digit_is_predicted_and_looked_inside(open_page, canvas):
    canvas["image"] = drawn_one()
    app = open_page(PAGE)
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
    app = open_page(PAGE)
    assert "Total parameters: 225,034" in texts(app, "caption")
    app.number_input(key="cnn.cfg.n_conv").set_value(4).run()
    errors = texts(app, "error")
    assert errors and "Convolution block 4" in errors[0] and "does not fit" in errors[0]
    assert app.button(key="cnn.start").disabled
    assert not app.exception
    app.selectbox(key="cnn.cfg.conv.3.padding").set_value("same").run()
    app.selectbox(key="cnn.cfg.conv.3.pooling").set_value("none").run()
    assert not texts(app, "error") and not app.button(key="cnn.start").disabled


def test_presets_load_the_starter_architecture(open_page, canvas):
    app = open_page(PAGE)
    [button for button in app.button if button.label == "Starter model's architecture"][0].click().run()
    assert app.number_input(key="cnn.cfg.n_conv").value == 3
    assert app.selectbox(key="cnn.cfg.conv.0.padding").value == "same"


def test_training_runs_reattaches_through_the_url_and_evaluates(open_page, canvas):
    app = open_page(PAGE)
    app.select_slider(key="cnn.cfg.train_size").set_value(250).run()
    app.slider(key="cnn.cfg.epochs").set_value(1).run()
    app.button(key="cnn.start").click().run()
    job_id = app.session_state["cnn.job_id"]
    assert app.query_params["run"] == [job_id] or app.query_params["run"] == job_id
    job = JOBS.get(job_id)
    assert job is not None and job.meta["page"] == "cnn"
    assert job.join(180) and job.snapshot().status == "finished"

    # A reload is a new session with the run id in the URL: it finds the same run.
    canvas["image"] = drawn_one()
    reloaded = open_page(PAGE, query={"run": job_id})
    assert reloaded.session_state["cnn.job_id"] == job_id
    assert any(text.startswith("Finished in") for text in texts(reloaded, "success"))
    assert any(text.startswith("Using your network (Finished") for text in texts(reloaded, "caption"))
    assert any(text.startswith("## Prediction:") for text in texts(reloaded, "markdown"))
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
