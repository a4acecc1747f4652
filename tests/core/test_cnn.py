"""Config validation, output shapes and parameter counts against hand-computed values."""

import dataclasses

import numpy as np
import pytest

from core.config import cnn as cnn_config
from core.config.cnn import CNNConfig, ConvBlock, DenseBlock
from core.models import cnn
from core.models.compiling import layer_table


def shapes(model):
    return {row["layer"]: row["output_shape"] for row in layer_table(model)}


def test_classic_network_shapes_and_parameters():
    model = cnn.build_model(CNNConfig())
    assert shapes(model) == {
        "image": "28 × 28 × 1",
        "conv1": "26 × 26 × 32",
        "pool1": "13 × 13 × 32",
        "conv2": "11 × 11 × 64",
        "pool2": "5 × 5 × 64",
        "flatten": "1600",
        "dense1": "128",
        "probabilities": "10",
    }
    params = {row["layer"]: row["parameters"] for row in layer_table(model)}
    # By hand: conv 32·(3·3·1+1); conv 64·(3·3·32+1); dense 1600·128+128; output 128·10+10.
    assert params["conv1"] == 320
    assert params["conv2"] == 18_496
    assert params["dense1"] == 204_928
    assert params["probabilities"] == 1_290
    assert model.count_params() == cnn_config.count_parameters(CNNConfig()) == 225_034


def test_same_padding_stride_batch_norm_and_average_pooling():
    config = CNNConfig(
        conv_blocks=[
            ConvBlock(filters=8, kernel_size=5, stride=2, padding="same", batch_norm=True, pooling="average")
        ],
        dense_blocks=[],
    )
    model = cnn.build_model(config)
    table = shapes(model)
    assert table["conv1"] == "14 × 14 × 8"  # ceil(28 / 2)
    assert table["pool1"] == "7 × 7 × 8"
    # conv 8·(5·5+1) = 208; batch norm 4·8 = 32; output 7·7·8·10 + 10 = 3930.
    assert model.count_params() == cnn_config.count_parameters(config) == 208 + 32 + 3930


@pytest.mark.parametrize(
    "config",
    [
        CNNConfig(
            conv_blocks=[ConvBlock(filters=4, kernel_size=7, pooling="none")] * 3,
            dense_blocks=[DenseBlock(16)] * 2,
        ),
        CNNConfig(
            conv_blocks=[ConvBlock(filters=16, stride=2, padding="same", pooling="none", dropout_rate=0.2)]
            * 4
        ),
        CNNConfig(
            conv_blocks=[ConvBlock(filters=6, kernel_size=1, pool_size=3, batch_norm=True)], augment=True
        ),
    ],
)
def test_hand_count_matches_keras(config):
    assert cnn.build_model(config).count_params() == cnn_config.count_parameters(config)


def test_kernel_larger_than_map_names_the_block_and_the_fix():
    config = CNNConfig(conv_blocks=[ConvBlock(filters=4)] * 4)  # 28→26→13→11→5→3→1, then 3×3 on 1×1
    with pytest.raises(ValueError) as error:
        cnn_config.validate(config)
    message = str(error.value)
    assert "Convolution block 4" in message
    assert "3×3 kernel does not fit the 1×1 map" in message
    assert "padding 'same'" in message


def test_pooling_to_nothing_is_refused():
    config = CNNConfig(
        conv_blocks=[
            ConvBlock(kernel_size=5, pool_size=3),  # 28→24→8
            ConvBlock(kernel_size=5, pool_size=3),  # 8→4→1
            ConvBlock(kernel_size=1, pool_size=2),  # 1→1→0
        ]
    )
    with pytest.raises(ValueError, match=r"Convolution block 3: 2×2 pooling shrinks the 1×1 map to 0×0"):
        cnn.build_model(config)


@pytest.mark.parametrize(
    "change, fragment",
    [
        ({"conv_blocks": []}, "Use 1 to 4 convolution blocks"),
        ({"conv_blocks": [ConvBlock()] * 5}, "Use 1 to 4 convolution blocks"),
        ({"conv_blocks": [ConvBlock(filters=0)]}, "Convolution block 1: filters must be between 1 and 512"),
        ({"conv_blocks": [ConvBlock(padding="full")]}, "padding must be one of valid, same"),
        ({"dense_blocks": [DenseBlock(units=128, dropout_rate=1.0)]}, "Dense layer 1: dropout"),
        ({"learning_rate": float("nan")}, "Learning rate"),
        ({"learning_rate": 0.0}, "Learning rate"),
        ({"optimizer": "lbfgs"}, "Optimizer must be one of adam, sgd, rmsprop"),
        ({"validation_share": 0.9}, "Validation share"),
        ({"epochs": 0}, "Epochs"),
        (
            {
                "conv_blocks": [ConvBlock(filters=512, kernel_size=1, pooling="none")],
                "dense_blocks": [DenseBlock(units=4096)],
            },
            "too many to train on a laptop",
        ),
    ],
)
def test_invalid_settings_get_an_actionable_message(change, fragment):
    with pytest.raises(ValueError, match=fragment.replace("(", r"\(")):
        cnn_config.validate(dataclasses.replace(CNNConfig(), **change))


def test_same_seed_same_weights_other_seed_other_weights():
    first = cnn.build_model(CNNConfig(seed=3)).get_weights()
    again = cnn.build_model(CNNConfig(seed=3)).get_weights()
    other = cnn.build_model(CNNConfig(seed=4)).get_weights()
    assert all(np.array_equal(a, b) for a, b in zip(first, again))
    assert not np.array_equal(first[0], other[0])


def test_config_json_round_trip():
    config = CNNConfig(conv_blocks=[ConvBlock(filters=8, batch_norm=True)], dense_blocks=[], augment=True)
    import json

    assert CNNConfig.from_dict(json.loads(config.to_json())) == config
