"""Attention charts: the data behind each chart is the weights given, in token order, and the
encodings show tokens, a colour scale from 0 to the largest weight shown and one panel per
layer and head."""

import json
import re

import numpy as np
import pandas as pd
import pytest

from core.charts import attention_charts
from core.i18n import t

TOKENS = ["the", "cat", "sat", "on", "the", "mat"]  # "the" twice: positions must keep them apart
EXPRESSION = re.compile(r"^(\[.*\])\[datum\.(\w+)\]$")


def random_weights(*shape, seed=0):
    """Rows that sum to 1, with a spread of sizes."""
    weights = np.random.default_rng(seed).random(shape) ** 3
    return weights / weights.sum(axis=-1, keepdims=True)


def frame(spec, part=None):
    """The inline data of a chart (or of one layer of it) as a DataFrame."""
    return pd.DataFrame(spec["datasets"][(part or spec)["data"]["name"]])


def lookup(expression, value, field="value"):
    """Evaluate a `[names…][datum.field]` Vega expression in Python, checking it reads `field`."""
    names, read = EXPRESSION.match(expression).groups()
    assert read == field
    return json.loads(names)[value]


def test_heatmap_has_one_row_per_cell_holding_the_weights_in_order():
    weights = random_weights(4, 6)
    spec = attention_charts.attention_heatmap(weights, TOKENS[:4], TOKENS).to_dict()
    data = frame(spec)
    assert len(data) == 4 * 6
    np.testing.assert_array_equal(data["weight"], weights.reshape(-1))
    np.testing.assert_array_equal(data["query"], np.repeat(np.arange(4), 6))
    np.testing.assert_array_equal(data["key"], np.tile(np.arange(6), 4))
    assert list(data["query_token"]) == [TOKENS[q] for q in data["query"]]
    assert list(data["key_token"]) == [TOKENS[k] for k in data["key"]]


def test_heatmap_axes_follow_token_order_and_show_the_tokens_even_when_repeated():
    spec = attention_charts.attention_heatmap(random_weights(6, 6), TOKENS, TOKENS, title="Head 1").to_dict()
    data = frame(spec)
    for channel, field in (("x", "key"), ("y", "query")):
        encoding = spec["encoding"][channel]
        assert (encoding["field"], encoding["type"]) == (field, "ordinal")
        # Positions, not tokens, are the categories: both "the" get their own row and column,
        # sorted ascending (the default for an ordinal field), so first token top / left.
        assert encoding.get("sort", "ascending") == "ascending"
        assert not encoding.get("scale", {}).get("reverse", False)
        assert sorted(data[field].unique()) == list(range(len(TOKENS)))
        shown = [lookup(encoding["axis"]["labelExpr"], position) for position in range(len(TOKENS))]
        assert shown == TOKENS
    assert spec["encoding"]["x"]["axis"]["labelAngle"] != 0
    assert spec["title"] == "Head 1"


def test_heatmap_colour_spans_0_to_the_largest_weight_shown_and_tooltip_names_both_tokens():
    weights = random_weights(3, 3) / 4
    spec = attention_charts.attention_heatmap(weights, TOKENS[:3], TOKENS[:3]).to_dict()
    colour = spec["encoding"]["color"]
    assert colour["field"] == "weight"
    assert colour["scale"]["domain"] == [0, pytest.approx(weights.max())] and weights.max() < 0.5
    assert colour["legend"]["title"][1] == t("attention_chart.scaled", top=weights.max())
    tooltip = {entry["field"]: entry for entry in spec["encoding"]["tooltip"]}
    assert set(tooltip) == {"query_token", "key_token", "weight"}
    assert tooltip["weight"]["format"] == ".3f"


def test_heatmap_keeps_a_causal_masks_zeros_above_the_diagonal():
    weights = np.tril(random_weights(6, 6))
    weights /= weights.sum(axis=1, keepdims=True)
    data = frame(attention_charts.attention_heatmap(weights, TOKENS, TOKENS).to_dict())
    assert len(data) == 36
    future = data[data["key"] > data["query"]]
    assert len(future) == 15
    assert (future["weight"] == 0).all()
    assert (data[data["key"] <= data["query"]]["weight"] > 0).all()


def test_heatmap_rejects_weights_that_do_not_match_the_tokens():
    with pytest.raises(ValueError):
        attention_charts.attention_heatmap(random_weights(6, 5), TOKENS, TOKENS)


def test_grid_has_every_layer_head_and_cell_and_one_panel_per_layer_and_head():
    layers, heads = 2, 3
    queries = ["a", "b", "a", "c"]  # fewer queries than keys, as in a decoder's cross-attention
    weights = random_weights(layers, heads, 4, 6)
    spec = attention_charts.attention_grid(weights, queries, TOKENS).to_dict()
    data = frame(spec)
    assert len(data) == layers * heads * 4 * 6
    np.testing.assert_array_equal(data["weight"], weights.reshape(-1).astype(np.float32))  # sent as float32
    layer, head, query, key = np.indices(weights.shape).reshape(4, -1)
    for field, expected in (("layer", layer), ("head", head), ("query", query), ("key", key)):
        np.testing.assert_array_equal(data[field], expected)

    row, column = spec["facet"]["row"], spec["facet"]["column"]
    assert (row["field"], column["field"]) == ("layer", "head")
    panels = data.groupby(["layer", "head"]).size()
    assert len(panels) == layers * heads
    assert (panels == 4 * 6).all()
    assert [lookup(row["header"]["labelExpr"], i) for i in range(layers)] == ["Layer 1", "Layer 2"]
    assert [lookup(column["header"]["labelExpr"], i) for i in range(heads)] == ["Head 1", "Head 2", "Head 3"]

    panel = spec["spec"]
    assert panel["encoding"]["color"]["scale"]["domain"] == [0, pytest.approx(weights.max())]  # one scale
    assert panel["encoding"]["x"]["axis"] is None and panel["encoding"]["y"]["axis"] is None
    assert 100 <= panel["width"] <= 140 and panel["width"] == panel["height"]
    computed = {step["as"]: step["calculate"] for step in panel["transform"]}
    tooltip = [entry["field"] for entry in panel["encoding"]["tooltip"]]
    assert tooltip == ["layer_name", "head_name", "query_token", "key_token", "weight"]
    assert [lookup(computed["query_token"], q, "query") for q in range(4)] == queries
    assert [lookup(computed["key_token"], k, "key") for k in range(6)] == TOKENS
    assert lookup(computed["layer_name"], 1, "layer") == "Layer 2"
    assert lookup(computed["head_name"], 2, "head") == "Head 3"


def lines_of(spec):
    (rule,) = [layer for layer in spec["layer"] if layer["mark"]["type"] == "rule"]
    return rule, frame(spec, rule)


def test_head_view_draws_a_line_for_each_weight_of_at_least_0_01():
    weights = random_weights(6, 6)
    weights[2] = [0.005, 0.009, 0.01, 0.3, 0.5, 0.176]
    rule, lines = lines_of(attention_charts.head_view(weights, TOKENS, TOKENS).to_dict())
    expected = set(zip(*np.nonzero(weights >= 0.01)))
    assert set(zip(lines["query"], lines["key"])) == expected
    assert len(lines) == len(expected) < 36
    assert (lines["weight"] >= 0.01).all()
    np.testing.assert_allclose(lines["weight"], weights[lines["query"], lines["key"]])
    encoding = rule["encoding"]
    assert (encoding["y"]["field"], encoding["y2"]["field"]) == ("query", "key")


def test_head_view_with_a_selected_query_draws_only_its_lines_and_highlights_it():
    weights = random_weights(6, 6)
    spec = attention_charts.head_view(weights, TOKENS, TOKENS, selected=4).to_dict()
    _, lines = lines_of(spec)
    assert set(lines["query"]) == {4}
    assert set(lines["key"]) == set(np.nonzero(weights[4] >= 0.01)[0])
    texts = [layer for layer in spec["layer"] if layer["mark"]["type"] == "text"]
    (bold,) = [layer for layer in texts if layer["mark"].get("fontWeight") == "bold"]
    highlighted = frame(spec, bold)
    assert list(zip(highlighted["position"], highlighted["token"])) == [(4, "the")]
    plain_queries = [
        frame(spec, layer)
        for layer in texts
        if layer["mark"]["align"] == "right"
        and "fontWeight" not in layer["mark"]
        and "fontStyle" not in layer["mark"]
    ]
    assert sorted(pd.concat(plain_queries)["position"]) == [0, 1, 2, 3, 5]

    unselected = attention_charts.head_view(weights, TOKENS, TOKENS).to_dict()
    assert len(set(lines_of(unselected)[1]["query"])) == 6
    with pytest.raises(ValueError):
        attention_charts.head_view(weights, TOKENS, TOKENS, selected=6)


def test_head_view_line_opacity_and_width_grow_with_the_weight():
    rule, lines = lines_of(attention_charts.head_view(random_weights(6, 6), TOKENS, TOKENS).to_dict())
    assert (rule["encoding"]["opacity"]["field"], rule["encoding"]["opacity"]["scale"]) == ("opacity", None)
    assert rule["encoding"]["strokeWidth"]["field"] == "width"
    ordered = lines.sort_values("weight")
    assert ordered["weight"].diff().dropna().gt(0).all(), "the test needs distinct weights"
    assert ordered["opacity"].diff().dropna().gt(0).all()
    assert ordered["width"].diff().dropna().gt(0).all()
    assert ordered["opacity"].between(0, 1).all()


def test_a_head_spreading_its_attention_thinly_is_not_drawn_white():
    """A classifier's head over 12 words, all weights 0.05 to 0.11: the strongest cell is the
    darkest colour and the strongest line fully opaque, not a tenth of the way there."""
    rows = np.random.default_rng(3).uniform(0.6, 1.0, size=(12, 12))
    weights = rows / rows.sum(axis=1, keepdims=True)
    assert 0.04 < weights.min() and weights.max() < 0.12
    heatmap = attention_charts.attention_heatmap(weights, TOKENS * 2, TOKENS * 2).to_dict()
    assert heatmap["encoding"]["color"]["scale"]["domain"] == [0, pytest.approx(weights.max())]
    _, lines = lines_of(attention_charts.head_view(weights, TOKENS * 2, TOKENS * 2).to_dict())
    assert lines["opacity"].max() == pytest.approx(1.0) and lines["opacity"].min() > 0.15 + 0.85 * 0.4
    assert lines["width"].max() == pytest.approx(0.75 + 3.75)
    nearly_nothing = np.full((3, 3), 0.001)  # a map of near-zero weights does not look strong
    faint = attention_charts.attention_heatmap(nearly_nothing, TOKENS[:3], TOKENS[:3]).to_dict()
    assert faint["encoding"]["color"]["scale"]["domain"] == [0, attention_charts.MIN_TOP]


def test_head_view_height_grows_with_the_tokens():
    short = attention_charts.head_view(random_weights(3, 3), TOKENS[:3], TOKENS[:3]).to_dict()
    long = attention_charts.head_view(random_weights(6, 6), TOKENS, TOKENS).to_dict()
    assert long["height"] - short["height"] == 3 * attention_charts.ROW_HEIGHT
