"""Altair charts of attention weights. Each takes plain NumPy arrays and returns a chart; pages only
show them.

Tokens often repeat ("the … the"), so every axis is keyed by the token's position and shows the
token itself as the label: the positions keep repeated tokens apart and in reading order.
"""

from __future__ import annotations

import json

import altair as alt
import numpy as np
import pandas as pd

from core.i18n import t

CELL = 18  # pixels per token in a single heatmap: readable up to about 40 tokens
WEIGHT_RANGE = ["#ffffff", "#08519c"]  # sequential, white to dark blue
LINE_COLOUR, SELECTED_COLOUR = "#2171b5", "#e6550d"
MIN_WEIGHT = 0.01  # the head view leaves out fainter connections
MIN_TOP = 0.05  # the colour scale and the lines' strength never stretch a smaller largest weight
ROW_HEIGHT = 18  # pixels per token in the head view


def _check_shape(weights: np.ndarray, queries: int, keys: int) -> np.ndarray:
    weights = np.asarray(weights, dtype=float)
    if weights.shape[-2:] != (queries, keys):
        raise ValueError(f"Expected weights ending in ({queries}, {keys}); got {weights.shape}.")
    return weights


def _pick(names: list[str], field: str) -> str:
    """A Vega expression giving `names[field]`, e.g. the token at a position, in the browser."""
    return f"{json.dumps(list(names), ensure_ascii=False)}[{field}]"


def colour_top(weights: np.ndarray) -> float:
    """The weight the darkest colour stands for: the largest weight shown, so that a head
    spreading its attention thinly (0.05 to 0.11 over twenty words) is not drawn all white.
    Never below MIN_TOP, so that a map of near-zero weights does not look strong."""
    weights = np.asarray(weights, dtype=float)
    return float(max(weights[np.isfinite(weights)].max(initial=0.0), MIN_TOP))


def _weight_colour(weights: np.ndarray) -> alt.Color:
    # From 0 (masked: white) to the largest weight shown, which the legend's title names.
    top = colour_top(weights)
    scale = alt.Scale(domain=[0, top], range=WEIGHT_RANGE, interpolate="rgb", clamp=True)
    title = [t("attention_chart.weight"), t("attention_chart.scaled", top=top)]
    # Under the map, so its title never runs into what stands beside it; the darkest end labelled.
    legend = alt.Legend(title=title, orient="bottom", titleLimit=320, values=[0, top / 2, top], format=".2f")
    return alt.Color("weight:Q", scale=scale, legend=legend)


def _weight_tooltip() -> alt.Tooltip:
    return alt.Tooltip("weight:Q", format=".3f", title=t("attention_chart.weight"))


def attention_heatmap(
    weights: np.ndarray, query_tokens: list[str], key_tokens: list[str], title: str = ""
) -> alt.Chart:
    """One head's attention as a heatmap: `weights` is (queries, keys), each row summing to 1 over
    the real keys.

    Queries run down the y axis and keys along the x axis, both in token order. Masked weights
    (padding, or the future under a causal mask) are drawn as 0, so a causal head is visibly
    empty above the diagonal.
    """
    weights = _check_shape(weights, len(query_tokens), len(key_tokens))
    query, key = np.indices(weights.shape).reshape(2, -1)
    data = pd.DataFrame(
        {
            "query": query,
            "key": key,
            "query_token": np.asarray(query_tokens, dtype=object)[query],
            "key_token": np.asarray(key_tokens, dtype=object)[key],
            "weight": weights.reshape(-1),
        }
    )
    return (
        alt.Chart(data, title=title)
        .mark_rect()
        .encode(
            x=alt.X(
                "key:O",
                title=t("attention_chart.key_axis"),
                axis=alt.Axis(
                    labelExpr=_pick(key_tokens, "datum.value"),
                    labelAngle=-60,
                    labelLimit=90,
                    labelOverlap=False,
                ),
            ),
            y=alt.Y(
                "query:O",
                title=t("attention_chart.query_axis"),
                axis=alt.Axis(
                    labelExpr=_pick(query_tokens, "datum.value"), labelLimit=90, labelOverlap=False
                ),
            ),
            color=_weight_colour(weights),
            tooltip=[
                alt.Tooltip("query_token:N", title=t("attention_chart.query")),
                alt.Tooltip("key_token:N", title=t("attention_chart.key")),
                _weight_tooltip(),
            ],
        )
        .properties(width=alt.Step(CELL), height=alt.Step(CELL))
    )


def attention_grid(weights: np.ndarray, tokens_query: list[str], tokens_key: list[str]) -> alt.FacetChart:
    """Every layer's and head's attention as small heatmaps: `weights` is (layers, heads, queries,
    keys); rows are layers, columns heads, all on one colour scale, from 0 to the largest
    weight of any of them, so heads stay comparable.

    The panels are too small for token labels; the tooltip names the tokens. The data holds only
    small numbers (int16 positions, float32 weights; tokens and layer and head names are looked up
    in the browser), so even 6 layers × 8 heads × 40 × 40 tokens is under 1 MB as Streamlit sends
    it. Outside Streamlit, Altair's own `to_dict()` refuses more than 5,000 rows unless
    `alt.data_transformers.disable_max_rows()` is called.
    """
    weights = _check_shape(weights, len(tokens_query), len(tokens_key))
    layers, heads = weights.shape[:2]
    layer, head, query, key = np.indices(weights.shape, dtype=np.int16).reshape(4, -1)
    data = pd.DataFrame(
        {
            "layer": layer,
            "head": head,
            "query": query,
            "key": key,
            "weight": weights.reshape(-1).astype(np.float32),
        }
    )
    layer_names = [t("attention_chart.layer", number=i + 1) for i in range(layers)]
    head_names = [t("attention_chart.head", number=i + 1) for i in range(heads)]
    side = int(np.clip(3 * max(len(tokens_query), len(tokens_key)), 100, 140))
    panel = (
        alt.Chart(data)
        .mark_rect()
        .encode(
            x=alt.X("key:O", axis=None),
            y=alt.Y("query:O", axis=None),
            color=_weight_colour(weights),
            tooltip=[
                alt.Tooltip("layer_name:N", title=t("attention_chart.layer_title")),
                alt.Tooltip("head_name:N", title=t("attention_chart.head_title")),
                alt.Tooltip("query_token:N", title=t("attention_chart.query")),
                alt.Tooltip("key_token:N", title=t("attention_chart.key")),
                _weight_tooltip(),
            ],
        )
        .transform_calculate(
            layer_name=_pick(layer_names, "datum.layer"),
            head_name=_pick(head_names, "datum.head"),
            query_token=_pick(tokens_query, "datum.query"),
            key_token=_pick(tokens_key, "datum.key"),
        )
        .properties(width=side, height=side)
    )
    return panel.facet(
        row=alt.Row(
            "layer:O",
            header=alt.Header(labelExpr=_pick(layer_names, "datum.value"), labelAngle=0, title=None),
        ),
        column=alt.Column(
            "head:O", header=alt.Header(labelExpr=_pick(head_names, "datum.value"), title=None)
        ),
        spacing=6,
    )


def head_view(
    weights: np.ndarray, query_tokens: list[str], key_tokens: list[str], selected: int | None = None
) -> alt.LayerChart:
    """One head's attention as lines: queries listed on the left, keys on the right, a line from
    each query to each key it attends to, more opaque and wider the larger the weight, relative
    to the largest weight drawn (as the heatmap's colours), so the strongest line always shows.

    Weights below MIN_WEIGHT are left out. With `selected` (a query's position), only that
    query's lines are drawn and its token is highlighted.

    The idea is BertViz's head view: J. Vig, "A Multiscale Visualization of Attention in the
    Transformer Model", ACL 2019 (System Demonstrations).
    """
    weights = _check_shape(weights, len(query_tokens), len(key_tokens))
    if selected is not None and not 0 <= selected < len(query_tokens):
        raise ValueError(f"selected must be a query position in 0..{len(query_tokens) - 1}; got {selected}.")
    query, key = np.nonzero(weights >= MIN_WEIGHT)
    if selected is not None:
        query, key = query[query == selected], key[query == selected]
    weight = np.clip(weights[query, key], 0.0, 1.0)
    strength = weight / colour_top(weight)  # 1 for the strongest line drawn
    lines = pd.DataFrame(
        {
            "query": query,
            "key": key,
            "query_token": np.asarray(query_tokens, dtype=object)[query],
            "key_token": np.asarray(key_tokens, dtype=object)[key],
            "weight": weight,
            "opacity": 0.15 + 0.85 * strength,
            "width": 0.75 + 3.75 * strength,
            "x": 0.0,
            "x2": 1.0,
        }
    )
    rows = max(len(query_tokens), len(key_tokens), 1)
    x_scale = alt.Scale(domain=[-1, 2])  # a third of the width for each column of tokens
    y_scale = alt.Scale(domain=[-1.5, rows - 0.5], reverse=True)  # first token on top, headers above
    connections = (
        alt.Chart(lines)
        .mark_rule(color=LINE_COLOUR, strokeCap="round")
        .encode(
            x=alt.X("x:Q", scale=x_scale, axis=None),
            x2="x2:Q",
            y=alt.Y("query:Q", scale=y_scale, axis=None),
            y2="key:Q",
            opacity=alt.Opacity("opacity:Q", scale=None, legend=None),
            strokeWidth=alt.StrokeWidth("width:Q", scale=None, legend=None),
            tooltip=[
                alt.Tooltip("query_token:N", title=t("attention_chart.query")),
                alt.Tooltip("key_token:N", title=t("attention_chart.key")),
                _weight_tooltip(),
            ],
        )
    )

    def column(tokens: list[str], x: float) -> pd.DataFrame:
        return pd.DataFrame({"position": np.arange(len(tokens)), "token": list(tokens), "x": x})

    def words(data: pd.DataFrame, align: str, dx: int, **mark: object) -> alt.Chart:
        return (
            alt.Chart(data)
            .mark_text(align=align, dx=dx, baseline="middle", fontSize=12, **mark)
            .encode(
                x=alt.X("x:Q", scale=x_scale, axis=None),
                y=alt.Y("position:Q", scale=y_scale, axis=None),
                text="token:N",
            )
        )

    queries = column(query_tokens, 0.0)
    is_selected = queries["position"] == selected
    headers = pd.DataFrame(
        {
            "position": [-1, -1],
            "token": [t("attention_chart.query"), t("attention_chart.key")],
            "x": [0.0, 1.0],
        }
    )
    layers = [
        connections,
        words(queries[~is_selected], "right", -6, color="black"),
        words(queries[is_selected], "right", -6, color=SELECTED_COLOUR, fontWeight="bold"),
        words(column(key_tokens, 1.0), "left", 6, color="black"),
        words(headers.iloc[:1], "right", -6, color="grey", fontStyle="italic"),
        words(headers.iloc[1:], "left", 6, color="grey", fontStyle="italic"),
    ]
    return alt.layer(*layers).properties(width=360, height=ROW_HEIGHT * (rows + 1))
