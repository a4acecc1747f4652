"""The runs page through AppTest: the table and its filters, comparing runs, exporting,
reopening a run in its page, deleting, and a restart that interrupted a run."""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest
import tensorflow as tf

from core.config.cnn import CNNConfig, ConvBlock, DenseBlock
from core.data import mnist
from core.i18n import Message
from core.jobs.cnn_job import new_job
from core.jobs.job_registry import JOBS
from core.jobs.status import FAILED
from core.runs import recording
from core.runs.store import RunRegistry

PAGE = "pages/runs.py"
TINY = CNNConfig(
    conv_blocks=[ConvBlock(filters=4)], dense_blocks=[DenseBlock(units=16)], epochs=2, train_size=250, seed=3
)


@pytest.fixture
def registry(monkeypatch, tmp_path) -> RunRegistry:
    """An empty registry that the app (in this process) uses too."""
    monkeypatch.setenv("PLAYGROUND_DATA_DIR", str(tmp_path))
    return RunRegistry(tmp_path)


def train_recorded(registry: RunRegistry, config: CNNConfig = TINY):
    """A real CNN run on the embedded digits, recorded as the page records it."""
    job = new_job(config, mnist.load_embedded())
    job.meta["kind"] = "cnn"
    recording.RunRecorder(registry, "cnn").started(job)
    assert job.start().join(120)
    return job


def failed_run(registry: RunRegistry) -> str:
    registry.create(
        "f" * 32,
        "rnn",
        {"cell": "gru"},
        dataset="imdb-5k",
        split={"train": 10, "validation": 2, "test": 5},
        seed=1,
        parameters=99,
        epochs_planned=3,
    )
    registry.finish("f" * 32, FAILED, reason=Message("train.nan_stop"), seconds=0.5)
    return "f" * 32


def table_key(app) -> str:
    return next(
        element.key for element in app.dataframe if element.key and element.key.startswith("runs.table")
    )


def choose(app, rows: list[int]):
    app.session_state[table_key(app)] = {"selection": {"rows": rows, "columns": [], "cells": []}}
    return app.run()


def test_an_empty_registry_says_how_runs_get_there(open_page, registry):
    app = open_page(PAGE)
    assert "No runs match. Train a network on any page and it appears here." in [i.value for i in app.info]
    assert str(registry.directory) in " ".join(c.value for c in app.caption)


@pytest.mark.slow
def test_the_table_lists_runs_with_their_figures_and_filters_them(open_page, registry):
    job = train_recorded(registry)
    failed = failed_run(registry)
    app = open_page(PAGE)
    table = app.dataframe[0].value
    assert list(table["id"]) == [failed, job.id]  # newest first; the table sorts on a click
    finished = table[table["id"] == job.id].iloc[0]
    run = registry.get(job.id)
    assert finished["status"] == "Finished" and finished["epochs"] == "2/2"
    assert finished["parameters"] == job.model.count_params()
    assert finished["test_accuracy"] == pytest.approx(run.test["test_accuracy"])
    assert finished["settings"].startswith("Conv4-Pool · Dense16 · adam 0.001 · 2 epochs")
    assert finished["train_examples"] == job.train_size == run.split["train"]

    app.multiselect(key="runs.statuses").set_value(["failed"]).run()
    assert list(app.dataframe[0].value["id"]) == [failed]
    app.multiselect(key="runs.statuses").set_value([]).run()
    app.multiselect(key="runs.kinds").set_value(["cnn"]).run()
    assert list(app.dataframe[0].value["id"]) == [job.id]
    app.multiselect(key="runs.kinds").set_value(["transformer.translate"]).run()
    assert not app.dataframe and not app.exception


def _chart_specs(app) -> list[str]:
    return [str(element.proto.spec) for element in app.get("vega_lite_chart")]


def _chart_data(app) -> list[pd.DataFrame]:
    """The data each chart on the page was sent (Arrow tables beside the spec)."""
    return [
        pd.concat([pa.ipc.open_stream(data.data.data).read_pandas() for data in element.proto.datasets])
        for element in app.get("vega_lite_chart")
    ]


@pytest.mark.slow
def test_choosing_runs_overlays_their_curves_and_places_them_by_size(open_page, registry):
    small = train_recorded(registry)
    bigger = train_recorded(registry, dataclasses.replace(TINY, dense_blocks=[DenseBlock(units=32)], seed=4))
    app = open_page(PAGE)
    assert not app.get("vega_lite_chart")  # nothing chosen, nothing compared
    choose(app, [0, 1])
    assert not app.exception
    curves_spec, tradeoff_spec = _chart_specs(app)
    curves, tradeoff = _chart_data(app)
    for job in (small, bigger):
        run = registry.get(job.id)
        mine = curves[curves["run"].str.endswith(job.id[:6])]
        assert sorted(mine["split"].unique()) == ["training", "validation"]
        assert mine[mine["split"] == "validation"]["value"].tolist() == pytest.approx(
            [row["val_loss"] for row in run.epochs]
        )
        point = tradeoff[tradeoff["run"].str.endswith(job.id[:6])].iloc[0]
        assert point["parameters"] == run.parameters
        assert point["score"] == pytest.approx(100 * run.test["test_accuracy"])
    assert "strokeDash" in curves_spec and '"type": "log"' in tradeoff_spec
    # Several runs: no single-run actions.
    assert not [b for b in app.button if b.key == "runs.open"]
    app.segmented_control(key="runs.axis").set_value("seconds").run()
    assert "training time" in _chart_specs(app)[1].lower()


@pytest.mark.slow
def test_one_run_opens_in_its_page_with_its_model_and_settings(open_page, registry):
    job = train_recorded(registry)
    app = open_page(PAGE)
    choose(app, [0])
    downloads = {button.proto.label: button.proto.disabled for button in app.get("download_button")}
    assert downloads == {
        "Model (.keras)": False,
        "Metrics (.csv)": False,
        "Script (.py)": False,
        "PNG": False,
        "SVG": False,
    }
    app.button(key="runs.open").click().run()
    assert not app.exception, app.exception
    assert app.query_params["run"] in (job.id, [job.id])
    captions = " ".join(c.value for c in app.caption)
    assert "Using your network (Finished, 2 of 2 epochs done)." in captions
    assert app.session_state["cnn.cfg.conv.0.filters"] == 4  # its settings are in the controls
    assert app.session_state["cnn.cfg.train_size"] == 250
    assert app.session_state["cnn.cfg.dense.0.units"] == 16


@pytest.mark.slow
def test_deleting_asks_first_and_removes_the_files(open_page, registry):
    job = train_recorded(registry)
    app = open_page(PAGE)
    choose(app, [0])
    app.button(key="runs.delete").click().run()
    assert registry.get(job.id) is not None  # asked, not done
    assert any("cannot be undone" in w.value for w in app.warning)
    app.button(key="runs.delete_no").click().run()
    assert registry.get(job.id) is not None and registry.model_path(job.id).exists()
    choose(app, [0])
    app.button(key="runs.delete").click().run()
    app.button(key="runs.delete_yes").click().run()
    assert registry.get(job.id) is None and not registry.model_path(job.id).parent.exists()
    assert any("Deleted the run" in s.value for s in app.success)
    assert "No runs match" in " ".join(i.value for i in app.info)


@pytest.mark.slow
def test_a_run_the_app_was_training_when_it_stopped_is_shown_interrupted(open_page, registry):
    job = train_recorded(registry)
    with registry._connect() as db:  # as if the server had died mid-run
        db.execute("UPDATE runs SET status = 'running', ended = NULL WHERE id = ?", (job.id,))
    RunRegistry(registry.directory)  # the app starting again
    app = open_page(PAGE)
    assert app.dataframe[0].value.iloc[0]["status"] == "Interrupted"
    choose(app, [0])
    assert any("The app stopped while this run was training" in w.value for w in app.warning)
    app.button(key="runs.open").click().run()  # its last saved epoch is still usable
    assert not app.exception
    assert "Using your network (Interrupted, 2 of 2 epochs done)." in " ".join(c.value for c in app.caption)


@pytest.mark.slow
def test_a_tick_never_moves_to_another_run_when_the_rows_change(open_page, registry):
    older = train_recorded(registry)
    newer = train_recorded(registry, dataclasses.replace(TINY, seed=4))
    app = open_page(PAGE)
    choose(app, [0])  # the newest run
    assert newer.id[:6] in app.subheader[0].value
    failed_run(registry)  # a run recorded elsewhere meanwhile: every row moves down one
    app.run()
    assert not [b for b in app.button if b.key == "runs.open"]  # the tick is gone, not moved to `older`
    choose(app, [1])
    assert newer.id[:6] in app.subheader[0].value
    app.button(key="runs.delete").click().run()
    app.button(key="runs.delete_yes").click().run()
    assert registry.get(newer.id) is None and registry.get(older.id) is not None
    assert not [b for b in app.button if b.key in ("runs.open", "runs.delete")]  # nothing chosen after it


@pytest.mark.slow
def test_a_run_the_server_dropped_from_memory_is_opened_again_from_its_record(open_page, registry):
    job = train_recorded(registry)
    app = open_page("pages/cnn.py", query={"run": job.id})
    assert "Using your network (Finished, 2 of 2 epochs done)." in " ".join(c.value for c in app.caption)
    JOBS.discard(job.id)  # room made for newer runs, or a server restarted under the same session
    app.run()
    assert not app.exception and not [i.value for i in app.info if "does not have" in i.value]
    assert "Using your network (Finished, 2 of 2 epochs done)." in " ".join(c.value for c in app.caption)
    assert JOBS.get(job.id) is not None and app.query_params["run"] in (job.id, [job.id])


@pytest.mark.slow
def test_a_run_whose_loss_blew_up_opens_with_its_last_good_epoch(open_page, registry):
    """Its weights in memory are NaN; the page uses the epoch saved before that."""
    job = new_job(dataclasses.replace(TINY, epochs=3), mnist.load_embedded())
    job.meta["kind"] = "cnn"
    epochs_begun = []

    def batches(x, y, shuffle):  # epoch 2's last batch is NaN
        if not shuffle:
            return tf.data.Dataset.from_tensor_slices((x, y)).batch(64)

        def generate():
            epochs_begun.append(True)
            for start in range(0, len(x), 64):
                batch = x[start : start + 64].copy()
                if len(epochs_begun) == 2 and start + 64 >= len(x):
                    batch[:] = np.nan
                yield batch, y[start : start + 64]

        signature = (tf.TensorSpec((None, 28, 28, 1), tf.float32), tf.TensorSpec((None,), tf.int64))
        return tf.data.Dataset.from_generator(generate, output_signature=signature)

    job.batches = batches
    recording.RunRecorder(registry, "cnn").started(job)
    JOBS.add(job.start())
    assert job.join(120) and job.status == "failed"
    assert registry.get(job.id).saved_epoch == 1
    app = open_page("pages/cnn.py", query={"run": job.id})
    captions = " ".join(c.value for c in app.caption)
    assert "Using your network (Failed, 1 of 3 epochs done)." in captions
    assert any("NaN" in e.value for e in app.error)  # the failure is still said
    assert JOBS.get(job.id).restored
    model = JOBS.get(job.id).frozen_model()
    assert all(np.isfinite(weights).all() for weights in model.get_weights())


def test_the_runs_page_marks_a_run_whose_heartbeat_stopped_as_interrupted(open_page, registry):
    registry.create(
        "e" * 32,
        "cnn",
        {},
        dataset="mnist-10k",
        split={"train": 1, "validation": 1, "test": 1},
        seed=1,
        parameters=1,
        epochs_planned=1,
        owner="replaced-container:7",
    )
    with registry._connect() as db:
        db.execute("UPDATE runs SET heartbeat = 0")
    app = open_page(PAGE)
    assert app.dataframe[0].value.iloc[0]["status"] == "Interrupted"
    assert registry.get("e" * 32).status == "interrupted"


@pytest.mark.slow
def test_a_run_trains_all_the_same_when_its_runs_cannot_be_recorded(open_page, monkeypatch, tmp_path):
    """A data directory that cannot be made (here, under a file): the run says so and trains."""
    (tmp_path / "a file").write_text("not a folder")
    monkeypatch.setenv("PLAYGROUND_DATA_DIR", str(tmp_path / "a file" / "runs"))
    app = open_page("pages/cnn.py", query={"train_size": "250", "epochs": "1"})
    app.button(key="cnn.start").click().run()
    job = JOBS.get(app.session_state["cnn.job_id"])
    assert job.join(120) and job.status == "finished"
    app.run()
    notes = [c.value for c in app.caption if "not being recorded on disk" in c.value]
    assert len(notes) == 1 and ("FileExistsError" in notes[0] or "NotADirectoryError" in notes[0]), notes
    app.switch_page(PAGE).run()
    assert any("cannot be recorded or listed" in e.value for e in app.error)
