"""The CNN playground's configuration and model builder.

A `CNNConfig` is plain data: the page's widgets map one-to-one onto its fields, and
`build_model(config)` turns a valid one into a compiled Keras model. `validate` refuses
impossible stacks with a message a student can act on, before anything is built.
"""

from __future__ import annotations

import dataclasses
import json
import math
from dataclasses import dataclass, field

import keras

from core.building import (
    check_choice,
    check_range,
    check_training,
    compile_model,
    field_name,
)
from core.i18n import t

IMAGE_SIZE = 28
NUM_CLASSES = 10

ACTIVATIONS = ("relu", "tanh", "sigmoid", "elu", "gelu")
PADDINGS = ("valid", "same")
POOLINGS = ("max", "average", "none")

MAX_CONV_BLOCKS = 4
MAX_DENSE_BLOCKS = 3


@dataclass
class ConvBlock:
    """One convolution block: Conv2D, then optional batch norm, pooling and dropout."""

    filters: int = 32  # number of kernels, i.e. output channels
    kernel_size: int = 3  # side of the square kernel, in pixels
    stride: int = 1  # step between two kernel positions
    padding: str = "valid"  # 'valid' shrinks the map, 'same' pads with zeros to keep it
    activation: str = "relu"  # nonlinearity applied to each convolution output
    pooling: str = "max"  # 'max', 'average' or 'none'
    pool_size: int = 2  # side of the pooling window (its stride is the same)
    batch_norm: bool = False  # normalise the block's activations over the batch
    dropout_rate: float = 0.0  # share of activations zeroed while training


@dataclass
class DenseBlock:
    """One fully connected hidden layer, with optional dropout after it."""

    units: int = 128  # number of neurons
    activation: str = "relu"  # nonlinearity of the layer
    dropout_rate: float = 0.0  # share of activations zeroed while training


def _design_notes_conv_blocks() -> list[ConvBlock]:
    return [ConvBlock(filters=32), ConvBlock(filters=64)]


def _design_notes_dense_blocks() -> list[DenseBlock]:
    return [DenseBlock(units=128)]


@dataclass
class CNNConfig:
    """Everything that defines a CNN run. Defaults are the design notes' network:
    Conv32-Pool-Conv64-Pool-Dense128-Dense10, trained 5 epochs with Adam."""

    conv_blocks: list[ConvBlock] = field(default_factory=_design_notes_conv_blocks)
    dense_blocks: list[DenseBlock] = field(default_factory=_design_notes_dense_blocks)
    optimizer: str = "adam"  # 'adam', 'sgd' (with momentum 0.9) or 'rmsprop'
    learning_rate: float = 1e-3  # step size of the optimizer
    lr_schedule: str = "constant"  # 'constant', or 'cosine': decays to zero over the run
    batch_size: int = 64  # examples per gradient step
    epochs: int = 5  # passes over the training set
    validation_share: float = 0.1  # share of the non-test digits held out for validation
    train_size: int = 0  # training examples used; 0 means all that are available
    augment: bool = False  # random small shifts, rotations and zooms while training
    seed: int = 42  # fixes weight initialisation, data order, dropout and augmentation
    dataset: str = "mnist-10k"  # 'mnist-10k' (embedded) or 'mnist-70k' (full download)

    def to_json(self) -> str:
        return json.dumps(dataclasses.asdict(self), sort_keys=True)

    @classmethod
    def from_dict(cls, data: dict) -> CNNConfig:
        data = dict(data)
        data["conv_blocks"] = [ConvBlock(**b) for b in data.get("conv_blocks", [])]
        data["dense_blocks"] = [DenseBlock(**b) for b in data.get("dense_blocks", [])]
        return cls(**data)


def conv_output_size(size: int, kernel: int, stride: int, padding: str) -> int:
    """Side of a square feature map after a convolution (TensorFlow's rule)."""
    if padding == "same":
        return math.ceil(size / stride)
    return (size - kernel) // stride + 1 if size >= kernel else 0


def pool_output_size(size: int, pool: int) -> int:
    """Side after a 'valid' pooling window of `pool` with stride `pool`."""
    return (size - pool) // pool + 1 if size >= pool else 0


def validate(config: CNNConfig) -> None:
    """Raise ValueError, naming the layer and the fix, if `config` cannot be built or trained."""
    if not 1 <= len(config.conv_blocks) <= MAX_CONV_BLOCKS:
        raise ValueError(t("error.conv_count", max=MAX_CONV_BLOCKS, count=len(config.conv_blocks)))
    if len(config.dense_blocks) > MAX_DENSE_BLOCKS:
        raise ValueError(t("error.dense_count", max=MAX_DENSE_BLOCKS))
    size = IMAGE_SIZE
    for number, block in enumerate(config.conv_blocks, start=1):
        where = t("error.conv_block", number=number)
        check_range(block.filters, 1, 512, field_name(where, "filters"))
        check_range(block.kernel_size, 1, 11, field_name(where, "kernel_size"))
        check_range(block.stride, 1, 4, field_name(where, "stride"))
        check_range(block.pool_size, 2, 4, field_name(where, "pool_size"))
        check_range(block.dropout_rate, 0.0, 0.9, field_name(where, "dropout_rate"))
        check_choice(block.padding, PADDINGS, field_name(where, "padding"))
        check_choice(block.activation, ACTIVATIONS, field_name(where, "activation"))
        check_choice(block.pooling, POOLINGS, field_name(where, "pooling"))
        if block.padding == "valid" and block.kernel_size > size:
            raise ValueError(t("error.kernel_too_big", where=where, k=block.kernel_size, size=size))
        size = conv_output_size(size, block.kernel_size, block.stride, block.padding)
        if block.pooling != "none":
            pooled = pool_output_size(size, block.pool_size)
            if pooled < 1:
                raise ValueError(t("error.pool_to_nothing", where=where, p=block.pool_size, size=size))
            size = pooled
    for number, block in enumerate(config.dense_blocks, start=1):
        where = t("error.dense_layer", number=number)
        check_range(block.units, 1, 4096, field_name(where, "units"))
        check_range(block.dropout_rate, 0.0, 0.9, field_name(where, "dropout_rate"))
        check_choice(block.activation, ACTIVATIONS, field_name(where, "activation"))
    check_training(config)
    params = count_parameters(config)
    if params > 50_000_000:
        raise ValueError(t("error.too_many_parameters", count=params))


def count_parameters(config: CNNConfig) -> int:
    """Trainable plus non-trainable parameters, computed by hand from the config."""
    size, channels, total = IMAGE_SIZE, 1, 0
    for block in config.conv_blocks:
        total += block.filters * (block.kernel_size**2 * channels + 1)
        channels = block.filters
        if block.batch_norm:
            total += 4 * channels
        size = conv_output_size(size, block.kernel_size, block.stride, block.padding)
        if block.pooling != "none":
            size = pool_output_size(size, block.pool_size)
    width = size * size * channels
    for block in config.dense_blocks:
        total += width * block.units + block.units
        width = block.units
    return total + width * NUM_CLASSES + NUM_CLASSES


def _augmentation_layers(seed: int) -> list[keras.layers.Layer]:
    # Small, MNIST-plausible perturbations; they are identity at inference time.
    return [
        keras.layers.RandomRotation(0.04, fill_mode="constant", seed=seed, name="augment_rotate"),
        keras.layers.RandomTranslation(0.1, 0.1, fill_mode="constant", seed=seed + 1, name="augment_shift"),
        keras.layers.RandomZoom(0.1, fill_mode="constant", seed=seed + 2, name="augment_zoom"),
    ]


def build_model(config: CNNConfig, train_examples: int | None = None) -> keras.Model:
    """A compiled functional model for 28×28×1 images in [0, 1] giving 10 probabilities.

    Layer names are stable (`conv1`, `bn1`, `pool1`, `dense1`, `probabilities`…) so that
    introspection can find them. Every random draw is seeded from `config.seed`.
    """
    validate(config)
    seed = config.seed
    initializer_seed = iter(range(seed * 1000, seed * 1000 + 100))

    def kernel_init() -> keras.initializers.Initializer:
        return keras.initializers.GlorotUniform(seed=next(initializer_seed))

    inputs = keras.Input((IMAGE_SIZE, IMAGE_SIZE, 1), name="image")
    x = inputs
    if config.augment:
        for layer in _augmentation_layers(seed):
            x = layer(x)
    for number, block in enumerate(config.conv_blocks, start=1):
        x = keras.layers.Conv2D(
            block.filters,
            block.kernel_size,
            strides=block.stride,
            padding=block.padding,
            activation=block.activation,
            kernel_initializer=kernel_init(),
            name=f"conv{number}",
        )(x)
        if block.batch_norm:
            x = keras.layers.BatchNormalization(name=f"bn{number}")(x)
        if block.pooling == "max":
            x = keras.layers.MaxPooling2D(block.pool_size, name=f"pool{number}")(x)
        elif block.pooling == "average":
            x = keras.layers.AveragePooling2D(block.pool_size, name=f"pool{number}")(x)
        if block.dropout_rate > 0:
            x = keras.layers.Dropout(
                block.dropout_rate, seed=seed + 10 + number, name=f"conv_dropout{number}"
            )(x)
    x = keras.layers.Flatten(name="flatten")(x)
    for number, block in enumerate(config.dense_blocks, start=1):
        x = keras.layers.Dense(
            block.units,
            activation=block.activation,
            kernel_initializer=kernel_init(),
            name=f"dense{number}",
        )(x)
        if block.dropout_rate > 0:
            x = keras.layers.Dropout(
                block.dropout_rate, seed=seed + 20 + number, name=f"dense_dropout{number}"
            )(x)
    outputs = keras.layers.Dense(
        NUM_CLASSES, activation="softmax", kernel_initializer=kernel_init(), name="probabilities"
    )(x)
    model = keras.Model(inputs, outputs, name="cnn")
    return compile_model(model, config, loss="sparse_categorical_crossentropy", train_examples=train_examples)
