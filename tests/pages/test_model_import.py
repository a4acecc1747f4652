"""Importing a .keras model on the pages (AppTest): an accepted one predicts, is looked
inside and evaluated like a trained one; a refused one is explained and nothing is lost.
Also a recorded translator opened again through its `?run=` link after a restart."""

from __future__ import annotations

import dataclasses
import io
import json
import re
import uuid
import zipfile
from types import SimpleNamespace

import keras
import numpy as np
import pytest

import ui.canvas_input
from core.config import cnn as cnn_config
from core.config import transformer as transformer_config
from core.data import mnist, multi30k
from core.data.preprocess import to_mnist
from core.data.text import Vocabulary, tokenize
from core.i18n import t
from core.inspection import inspect_cnn
from core.jobs.status import FINISHED
from core.models import cnn, decoding, transformer
from core.runs import model_archive, model_saving, run_summary
from core.runs.store import RunRegistry
from tests.pages.page_parts_helpers import open_tab
from tests.pages.test_cnn_page import drawn_one

VERDICT = re.compile(r"^## (Positive|Negative) · (\d{1,3}\.\d)%$")
REVIEW = "A wonderful, moving film with brilliant acting. I loved every minute of it."


def captions(app) -> str:
    return " ".join(element.value for element in app.caption)


def upload(app, name: str, data: bytes, page: str):
    uploader = next(u for u in app.file_uploader if u.key.startswith(f"{page}.upload"))
    uploader.upload(name, data)
    app.run()
    assert not app.exception, app.exception
    return app


@pytest.fixture
def canvas(monkeypatch):
    drawing = {"image": drawn_one()}
    monkeypatch.setattr(
        ui.canvas_input, "st_canvas", lambda **kwargs: SimpleNamespace(image_data=drawing["image"])
    )
    return drawing


def tiny_cnn() -> keras.Model:
    config = cnn_config.CNNConfig(conv_blocks=[cnn_config.ConvBlock(filters=4)], dense_blocks=[], seed=5)
    return cnn.build_model(config), config


def test_an_imported_cnn_predicts_is_looked_inside_and_evaluated(open_page, canvas):
    model, config = tiny_cnn()
    data = model_saving.to_bytes(model, model_saving.info_for("cnn", config, {}))
    app = upload(open_page("pages/cnn.py"), "mine.keras", data, "cnn")
    assert "Using your imported model mine.keras." in captions(app)
    image = to_mnist(drawn_one())
    digit = int(inspect_cnn.predict(model, image).argmax())
    assert f"## Prediction: {digit}" in [m.value for m in app.get_by_key("prediction").markdown]
    data = mnist.load_embedded()
    probabilities = model.predict(mnist.to_model_input(data.x_test), verbose=0)
    accuracy = float(np.mean(probabilities.argmax(1) == data.y_test))
    open_tab(app, "cnn", "evaluate")
    shown = [metric.value for metric in app.metric if metric.label == "Test accuracy"]
    assert shown == [f"{100 * accuracy:.2f}%"]
    open_tab(app, "cnn", "inside")
    inside = [tab for tab in app.tabs if "Look inside" in tab.label][0]
    assert inside.get("image")  # the feature maps of its conv layer

    app.button(key="cnn.upload.stop").click().run()  # back to the starter
    assert "Using your imported model" not in captions(app) and not app.exception


def declaring_a_huge_dense_layer(data: bytes) -> bytes:
    """The archive `data` with its output layer made 100,000 × 100,000 in config.json alone:
    the file stays small, the model it declares would take 40 GB."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            content = source.read(item)
            if item.filename == "config.json":
                config = json.loads(content)
                layer = next(x for x in config["config"]["layers"] if x["name"] == "probabilities")
                layer["config"]["units"] = 100_000
                layer["build_config"]["input_shape"] = [None, 100_000]
                content = json.dumps(config).encode()
            target.writestr(item, content)
    return out.getvalue()


def test_a_file_declaring_a_huge_model_is_refused_before_it_is_built_and_the_page_still_predicts(
    open_page, canvas, monkeypatch
):
    model, config = tiny_cnn()
    data = declaring_a_huge_dense_layer(
        model_saving.to_bytes(model, model_saving.info_for("cnn", config, {}))
    )
    assert len(data) < 200_000

    def never(path):  # handing it to Keras would allocate the 40 GB: fail instead
        raise AssertionError("Keras was asked to build the model")

    monkeypatch.setattr(model_archive, "_keras_load", never)
    app = open_page("pages/cnn.py")
    before = captions(app)
    assert "## Prediction: 1" in [m.value for m in app.get_by_key("prediction").markdown]
    app = upload(app, "huge.keras", data, "cnn")
    reason = t(
        "archive.too_many_weights",
        weights="10 billion",
        size=t("archive.gigabytes", size="40.0"),
        limit="32.8 million",
    )
    assert [e.value for e in app.error] == [t("upload.refused", name="huge.keras", reason=reason)]
    assert captions(app) == before  # the starter is still the model in use
    assert "## Prediction: 1" in [m.value for m in app.get_by_key("prediction").markdown]
    app.run()  # and the next rerun too
    assert not app.exception and captions(app) == before


def test_a_model_with_a_lambda_layer_is_refused_and_the_page_keeps_its_model(open_page, tmp_path):
    inputs = keras.Input((400,), dtype="int32")
    x = keras.layers.Embedding(100, 4)(inputs)
    x = keras.layers.Lambda(lambda v: v * 2)(x)
    x = keras.layers.GRU(4, name="rnn1")(x)
    outputs = keras.layers.Dense(1, activation="sigmoid", name="positive")(x)
    path = tmp_path / "lambda.keras"
    keras.Model(inputs, outputs).save(path)
    app = open_page("pages/rnn.py")
    before = captions(app)
    app = upload(app, "lambda.keras", path.read_bytes(), "rnn")
    errors = " ".join(e.value for e in app.error)
    assert "lambda.keras cannot be used" in errors and "never runs code from a file" in errors
    assert captions(app) == before  # the starter is still the model in use
    app = upload(app, "noise.keras", b"definitely not a zip file", "rnn")
    assert "noise.keras cannot be used" in " ".join(e.value for e in app.error)


def test_an_imported_review_classifier_gives_its_own_verdict(open_page):
    config = dataclasses.replace(
        transformer_config.RECOMMENDED["classify"], num_heads=1, embed_dim=8, ff_dim=8, max_length=50
    )
    vocabulary = Vocabulary.from_words([tokenize(REVIEW)], 200)
    model = transformer.build_classifier(config, vocabulary_size=len(vocabulary))
    data = model_saving.to_bytes(
        model, model_saving.info_for("transformer.classify", config, {"vocabulary": vocabulary})
    )
    app = upload(open_page("pages/transformer.py"), "tiny.keras", data, "transformer.classify")
    assert "Using your imported model tiny.keras." in captions(app)
    app.text_area(key="transformer.review").input(REVIEW)
    app.run()
    assert not app.exception, app.exception
    ids = vocabulary.encode_many([REVIEW], config.max_length)
    probability = float(np.asarray(model(ids))[0, 0])
    verdict = next(m.value for m in app.get_by_key("review_prediction").markdown if VERDICT.match(m.value))
    label, percent = VERDICT.match(verdict).groups()
    assert label == ("Positive" if probability > 0.5 else "Negative")
    assert float(percent) == pytest.approx(100 * max(probability, 1 - probability), abs=0.051)


def record_finished(
    registry: RunRegistry, page: str, config, model, meta: dict, split: dict, test=None, epoch=None
) -> str:
    """A one-epoch run of `model` recorded as finished, as a restarted server finds it."""
    run_id = uuid.uuid4().hex
    registry.create(
        run_id,
        page,
        dataclasses.asdict(config),
        dataset=config.dataset,
        split=split,
        seed=config.seed,
        parameters=model.count_params(),
        epochs_planned=1,
    )
    registry.add_epoch(run_id, 1, {"epoch": 1, **(epoch or {"loss": 2.3})}, [])
    model_saving.save(model, registry.model_path(run_id), model_saving.info_for(page, config, meta))
    registry.model_saved(run_id, 1)
    registry.finish(run_id, FINISHED, test=test, seconds=5.0)
    return run_id


def test_a_recorded_translator_opens_again_from_its_link_after_a_restart(open_page, monkeypatch, tmp_path):
    """No training here: an untrained tiny translator recorded as a finished run, as a
    restarted server finds it (not in memory), opened through `?run=`."""
    monkeypatch.setenv("PLAYGROUND_DATA_DIR", str(tmp_path))
    registry = RunRegistry(tmp_path)
    config = dataclasses.replace(
        transformer_config.RECOMMENDED["translate"],
        num_encoder_layers=1,
        num_decoder_layers=1,
        num_heads=1,
        embed_dim=16,
        ff_dim=32,
        vocab_size=1000,
        target_vocab_size=1000,
        train_size=1000,
        epochs=1,
    )
    data = multi30k.load_multi30k()
    english = [multi30k.tokenize(text) for text in data.train.english[:1000]]
    german = [multi30k.tokenize(text) for text in data.train.german[:1000]]
    source = multi30k.source_vocabulary(english, config.vocab_size)
    target = multi30k.target_vocabulary(german, config.target_vocab_size)
    model = transformer.build_translator(config, vocabulary_sizes=(len(source), len(target)))
    run_id = record_finished(
        registry,
        "transformer.translate",
        config,
        model,
        {"source": source, "target": target},
        split={"train": 1000, "validation": 1014, "test": 1000},
        test={"test_bleu": 0.2},
        epoch={"loss": 6.5, "accuracy": 0.1, "val_bleu": 0.3},
    )

    app = open_page("pages/transformer.py", query={"run": run_id})
    assert app.button_group(key="transformer.task").value == "translate"
    assert t("model.yours_caption", status=t("train.status.finished"), epoch=1, epochs=1) in captions(app)
    assert "Using your network (Finished, 1 of 1 epoch done)." in captions(app)  # one epoch, singular
    assert app.session_state["transformer.translate.cfg.embed_dim"] == 16  # its settings are loaded
    sentence = "A dog runs."
    app.text_input(key="transformer.sentence").input(sentence)
    app.run()
    assert not app.exception, app.exception
    source_ids = multi30k.encode_source(source, sentence, config.max_length)
    expected = decoding.translate_one(model, target, source_ids.ids[: source_ids.used])
    assert [m.value for m in app.get_by_key("translation").markdown] == [f"### {expected.text or '…'}"]


def test_a_run_on_a_dataset_that_cannot_be_had_now_opens_as_an_imported_model(
    open_page, canvas, monkeypatch, tmp_path
):
    """A run on full MNIST, reopened offline: its model still predicts, as an import."""
    monkeypatch.setenv("PLAYGROUND_DATA_DIR", str(tmp_path))

    def offline():
        raise OSError("Name or service not known")

    monkeypatch.setattr(keras.datasets.mnist, "load_data", offline)
    registry = RunRegistry(tmp_path)
    model, config = tiny_cnn()
    config = dataclasses.replace(config, dataset="mnist-70k")
    run_id = record_finished(
        registry, "cnn", config, model, {}, split={"train": 54000, "validation": 6000, "test": 10000}
    )

    app = open_page("pages/cnn.py", query={"run": run_id})
    assert any("which cannot be loaded now" in info.value for info in app.info)
    # Named by the run's label: its kind as the catalogue words it, when it started, its id.
    label = run_summary.run_label(registry.get(run_id))
    assert label.startswith(f"{t('runs.kind.cnn')} · ") and label.endswith(f" · {run_id[:6]}")
    assert t("upload.caption", name=label) in captions(app)
    digit = int(inspect_cnn.predict(model, to_mnist(drawn_one())).argmax())
    assert f"## Prediction: {digit}" in [m.value for m in app.get_by_key("prediction").markdown]


@pytest.mark.parametrize("kind", ["sequential", "no_bias"])
def test_a_cnn_built_the_usual_keras_ways_predicts_and_is_looked_inside(open_page, canvas, kind):
    """A Sequential model, and convolutions without biases before batch norm."""
    layers = [
        keras.layers.Conv2D(4, 3, activation="relu", use_bias=kind != "no_bias"),
        keras.layers.BatchNormalization(),
        keras.layers.MaxPooling2D(),
        keras.layers.Flatten(),
        keras.layers.Dense(10, activation="softmax"),
    ]
    if kind == "sequential":
        model = keras.Sequential([keras.Input((28, 28, 1)), *layers])
    else:
        inputs = outputs = keras.Input((28, 28, 1))
        for layer in layers:
            outputs = layer(outputs)
        model = keras.Model(inputs, outputs)
    data = model_saving.to_bytes(model, {})
    app = upload(open_page("pages/cnn.py"), f"{kind}.keras", data, "cnn")
    assert f"Using your imported model {kind}.keras." in captions(app)
    digit = int(np.asarray(model(to_mnist(drawn_one()).reshape(1, 28, 28, 1))).argmax())
    assert f"## Prediction: {digit}" in [m.value for m in app.get_by_key("prediction").markdown]
    app.session_state["cnn.conv_numbers"] = app.session_state["cnn.pool_numbers"] = True  # opened
    open_tab(app, "cnn", "inside")
    inside = [tab for tab in app.tabs if "Look inside" in tab.label][0]
    assert inside.get("image")  # the feature maps
    assert inside.get("latex")  # the convolution and the pooling written out
    # What the page looked inside: the layers of the file, their own numbers.
    used = model_archive.load(data, "cnn").model
    image = to_mnist(drawn_one())
    cell = inspect_cnn.conv_cell(used, image, row=10, col=10, channel=1)
    assert cell["computed"] == pytest.approx(cell["layer_value"], abs=1e-5)
    assert np.isfinite(inspect_cnn.grad_cam(used, image, digit)).all()
