"""Introspection: the formulas recomputed by hand equal what the layers returned."""

import numpy as np
import pytest

from core.config.cnn import CNNConfig, ConvBlock, DenseBlock
from core.data import mnist
from core.inspection import inspect_cnn
from core.models import cnn


@pytest.fixture(scope="module")
def digit():
    return mnist.to_model_input(mnist.load_embedded().x_test[:1])[0, ..., 0]  # (28, 28)


def model_for(**block):
    config = CNNConfig(
        conv_blocks=[ConvBlock(filters=6, **block), ConvBlock(filters=4, padding="same")],
        dense_blocks=[DenseBlock(units=16)],
        seed=3,
    )
    return cnn.build_model(config)


@pytest.mark.parametrize(
    "block",
    [
        {},
        {"padding": "same"},
        {"kernel_size": 5, "stride": 2, "padding": "same", "activation": "tanh"},
        {"kernel_size": 5, "stride": 2, "activation": "elu", "batch_norm": True},
    ],
)
def test_convolution_cell_by_hand_equals_the_layer(digit, block):
    model = model_for(**block)
    maps = inspect_cnn.layer_outputs(model, digit)["conv1"]
    for channel, row, col in [
        (0, 0, 0),
        (5, maps.shape[0] // 2, maps.shape[1] // 2),
        (3, maps.shape[0] - 1, maps.shape[1] - 1),
    ]:
        cell = inspect_cnn.conv_cell(model, digit, channel, row, col)
        assert cell["computed"] == pytest.approx(cell["layer_value"], abs=1e-5)
        assert cell["layer_value"] == pytest.approx(float(maps[row, col, channel]), abs=1e-6)
        k = model.get_layer("conv1").kernel_size[0]
        assert cell["patch"].shape == cell["kernel"].shape == (k, k)
        assert cell["sum"] == pytest.approx(float((cell["patch"] * cell["kernel"]).sum()), abs=1e-5)


@pytest.mark.parametrize("pooling", ["max", "average"])
def test_pool_window_keeps_the_value_the_layer_returned(digit, pooling):
    model = model_for(pooling=pooling, batch_norm=True)
    window = inspect_cnn.pool_window(model, digit, channel=2, row=6, col=4)
    assert window["source"] == "bn1"
    assert window["window"].shape == (2, 2)
    assert window["computed"] == pytest.approx(window["layer_value"], abs=1e-6)
    if pooling == "max":
        assert window["window"][window["argmax"]] == window["computed"]


def test_no_pooling_layer_means_no_window(digit):
    model = cnn.build_model(CNNConfig(conv_blocks=[ConvBlock(filters=2, pooling="none")], dense_blocks=[]))
    assert inspect_cnn.pool_window(model, digit, 0, 0, 0) is None


def test_feature_maps_cover_every_conv_and_pool_layer_with_their_shapes(digit):
    model = cnn.build_model(CNNConfig())
    maps = inspect_cnn.feature_maps(model, digit)
    assert [(name, kind, array.shape) for name, kind, array in maps] == [
        ("conv1", "Conv2D", (26, 26, 32)),
        ("pool1", "MaxPooling2D", (13, 13, 32)),
        ("conv2", "Conv2D", (11, 11, 64)),
        ("pool2", "MaxPooling2D", (5, 5, 64)),
    ]
    kernel, bias = inspect_cnn.first_conv_filters(model)
    assert kernel.shape == (3, 3, 1, 32) and bias.shape == (32,)


def test_probabilities_and_heatmaps(digit):
    model = cnn.build_model(CNNConfig(augment=True))
    probabilities = inspect_cnn.predict(model, digit)
    assert probabilities.shape == (10,) and probabilities.sum() == pytest.approx(1.0, abs=1e-5)
    for heat in (inspect_cnn.grad_cam(model, digit, 3), inspect_cnn.saliency(model, digit, 3)):
        assert heat.shape == (28, 28) and heat.min() >= 0 and heat.max() <= 1.0 + 1e-6
    blank = np.zeros((28, 28), dtype=np.float32)
    assert np.isfinite(inspect_cnn.grad_cam(model, blank, 0)).all()
