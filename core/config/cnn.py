"""The CNN page's settings: layer blocks and training, as plain data.

A `CNNConfig` is what the page's widgets set, one field each; `validate` refuses impossible
stacks (a kernel larger than its feature map, a pooling that leaves nothing) with a message
a student can act on, before anything is built, and `count_parameters` counts the network's
weights by hand. `core.models.cnn.build_model` turns a valid one into a Keras model.
"""

from __future__ import annotations

import dataclasses
import json
import math
from dataclasses import dataclass, field

from core.config.checks import check_choice, check_range, check_training, field_name
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


def _classic_conv_blocks() -> list[ConvBlock]:
    return [ConvBlock(filters=32), ConvBlock(filters=64)]


def _classic_dense_blocks() -> list[DenseBlock]:
    return [DenseBlock(units=128)]


@dataclass
class CNNConfig:
    """Everything that defines a CNN run. Defaults are the classic MNIST network:
    Conv32-Pool-Conv64-Pool-Dense128-Dense10, trained 5 epochs with Adam."""

    conv_blocks: list[ConvBlock] = field(default_factory=_classic_conv_blocks)
    dense_blocks: list[DenseBlock] = field(default_factory=_classic_dense_blocks)
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
