"""Model archives: a round trip for every page keeps predictions, config and vocabularies;
a failed save leaves the previous file whole; safe mode runs no code from a file; and
every file a page cannot use is refused with the reason why."""

import io
import json
import tomllib
import zipfile
from pathlib import Path

import h5py
import keras
import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from core.config.cnn import CNNConfig, ConvBlock
from core.config.rnn import RNNConfig
from core.config.transformer import TransformerConfig
from core.data.text import Vocabulary
from core.i18n import t
from core.kinds import NAMES as PAGES
from core.models import cnn, rnn, transformer
from core.runs import model_archive
from core.runs.model_archive import INFO_NAME, ArchiveRefused, load
from core.runs.model_saving import info_for, save, to_bytes

WORDS = [f"word{i}" for i in range(20)]
GERMAN = [f"wort{i}" for i in range(30)]
CNN_CONFIG = CNNConfig(conv_blocks=[ConvBlock(filters=4)], dense_blocks=[])
RNN_CONFIG = RNNConfig(
    cell="gru", units=4, embed_dim=3, vocab_size=100, sequence_length=8, bidirectional=True
)
CLASSIFY_CONFIG = TransformerConfig(
    num_encoder_layers=1, num_heads=2, embed_dim=8, ff_dim=8, max_length=8, vocab_size=100
)
TRANSLATE_CONFIG = TransformerConfig(
    task="translate",
    num_encoder_layers=1,
    num_decoder_layers=1,
    num_heads=2,
    embed_dim=8,
    ff_dim=8,
    max_length=8,
    vocab_size=100,
    target_vocab_size=100,
)


def perturbed(model, seed):
    """Add seeded noise to every weight, so two models of one config predict differently."""
    rng = np.random.default_rng(seed)
    model.set_weights([w + rng.normal(0, 0.3, w.shape).astype(w.dtype) for w in model.get_weights()])
    return model


def build(page, seed=0):
    """(model, config, meta, example inputs) for a tiny model of `page`."""
    rng = np.random.default_rng(seed)
    vocabulary, source, target = Vocabulary(WORDS), Vocabulary(WORDS), Vocabulary(GERMAN)
    if page == "cnn":
        model, config, meta = cnn.build_model(CNN_CONFIG), CNN_CONFIG, {"config": CNN_CONFIG}
        inputs = rng.uniform(0, 1, (3, 28, 28, 1)).astype("float32")
    elif page == "rnn":
        model = rnn.build_model(RNN_CONFIG, len(vocabulary))
        config, meta = RNN_CONFIG, {"config": RNN_CONFIG, "vocabulary": vocabulary}
        inputs = rng.integers(0, len(vocabulary), (3, 8)).astype("int32")
    elif page == "transformer.classify":
        model = transformer.build_classifier(CLASSIFY_CONFIG, vocabulary_size=len(vocabulary))
        config, meta = CLASSIFY_CONFIG, {"config": CLASSIFY_CONFIG, "vocabulary": vocabulary}
        inputs = rng.integers(0, len(vocabulary), (3, 8)).astype("int32")
    else:
        model = transformer.build_translator(TRANSLATE_CONFIG, vocabulary_sizes=(len(source), len(target)))
        config, meta = TRANSLATE_CONFIG, {"config": TRANSLATE_CONFIG, "source": source, "target": target}
        inputs = [
            rng.integers(1, len(source), (3, 6)).astype("int32"),
            rng.integers(1, len(target), (3, 5)).astype("int32"),
        ]
    return perturbed(model, seed), config, meta, inputs


def predict(model, inputs):
    return np.asarray(model(inputs, training=False))


@pytest.fixture(scope="module")
def models():
    return {page: build(page) for page in PAGES}


def cnn_bytes(models):
    model, config, meta, _ = models["cnn"]
    return to_bytes(model, info_for("cnn", config, meta))


def refused(source, page, expected):
    with pytest.raises(ArchiveRefused) as caught:
        load(source, page)
    assert str(caught.value) == expected
    return caught.value


@pytest.mark.parametrize("page", PAGES)
def test_round_trip_keeps_predictions_config_and_vocabularies(models, tmp_path, page):
    model, config, meta, inputs = models[page]
    info = info_for(page, config, meta)
    path = tmp_path / "model.keras"
    save(model, path, info)
    expected = predict(model, inputs)
    for archive in (load(path, page), load(path), load(to_bytes(model, info), page)):
        np.testing.assert_allclose(predict(archive.model, inputs), expected, rtol=1e-5, atol=1e-6)
        assert archive.kind == page
        assert archive.config == config
        assert archive.parameters == model.count_params()
        for name in ("vocabulary", "source", "target"):
            loaded = getattr(archive, name)
            if name in meta:
                assert loaded.words == meta[name].words
                assert loaded.lookup("word3") == meta[name].lookup("word3")
            else:
                assert loaded is None
    with zipfile.ZipFile(path) as archive_file:
        assert json.loads(archive_file.read(INFO_NAME)) == info


def test_saving_again_after_training_writes_the_new_weights(tmp_path):
    model, config, meta, inputs = build("transformer.classify", seed=3)
    info = info_for("transformer.classify", config, meta)
    path = tmp_path / "model.keras"
    save(model, path, info)
    before = predict(model, inputs)
    perturbed(model, seed=4)  # as an epoch of training would change them
    after = predict(model, inputs)
    assert not np.allclose(before, after)
    save(model, path, info)
    np.testing.assert_allclose(predict(load(path).model, inputs), after, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(
        predict(load(to_bytes(model, info)).model, inputs), after, rtol=1e-5, atol=1e-6
    )


def weight_groups(data: bytes) -> list[str]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return list(h5py.File(io.BytesIO(archive.read("model.weights.h5")), "r").keys())


def test_the_optimizer_state_is_left_out(tmp_path):
    model = build("cnn", seed=2)[0]
    model.optimizer.build(model.trainable_variables)  # as after training: Adam's two moments per weight
    model.save(tmp_path / "plain.keras")
    plain = (tmp_path / "plain.keras").read_bytes()
    ours = to_bytes(model, {})
    assert "optimizer" in weight_groups(plain)
    assert "optimizer" not in weight_groups(ours)
    assert len(ours) < 0.6 * len(plain)


def test_info_for_stores_the_words_that_rebuild_the_vocabulary(models):
    _, config, meta, _ = models["transformer.translate"]
    info = info_for("transformer.translate", config, meta)
    assert info["page"] == "transformer.translate"
    assert info["config"]["target_vocab_size"] == 100
    assert info["source"] == WORDS and info["target"] == GERMAN  # no padding or OOV entries
    assert Vocabulary(info["target"]).words == meta["target"].words
    assert set(info_for("cnn", CNN_CONFIG, {"config": CNN_CONFIG})) == {"page", "config"}
    with pytest.raises(ValueError):
        info_for("lstm", CNN_CONFIG, {})


def fail_in_keras_writer(model, path):
    with open(path, "wb") as file:  # some bytes reach the temporary file, then the disk is full
        file.write(b"PK\x03\x04 half an archive")
    raise OSError("No space left on device")


def fail_in_info_writer(self, *args, **kwargs):
    raise OSError("No space left on device")


@pytest.mark.parametrize(
    "target, replacement",
    [(keras.saving, "save_model"), (zipfile.ZipFile, "writestr")],
    ids=["keras-writer", "info-writer"],
)
def test_a_failed_save_leaves_the_previous_archive_whole(models, tmp_path, monkeypatch, target, replacement):
    old_model, config, meta, inputs = models["rnn"]
    info = info_for("rnn", config, meta)
    path = tmp_path / "model.keras"
    save(old_model, path, info)
    new_model = build("rnn", seed=1)[0]
    assert not np.allclose(predict(new_model, inputs), predict(old_model, inputs))

    failing = fail_in_keras_writer if replacement == "save_model" else fail_in_info_writer
    monkeypatch.setattr(target, replacement, failing)
    with pytest.raises(OSError, match="No space left"):
        save(new_model, path, info)
    monkeypatch.undo()

    np.testing.assert_allclose(
        predict(load(path, "rnn").model, inputs), predict(old_model, inputs), atol=1e-6
    )
    assert list(tmp_path.iterdir()) == [path]  # no temporary file left behind
    save(new_model, path, info)  # and the next save works
    np.testing.assert_allclose(
        predict(load(path, "rnn").model, inputs), predict(new_model, inputs), atol=1e-6
    )
    assert list(tmp_path.iterdir()) == [path]


def test_info_that_is_not_json_is_refused_before_anything_is_written(models, tmp_path):
    model, config, meta, _ = models["cnn"]
    path = tmp_path / "model.keras"
    with pytest.raises(TypeError):
        save(model, path, {"page": "cnn", "config": config})  # a dataclass, not its dict
    assert list(tmp_path.iterdir()) == []


def test_a_lambda_layer_is_refused_and_its_code_never_runs(tmp_path):
    flag = tmp_path / "lambda_ran"
    images = keras.Input((28, 28, 1))
    # The path is a constant of the lambda's own code, which is what Keras serialises.
    touch = eval(f"lambda x: (open({str(flag)!r}, 'a').close(), x)[1]")  # noqa: S307
    x = keras.layers.Lambda(touch)(images)
    x = keras.layers.Conv2D(2, 3)(x)
    outputs = keras.layers.Dense(10, activation="softmax")(keras.layers.Flatten()(x))
    path = tmp_path / "lambda.keras"
    keras.Model(images, outputs).save(path)  # plain Keras, as a person would
    flag.unlink()  # building the model ran the lambda once

    refused(path.read_bytes(), "cnn", t("archive.unsafe"))
    refused(path, "cnn", t("archive.unsafe"))
    assert not flag.exists()
    # The file does carry code that runs when loaded unsafely: the check above can fail.
    keras.saving.load_model(path, compile=False, safe_mode=False)
    assert flag.exists()


def with_member(data: bytes, name: str, change) -> bytes:
    """The zip `data` with member `name` replaced by `change(its bytes)`."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for member in source.infolist():
            content = source.read(member)
            target.writestr(member, change(content) if member.filename == name else content)
    return out.getvalue()


def test_a_class_keras_does_not_know_is_refused_by_name(models):
    data = with_member(cnn_bytes(models), "config.json", lambda c: c.replace(b'"Conv2D"', b'"Conv9D"'))
    refused(data, "cnn", t("archive.unknown_object", name="keras.layers.Conv9D"))


def zip_of(members: dict[str, bytes], compression=zipfile.ZIP_STORED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=compression) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return out.getvalue()


def test_files_that_are_not_keras_archives_are_refused(models, monkeypatch):
    refused(np.random.default_rng(0).bytes(5000), "cnn", t("archive.not_keras"))
    refused(b"", "cnn", t("archive.not_keras"))
    refused(zip_of({"notes.txt": b"hello", "config.json": b"{}"}), "cnn", t("archive.not_keras"))
    refused(zip_of({f"m{i}": b"" for i in range(300)}), "cnn", t("archive.too_many_members", count=300))
    # A member that stores a few kilobytes and unpacks to megabytes.
    bomb = zip_of(
        {"config.json": b"{}", "metadata.json": b"{}", "model.weights.h5": bytes(5_000_000)},
        compression=zipfile.ZIP_DEFLATED,
    )
    assert len(bomb) < 100_000
    monkeypatch.setattr(model_archive, "MAX_UNPACKED_BYTES", 1_000_000)
    refused(bomb, "cnn", t("archive.zip_bomb", size="4.8"))


def test_a_file_over_the_limit_is_refused_before_it_is_read(models, monkeypatch):
    data = cnn_bytes(models)
    monkeypatch.setattr(model_archive, "MAX_UPLOAD_BYTES", len(data) - 1)
    monkeypatch.setattr(model_archive, "_read_info", lambda *args: pytest.fail("the zip was opened"))
    size, limit = f"{len(data) / 2**20:.1f}", f"{(len(data) - 1) / 2**20:.1f}"
    refused(data, "cnn", t("archive.too_large", size=size, limit=limit))


def test_a_model_saved_from_another_page_is_refused(models):
    refused(cnn_bytes(models), "rnn", t("archive.other_page", page=t("archive.page_cnn")))


def shapes(tensors) -> str:
    return ", ".join(str(tuple(tensor.shape)) for tensor in tensors)


def test_a_model_that_does_not_fit_the_page_is_refused(models):
    model = models["cnn"][0]
    foreign = to_bytes(model, {})  # a file without the app's info, as plain Keras writes it
    assert load(foreign, "cnn").info == {}
    expected = t(
        "archive.fit_review",
        page=t("archive.page_rnn"),
        inputs=shapes(model.inputs),
        outputs=shapes(model.outputs),
    )
    refused(foreign, "rnn", expected)
    assert "(None, 28, 28, 1)" in expected
    translator = models["transformer.translate"][0]
    expected = t("archive.fit_cnn", inputs=shapes(translator.inputs), outputs=shapes(translator.outputs))
    refused(to_bytes(translator, {}), "cnn", expected)


def plain_model(inputs, *layers):
    x = inputs
    for layer in layers:
        x = layer(x)
    return keras.Model(inputs, x)


def missing_layers(page: str, missing: str) -> str:
    names = {
        "cnn": "archive.page_cnn",
        "rnn": "archive.page_rnn",
        "transformer.classify": "archive.page_classify",
    }
    return t("archive.missing_layers", page=t(names[page]), missing=missing)


def test_a_model_without_the_layers_the_page_looks_inside_is_refused():
    dense_only = plain_model(
        keras.Input((28, 28, 1)), keras.layers.Flatten(), keras.layers.Dense(10, activation="softmax")
    )
    refused(to_bytes(dense_only, {}), "cnn", missing_layers("cnn", "Conv2D"))

    # The right inputs and outputs, but no recurrent layer and not the app's Transformer layers.
    info = {"vocabulary": WORDS}
    averaging = plain_model(
        keras.Input((8,), dtype="int32"),
        keras.layers.Embedding(22, 4, name="embedding"),
        keras.layers.GlobalAveragePooling1D(),
        keras.layers.Dense(1, activation="sigmoid", name="positive"),
    )
    data = to_bytes(averaging, info)
    refused(data, "rnn", missing_layers("rnn", "SimpleRNN / LSTM / GRU 'rnn1'…"))
    missing = "PositionalEmbedding 'embedding', EncoderBlock"
    refused(data, "transformer.classify", missing_layers("transformer.classify", missing))

    # Named as the page's layers are, but a GRU whose step the page cannot write out.
    unusual = plain_model(
        keras.Input((8,), dtype="int32"),
        keras.layers.Embedding(22, 4, name="embedding"),
        keras.layers.GRU(3, reset_after=False, name="rnn1"),
        keras.layers.Dense(1, activation="sigmoid", name="positive"),
    )
    refused(to_bytes(unusual, info), "rnn", missing_layers("rnn", "SimpleRNN / LSTM / GRU 'rnn1'…"))
    usual = plain_model(
        keras.Input((8,), dtype="int32"),
        keras.layers.Embedding(22, 4, name="embedding"),
        keras.layers.LSTM(3, name="rnn1"),
        keras.layers.Dense(1, activation="sigmoid", name="positive"),
    )
    archive = load(to_bytes(usual, info), "rnn")  # a model built elsewhere, with the page's layers
    assert archive.config is None and archive.vocabulary.words == Vocabulary(WORDS).words


@pytest.mark.parametrize("page", ["rnn", "transformer.classify", "transformer.translate"])
def test_a_text_model_without_its_vocabulary_is_refused(models, page):
    model, config, meta, _ = models[page]
    refused(to_bytes(model, {}), page, t("archive.no_vocabulary"))
    info = info_for(page, config, meta)
    del info["target" if page == "transformer.translate" else "vocabulary"]
    refused(to_bytes(model, info), page, t("archive.no_vocabulary"))


@pytest.mark.parametrize("page", ["rnn", "transformer.classify", "transformer.translate"])
def test_a_vocabulary_of_the_wrong_size_is_refused(models, page):
    model, config, meta, _ = models[page]
    info = info_for(page, config, meta)
    name = "source" if page == "transformer.translate" else "vocabulary"
    info[name] = info[name][:-1]
    expected = t("archive.vocabulary_size", name=name, entries=len(WORDS) + 1, size=len(WORDS) + 2)
    refused(to_bytes(model, info), page, expected)
    info[name] = [*WORDS[:-1], 7]  # the right size, but not words
    refused(to_bytes(model, info), page, t("archive.info_unreadable"))


def test_unreadable_info_is_refused_and_an_invalid_config_is_dropped(models):
    model, config, meta, inputs = models["rnn"]
    data = to_bytes(model, info_for("rnn", config, meta))
    refused(with_member(data, INFO_NAME, lambda _: b"{not json"), "rnn", t("archive.info_unreadable"))
    refused(with_member(data, INFO_NAME, lambda _: b'{"page": "gan"}'), "rnn", t("archive.info_unreadable"))
    for kind in (b"[]", b"{}", b"null", b"3"):  # a kind that is not a name at all
        edited = with_member(data, INFO_NAME, lambda _, kind=kind: b'{"page": ' + kind + b"}")
        refused(edited, "rnn", t("archive.info_unreadable"))

    info = info_for("rnn", config, meta)
    info["config"]["units"] = -3  # not a config the page could have trained
    archive = load(to_bytes(model, info), "rnn")
    assert archive.config is None and archive.info["config"] is None
    np.testing.assert_allclose(predict(archive.model, inputs), predict(model, inputs), atol=1e-6)
    info = info_for("rnn", config, meta)
    info["config"]["sequence_length"] = 12  # valid, but not what the model reads
    assert load(to_bytes(model, info), "rnn").config is None


def upload_script():
    import streamlit as st

    from core import kinds
    from ui.model_upload import uploaded_model

    archive = uploaded_model(kinds.get("cnn"), key="cnn.upload")
    st.write(f"in use: {None if archive is None else archive.parameters}")


def test_the_uploader_keeps_an_accepted_model_and_explains_a_refused_one(models):
    model, config, meta, _ = models["cnn"]
    app = AppTest.from_function(upload_script, default_timeout=60)
    app.run()
    assert app.markdown[-1].value == "in use: None"

    app.file_uploader[0].upload("digits.keras", to_bytes(model, info_for("cnn", config, meta))).run()
    assert not app.exception and not app.error
    assert app.success[0].value == t("upload.using", name="digits.keras", count=model.count_params())
    assert app.markdown[-1].value == f"in use: {model.count_params()}"

    app.file_uploader[0].set_value(("noise.keras", b"not a zip", "application/octet-stream")).run()
    assert app.error[0].value == t("upload.refused", name="noise.keras", reason=t("archive.not_keras"))
    assert app.markdown[-1].value == f"in use: {model.count_params()}"  # the accepted model stays

    app.button[0].click().run()
    assert app.markdown[-1].value == "in use: None"
    assert not app.success and not app.error


def test_the_server_accepts_uploads_as_large_as_the_archive_limit():
    """Streamlit refuses larger requests itself, before the page could explain its limit."""
    config = tomllib.loads((Path(__file__).resolve().parents[2] / ".streamlit" / "config.toml").read_text())
    assert config["server"]["maxUploadSize"] * 1024 * 1024 == model_archive.MAX_UPLOAD_BYTES


def test_a_model_saved_before_it_was_built_is_refused_not_a_crash(tmp_path):
    path = tmp_path / "unbuilt.keras"
    keras.Sequential([keras.layers.Dense(10, activation="softmax")]).save(path)
    for page in PAGES:
        with pytest.raises(ArchiveRefused, match="saved before it was built"):
            load(path.read_bytes(), page)
