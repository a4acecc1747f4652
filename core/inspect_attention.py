"""Looking inside a Transformer: every layer's and head's attention weights, and one
attention row written out step by step from the layer's own weights.

Attention arrays are shaped (layers, heads, queries, keys); a page turns them into charts.
"""

from __future__ import annotations

from dataclasses import dataclass

import keras
import numpy as np
from keras import ops

from core.transformer import EncoderBlock


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
    """The encoder's attention for one text of ids (max_length,): every layer and head.

    The blocks are called one by one on this text (no loop inside, so eagerly is fast),
    each asked for its attention weights as well as its output.
    """
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
    shifted = np.exp(scores - scores[np.isfinite(scores)].max())
    return shifted / shifted.sum()


def attention_row(
    block: EncoderBlock, x: np.ndarray, key_mask: np.ndarray, head: int, query: int
) -> AttentionRow:
    """The attention of token `query` in head `head` of an encoder block, from its weights.

    `x` (length, embed_dim) is what the block read; `key_mask` (length,) marks real tokens.
    """
    layer = block.attention
    wq, bq = (np.asarray(w, dtype=np.float64) for w in layer.query_dense.get_weights())
    wk, bk = (np.asarray(w, dtype=np.float64) for w in layer.key_dense.get_weights())
    wv, bv = (np.asarray(w, dtype=np.float64) for w in layer.value_dense.get_weights())
    x = np.asarray(x, dtype=np.float64)
    q = x[query] @ wq[:, head] + bq[head]  # kernels are (embed_dim, heads, key_dim)
    k = x @ wk[:, head] + bk[head]
    v = x @ wv[:, head] + bv[head]
    scores = k @ q / np.sqrt(q.shape[-1])
    scores = np.where(key_mask, scores, -np.inf)
    weights = _softmax(scores)
    return AttentionRow(q, k, v, scores, weights, weights @ v)
