"""Train the convolutional network set up on the Deep learning playground's CNN page.

CONFIG below holds the page's settings. The script reads the same MNIST digits, makes the
same seeded split, builds the same network (same layers and names, same seeded initial
weights) and trains it as the app does, then prints the test accuracy and saves the model
as a .keras file that the app, or plain Keras, can load.

    python train_cnn.py                          # data in ./assets/data, model to ./model.keras
    python train_cnn.py --epochs 1 --limit 500   # a quick check

Needs numpy and TensorFlow with Keras 3 (tested with tensorflow 2.21, keras 3.15).
"""

import keras

from .command_line import parse_arguments, settings
from .mnist_data import split_digits
from .training import limit_split, save, show_sizes, train_and_test

CONFIG = {"placeholder": "the run's settings go here"}

IMAGE_SIZE = 28
NUM_CLASSES = 10


def augmentation_layers(seed: int) -> list:
    """Small, MNIST-plausible random rotations, shifts and zooms; identity at inference."""
    return [
        keras.layers.RandomRotation(0.04, fill_mode="constant", seed=seed, name="augment_rotate"),
        keras.layers.RandomTranslation(0.1, 0.1, fill_mode="constant", seed=seed + 1, name="augment_shift"),
        keras.layers.RandomZoom(0.1, fill_mode="constant", seed=seed + 2, name="augment_zoom"),
    ]


def build_model(config: dict) -> keras.Model:
    """28×28×1 images in [0, 1] → 10 digit probabilities. Every random draw is seeded."""
    seed = config["seed"]
    initializer_seeds = iter(range(seed * 1000, seed * 1000 + 100))

    def kernel_initializer():
        return keras.initializers.GlorotUniform(seed=next(initializer_seeds))

    inputs = keras.Input((IMAGE_SIZE, IMAGE_SIZE, 1), name="image")
    x = inputs
    if config["augment"]:
        for layer in augmentation_layers(seed):
            x = layer(x)
    for number, block in enumerate(config["conv_blocks"], start=1):
        x = keras.layers.Conv2D(
            block["filters"],
            block["kernel_size"],
            strides=block["stride"],
            padding=block["padding"],
            activation=block["activation"],
            kernel_initializer=kernel_initializer(),
            name=f"conv{number}",
        )(x)
        if block["batch_norm"]:
            x = keras.layers.BatchNormalization(name=f"bn{number}")(x)
        if block["pooling"] == "max":
            x = keras.layers.MaxPooling2D(block["pool_size"], name=f"pool{number}")(x)
        elif block["pooling"] == "average":
            x = keras.layers.AveragePooling2D(block["pool_size"], name=f"pool{number}")(x)
        if block["dropout_rate"] > 0:
            x = keras.layers.Dropout(
                block["dropout_rate"], seed=seed + 10 + number, name=f"conv_dropout{number}"
            )(x)
    x = keras.layers.Flatten(name="flatten")(x)
    for number, block in enumerate(config["dense_blocks"], start=1):
        x = keras.layers.Dense(
            block["units"],
            activation=block["activation"],
            kernel_initializer=kernel_initializer(),
            name=f"dense{number}",
        )(x)
        if block["dropout_rate"] > 0:
            x = keras.layers.Dropout(
                block["dropout_rate"], seed=seed + 20 + number, name=f"dense_dropout{number}"
            )(x)
    outputs = keras.layers.Dense(
        NUM_CLASSES, activation="softmax", kernel_initializer=kernel_initializer(), name="probabilities"
    )(x)
    return keras.Model(inputs, outputs, name="cnn")


def main() -> None:
    arguments = parse_arguments("Train the CNN page's network on MNIST digits.")
    config = settings(CONFIG, arguments)

    # The data and its split.
    split = split_digits(config, arguments.data_dir)
    show_sizes(split)
    split = limit_split(split, arguments.limit)

    # The model, trained and tested.
    model = build_model(config)
    train_and_test(model, config, split, loss="sparse_categorical_crossentropy")
    save(model, arguments.out, "cnn", config)


if __name__ == "__main__":
    main()
