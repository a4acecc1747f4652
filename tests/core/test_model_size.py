"""The weights a model config declares, counted without building it: exactly `count_params()`
for the app's models, the starters and Keras' common layers; and `model_archive.load` refuses a
small file whose config declares a huge model before Keras builds (and allocates) any of it."""

import copy
import io
import json
import resource
import time
import zipfile
from pathlib import Path

import keras
import pytest
from keras import layers

from core.config import cnn as cnn_config
from core.config import rnn as rnn_config
from core.config import transformer as transformer_config
from core.i18n import t, using
from core.models import cnn, config_shapes, model_size, rnn, starter, transformer
from core.models.config_shapes import MAX_DIMENSION
from core.models.model_size import MAX_COUNT, MAX_DEPTH, ConfigTooDeep, declared_size
from core.runs import model_archive
from core.runs.model_archive import ArchiveRefused, load
from core.runs.model_saving import info_for, to_bytes

MODELS = sorted(Path(starter.MODELS).glob("*.keras"))


def config_of(model: keras.Model) -> dict:
    """The config.json Keras writes for `model`, as parsed JSON."""
    return json.loads(json.dumps(keras.saving.serialize_keras_object(model)))


def chain(shape, *stack, dtype="float32") -> keras.Model:
    x = inputs = keras.Input(shape, dtype=dtype)
    for layer in stack:
        x = layer(x)
    return keras.Model(inputs, x)


def two_inputs(build) -> keras.Model:
    query, value = keras.Input((4, 8)), keras.Input((6, 8))
    return keras.Model([query, value], build(query, value))


KERAS_MODELS = {
    "conv1d groups": lambda: chain(
        (20, 4), layers.Conv1D(4, 3), layers.Conv1D(6, 2, groups=2, use_bias=False)
    ),
    "conv2d channels_first": lambda: chain(
        (3, 10, 10), layers.Conv2D(4, (3, 2), data_format="channels_first")
    ),
    "conv3d": lambda: chain((6, 6, 6, 2), layers.Conv3D(3, 2)),
    "transposes": lambda: chain((8, 8, 3), layers.Conv2DTranspose(5, 3), layers.Conv2DTranspose(2, 2)),
    "conv1d/3d transposes": lambda: chain((4, 4, 4, 2), layers.Conv3DTranspose(3, 2)),
    "separable": lambda: chain((10, 10, 3), layers.SeparableConv2D(7, 3, depth_multiplier=2)),
    "separable1d": lambda: chain((10, 3), layers.SeparableConv1D(5, 3)),
    "depthwise": lambda: chain((10, 10, 3), layers.DepthwiseConv2D(3, depth_multiplier=3)),
    "depthwise1d": lambda: chain((10, 3), layers.DepthwiseConv1D(3)),
    "normalisations": lambda: chain(
        (5, 6),
        layers.BatchNormalization(),
        layers.LayerNormalization(axis=[-2, -1]),
        layers.BatchNormalization(axis=1, center=False, renorm=True),
        layers.LayerNormalization(center=False),
        layers.GroupNormalization(groups=2),
        layers.RMSNormalization(),
        layers.Normalization(),
        layers.PReLU(shared_axes=[1]),
    ),
    "einsum dense": lambda: chain(
        (5, 6),
        layers.EinsumDense("abc,cd->abd", output_shape=(None, 7), bias_axes="d"),
        layers.EinsumDense("...b,bc->...c", output_shape=4, bias_axes="c"),
        layers.EinsumDense("abc,cde->abde", output_shape=(None, 2, 3), bias_axes="de"),
    ),
    "einsum right ellipsis": lambda: chain((5, 6), layers.EinsumDense("ab...,bc->ac...", output_shape=(3,))),
    "recurrent stack": lambda: chain(
        (7, 5),
        layers.LSTM(4, return_sequences=True),
        layers.GRU(3, reset_after=False, return_sequences=True),
        layers.SimpleRNN(2, use_bias=False),
    ),
    "bidirectional": lambda: chain((7, 5), layers.Bidirectional(layers.LSTM(3))),
    "time distributed": lambda: chain((7, 5), layers.TimeDistributed(layers.Dense(4))),
    "rnn of cells": lambda: chain((7, 5), layers.RNN([layers.LSTMCell(4), layers.GRUCell(3)])),
    "conv lstm": lambda: chain((4, 6, 6, 2), layers.ConvLSTM2D(3, 3)),
    "lora": lambda: chain((5,), layers.Dense(4, lora_rank=2)),
    "embedding lora": lambda: chain((5,), layers.Embedding(30, 4, lora_rank=3), dtype="int32"),
    "multi-head attention": lambda: two_inputs(
        lambda q, v: layers.MultiHeadAttention(2, 3, value_dim=4, output_shape=(7,))(q, v)
    ),
    "gated attention": lambda: two_inputs(
        lambda q, v: layers.MultiHeadAttention(2, 3, use_gate=True)(q, v, v)
    ),
    "grouped-query attention": lambda: two_inputs(
        lambda q, v: layers.GroupQueryAttention(head_dim=3, num_query_heads=4, num_key_value_heads=2)(q, v)
    ),
    "nested models": lambda: chain(
        (6,), chain((6,), layers.Dense(3)), keras.Sequential([layers.Dense(2), layers.Dropout(0.1)])
    ),
    "sequential": lambda: keras.Sequential([keras.Input((6,)), layers.Dense(5), layers.Dense(2)]),
}


@pytest.mark.parametrize("name", KERAS_MODELS)
def test_keras_layers_are_counted_exactly(name):
    model = KERAS_MODELS[name]()
    size = declared_size(config_of(model))
    assert size == model_size.DeclaredSize(weights=model.count_params())


def app_models():
    yield "cnn default", cnn.build_model(cnn_config.CNNConfig())
    yield "cnn starter", cnn.build_model(starter.STARTER_CNN_CONFIG)
    for cell in rnn_config.CELLS:
        for bidirectional in (False, True):
            config = rnn_config.RNNConfig(
                cell=cell, bidirectional=bidirectional, num_layers=2, units=6, embed_dim=5, vocab_size=200
            )
            yield f"rnn {cell} bidirectional={bidirectional}", rnn.build_model(config)
    for positional in transformer_config.POSITIONALS:
        config = transformer_config.TransformerConfig(
            positional=positional, num_heads=3, embed_dim=12, ff_dim=20, max_length=16, vocab_size=300
        )
        yield f"classifier {positional}", transformer.build_classifier(config)
        config = transformer_config.TransformerConfig(
            task="translate",
            positional=positional,
            num_heads=2,
            embed_dim=8,
            ff_dim=8,
            max_length=8,
            vocab_size=100,
            target_vocab_size=120,
        )
        yield f"translator {positional}", transformer.build_translator(config)


def test_the_apps_models_are_counted_exactly_with_their_position_tables():
    for name, model in app_models():
        size = declared_size(config_of(model))
        tables = sum(
            layer.max_length * layer.embed_dim
            for layer in model.layers
            if isinstance(layer, transformer.PositionalEmbedding) and layer.positional == "sinusoidal"
        )
        assert (size.weights, size.tables, size.unbuilt) == (model.count_params(), tables, None), name
        assert size.values == model.count_params() + tables


def member(path: Path, name: str) -> bytes:
    with zipfile.ZipFile(path) as archive:
        return archive.read(name)


@pytest.mark.parametrize("path", MODELS, ids=lambda path: path.stem)
def test_every_starter_is_counted_exactly_and_still_loads(path):
    size = declared_size(json.loads(member(path, "config.json")))
    archive = load(path)
    assert size.weights == archive.parameters
    assert size.unbuilt is None
    assert load(path.read_bytes()).parameters == archive.parameters  # as an upload, too


def test_dimensions_are_read_as_keras_would_use_them_and_clamped():
    read = config_shapes.dimension
    assert [read(7), read(True), read(2.2), read("12"), read(" 3 ")] == [7, 1, 3, 12, 3]
    assert [read(None), read(-1), read("ten"), read([3]), read(float("nan"))] == [None] * 5
    assert read(10**400) == read(float("inf")) == read("9" * 40) == MAX_DIMENSION


def dense_config(input_shape, units=3) -> dict:
    config = config_of(chain((4,), layers.Dense(3, name="wide")))
    wide = next(layer for layer in config["config"]["layers"] if layer["name"] == "wide")
    wide["config"]["units"] = units
    wide["build_config"] = {"input_shape": input_shape}
    return config


def test_absurd_shapes_do_not_fool_the_count():
    assert declared_size(dense_config([None, 4])).weights == 15
    assert declared_size(dense_config([None, "100000"], 100_000)).weights == 100_000 * 100_000 + 100_000
    assert declared_size(dense_config([None, 1e30])).weights == 3 * MAX_DIMENSION + 3
    assert declared_size(dense_config([None, 10**400], 10**400)).weights == MAX_COUNT
    # A width Keras could not build with says nothing of the size: the layer is reported.
    for shape in ([None, None], [None, -1], None, [None, [4]], "wide", [], {"a": 1}):
        assert declared_size(dense_config(shape)).unbuilt == "wide", shape


def test_a_layer_without_its_recorded_shape_is_reported_but_one_that_needs_none_is_not():
    config = config_of(chain((4,), layers.Embedding(50, 3, name="words"), layers.Dense(2, name="out")))
    for layer in config["config"]["layers"]:
        layer.pop("build_config", None)
    size = declared_size(config)
    assert (size.weights, size.unbuilt) == (150, "out")  # Embedding's size is in its config
    unbuilt = config_of(keras.Sequential([layers.Dense(10, name="later")]))
    assert declared_size(unbuilt).unbuilt == "later"


def test_wrapped_layers_take_their_wrappers_shape_when_they_record_none():
    model = chain(
        (7, 5),
        layers.Bidirectional(layers.GRU(4, return_sequences=True)),
        layers.TimeDistributed(layers.Dense(3)),
    )
    config = config_of(model)
    stripped = 0
    for layer in config["config"]["layers"]:  # the inner layers' own shapes removed
        for inner in ("layer", "backward_layer"):
            if "build_config" in layer["config"].get(inner, {}):
                del layer["config"][inner]["build_config"]
                stripped += 1
    assert stripped == 3
    assert declared_size(config) == model_size.DeclaredSize(model.count_params())


def test_the_apps_layers_are_counted_from_their_sizes():
    model = transformer.build_translator(
        transformer_config.TransformerConfig(
            task="translate",
            num_heads=2,
            embed_dim=8,
            ff_dim=8,
            max_length=8,
            vocab_size=100,
            target_vocab_size=100,
        )
    )
    config = config_of(model)
    source = next(layer for layer in config["config"]["layers"] if layer["name"] == "source_embedding")
    source["config"]["max_length"] = 10**9  # a sinusoid table of 8 billion numbers, made in __init__
    size = declared_size(config)
    assert size.weights == model.count_params() and size.tables == 10**9 * 8 + 8 * 8
    block = next(layer for layer in config["config"]["layers"] if layer["name"] == "decoder1")
    block["config"]["ff_dim"] = 10**6
    assert declared_size(config).weights > 2 * 8 * 10**6


def test_keras_layers_it_does_not_model_are_estimated_from_their_sizes():
    config = config_of(chain((4, 1), layers.STFTSpectrogram(frame_length=4, frame_step=2, fft_length=4)))
    spectrogram = config["config"]["layers"][1]
    assert spectrogram["class_name"] == "STFTSpectrogram" and "build_config" in spectrogram
    assert declared_size(config).weights > 0
    spectrogram["config"]["fft_length"] = spectrogram["config"]["frame_length"] = 10**9
    assert declared_size(config).weights >= 10**9
    # Layers whose build() is Keras' default make no weights from a shape, recorded or not.
    weightless = config_of(chain((8, 8, 3), layers.RandomFlip(), layers.Flatten(), layers.Dropout(0.5)))
    for layer in weightless["config"]["layers"]:
        layer.pop("build_config", None)
    assert declared_size(weightless) == model_size.DeclaredSize(0)


def test_a_config_nested_deeper_than_any_model_is_refused():
    deep = inner = {"class_name": "TimeDistributed", "config": {}}
    for _ in range(MAX_DEPTH + 1):  # a layer in a layer in a layer…
        inner["config"]["layer"] = {"class_name": "TimeDistributed", "config": {}}
        inner = inner["config"]["layer"]
    with pytest.raises(ConfigTooDeep):
        declared_size(deep)
    for odd in (None, 3, "text", [], [1, [2, {"class_name": 5}]], {"class_name": "Dense", "config": []}):
        assert declared_size(odd).weights == 0


# Loading: a small file that declares a huge model


def keras_never_builds(monkeypatch):
    """Fail the test, without allocating anything, if load() hands the file to Keras."""

    def refuse(path):
        raise AssertionError("Keras was asked to build the model")

    monkeypatch.setattr(model_archive, "_keras_load", refuse)


def small_model_bytes() -> bytes:
    """What Keras writes for a small real model (with the app's info, as an export has)."""
    config = cnn_config.CNNConfig(conv_blocks=[cnn_config.ConvBlock(filters=2)], dense_blocks=[])
    return to_bytes(cnn.build_model(config), info_for("cnn", config, {}))


def with_config(data: bytes, change) -> bytes:
    """The archive `data` with its config.json edited by `change(config)`."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            content = source.read(item)
            if item.filename == "config.json":
                config = json.loads(content)
                change(config)
                content = json.dumps(config).encode()
            target.writestr(item, content)
    return out.getvalue()


def named(config: dict, name: str) -> dict:
    return next(layer for layer in config["config"]["layers"] if layer["name"] == name)


def huge_dense(config):
    probabilities = named(config, "probabilities")
    probabilities["config"]["units"] = 100_000
    probabilities["build_config"]["input_shape"] = [None, 100_000]


def billions_of_words(config):
    """An Embedding of 4.2 billion weights in front of the network."""
    layer = named(config, "conv1")
    words = copy.deepcopy(layer)
    words.update(class_name="Embedding", name="words")
    words["config"] = {"name": "words", "input_dim": 1_050_000_000, "output_dim": 4}
    config["config"]["layers"].insert(1, words)


def weights_member_size(data: bytes) -> int:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.getinfo("model.weights.h5").file_size


def refusal(data: bytes, page="cnn") -> str:
    with pytest.raises(ArchiveRefused) as caught:
        load(data, page)
    return str(caught.value)


def test_a_small_file_declaring_a_huge_model_is_refused_before_keras_builds_it(monkeypatch):
    data = small_model_bytes()
    keras_never_builds(monkeypatch)
    limit = "32.8 million"
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()

    dense = with_config(data, huge_dense)
    assert len(dense) < 200_000
    assert refusal(dense) == t(
        "archive.too_many_weights",
        weights="10 billion",
        size=t("archive.gigabytes", size="40.0"),
        limit=limit,
    )
    expected = t(
        "archive.too_many_weights",
        weights="4.2 billion",
        size=t("archive.gigabytes", size="16.8"),
        limit=limit,
    )
    assert refusal(with_config(data, billions_of_words)) == expected
    assert (
        "declares about 4.2 billion weights (16.8 GB), far more than this app can hold (32.8 million)"
        in expected
    )

    def bidirectional(config):  # a wrapper's inner layers, with their own recorded shapes
        rnn_config = config_of(
            chain((7, 5), layers.Bidirectional(layers.LSTM(3, return_sequences=True), name="both"))
        )
        both = named(rnn_config, "both")
        for inner in ("layer", "backward_layer"):
            both["config"][inner]["config"]["units"] = 20_000
        config["config"]["layers"].insert(1, both)

    assert "declares about 3.2 billion weights" in refusal(with_config(data, bidirectional))
    with using("zh"):  # counted as Chinese counts: 万 and 亿, not millions
        assert "约 42亿 个权重" in refusal(with_config(data, billions_of_words))

    elapsed = time.perf_counter() - started
    grown = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) * 1024  # kilobytes on Linux
    assert elapsed < 5, elapsed
    assert grown < 200 * 2**20, f"peak memory grew by {grown / 2**20:.0f} MB"


def test_a_config_declaring_more_weights_than_its_file_holds_is_refused(monkeypatch):
    data = small_model_bytes()
    keras_never_builds(monkeypatch)

    def twenty_million(config):  # under the app's limit, but not in a file of a few kilobytes
        probabilities = named(config, "probabilities")
        probabilities["config"]["units"] = 10_000
        probabilities["build_config"]["input_shape"] = [None, 2_000]

    stored = weights_member_size(data)
    assert refusal(with_config(data, twenty_million)) == t(
        "archive.weights_missing",
        weights="20 million",
        size=t("archive.megabytes", size="80.0"),
        stored=t("archive.megabytes", size=f"{stored / 10**6:,.1f}"),
    )


def test_a_layer_whose_shape_the_file_does_not_record_is_refused(monkeypatch):
    data = small_model_bytes()
    keras_never_builds(monkeypatch)

    def unrecorded(config):  # Keras would build it from the graph: from a 10⁵-wide input
        named(config, "image")["config"]["batch_shape"] = [None, 28, 28, 100_000]
        del named(config, "conv1")["build_config"]

    def unknown(config):
        named(config, "probabilities")["build_config"]["input_shape"] = [None, None]

    for change in (unrecorded, unknown):
        name = "conv1" if change is unrecorded else "probabilities"
        assert refusal(with_config(data, change)) == t("archive.layer_not_built", name=name)


def test_an_unreadable_config_is_refused(monkeypatch):
    data = small_model_bytes()
    keras_never_builds(monkeypatch)

    def deep(config):
        inner = config["config"]
        for _ in range(MAX_DEPTH + 1):
            inner["extra"] = {"class_name": "Layer", "config": {}}
            inner = inner["extra"]["config"]

    assert refusal(with_config(data, deep)) == t("archive.config_unreadable")
    broken = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(broken, "w") as target:
        for item in source.infolist():
            target.writestr(item, b"[" * 100_000 if item.filename == "config.json" else source.read(item))
    assert refusal(broken.getvalue()) == t("archive.config_unreadable")


def test_a_model_the_app_saved_loads_by_its_own_size_even_past_the_upload_count(tmp_path, monkeypatch):
    data = small_model_bytes()
    parameters = load(data, "cnn").parameters
    path = tmp_path / "run.keras"
    path.write_bytes(data)
    monkeypatch.setattr(model_archive, "MAX_DECLARED_WEIGHTS", parameters // 2)
    with pytest.raises(ArchiveRefused, match="far more than this app can hold"):
        load(data, "cnn")
    assert load(path, "cnn").parameters == parameters  # its file holds them: it was saved whole
