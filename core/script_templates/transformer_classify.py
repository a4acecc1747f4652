"""Train the Transformer review classifier set up on the Deep learning playground's
Transformer page.

CONFIG below holds the page's settings. The script reads the same IMDB reviews, makes the
same seeded split, builds the same vocabulary from the training reviews, builds the same
network (same layers and names, same seeded initial weights) and trains it as the app
does, then prints the test accuracy and saves the model as a .keras file that the app, or
plain Keras with this script's layer classes, can load; the vocabulary travels inside
it, so the app's Transformer page can import it and read new reviews with it.

    python train_transformer_classify.py                          # data in ./assets/data
    python train_transformer_classify.py --epochs 1 --limit 500   # a quick check

Needs numpy and TensorFlow with Keras 3 (tested with tensorflow 2.21, keras 3.15).
"""

import keras

from .review_training import train_on_reviews
from .transformer_layers import PositionalEmbedding, encoder_blocks, initialise

CONFIG = {"placeholder": "the run's settings go here"}


def build_classifier(config: dict, vocabulary_size: int) -> keras.Model:
    """(batch, max_length) word ids → (batch, 1) probability that the review is positive:
    positional embedding, encoder blocks, the mean over the words, one sigmoid unit."""
    ids = keras.Input((config["max_length"],), dtype="int32", name="word_ids")
    x = PositionalEmbedding(
        vocabulary_size, config["max_length"], config["embed_dim"], config["positional"], name="embedding"
    )(ids)
    x = encoder_blocks(x, config)
    x = keras.layers.GlobalAveragePooling1D(name="mean_over_words")(x)  # padding is masked
    x = keras.layers.Dropout(config["dropout_rate"], seed=config["seed"])(x)
    outputs = keras.layers.Dense(1, activation="sigmoid", name="positive")(x)
    model = keras.Model(ids, outputs, name="transformer_classifier")
    initialise(model, config["seed"])
    return model


def main() -> None:
    description = "Train the Transformer page's review classifier on IMDB reviews."
    train_on_reviews(CONFIG, description, "max_length", build_classifier, "transformer.classify")


if __name__ == "__main__":
    main()
