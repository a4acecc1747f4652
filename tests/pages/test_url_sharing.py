"""Settings in the URL through AppTest: a link opens the page with its settings, changes go
back into the URL, a tampered link gets one notice, and other parameters (`run`) stay."""

import dataclasses
from types import SimpleNamespace

import numpy as np
import pytest

import ui.canvas_input
from core.config.rnn import CLASSIC, RNNConfig
from core.i18n import t
from core.jobs.job_registry import JOBS
from core.jobs.training import TrainingJob
from tests.pages.page_parts_helpers import open_tab

CNN, RNN, TRANSFORMER = "pages/cnn.py", "pages/rnn.py", "pages/transformer.py"


@pytest.fixture
def canvas(monkeypatch):
    """A blank browser canvas (the component does not run under AppTest)."""
    monkeypatch.setattr(ui.canvas_input, "st_canvas", lambda **kwargs: SimpleNamespace(image_data=None))


@pytest.fixture
def other_pages_run():
    """A translator's run (never started): on the CNN and RNN pages its `?run=` stays in the URL."""
    empty = (np.zeros(1), np.zeros(1))
    meta = {"kind": "transformer.translate"}
    job = TrainingJob(None, empty, empty, epochs=1, batch_size=1, seed=0, meta=meta)
    JOBS.add(job)
    yield job.id
    JOBS.discard(job.id)


def run(app):
    app.run()
    assert not app.exception, app.exception
    return app


def toasts(app) -> list[str]:
    return [toast.value.replace("\\", "") for toast in app.toast]  # Markdown escapes removed


def test_a_cnn_link_opens_with_its_settings_and_changes_go_back_into_the_url(
    open_page, canvas, other_pages_run
):
    link = {"epochs": "3", "learning_rate": "0.002", "conv": "16-5~32", "dense": "none"}
    app = open_page(CNN, query={**link, "run": other_pages_run, "ref": "mail"})
    assert app.slider(key="cnn.cfg.epochs").value == 3
    assert app.select_slider(key="cnn.cfg.learning_rate").value == 0.002
    assert app.number_input(key="cnn.cfg.n_conv").value == 2
    assert app.number_input(key="cnn.cfg.n_dense").value == 0
    assert app.selectbox(key="cnn.cfg.conv.0.filters").value == 16
    assert app.selectbox(key="cnn.cfg.conv.0.kernel_size").value == 5
    assert app.selectbox(key="cnn.cfg.conv.1.filters").value == 32
    unknown = "Some settings in the link could not be used as they were: “ref” is not a setting of this page"
    assert toasts(app) == [f"{unknown}, ignored."]  # noticed, and left in the URL: not ours
    assert app.query_params == {**link, "run": other_pages_run, "ref": "mail"}

    app.slider(key="cnn.cfg.epochs").set_value(7)
    app.selectbox(key="cnn.cfg.conv.1.padding").set_value("same")
    run(app)
    assert app.query_params["epochs"] == "7" and app.query_params["conv"] == "16-5~32-3-1-same"
    app.slider(key="cnn.cfg.epochs").set_value(5)  # back to the default: out of the URL
    run(app)
    assert "epochs" not in app.query_params and app.query_params["learning_rate"] == "0.002"
    assert app.query_params["run"] == other_pages_run and app.query_params["ref"] == "mail"
    assert not toasts(app)

    # Navigation may keep the query string: the CNN's settings are not the RNN's.
    app.switch_page(RNN)
    run(app)
    assert not toasts(app)
    assert app.query_params == {"run": other_pages_run, "ref": "mail"}
    app = open_tab(app, "rnn", "build")  # no settings of its own in the link: it opened on Look inside
    assert app.select_slider(key="rnn.cfg.learning_rate").value == RNNConfig().learning_rate == 0.002
    assert not toasts(app)
    assert app.query_params == {"run": other_pages_run, "ref": "mail"}


def test_a_tampered_link_gets_one_notice_and_the_url_is_corrected(open_page):
    link = {"epochs": "999", "units": "abc", "cell": "lstm", "conv": "8~8", "dropout_rate": "nan", "v": "2"}
    app = open_page(RNN, query=link)
    [notice] = toasts(app)
    assert notice.startswith("Some settings in the link could not be used as they were: ")
    assert "epochs 999 became 30, the nearest allowed value" in notice and "and 1 more." in notice
    assert app.slider(key="rnn.cfg.epochs").value == 30
    assert app.selectbox(key="rnn.cfg.cell").value == "lstm"
    assert app.selectbox(key="rnn.cfg.units").value == RNNConfig().units == 32  # "abc" ignored
    assert app.query_params == {"epochs": "30", "cell": "lstm", "v": "2"}
    app.toggle(key="rnn.cfg.bidirectional").set_value(False)  # the default reads both ways
    run(app)
    assert not toasts(app)  # the notice is shown once per link
    assert app.query_params == {"epochs": "30", "cell": "lstm", "bidirectional": "false", "v": "2"}


def test_an_rnn_link_from_before_the_default_changed_opens_the_network_it_named(open_page):
    """`?cell=lstm&epochs=3`, shared when the page opened on the classic SimpleRNN, is still a
    one-way LSTM of 128 units on 100 words; the URL is written again as a version 2 link."""
    app = open_page(RNN, query={"cell": "lstm", "epochs": "3"})
    assert not toasts(app)
    assert app.selectbox(key="rnn.cfg.cell").value == "lstm"
    assert (
        app.selectbox(key="rnn.cfg.units").value == 128 and not app.toggle(key="rnn.cfg.bidirectional").value
    )
    assert app.session_state["rnn.config"] == dataclasses.replace(CLASSIC, cell="lstm", epochs=3)
    assert app.query_params["v"] == "2" and app.query_params["units"] == "128"


def test_a_transformer_link_opens_the_translator_with_its_settings(open_page):
    app = open_page(TRANSFORMER, query={"task": "translate", "embed_dim": "64", "epochs": "2"})
    assert app.button_group(key="transformer.task").value == "translate"
    assert app.selectbox(key="transformer.translate.cfg.embed_dim").value == 64
    assert app.slider(key="transformer.translate.cfg.epochs").value == 2
    assert not toasts(app)
    assert app.query_params == {"task": "translate", "embed_dim": "64", "epochs": "2"}
    app.button_group(key="transformer.task").set_value("classify")
    run(app)
    assert app.slider(key="transformer.classify.cfg.epochs").value == 3  # the classifier's own
    assert app.query_params == {}


def test_a_links_task_wins_over_the_other_tasks_run_it_carries(open_page, other_pages_run):
    """Switching tasks leaves the other task's `?run=` in the URL; the link's task decides."""
    classify_run = other_pages_run  # re-labelled below as the classifier's run
    JOBS.get(classify_run).meta["kind"] = "transformer.classify"
    app = open_page(TRANSFORMER, query={"run": classify_run, "task": "translate", "embed_dim": "64"})
    assert app.button_group(key="transformer.task").value == "translate"
    assert app.session_state["transformer.translate.cfg.embed_dim"] == 64
    assert not app.toast  # nothing in the link was refused
    assert app.query_params["run"] in (classify_run, [classify_run])  # kept for the classifier


def test_the_transformer_keeps_its_task_and_settings_after_another_page(open_page):
    app = open_page(TRANSFORMER, query={"task": "translate", "embed_dim": "64"})
    assert app.button_group(key="transformer.task").value == "translate"
    app.switch_page("pages/runs.py")
    run(app)
    for key in list(app.query_params):  # a browser's address bar, on navigating, drops them
        del app.query_params[key]
    app.switch_page(TRANSFORMER)
    run(app)
    assert app.button_group(key="transformer.task").value == "translate"
    assert app.query_params["embed_dim"] in ("64", ["64"])  # the URL says so again
    open_tab(app, "transformer", "build")
    assert app.session_state["transformer.translate.cfg.embed_dim"] == 64  # and so do the controls


@pytest.mark.slow
def test_a_links_settings_go_over_those_of_the_run_it_opens(open_page, canvas, monkeypatch, tmp_path):
    from core.config.cnn import CNNConfig, ConvBlock
    from core.data import mnist
    from core.jobs.cnn_job import new_job
    from core.runs import recording
    from core.runs.store import RunRegistry

    monkeypatch.setenv("PLAYGROUND_DATA_DIR", str(tmp_path))
    registry = RunRegistry(tmp_path)
    config = CNNConfig(conv_blocks=[ConvBlock(filters=4)], dense_blocks=[], epochs=1, train_size=250)
    job = new_job(config, mnist.load_embedded())
    recording.RunRecorder(registry, "cnn").started(job)
    assert job.start().join(120)
    opened = open_page(CNN, query={"run": job.id})  # the run alone: its own settings
    assert opened.session_state["cnn.cfg.epochs"] == 1 and opened.session_state["cnn.cfg.conv.0.filters"] == 4
    shared = open_page(CNN, query={"run": job.id, "epochs": "12", "learning_rate": "0.01"})
    assert (
        shared.session_state["cnn.cfg.epochs"] == 12 and shared.session_state["cnn.cfg.learning_rate"] == 0.01
    )
    captions = " ".join(c.value for c in shared.caption)
    finished = t("model.yours_caption", status=t("train.status.finished"), epoch=1, epochs=1)
    assert finished == "Using your network (Finished, 1 of 1 epoch done)."
    assert finished in captions  # and the run's model
