"""Compile and train as the app does: its optimizers, a cosine schedule over the whole run,
the training examples shuffled with the run's seed, and one printed line per epoch."""

import json
import math
import zipfile

import keras
import numpy as np
import tensorflow as tf


def make_optimizer(name: str, learning_rate) -> keras.optimizers.Optimizer:
    """'adam', 'sgd' (with momentum 0.9) or 'rmsprop'; `learning_rate` is a number or a schedule."""
    if name == "adam":
        return keras.optimizers.Adam(learning_rate)
    if name == "sgd":
        return keras.optimizers.SGD(learning_rate, momentum=0.9)
    if name == "rmsprop":
        return keras.optimizers.RMSprop(learning_rate)
    raise ValueError(f"unknown optimizer {name!r}")


def compile_model(
    model: keras.Model, config: dict, loss, train_examples: int | None = None, accuracy="accuracy"
) -> keras.Model:
    """Compile with the configured optimizer and learning rate, tracking `accuracy` (the
    metric reported as accuracy: a translator's ignores padding).

    A 'cosine' schedule decays the rate from its value to zero over all the run's steps,
    `epochs` passes over `train_examples` (Loshchilov & Hutter's SGDR, without restarts).
    Without `train_examples` (a model that will not train) the rate stays."""
    learning_rate = config["learning_rate"]
    if config["lr_schedule"] == "cosine" and train_examples:
        steps = config["epochs"] * math.ceil(train_examples / config["batch_size"])
        learning_rate = keras.optimizers.schedules.CosineDecay(config["learning_rate"], steps)
    model.compile(optimizer=make_optimizer(config["optimizer"], learning_rate), loss=loss, metrics=[accuracy])
    return model


def batches(x, y, batch_size: int, seed: int, shuffle: bool) -> tf.data.Dataset:
    """(x, y) in batches; for training, reshuffled every epoch in an order fixed by `seed`."""
    data = tf.data.Dataset.from_tensor_slices((x, y))
    if shuffle:
        data = data.shuffle(len(y), seed=seed, reshuffle_each_iteration=True)
    return data.batch(batch_size).prefetch(tf.data.AUTOTUNE)


class EpochPrinter(keras.callbacks.Callback):
    """One line per epoch: 'epoch 1/5: loss 0.3120 accuracy 0.9041 val_loss … val_accuracy …'."""

    def __init__(self, epochs: int):
        super().__init__()
        self.epochs = epochs

    def on_epoch_end(self, epoch, logs=None):
        figures = " ".join(f"{key} {float(value):.4f}" for key, value in sorted((logs or {}).items()))
        print(f"epoch {epoch + 1}/{self.epochs}: {figures}", flush=True)


def take(data: tuple, count: int | None) -> tuple:
    """The first `count` examples of (x, y), where x may be a tuple of arrays (all when None)."""
    x, y = data
    x = tuple(part[:count] for part in x) if isinstance(x, tuple) else x[:count]
    return x, y[:count]


def size(data: tuple) -> int:
    return len(data[1])


def show_sizes(split: dict) -> None:
    for part in ("train", "validation", "test"):
        print(f"{part} examples: {size(split[part])}")


def limit_split(split: dict, limit: int | None) -> dict:
    """`--limit`: the first `limit` examples of every part of the split (all when None)."""
    if limit is None:
        return split
    limited = {part: take(data, limit) for part, data in split.items()}
    print("limited to: " + ", ".join(f"{part} {size(data)}" for part, data in limited.items()))
    return limited


def accuracy(labels: np.ndarray, probabilities: np.ndarray) -> float:
    """Share of right answers: the likeliest class of (n, classes) probabilities or, for one
    sigmoid output ((n,) or (n, 1) p(positive)), positive where p > 0.5, as Keras' accuracy."""
    probabilities = np.asarray(probabilities)
    if probabilities.ndim == 1 or (probabilities.ndim == 2 and probabilities.shape[1] == 1):
        predicted = (probabilities.reshape(-1) > 0.5).astype(int)
    else:
        predicted = probabilities.argmax(axis=-1)
    return float(np.mean(predicted == np.asarray(labels).reshape(-1)))


def train(model: keras.Model, config: dict, train_data, validation_data) -> None:
    """`fit` for the configured epochs; the datasets come already batched (and shuffled)."""
    model.fit(
        train_data,
        validation_data=validation_data,
        epochs=config["epochs"],
        shuffle=False,  # the training dataset is already shuffled with the run's seed
        callbacks=[EpochPrinter(config["epochs"])],
        verbose=0,
    )


def train_and_test(model: keras.Model, config: dict, split: dict, loss: str) -> None:
    """Compile the classifier, train it on the split's training examples (validating after
    every epoch), and print its parameter count and test accuracy."""
    x_train, y_train = split["train"]
    compile_model(model, config, loss=loss, train_examples=len(x_train))
    print(f"parameters: {model.count_params()}")
    batch_size, seed = config["batch_size"], config["seed"]
    train(
        model,
        config,
        batches(x_train, y_train, batch_size, seed, shuffle=True),
        batches(*split["validation"], batch_size, seed, shuffle=False),
    )
    x_test, y_test = split["test"]
    probabilities = model.predict(x_test, batch_size=512, verbose=0)
    print(f"test accuracy: {accuracy(y_test, probabilities):.4f}")


def save(model: keras.Model, path, kind: str, config: dict, vocabularies: dict | None = None) -> None:
    """Save the model as a .keras file, with its model kind, the settings and the vocabularies
    (their words after padding and unknown) in an extra member, `playground.json`: the
    app's pages read new text with them when the file is imported. Keras ignores it."""
    model.save(path)
    info = {"page": kind, "config": config}  # the kind keeps the field name every version reads
    info.update({name: vocabulary.words[2:] for name, vocabulary in (vocabularies or {}).items()})
    with zipfile.ZipFile(path, "a", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("playground.json", json.dumps(info, ensure_ascii=False))
    print(f"saved: {path}")
