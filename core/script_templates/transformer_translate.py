"""Train the Transformer English→German translator set up on the Deep learning
playground's Transformer page.

CONFIG below holds the page's settings. The script reads the same Multi30k sentences,
builds the same vocabularies from the training sentences, builds the same encoder–decoder
(same layers and names, same seeded initial weights) and trains it as the app does, with
batches of sentences of similar length. It then translates the test sentences greedily,
prints their BLEU (with sacreBLEU, if installed), and saves the model as a .keras file
that the app, or plain Keras with this script's layer classes, can load; both
vocabularies travel inside it, so the app's Transformer page can import it and translate
new sentences with it.

    python train_transformer_translate.py                          # data in ./assets/data
    python train_transformer_translate.py --epochs 1 --limit 500   # a quick check

Needs numpy and TensorFlow with Keras 3 (tested with tensorflow 2.21, keras 3.15), and
sacrebleu for the BLEU score.
"""

import keras
from keras import ops

from .command_line import parse_arguments, settings
from .decoding import bleu, translations
from .multi30k_data import split_sentences
from .sentence_batches import SentenceBatches
from .training import compile_model, limit_split, save, show_sizes, train
from .transformer_layers import PACKAGE, DecoderBlock, PositionalEmbedding, encoder_blocks, initialise

CONFIG = {"placeholder": "the run's settings go here"}


@keras.saving.register_keras_serializable(package=PACKAGE)
def word_accuracy(y_true, y_pred):
    """Per sentence (batch,): the share of its real (non-padding) German words whose most
    likely prediction is right. One value per sentence, so Keras averages them over the
    sentences of a batch as it does every other metric."""
    y_true = ops.cast(y_true, "int32")
    real = ops.cast(ops.not_equal(y_true, 0), "float32")
    right = ops.cast(ops.equal(ops.cast(ops.argmax(y_pred, axis=-1), "int32"), y_true), "float32")
    return ops.sum(right * real, axis=-1) / ops.maximum(ops.sum(real, axis=-1), 1.0)


def build_translator(config: dict, source_size: int, target_size: int) -> keras.Model:
    """English ids (batch, ≤ max_length) and the German ids so far (batch, ≤ max_length) →
    next-word probabilities (batch, ≤ max_length, target_size)."""
    d, heads, ff, rate = config["embed_dim"], config["num_heads"], config["ff_dim"], config["dropout_rate"]
    length, positional, seed = config["max_length"], config["positional"], config["seed"]
    # Any length up to max_length: training batches are cut to their longest sentence.
    source = keras.Input((None,), dtype="int32", name="english_ids")
    target = keras.Input((None,), dtype="int32", name="german_ids")
    x = PositionalEmbedding(source_size, length, d, positional, name="source_embedding")(source)
    encoded, source_mask = encoder_blocks(x, config), ops.not_equal(source, 0)
    y = PositionalEmbedding(target_size, length, d, positional, name="target_embedding")(target)
    for number in range(1, config["num_decoder_layers"] + 1):
        block = DecoderBlock(d, heads, ff, rate, seed=seed * 100 + 50 + 10 * number, name=f"decoder{number}")
        y = block(y, encoded, encoded_mask=source_mask)
    outputs = keras.layers.Dense(target_size, activation="softmax", name="next_word")(y)
    model = keras.Model([source, target], outputs, name="transformer_translator")
    initialise(model, seed)
    return model


def loss_and_accuracy():
    """The translator's loss and the metric reported as its accuracy: padding is neither a
    word to predict nor one to count as right."""
    loss = keras.losses.SparseCategoricalCrossentropy(ignore_class=0)
    return loss, keras.metrics.MeanMetricWrapper(word_accuracy, name="accuracy")


def main() -> None:
    arguments = parse_arguments(
        "Train the Transformer page's English→German translator on Multi30k.", bleu=True
    )
    config = settings(CONFIG, arguments)

    # The data, and the vocabularies of the training sentences.
    split, source, target = split_sentences(config, arguments.data_dir)
    show_sizes(split)
    print(f"vocabularies: {len(source)} English, {len(target)} German words")
    split = limit_split(split, arguments.limit)
    x_train, y_train = split["train"]

    # The model.
    model = build_translator(config, len(source), len(target))
    loss, accuracy = loss_and_accuracy()
    compile_model(model, config, loss, train_examples=len(y_train), accuracy=accuracy)
    print(f"parameters: {model.count_params()}")

    # Training, on batches of sentences of similar length.
    batch_size, seed = config["batch_size"], config["seed"]
    train(
        model,
        config,
        SentenceBatches(x_train, y_train, batch_size, seed, shuffle=True).dataset(),
        SentenceBatches(*split["validation"], batch_size, seed, shuffle=False).dataset(),
    )

    # The test figure, and the model.
    x_test, references = split["test"]
    if arguments.no_bleu:
        print("test BLEU: skipped (--no-bleu)")
    else:
        score = bleu(translations(model, target, x_test), references)
        print("test BLEU: skipped (pip install sacrebleu)" if score is None else f"test BLEU: {score:.2f}")
    save(model, arguments.out, "transformer.translate", config, {"source": source, "target": target})


if __name__ == "__main__":
    main()
