"""Train the recurrent network set up on the Deep learning playground's RNN page.

CONFIG below holds the page's settings. The script reads the same IMDB reviews, makes the
same seeded split, builds the same vocabulary from the training reviews, builds the same
network (same layers and names, same seeded initial weights) and trains it as the app
does, then prints the test accuracy and saves the model as a .keras file that the app, or
plain Keras, can load; the vocabulary travels inside it, so the app's RNN page can import
it and read new reviews with it.

    python train_rnn.py                          # data in ./assets/data, model to ./model.keras
    python train_rnn.py --epochs 1 --limit 500   # a quick check

Needs numpy and TensorFlow with Keras 3 (tested with tensorflow 2.21, keras 3.15).
"""

import keras

from .review_training import train_on_reviews

CONFIG = {"placeholder": "the run's settings go here"}

CELL_CLASSES = {"simple_rnn": keras.layers.SimpleRNN, "lstm": keras.layers.LSTM, "gru": keras.layers.GRU}


def recurrent_layer(config: dict, number: int, last: bool, seeds) -> keras.layers.Layer:
    """Layer `number`: one cell reading left to right, or a bidirectional pair."""

    def one_direction(backwards: bool, name: str) -> keras.layers.Layer:
        return CELL_CLASSES[config["cell"]](
            config["units"],
            # Every step's state goes on to the next layer, or to the mean over the words.
            return_sequences=not last or config["pooling"] != "last",
            go_backwards=backwards,
            dropout=config["dropout_rate"],
            recurrent_dropout=config["recurrent_dropout_rate"],
            kernel_initializer=keras.initializers.GlorotUniform(seed=next(seeds)),
            recurrent_initializer=keras.initializers.Orthogonal(seed=next(seeds)),
            seed=next(seeds),
            name=name,
        )

    if not config["bidirectional"]:
        return one_direction(False, f"rnn{number}")
    return keras.layers.Bidirectional(
        one_direction(False, f"forward_rnn{number}"),
        backward_layer=one_direction(True, f"backward_rnn{number}"),
        name=f"rnn{number}",
    )


def build_model(config: dict, vocabulary_size: int) -> keras.Model:
    """(batch, sequence_length) word ids → (batch, 1) probability that the review is positive.
    Every random draw is seeded."""
    seeds = iter(range(config["seed"] * 1000, config["seed"] * 1000 + 100))
    inputs = keras.Input((config["sequence_length"],), dtype="int32", name="word_ids")
    x = keras.layers.Embedding(
        vocabulary_size,
        config["embed_dim"],
        mask_zero=True,  # id 0 is padding: masked steps leave the state unchanged
        embeddings_initializer=keras.initializers.RandomUniform(-0.05, 0.05, seed=next(seeds)),
        name="embedding",
    )(inputs)
    for number in range(1, config["num_layers"] + 1):
        x = recurrent_layer(config, number, number == config["num_layers"], seeds)(x)
    if config["pooling"] == "mean":  # padding is masked, so only the review's words are averaged
        x = keras.layers.GlobalAveragePooling1D(name="mean_over_words")(x)
    outputs = keras.layers.Dense(
        1,
        activation="sigmoid",
        kernel_initializer=keras.initializers.GlorotUniform(seed=next(seeds)),
        name="positive",
    )(x)
    return keras.Model(inputs, outputs, name="rnn")


def main() -> None:
    description = "Train the RNN page's network on IMDB reviews."
    train_on_reviews(CONFIG, description, "sequence_length", build_model, "rnn")


if __name__ == "__main__":
    main()
