"""Runs: every training run recorded, compared, exported, reopened and deleted."""

from __future__ import annotations

import hashlib

import pandas as pd
import streamlit as st

from ui.runtime_fixes import ensure_frame

# First, before the imports below load Keras: a page run that skipped app.py (a page URL
# requested first after start-up) reruns through it, and through its import guard.
ensure_frame()

from core import kinds
from core.charts import run_charts
from core.i18n import t
from core.jobs.status import RECORDED_STATES
from core.runs import run_summary
from core.runs.run_record import Run
from ui import chart_export, identity, resources, run_actions
from ui.language import translated
from ui.page_parts import kept


def filters() -> tuple[list[str], list[str], bool]:
    kind_col, status_col, mine_col = st.columns([2, 2, 1], vertical_alignment="bottom")
    chosen_kinds = kind_col.multiselect(
        t("runs.filter_kind"),
        kinds.NAMES,
        format_func=lambda p: t(f"runs.kind.{p}"),
        key=translated("runs.kinds"),
        placeholder=t("runs.filter_all"),
    )
    statuses = status_col.multiselect(
        t("runs.filter_status"),
        RECORDED_STATES,
        format_func=lambda s: t(f"runs.status.{s}"),
        key=translated("runs.statuses"),
        placeholder=t("runs.filter_all"),
    )
    mine = mine_col.toggle(t("runs.filter_mine"), key="runs.mine")
    return chosen_kinds, statuses, mine


def runs_table(runs: list[Run], names: dict[str, str], key: str) -> list[Run]:
    """The sortable table; returns the runs whose rows are selected."""
    table = pd.DataFrame([run_summary.table_row(run) for run in runs])
    numbers = ["parameters", "val_accuracy", "test_accuracy", "test_bleu", "seconds", "train_examples"]
    table[numbers] = table[numbers].apply(pd.to_numeric)  # a figure not there yet is empty, not "None"
    table["owner"] = [identity.label(run.person, names) for run in runs]
    table["kind"] = table["kind"].map(lambda p: t(f"runs.kind.{p}"))
    table["status"] = table["status"].map(lambda s: t(f"runs.status.{s}"))
    column = st.column_config
    selection = st.dataframe(
        table,
        hide_index=True,
        on_select="rerun",
        selection_mode="multi-row",
        key=key,
        column_order=[
            "started",
            "owner",
            "kind",
            "status",
            "settings",
            "epochs",
            "parameters",
            "val_accuracy",
            "test_accuracy",
            "test_bleu",
            "seconds",
            "train_examples",
            "seed",
        ],
        column_config={
            "started": column.DatetimeColumn(t("runs.col.started"), format=t("runs.col.started_format")),
            "owner": t("runs.col.owner"),
            "kind": t("runs.col.kind"),
            "status": t("runs.col.status"),
            "settings": column.TextColumn(t("runs.col.settings"), width="large"),
            "epochs": t("runs.col.epochs"),
            "parameters": column.NumberColumn(t("runs.col.parameters"), format="localized"),
            "val_accuracy": column.NumberColumn(t("runs.col.val_accuracy"), format="percent"),
            "test_accuracy": column.NumberColumn(t("runs.col.test_accuracy"), format="percent"),
            "test_bleu": column.NumberColumn(t("runs.col.test_bleu"), format="%.1f"),
            "seconds": column.NumberColumn(t("runs.col.seconds"), format=t("runs.col.seconds_format")),
            "train_examples": column.NumberColumn(t("runs.col.train_examples"), format="localized"),
            "seed": t("runs.col.seed"),
        },
    )
    return [runs[row] for row in selection.selection.rows if row < len(runs)]


def compare(runs: list[Run]) -> None:
    """Overlaid curves and the size-against-accuracy chart of the chosen runs."""
    metrics = ["loss", "accuracy"]
    if any(epoch.get("val_bleu") is not None for run in runs for epoch in run.epochs):
        metrics.append("bleu")
    metric = st.segmented_control(
        t("runs.metric"),
        metrics,
        required=True,
        format_func=lambda m: t(f"runs.metric.{m}"),
        key=translated(kept("runs.metric", "loss", lambda metric: metric in metrics)),
    )
    chart_export.chart_with_downloads(
        run_charts.compare_curves(runs, metric), f"runs-{metric}", "runs.curves"
    )
    axis = st.segmented_control(
        t("runs.tradeoff_axis"),
        ("parameters", "seconds"),
        required=True,
        format_func=lambda x: t(f"runs.axis.{x}"),
        key=translated(kept("runs.axis", "parameters")),
    )
    if run_charts.tradeoff_frame(runs).empty:
        st.info(t("runs.no_test_figures"))
    else:
        chart_export.chart_with_downloads(
            run_charts.tradeoff(runs, axis), f"runs-tradeoff-{axis}", "runs.tradeoff", width="content"
        )


st.title(t("runs.title"))
st.markdown(t("runs.intro"))
registry = resources.run_registry()
if registry is None:
    st.error(t("runs.unavailable", reason=st.session_state.get("runs.unavailable", "")))
    st.stop()
st.caption(t("runs.where", path=str(registry.directory)))
registry.mark_interrupted()  # runs whose server has gone since this one started
deleted = st.session_state.pop("runs.deleted", None)
if deleted:
    st.success(t("runs.deleted", label=deleted))
chosen_kinds, statuses, mine = filters()
runs = [
    run
    for run in registry.runs()
    if (not chosen_kinds or run.kind in chosen_kinds)
    and (not statuses or run.status in statuses)
    and (not mine or identity.is_mine(run.person))
]
names = registry.names()
if not runs:
    st.info(t("runs.empty"))
else:
    # A selection is kept by row position, so the table is a new one whenever its rows change
    # (a filter, a deleted run, a run started elsewhere): a tick never moves to another run.
    listed = hashlib.sha1(" ".join(run.id for run in runs).encode()).hexdigest()[:16]
    chosen = runs_table(runs, names, key=f"runs.table.{listed}")
    st.caption(t("runs.choose_hint", count=len(runs)))
    if chosen:
        if len(chosen) == 1:
            run_actions.one_run(registry, chosen[0])
        st.subheader(t("runs.compare"))
        compare(chosen)
