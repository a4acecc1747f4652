"""Altair chart builders. Each takes plain data and returns a chart; pages only show them."""

from __future__ import annotations

import altair as alt
import numpy as np
import pandas as pd

from core.i18n import t

SERIES_COLOURS = ["#c6dbef", "#2171b5", "#e6550d"]  # per batch, smoothed, validation


def smooth(values: np.ndarray, weight: float = 0.9) -> np.ndarray:
    """Exponential moving average with bias correction (as TensorBoard's smoothing)."""
    out, running = np.empty(len(values)), 0.0
    for index, value in enumerate(values):
        running = weight * running + (1 - weight) * value
        out[index] = running / (1 - weight ** (index + 1))
    return out


MAX_POINTS = 400  # per series; a run on full MNIST has thousands of batches


def training_curves(batches: list[dict], epochs_log: list[dict], metric: str, title: str) -> alt.Chart:
    """`metric` ('loss' or 'accuracy') over epochs: per batch (faint), smoothed, and validation.

    Smoothing uses every batch; long runs are then thinned to at most MAX_POINTS points per
    series, which keeps a chart redrawn every second cheap to build and to render.
    """
    per_batch, smoothed_name, validation_name = (
        t("chart.per_batch"),
        t("chart.smoothed"),
        t("chart.validation"),
    )
    frames = []
    if batches:
        batch_frame = pd.DataFrame(batches)[["epoch", metric]].dropna()
        values = batch_frame[metric].to_numpy(dtype=float)
        finite = np.isfinite(values)
        batch_frame, values = batch_frame[finite], values[finite]
        smoothed = batch_frame.assign(**{metric: smooth(values), "series": smoothed_name})
        step = max(1, -(-len(batch_frame) // MAX_POINTS))
        keep = np.arange(len(batch_frame)) % step == 0
        keep[-1:] = True  # always show the latest batch
        frames.append(batch_frame[keep].assign(series=per_batch))
        frames.append(smoothed[keep])
    validation = [
        {"epoch": row["epoch"], metric: row[f"val_{metric}"], "series": validation_name}
        for row in epochs_log
        if f"val_{metric}" in row
    ]
    if validation:
        frames.append(pd.DataFrame(validation))
    data = pd.concat(frames) if frames else pd.DataFrame(columns=["epoch", metric, "series"])
    base = alt.Chart(data, title=title).encode(
        x=alt.X("epoch:Q", title=t("chart.epoch")),
        y=alt.Y(f"{metric}:Q", title=t(f"chart.{metric}"), scale=alt.Scale(zero=False)),
        color=alt.Color(
            "series:N",
            scale=alt.Scale(domain=[per_batch, smoothed_name, validation_name], range=SERIES_COLOURS),
            legend=alt.Legend(orient="top", title=None, direction="horizontal", labelLimit=160),
        ),
        tooltip=["series:N", alt.Tooltip("epoch:Q", format=".2f"), alt.Tooltip(f"{metric}:Q", format=".4f")],
    )
    lines = base.mark_line().transform_filter(alt.datum.series != validation_name)
    points = base.mark_line(point=True).transform_filter(alt.datum.series == validation_name)
    return lines + points


def probability_bars(probabilities: np.ndarray, labels: list[str] | None = None) -> alt.Chart:
    """One bar per class, the most probable one highlighted."""
    labels = labels or [str(i) for i in range(len(probabilities))]
    best = int(np.argmax(probabilities))
    # The colours are data, not an alt.condition: Altair resolves a condition by trying it
    # against the schema, which cost more than the rest of a stroke's chart.
    data = pd.DataFrame(
        {
            "class": labels,
            "probability": probabilities,
            "colour": ["#e6550d" if i == best else "#9ecae1" for i in range(len(labels))],
        }
    )
    return (
        alt.Chart(data)
        .mark_bar()
        .encode(
            x=alt.X("class:N", sort=labels, title=None, axis=alt.Axis(labelAngle=0)),
            y=alt.Y("probability:Q", scale=alt.Scale(domain=[0, 1]), title=t("chart.probability")),
            color=alt.Color("colour:N", scale=None, legend=None),
            tooltip=[alt.Tooltip("class:N"), alt.Tooltip("probability:Q", format=".3f")],
        )
        .properties(height=220)
    )


def confusion_heatmap(
    matrix: np.ndarray, selection_name: str = "cell", labels: list[str] | None = None, kind: str = "digit"
) -> alt.Chart:
    """A clickable heatmap of counts: rows true class, columns predicted class.

    Clicking a cell selects its `true` and `predicted` fields under `selection_name`.
    Classes are named by `labels`, or by their numbers; `kind` ('digit', 'sentiment') names
    the axes.
    """
    classes = matrix.shape[0]
    order = labels or [str(i) for i in range(classes)]
    data = pd.DataFrame(
        [
            {"true": order[t], "predicted": order[p], "count": int(matrix[t, p]), "correct": t == p}
            for t in range(classes)
            for p in range(classes)
        ]
    )
    pick = alt.selection_point(name=selection_name, fields=["true", "predicted"], on="click")
    base = alt.Chart(data).encode(
        x=alt.X(
            "predicted:N",
            sort=order,
            title=t(f"chart.predicted.{kind}"),
            axis=alt.Axis(orient="top", labelAngle=0),
        ),
        y=alt.Y("true:N", sort=order, title=t(f"chart.true.{kind}")),
    )
    cells = (
        base.mark_rect(stroke="white")
        .encode(
            color=alt.Color("count:Q", scale=alt.Scale(scheme="blues", type="symlog"), legend=None),
            opacity=alt.condition(pick, alt.value(1.0), alt.value(0.45)),
            tooltip=["true:N", "predicted:N", "count:Q"],
        )
        .add_params(pick)
    )
    text = base.mark_text(fontSize=11).encode(
        text="count:Q",
        color=alt.condition(alt.datum.count > matrix.max() / 3, alt.value("white"), alt.value("black")),
    )
    side = 360 if classes > 2 else 240
    return (cells + text).properties(width=side, height=side)


def matrix_with_values(values: np.ndarray, title: str, highlight: tuple[int, int] | None = None) -> alt.Chart:
    """A small matrix (k × k) as coloured cells with each number written in it."""
    rows, cols = values.shape
    limit = float(np.abs(values).max()) or 1.0
    data = pd.DataFrame(
        [
            {
                "row": r,
                "col": c,
                "value": float(values[r, c]),
                "edge": "black" if (r, c) == highlight else "white",
                # White on the darkest cells, black elsewhere, so every number stays legible.
                "ink": "white" if abs(values[r, c]) > 0.6 * limit else "black",
            }
            for r in range(rows)
            for c in range(cols)
        ]
    )
    base = alt.Chart(data, title=title).encode(x=alt.X("col:O", axis=None), y=alt.Y("row:O", axis=None))
    cells = base.mark_rect(strokeWidth=3).encode(
        color=alt.Color(
            "value:Q", scale=alt.Scale(scheme="redblue", domain=[-limit, limit], reverse=True), legend=None
        ),
        stroke=alt.Stroke("edge:N", scale=None, legend=None),  # colours as data: see probability_bars
    )
    text = base.mark_text(fontSize=11 if cols <= 5 else 8).encode(
        text=alt.Text("value:Q", format=".2f"), color=alt.Color("ink:N", scale=None, legend=None)
    )
    step = 40 if cols <= 5 else 26  # pixels per cell, so cells stay square
    # The cells' colours are a scale, the numbers' are colours as they are: two scales.
    layered = (cells + text).resolve_scale(color="independent")
    return layered.properties(width=alt.Step(step), height=alt.Step(step))


POSITIVE_COLOUR, NEGATIVE_COLOUR = "#1a9850", "#d73027"


def _word_labels(tokens: list[str]) -> list[str]:
    # Position first, so repeated words stay separate categories on an axis.
    return [f"{index + 1}·{token}" for index, token in enumerate(tokens)]


def sentiment_bar(probability: float) -> alt.Chart:
    """One horizontal bar split into the negative and positive probability, 0.5 marked."""
    data = pd.DataFrame(
        {
            "side": [t("review.negative"), t("review.positive")],
            "share": [1 - probability, probability],
            "order": [0, 1],
        }
    )
    bar = (
        alt.Chart(data)
        .mark_bar(height=28)
        .encode(
            x=alt.X(
                "share:Q", stack="zero", scale=alt.Scale(domain=[0, 1]), axis=alt.Axis(format="%"), title=None
            ),
            color=alt.Color(
                "side:N",
                scale=alt.Scale(domain=list(data["side"]), range=[NEGATIVE_COLOUR, POSITIVE_COLOUR]),
                legend=alt.Legend(orient="top", title=None),
            ),
            order="order:Q",
            tooltip=["side:N", alt.Tooltip("share:Q", format=".1%")],
        )
    )
    middle = alt.Chart(pd.DataFrame({"x": [0.5]})).mark_rule(color="black", strokeDash=[3, 3]).encode(x="x:Q")
    return (bar + middle).properties(height=60)


def word_trajectory(tokens: list[str], probabilities: np.ndarray) -> alt.Chart:
    """The positive probability after each word: a line over the review's words."""
    data = pd.DataFrame(
        {
            "word": _word_labels(tokens),
            "token": tokens,
            "probability": probabilities,
            "position": range(1, len(tokens) + 1),
        }
    )
    order = list(data["word"])
    base = alt.Chart(data).encode(
        x=alt.X("word:O", sort=order, title=None, axis=alt.Axis(labelAngle=-60, labelOverlap=True)),
        y=alt.Y("probability:Q", scale=alt.Scale(domain=[0, 1]), title=t("chart.positive_probability")),
        tooltip=[
            alt.Tooltip("position:Q", title=t("chart.word_number")),
            alt.Tooltip("token:N", title=t("chart.word")),
            alt.Tooltip("probability:Q", format=".3f"),
        ],
    )
    line = base.mark_line(point=alt.OverlayMarkDef(size=18), color="#2171b5")
    half = alt.Chart(pd.DataFrame({"y": [0.5]})).mark_rule(color="grey", strokeDash=[4, 4]).encode(y="y:Q")
    return (half + line).properties(height=260)


def state_heatmap(values: np.ndarray, tokens: list[str], units: np.ndarray, title: str) -> alt.Chart:
    """Hidden (or cell) state as units × words: `values` is (words, len(units)), the chosen
    units' values at each word; blue is negative, red positive."""
    labels = _word_labels(tokens)
    data = pd.DataFrame(
        [
            {"word": labels[w], "unit": int(u), "value": float(values[w, i])}
            for w in range(len(tokens))
            for i, u in enumerate(units)
        ]
    )
    limit = float(np.abs(values).max()) or 1.0
    return (
        alt.Chart(data, title=title)
        .mark_rect()
        .encode(
            x=alt.X("word:O", sort=labels, title=None, axis=alt.Axis(labelAngle=-60, labelOverlap=True)),
            y=alt.Y("unit:O", sort=[int(u) for u in units], title=t("chart.unit")),
            color=alt.Color(
                "value:Q",
                scale=alt.Scale(scheme="redblue", domain=[-limit, limit], reverse=True),
                legend=alt.Legend(title=None),
            ),
            tooltip=["word:N", "unit:O", alt.Tooltip("value:Q", format=".3f")],
        )
        .properties(height=alt.Step(9))
    )
