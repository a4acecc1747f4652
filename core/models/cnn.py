"""The CNN playground's configuration and model builder.

A `CNNConfig` is plain data: the page's widgets map one-to-one onto its fields, and
`build_model(config)` turns a valid one into a compiled Keras model. `validate` refuses
impossible stacks with a message a student can act on, before anything is built.
"""

from __future__ import annotations

import keras

from core.config.cnn import (
    IMAGE_SIZE,
    NUM_CLASSES,
    CNNConfig,
    validate,
)
from core.models.compiling import compile_model


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
