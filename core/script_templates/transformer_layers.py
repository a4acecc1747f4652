"""The Transformer's layers (A. Vaswani et al., "Attention Is All You Need", NeurIPS 2017:
post-norm blocks, sinusoidal positions), built from Keras' `MultiHeadAttention`. They are
registered under the app's names (package 'playground'), so the app opens a model saved
with them, and a model the app saved loads with them. Asked to, the blocks also return
their attention weights, shaped (batch, heads, queries, keys): what the app shows."""

import math
import warnings

import keras
import numpy as np
from keras import ops

PACKAGE = "playground"  # where the custom layers are registered for saving and loading

# A one-word sequence (the first step of a translation) attends over one word, which
# Keras warns about; it is intended.
warnings.filterwarnings("ignore", message="You are using a softmax over axis")


def sinusoid_table(max_length: int, embed_dim: int) -> np.ndarray:
    """(max_length, embed_dim) fixed position vectors: sin on even, cos on odd dimensions,
    wavelengths from 2π to 10000·2π (Vaswani et al., section 3.5)."""
    positions = np.arange(max_length)[:, np.newaxis]
    rates = 1.0 / np.power(10_000.0, (2 * (np.arange(embed_dim) // 2)) / embed_dim)
    angles = positions * rates[np.newaxis, :]
    table = np.zeros((max_length, embed_dim), dtype=np.float32)
    table[:, 0::2] = np.sin(angles[:, 0::2])
    table[:, 1::2] = np.cos(angles[:, 1::2])
    return table


@keras.saving.register_keras_serializable(package=PACKAGE)
class PositionalEmbedding(keras.layers.Layer):
    """Token vectors (scaled by √embed_dim) plus position vectors; id 0 is padding and masked."""

    def __init__(self, vocab_size: int, max_length: int, embed_dim: int, positional: str, **kwargs):
        super().__init__(**kwargs)
        self.vocab_size, self.max_length, self.embed_dim = vocab_size, max_length, embed_dim
        self.positional = positional
        self.tokens = keras.layers.Embedding(vocab_size, embed_dim, mask_zero=True, name="tokens")
        if positional == "learned":
            self.positions = keras.layers.Embedding(max_length, embed_dim, name="positions")
        else:
            self.table = sinusoid_table(max_length, embed_dim)

    def build(self, input_shape):
        self.tokens.build(input_shape)
        if self.positional == "learned":
            self.positions.build((None,))
        self.built = True

    def call(self, ids):
        length = ops.shape(ids)[-1]
        vectors = self.tokens(ids) * math.sqrt(self.embed_dim)
        if self.positional == "learned":
            return vectors + self.positions(ops.arange(length))
        return vectors + ops.convert_to_tensor(self.table)[:length]

    def compute_mask(self, ids, mask=None):
        return ops.not_equal(ids, 0)

    def get_config(self):
        return {
            **super().get_config(),
            "vocab_size": self.vocab_size,
            "max_length": self.max_length,
            "embed_dim": self.embed_dim,
            "positional": self.positional,
        }


def _feed_forward(embed_dim: int, ff_dim: int, name: str) -> keras.Sequential:
    return keras.Sequential(
        [keras.layers.Dense(ff_dim, activation="relu"), keras.layers.Dense(embed_dim)], name=name
    )


def padding_attention_mask(query_mask, key_mask):
    """(batch, queries, keys) True where a query may look at a key: both are real tokens."""
    return ops.logical_and(ops.expand_dims(query_mask, -1), ops.expand_dims(key_mask, -2))


class _Block(keras.layers.Layer):
    """What encoder and decoder blocks share: their sizes, kept for saving."""

    def __init__(
        self,
        embed_dim: int,
        num_heads: int,
        ff_dim: int,
        dropout_rate: float,
        seed: int | None = None,
        **kwargs,
    ):
        super().__init__(**kwargs)
        self.embed_dim, self.num_heads, self.ff_dim = embed_dim, num_heads, ff_dim
        self.dropout_rate, self.seed = dropout_rate, seed
        self.supports_masking = True

    def _seed(self, index: int) -> int | None:
        return None if self.seed is None else self.seed + index

    def _dropout(self, index: int) -> keras.layers.Dropout:
        return keras.layers.Dropout(self.dropout_rate, seed=self._seed(index))

    def get_config(self):
        return {
            **super().get_config(),
            "embed_dim": self.embed_dim,
            "num_heads": self.num_heads,
            "ff_dim": self.ff_dim,
            "dropout_rate": self.dropout_rate,
            "seed": self.seed,
        }


@keras.saving.register_keras_serializable(package=PACKAGE)
class EncoderBlock(_Block):
    """Self-attention over the text, then a feed-forward network; each followed by a
    residual connection and layer normalisation. Padding keys get no attention."""

    def __init__(self, embed_dim: int, num_heads: int, ff_dim: int, dropout_rate: float, **kwargs):
        super().__init__(embed_dim, num_heads, ff_dim, dropout_rate, **kwargs)
        self.attention = keras.layers.MultiHeadAttention(
            num_heads, embed_dim // num_heads, seed=self._seed(4), name="attention"
        )
        self.feed_forward = _feed_forward(embed_dim, ff_dim, "feed_forward")
        self.norm1 = keras.layers.LayerNormalization(name="norm1")
        self.norm2 = keras.layers.LayerNormalization(name="norm2")
        self.dropout1, self.dropout2 = self._dropout(1), self._dropout(2)

    def build(self, input_shape):
        self.attention.build(input_shape, input_shape)
        self.feed_forward.build(input_shape)
        self.norm1.build(input_shape)
        self.norm2.build(input_shape)
        self.built = True

    def call(self, x, mask=None, training=None, return_attention=False):
        attention_mask = None if mask is None else padding_attention_mask(mask, mask)
        attended, scores = self.attention(
            x, x, attention_mask=attention_mask, return_attention_scores=True, training=training
        )  # scores: (batch, heads, queries, keys)
        x = self.norm1(x + self.dropout1(attended, training=training))
        x = self.norm2(x + self.dropout2(self.feed_forward(x), training=training))
        return (x, scores) if return_attention else x

    def compute_mask(self, x, mask=None):
        return mask


@keras.saving.register_keras_serializable(package=PACKAGE)
class DecoderBlock(_Block):
    """Masked self-attention over the German words so far (a word never sees the ones
    after it), cross-attention from them to the English words, then a feed-forward
    network; each with a residual connection and layer normalisation.

    With `return_attention`, the call also returns the self- and cross-attention weights
    and the states cross-attention made its queries from."""

    def __init__(self, embed_dim: int, num_heads: int, ff_dim: int, dropout_rate: float, **kwargs):
        super().__init__(embed_dim, num_heads, ff_dim, dropout_rate, **kwargs)
        key_dim = embed_dim // num_heads
        self.self_attention = keras.layers.MultiHeadAttention(
            num_heads, key_dim, seed=self._seed(4), name="self_attention"
        )
        self.cross_attention = keras.layers.MultiHeadAttention(
            num_heads, key_dim, seed=self._seed(5), name="cross_attention"
        )
        self.feed_forward = _feed_forward(embed_dim, ff_dim, "feed_forward")
        self.norms = [keras.layers.LayerNormalization(name=f"norm{i}") for i in (1, 2, 3)]
        self.dropouts = [self._dropout(index) for index in (1, 2, 3)]

    def build(self, input_shape):
        self.self_attention.build(input_shape, input_shape)
        self.cross_attention.build(input_shape, input_shape)
        self.feed_forward.build(input_shape)
        for norm in self.norms:
            norm.build(input_shape)
        self.built = True

    def call(self, x, encoded, mask=None, encoded_mask=None, training=None, return_attention=False):
        length = ops.shape(x)[1]
        causal = ops.tril(ops.ones((length, length), dtype="bool"))[np.newaxis]  # (1, queries, keys)
        self_mask = causal if mask is None else ops.logical_and(causal, padding_attention_mask(mask, mask))
        attended, self_scores = self.self_attention(
            x, x, attention_mask=self_mask, return_attention_scores=True, training=training
        )
        x = self.norms[0](x + self.dropouts[0](attended, training=training))
        cross_queries = x  # what cross-attention's queries are made from
        cross_mask = None
        if mask is not None and encoded_mask is not None:
            cross_mask = padding_attention_mask(mask, encoded_mask)
        attended, cross_scores = self.cross_attention(
            x, encoded, attention_mask=cross_mask, return_attention_scores=True, training=training
        )
        x = self.norms[1](x + self.dropouts[1](attended, training=training))
        x = self.norms[2](x + self.dropouts[2](self.feed_forward(x), training=training))
        return (x, self_scores, cross_scores, cross_queries) if return_attention else x

    def compute_mask(self, x, encoded=None, mask=None, encoded_mask=None):
        return mask


def initialise(model: keras.Model, seed: int) -> None:
    """Draw every random initial weight from `seed`, as Keras' defaults would (Glorot-uniform
    kernels, uniform ±0.05 embeddings), without touching the process-wide random state
    (which other models being built at the same time use). Each weight gets its own seed:
    one seeded initializer reused for the query, key and value projections would make
    them equal."""
    for index, weight in enumerate(model.weights):
        name = weight.path.rsplit("/", 1)[-1]
        if name == "kernel":
            initializer = keras.initializers.GlorotUniform(seed=seed * 1000 + index)
        elif name == "embeddings":
            initializer = keras.initializers.RandomUniform(-0.05, 0.05, seed=seed * 1000 + index)
        else:
            continue  # biases and normalisation start at fixed values
        weight.assign(initializer(weight.shape, dtype=weight.dtype))


def encoder_blocks(x, config: dict):
    """The encoder: `num_encoder_layers` blocks over the embedded source, named encoder1…"""
    for number in range(1, config["num_encoder_layers"] + 1):
        x = EncoderBlock(
            config["embed_dim"],
            config["num_heads"],
            config["ff_dim"],
            config["dropout_rate"],
            seed=config["seed"] * 100 + 10 * number,
            name=f"encoder{number}",
        )(x)
    return x
