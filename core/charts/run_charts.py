"""Charts that compare recorded runs, and any chart as a PNG or SVG file.

`compare_curves` overlays several runs' training and validation curves; `tradeoff` places
runs by size (or training time) against their test figure, so the trade-off shows.
"""

from __future__ import annotations

import io

import altair as alt
import pandas as pd

from core.charts import fonts
from core.i18n import t
from core.runs.run_record import Run
from core.runs.run_summary import run_label, test_figure

CHART_FORMATS = ("png", "svg")
MIME = {"png": "image/png", "svg": "image/svg+xml"}
CURVES_HEIGHT = 340  # pixels, the title and the legend of lines above the plot included
TRADEOFF_PANEL = (380, 280)  # pixels (width, height) of each measure's panel


def curve_frame(runs: list[Run], metric: str) -> pd.DataFrame:
    """Long table (run, epoch, split, value) of `metric` ('loss', 'accuracy', or 'bleu',
    which only validation has) over the runs' epochs; training and validation as two splits."""
    rows = []
    for run in runs:
        label = run_label(run)
        for epoch in run.epochs:
            for split, key in ((t("runs.training"), metric), (t("runs.validation"), f"val_{metric}")):
                if epoch.get(key) is not None:
                    rows.append({"run": label, "epoch": epoch["epoch"], "split": split, "value": epoch[key]})
    return pd.DataFrame(rows, columns=["run", "epoch", "split", "value"])


def _run_colours(runs: list[Run]) -> alt.Scale:
    """One colour per run, the same in every chart of the same runs."""
    return alt.Scale(domain=[run_label(run) for run in runs], scheme="tableau10")


def compare_curves(runs: list[Run], metric: str) -> alt.Chart:
    """One line per run and split: colour is the run, solid training, dashed validation."""
    data = curve_frame(runs, metric)
    return (
        alt.Chart(data, title=t(f"runs.curves.{metric}"))
        .mark_line(point=True)
        .encode(
            x=alt.X("epoch:Q", title=t("chart.epoch"), axis=alt.Axis(tickMinStep=1)),
            y=alt.Y("value:Q", title=t(f"runs.metric.{metric}"), scale=alt.Scale(zero=False)),
            color=alt.Color(
                "run:N",
                title=t("runs.run"),
                scale=_run_colours(runs),
                legend=alt.Legend(orient="right", labelLimit=320),
            ),
            strokeDash=alt.StrokeDash(
                "split:N",
                title=None,
                scale=alt.Scale(domain=[t("runs.training"), t("runs.validation")], range=[[1, 0], [6, 3]]),
                legend=alt.Legend(
                    orient="top", symbolType="stroke", symbolStrokeWidth=2, symbolStrokeColor="#555"
                ),
            ),
            tooltip=["run:N", "split:N", "epoch:Q", alt.Tooltip("value:Q", format=".4f")],
        )
        .properties(height=CURVES_HEIGHT)
    )


def tradeoff_frame(runs: list[Run]) -> pd.DataFrame:
    """(run, parameters, seconds, measure, score) for every run with a test figure."""
    rows = []
    for run in runs:
        figure = test_figure(run)
        if figure is not None:
            rows.append(
                {
                    "run": run_label(run),
                    "parameters": run.parameters,
                    "seconds": run.training_seconds,
                    "measure": t(f"runs.measure.{figure[0]}"),
                    "score": figure[1] * 100 if figure[0] == "accuracy" else figure[1],
                }
            )
    return pd.DataFrame(rows, columns=["run", "parameters", "seconds", "measure", "score"])


def tradeoff(runs: list[Run], x: str = "parameters") -> alt.Chart:
    """Runs as points: `x` ('parameters', on a log scale, or 'seconds' of training)
    against the test figure; accuracy and BLEU in panels of their own."""
    data = tradeoff_frame(runs)
    scale = alt.Scale(type="log") if x == "parameters" else alt.Scale(zero=True)
    return (
        alt.Chart(data, title=t(f"runs.tradeoff.{x}"))
        .mark_point(filled=True, size=120)
        .encode(
            x=alt.X(f"{x}:Q", title=t(f"runs.axis.{x}"), scale=scale),
            y=alt.Y(
                "score:Q", title=t("runs.axis.score"), scale=alt.Scale(zero=False), axis=alt.Axis(format="~f")
            ),
            color=alt.Color("run:N", scale=_run_colours(runs), legend=None),  # as in the curves
            column=alt.Column("measure:N", title=None),
            tooltip=[
                "run:N",
                alt.Tooltip("parameters:Q", format=","),
                alt.Tooltip("seconds:Q", format=".0f"),
                "measure:N",
                alt.Tooltip("score:Q", format=".2f"),
            ],
        )
        .properties(width=TRADEOFF_PANEL[0], height=TRADEOFF_PANEL[1])
        .resolve_scale(y="independent")
    )


def chart_file(chart: alt.Chart, fmt: str) -> bytes:
    """The chart drawn as a PNG or SVG file (by vl-convert, offline)."""
    if fmt not in CHART_FORMATS:
        raise ValueError(f"unknown chart format {fmt!r}")
    if fmt == "png":
        fonts.for_export()
        buffer = io.BytesIO()
        chart.save(buffer, format="png", scale_factor=2)
        return buffer.getvalue()
    text = io.StringIO()
    chart.save(text, format="svg")
    return fonts.with_embedded_font(text.getvalue()).encode("utf-8")
