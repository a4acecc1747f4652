"""What the Runs page offers for the one run chosen: open it in its page, download its
model, metrics and training script, and delete it (after asking)."""

from __future__ import annotations

import functools

import streamlit as st

from core import i18n
from core.i18n import t
from core.jobs.job_registry import JOBS
from core.jobs.status import ACTIVE_STATES, FAILED, INTERRUPTED, NOT_STARTED
from core.runs import run_summary
from core.runs.export_script import script_name, training_script
from core.runs.run_record import Run
from core.runs.store import RunRegistry
from ui import identity, run_opening


def _script(kind: str, config, language: str) -> str:
    """The run's training script in `language`. Streamlit makes a download's file when it is
    clicked, on a thread of no session, so the reader's language is passed in."""
    with i18n.using(language):
        return training_script(kind, config)


def one_run(registry: RunRegistry, run: Run) -> None:
    """Open, export and delete the one chosen run."""
    st.subheader(run_summary.run_label(run))
    st.caption(run_summary.summary(run))
    config = run_summary.readable_config(run)
    if run.reason and run.status in (FAILED, INTERRUPTED, NOT_STARTED):
        st.warning(t("runs.reason", reason=str(run.reason)))
    model_path = registry.model_path(run.id)
    has_model = run.saved_epoch is not None and model_path.exists()
    job = JOBS.get(run.id)
    live = job is not None  # in this server's memory: its page reattaches to it
    never_trained = run.status == NOT_STARTED and not live  # opens with its settings
    open_col, model_col, csv_col, script_col, delete_col = st.columns(5)
    if open_col.button(
        t("runs.open"),
        icon=":material/open_in_new:",
        type="primary",
        disabled=not (has_model or live or never_trained),
        help=t("runs.open_help") if has_model or live or never_trained else t("runs.no_model"),
        key="runs.open",
        width="stretch",
    ):
        run_opening.open_in_page(run)
    model_col.download_button(
        t("runs.download_model"),
        data=lambda: model_path.read_bytes(),
        file_name=f"{run.kind}-{run.id[:8]}.keras",
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
        file_name=f"{run.kind}-{run.id[:8]}-metrics.csv",
        mime="text/csv",
        icon=":material/table:",
        on_click="ignore",
        key="runs.download_csv",
        width="stretch",
    )
    script_col.download_button(
        t("runs.download_script"),
        data=functools.partial(_script, run.kind, config, i18n.current()),
        file_name=script_name(run.kind),
        mime="text/x-python",
        icon=":material/code:",
        on_click="ignore",
        key="runs.download_script",
        help=t("runs.download_script_help"),
        width="stretch",
        disabled=config is None,
    )
    if not identity.may_control(run.person):
        blocked = t("runs.delete_not_yours")
    elif run.status in ACTIVE_STATES or (live and job.active):
        blocked = t("runs.delete_running")
    else:
        blocked = None
    _delete(registry, run, delete_col, blocked)


def _delete(registry: RunRegistry, run: Run, column, blocked: str | None) -> None:
    """The Delete button, then a confirmation. It is disabled, saying why (`blocked`), for
    someone else's run, and for a run still going, whose thread still writes its files."""
    confirm_key = f"runs.confirm_delete.{run.id}"
    if column.button(
        t("runs.delete"),
        icon=":material/delete:",
        key="runs.delete",
        width="stretch",
        disabled=blocked is not None,
        help=blocked,
    ):
        st.session_state[confirm_key] = True
    if st.session_state.get(confirm_key):
        st.warning(t("runs.delete_confirm", label=run_summary.run_label(run)))
        yes_col, no_col, _ = st.columns([1, 1, 4])
        if yes_col.button(
            t("runs.delete_yes"), type="primary", key="runs.delete_yes", disabled=blocked is not None
        ):
            registry.delete(run.id)
            JOBS.discard(run.id)  # a link to it now says it is gone
            st.session_state.pop(confirm_key)
            st.session_state["runs.deleted"] = run_summary.run_label(run)
            st.rerun()
        if no_col.button(t("runs.delete_no"), key="runs.delete_no"):
            st.session_state.pop(confirm_key)
            st.rerun()
