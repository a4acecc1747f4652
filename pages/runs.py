"""Runs: every training run recorded, compared, exported, reopened and deleted."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from core import recording, run_charts, run_summary
from core.export_script import script_name, training_script
from core.i18n import t
from core.runs import PAGES, RUNNING, STATUSES, Run, RunRegistry
from core.training import JOBS
from ui import chart_export, resources, run_opening
from ui.runtime_fixes import ensure_frame

PAGE = "runs"


def filters() -> tuple[list[str], list[str]]:
    page_col, status_col = st.columns(2)
    pages = page_col.multiselect(
        t("runs.filter_page"),
        PAGES,
        format_func=lambda p: t(f"runs.page.{p}"),
        key="runs.pages",
        placeholder=t("runs.filter_all"),
    )
    statuses = status_col.multiselect(
        t("runs.filter_status"),
        STATUSES,
        format_func=lambda s: t(f"runs.status.{s}"),
        key="runs.statuses",
        placeholder=t("runs.filter_all"),
    )
    return pages, statuses


def runs_table(runs: list[Run], key: str) -> list[Run]:
    """The sortable table; returns the runs whose rows are selected."""
    table = pd.DataFrame([run_summary.table_row(run) for run in runs])
    table["page"] = table["page"].map(lambda p: t(f"runs.page.{p}"))
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
            "page",
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
            "started": column.DatetimeColumn(t("runs.col.started"), format="D MMM, HH:mm"),
            "page": t("runs.col.page"),
            "status": t("runs.col.status"),
            "settings": column.TextColumn(t("runs.col.settings"), width="large"),
            "epochs": t("runs.col.epochs"),
            "parameters": column.NumberColumn(t("runs.col.parameters"), format="localized"),
            "val_accuracy": column.NumberColumn(t("runs.col.val_accuracy"), format="percent"),
            "test_accuracy": column.NumberColumn(t("runs.col.test_accuracy"), format="percent"),
            "test_bleu": column.NumberColumn(t("runs.col.test_bleu"), format="%.1f"),
            "seconds": column.NumberColumn(t("runs.col.seconds"), format="%.0f s"),
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
        default="loss",
        required=True,
        format_func=lambda m: t(f"runs.metric.{m}"),
        key="runs.metric",
    )
    chart_export.chart_with_downloads(
        run_charts.compare_curves(runs, metric), f"runs-{metric}", "runs.curves"
    )
    axis = st.segmented_control(
        t("runs.tradeoff_axis"),
        ("parameters", "seconds"),
        default="parameters",
        required=True,
        format_func=lambda x: t(f"runs.axis.{x}"),
        key="runs.axis",
    )
    if run_charts.tradeoff_frame(runs).empty:
        st.info(t("runs.no_test_figures"))
    else:
        chart_export.chart_with_downloads(
            run_charts.tradeoff(runs, axis), f"runs-tradeoff-{axis}", "runs.tradeoff"
        )


def one_run(registry: RunRegistry, run: Run) -> None:
    """Open, export and delete the one chosen run."""
    st.subheader(run_summary.run_label(run))
    st.caption(run_summary.settings_text(run.page, recording.config_of(run.page, run.config)))
    if run.reason and run.status in ("failed", "interrupted"):
        st.warning(t("runs.reason", reason=run.reason))
    model_path = registry.model_path(run.id)
    has_model = run.saved_epoch is not None and model_path.exists()
    live = JOBS.get(run.id) is not None  # training now, on this server: its page reattaches to it
    open_col, model_col, csv_col, script_col, delete_col = st.columns(5)
    if open_col.button(
        t("runs.open"),
        icon=":material/open_in_new:",
        type="primary",
        disabled=not (has_model or live),
        help=t("runs.open_help") if has_model or live else t("runs.no_model"),
        key="runs.open",
        width="stretch",
    ):
        run_opening.open_in_page(run)
    model_col.download_button(
        t("runs.download_model"),
        data=lambda: model_path.read_bytes(),
        file_name=f"{run.page}-{run.id[:8]}.keras",
        mime="application/zip",
        disabled=not has_model,
        icon=":material/download:",
        on_click="ignore",
        key="runs.download_model",
        width="stretch",
    )
    csv_col.download_button(
        t("runs.download_csv"),
        data=run_summary.metrics_csv(run),
        file_name=f"{run.page}-{run.id[:8]}-metrics.csv",
        mime="text/csv",
        icon=":material/table:",
        on_click="ignore",
        key="runs.download_csv",
        width="stretch",
    )
    script_col.download_button(
        t("runs.download_script"),
        data=lambda: _script(run),
        file_name=script_name(run.page),
        mime="text/x-python",
        icon=":material/code:",
        on_click="ignore",
        key="runs.download_script",
        help=t("runs.download_script_help"),
        width="stretch",
    )
    confirm_key = f"runs.confirm_delete.{run.id}"
    running = run.status == RUNNING  # its thread still writes to the run's files
    if delete_col.button(
        t("runs.delete"),
        icon=":material/delete:",
        key="runs.delete",
        width="stretch",
        disabled=running,
        help=t("runs.delete_running") if running else None,
    ):
        st.session_state[confirm_key] = True
    if st.session_state.get(confirm_key):
        st.warning(t("runs.delete_confirm", label=run_summary.run_label(run)))
        yes_col, no_col, _ = st.columns([1, 1, 4])
        if yes_col.button(t("runs.delete_yes"), type="primary", key="runs.delete_yes"):
            registry.delete(run.id)
            st.session_state.pop(confirm_key)
            st.session_state["runs.deleted"] = run_summary.run_label(run)
            st.rerun()
        if no_col.button(t("runs.delete_no"), key="runs.delete_no"):
            st.session_state.pop(confirm_key)
            st.rerun()


def _script(run: Run) -> str:
    return training_script(run.page, recording.config_of(run.page, run.config))


ensure_frame()
st.title(t("runs.title"))
st.markdown(t("runs.intro"))
registry = resources.run_registry()
if registry is None:
    st.error(t("runs.unavailable", reason=st.session_state.get("runs.unavailable", "")))
    st.stop()
st.caption(t("runs.where", path=str(registry.directory)))
deleted = st.session_state.pop("runs.deleted", None)
if deleted:
    st.success(t("runs.deleted", label=deleted))
pages, statuses = filters()
runs = [
    run
    for run in registry.runs()
    if (not pages or run.page in pages) and (not statuses or run.status in statuses)
]
if not runs:
    st.info(t("runs.empty"))
else:
    # One table per filter: row positions change with the filter, so its selection starts afresh.
    chosen = runs_table(runs, key=f"runs.table.{'-'.join(pages)}.{'-'.join(statuses)}")
    st.caption(t("runs.choose_hint", count=len(runs)))
    if chosen:
        if len(chosen) == 1:
            one_run(registry, chosen[0])
        st.subheader(t("runs.compare"))
        compare(chosen)
