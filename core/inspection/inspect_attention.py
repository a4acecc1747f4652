"""Looking inside a Transformer: every layer's and head's attention weights, and one
attention row written out step by step from the layer's own weights.

Attention arrays are shaped (layers, heads, queries, keys); a page turns them into charts.
The blocks are called one by one, eagerly, on one text: no loop runs inside, so this is
fast, and each block hands back its attention as well as its output.
"""

from __future__ import annotations

from dataclasses import dataclass

import keras
import numpy as np
from keras import ops

from core.data.multi30k import START
from core.models.transformer import DecoderBlock, EncoderBlock


def _blocks(model: keras.Model, kind: type) -> list[keras.layers.Layer]:
    return [layer for layer in model.layers if isinstance(layer, kind)]


@dataclass(frozen=True)
class EncoderAttention:
    """What the encoder of one text does."""

    weights: np.ndarray  # (layers, heads, queries, keys), each row sums to 1 over real keys
    block_inputs: np.ndarray  # (layers, length, embed_dim) what each block read
    output: np.ndarray  # (length, embed_dim) the last block's output


def encoder_attention(
    model: keras.Model, ids: np.ndarray, embedding_name: str = "embedding"
) -> EncoderAttention:
    """The encoder's attention for one text of ids (length,): every layer and head.
    Padding is masked, so passing only the real words gives the same attention."""
    ids = ops.convert_to_tensor(np.asarray(ids, dtype="int32")[np.newaxis])
    mask = ops.not_equal(ids, 0)
    x = model.get_layer(embedding_name)(ids)
    inputs, weights = [], []
    for block in _blocks(model, EncoderBlock):
        inputs.append(np.asarray(x)[0])
        x, scores = block(x, mask=mask, training=False, return_attention=True)
        weights.append(np.asarray(scores)[0])
    return EncoderAttention(np.stack(weights), np.stack(inputs), np.asarray(x)[0])


@dataclass(frozen=True)
class AttentionRow:
    """One query's attention in one head, step by step: `softmax(q·Kᵀ/√d_k)·V`."""

    query: np.ndarray  # (key_dim,) the query vector q of the chosen token
    keys: np.ndarray  # (length, key_dim) every token's key vector
    values: np.ndarray  # (length, key_dim) every token's value vector
    scores: np.ndarray  # (length,) q·k/√d_k, -inf where the key is padding
    weights: np.ndarray  # (length,) softmax of the scores
    output: np.ndarray  # (key_dim,) the weighted sum of the values


def _softmax(scores: np.ndarray) -> np.ndarray:
    finite = scores[np.isfinite(scores)]
    if not finite.size:  # weights that blew up: no number to show, rather than an error
        return np.full_like(scores, np.nan)
    shifted = np.exp(scores - finite.max())
    return shifted / shifted.sum()


def attention_row(
    layer: keras.layers.MultiHeadAttention,
    x: np.ndarray,
    key_mask: np.ndarray,
    head: int,
    query: int,
    keys_from: np.ndarray | None = None,
) -> AttentionRow:
    """The attention of token `query` in head `head` of an attention layer, from its weights.

    `x` (queries, embed_dim) is what the queries are made from; `keys_from` (keys,
    embed_dim) what keys and values are made from (`x` itself for self-attention; the
    English encoding for cross-attention). `key_mask` (keys,) marks the keys the query may
    see: real tokens, and for the decoder only the words up to its own.
    """
    wq, bq = (np.asarray(w, dtype=np.float64) for w in layer.query_dense.get_weights())
    wk, bk = (np.asarray(w, dtype=np.float64) for w in layer.key_dense.get_weights())
    wv, bv = (np.asarray(w, dtype=np.float64) for w in layer.value_dense.get_weights())
    x = np.asarray(x, dtype=np.float64)
    keys_from = x if keys_from is None else np.asarray(keys_from, dtype=np.float64)
    q = x[query] @ wq[:, head] + bq[head]  # kernels are (embed_dim, heads, key_dim)
    k = keys_from @ wk[:, head] + bk[head]
    v = keys_from @ wv[:, head] + bv[head]
    scores = k @ q / np.sqrt(q.shape[-1])
    scores = np.where(key_mask, scores, -np.inf)
    weights = _softmax(scores)
    return AttentionRow(q, k, v, scores, weights, weights @ v)


@dataclass(frozen=True)
class DecoderAttention:
    """What the decoder does while writing one translation. Position i reads
    `[start] w1 … wi` and chooses word i + 1 (or `[end]`)."""

    self_weights: np.ndarray  # (layers, heads, positions, positions), zero above the diagonal
    cross_weights: np.ndarray  # (layers, heads, positions, English tokens): the alignment
    block_inputs: np.ndarray  # (layers, positions, embed_dim) what each block read
    cross_queries: np.ndarray  # (layers, positions, embed_dim) what cross-attention's queries came from
    encoded: np.ndarray  # (English tokens, embed_dim) the encoder's output, cross-attention's keys
    encoder: EncoderAttention  # the encoder's own attention over the English


def decoder_attention(model: keras.Model, source_ids: np.ndarray, output_ids: list[int]) -> DecoderAttention:
    """The decoder's attention while it reads `[start]` and its own translation `output_ids`
    (without `[end]`), for English ids (length,): every layer and head."""
    encoder = encoder_attention(model, source_ids, "source_embedding")
    source = ops.convert_to_tensor(np.asarray(source_ids, dtype="int32")[np.newaxis])
    prefix = ops.convert_to_tensor(np.array([[START, *output_ids]], dtype="int32"))
    mask, source_mask = ops.not_equal(prefix, 0), ops.not_equal(source, 0)
    encoded = ops.convert_to_tensor(encoder.output[np.newaxis])
    y = model.get_layer("target_embedding")(prefix)
    inputs, self_weights, cross_weights, queries = [], [], [], []
    for block in _blocks(model, DecoderBlock):
        inputs.append(np.asarray(y)[0])
        y, self_scores, cross_scores, cross_from = block(
            y, encoded, mask=mask, encoded_mask=source_mask, training=False, return_attention=True
        )
        self_weights.append(np.asarray(self_scores)[0])
        cross_weights.append(np.asarray(cross_scores)[0])
        queries.append(np.asarray(cross_from)[0])
    return DecoderAttention(
        np.stack(self_weights),
        np.stack(cross_weights),
        np.stack(inputs),
        np.stack(queries),
        encoder.output,
        encoder,
    )


# One row of each kind of attention, written out for the views: `layer`, `head` and `query`
# index the weights the functions above returned.


def encoder_row(
    model: keras.Model, encoder: EncoderAttention, layer: int, head: int, query: int
) -> AttentionRow:
    block = _blocks(model, EncoderBlock)[layer]
    real = np.ones(len(encoder.output), dtype=bool)  # the text is given without padding
    return attention_row(block.attention, encoder.block_inputs[layer], real, head, query)


def decoder_row(
    model: keras.Model, decoder: DecoderAttention, layer: int, head: int, query: int
) -> AttentionRow:
    block = _blocks(model, DecoderBlock)[layer]
    seen = np.arange(decoder.block_inputs.shape[1]) <= query  # the words so far, not the ones after
    return attention_row(block.self_attention, decoder.block_inputs[layer], seen, head, query)


def cross_row(
    model: keras.Model, decoder: DecoderAttention, layer: int, head: int, query: int
) -> AttentionRow:
    block = _blocks(model, DecoderBlock)[layer]
    real = np.ones(len(decoder.encoded), dtype=bool)
    return attention_row(
        block.cross_attention, decoder.cross_queries[layer], real, head, query, keys_from=decoder.encoded
    )
