"""The Transformer page's views of one attention: a head as a heatmap, the head view, every
layer and head as a grid, and one row of `softmax(QKᵀ/√d_k)·V` written out with numbers."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd
import streamlit as st

from core.charts import attention_charts
from core.i18n import t
from core.inspection.inspect_attention import AttentionRow
from ui.page_parts import kept, lazy_section

FORMULA_DIMENSIONS = 8  # vector entries written out in the formula panel
WINDOW = 40  # tokens drawn at once: a 400-word review is shown 40 tokens at a time
MATCH_TOLERANCE = 1e-4  # the model computes in float32, the formula here in float64


@dataclass(frozen=True)
class Attention:
    """One kind of attention over one text, as the page shows it."""

    name: str  # shown in titles ("Encoder self-attention")
    weights: np.ndarray  # (layers, heads, queries, keys)
    query_tokens: list[str]
    key_tokens: list[str]
    help: str  # how to read it
    # (layer, head, query) -> the row written out from the layer's weights
    row: Callable[[int, int, int], AttentionRow]


def _window(page: str, tokens: list[str]) -> slice:
    """The tokens drawn: all of a short text; for a long one, WINDOW tokens the person picks."""
    if len(tokens) <= WINDOW:
        return slice(0, len(tokens))
    starts = list(range(0, len(tokens), WINDOW))
    start = st.select_slider(
        t("attention.window"),
        starts,
        format_func=lambda first: f"{first + 1}–{min(first + WINDOW, len(tokens))}",
        key=kept(f"{page}.window", 0, lambda first: first in starts),
        help=t("attention.window_help", count=len(tokens), window=WINDOW),
    )
    return slice(start, start + WINDOW)


def explore(page: str, attention: Attention) -> None:
    """All views of `attention`, with one layer, head and query token chosen by the person."""
    st.caption(attention.help)
    rows = _window(page, attention.query_tokens)
    # Self-attention: the same tokens on both axes. Cross-attention: every English token.
    same = attention.query_tokens == attention.key_tokens
    columns = rows if same else slice(0, len(attention.key_tokens))
    queries, keys = attention.query_tokens[rows], attention.key_tokens[columns]
    first = rows.start
    layers, heads = attention.weights.shape[:2]
    layer_col, head_col, token_col = st.columns([1, 1, 2])
    # Kept while the tab is hidden (`kept`), while the model and the text still have them.
    layer = layer_col.selectbox(
        t("attention.layer"),
        range(layers),
        format_func=lambda i: f"{i + 1}",
        key=kept(f"{page}.layer", 0, lambda i: 0 <= i < layers),
    )
    head = head_col.selectbox(
        t("attention.head"),
        range(heads),
        format_func=lambda i: f"{i + 1}",
        key=kept(f"{page}.head", 0, lambda i: 0 <= i < heads),
    )
    # A shorter text, or another window, starts at the window's first token.
    token_key = kept(f"{page}.query", first, lambda i: first <= i < first + len(queries))
    query = token_col.select_slider(
        t("attention.query"),
        range(first, first + len(queries)),
        format_func=lambda i: f"{i + 1} · {attention.query_tokens[i]}",
        key=token_key,
    )
    window = attention.weights[:, :, rows, columns]
    map_col, view_col = st.columns([3, 2], gap="medium")
    with map_col:
        title = t("attention.head_title", name=attention.name, layer=layer + 1, head=head + 1)
        st.altair_chart(
            attention_charts.attention_heatmap(window[layer, head], queries, keys, title), width="content"
        )
    with view_col:
        st.markdown(t("attention.head_view"))
        st.caption(t("attention.head_view_help", token=attention.query_tokens[query]))
        st.altair_chart(
            attention_charts.head_view(window[layer, head], queries, keys, selected=query - first),
            width="stretch",
        )
    st.subheader(t("attention.grid"))
    st.caption(t("attention.grid_help"))
    st.altair_chart(attention_charts.attention_grid(window, queries, keys), width="content")
    if numbers := lazy_section(f"{page}.formula_numbers", t("attention.formula")):
        with numbers:  # computed only while opened
            formula(attention, layer, head, query)


def formula(attention: Attention, layer: int, head: int, query: int) -> None:
    """The chosen query's attention in the chosen head, step by step from the layer's weights,
    beside the weights the model itself used."""
    row = attention.row(layer, head, query)
    used = attention.weights[layer, head, query]
    d_k = len(row.query)
    shown = min(FORMULA_DIMENSIONS, d_k)
    st.latex(r"\mathrm{Attention}(Q, K, V) = \mathrm{softmax}\!\left(\frac{QK^\top}{\sqrt{d_k}}\right) V")
    st.caption(
        t(
            "attention.formula_help",
            token=attention.query_tokens[query],
            layer=layer + 1,
            head=head + 1,
            d_k=d_k,
            root=np.sqrt(d_k),
            shown=shown,
        )
    )
    vector = pd.DataFrame([row.query[:shown]], index=["q"], columns=[f"{i + 1}" for i in range(shown)])
    st.dataframe(vector.style.format("{:+.3f}"), width="stretch")
    masked = ~np.isfinite(row.scores)
    table = pd.DataFrame(
        {
            t("attention.col_key"): attention.key_tokens,
            "q·k": np.where(masked, np.nan, row.keys @ row.query),
            "q·k / √d_k": np.where(masked, np.nan, row.scores),
            "softmax": row.weights,
            t("attention.col_used"): used,
        }
    )
    st.dataframe(
        table.style.format("{:+.3f}", subset=["q·k", "q·k / √d_k"], na_rep=t("attention.masked")).format(
            "{:.4f}", subset=["softmax", t("attention.col_used")]
        ),
        width="stretch",
        hide_index=True,
    )
    output = pd.DataFrame([row.output[:shown]], index=["Σ w·v"], columns=[f"{i + 1}" for i in range(shown)])
    st.dataframe(output.style.format("{:+.3f}"), width="stretch")
    difference = float(np.abs(row.weights - used).max())
    if difference < MATCH_TOLERANCE:
        st.success(t("attention.formula_check", difference=difference))
    else:
        st.error(t("attention.formula_mismatch", difference=difference))
