"""The training panel every architecture page shares: controls, progress and live charts.

The job itself lives in `core.training.JOBS`; the session keeps only its id, and the URL
carries it too (`?run=<id>`), so reloading the tab reattaches to a run still going.
Progress is polled from a fragment that ticks only while the run is active.
"""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from core.charts import training_curves
from core.i18n import t
from core.training import FAILED, FINISHED, JOBS, PAUSED, STOPPED, TrainingJob

POLL_SECONDS = 1.0
RUN_PARAM = "run"


def _session_key(page: str) -> str:
    return f"{page}.job_id"


def current_job(page: str) -> TrainingJob | None:
    """This session's job for `page`, reattaching through the URL after a reload.

    A `run` id in the URL that names no job here (a typo, a tampered link, a server that
    restarted) gets a one-line notice and is dropped from the URL.
    """
    key = _session_key(page)
    url_id = st.query_params.get(RUN_PARAM)
    if url_id and url_id != st.session_state.get(key):
        job = JOBS.get(url_id)
        if job is not None and job.meta.get("page") == page:
            st.session_state[key] = url_id
        else:
            st.info(t("train.run_not_found"))
            del st.query_params[RUN_PARAM]
    job = JOBS.get(st.session_state.get(key))
    if job is not None and st.query_params.get(RUN_PARAM) != job.id:
        st.query_params[RUN_PARAM] = job.id
    return job


def _start(page: str, start: Callable[[], TrainingJob], previous: TrainingJob | None) -> None:
    job = start()
    if previous is not None:
        JOBS.discard(previous.id)  # the session moves on; its old model need not stay in memory
    job.meta["page"] = page
    JOBS.add(job.start())
    st.session_state[_session_key(page)] = job.id
    st.query_params[RUN_PARAM] = job.id


def controls(
    page: str, job: TrainingJob | None, start: Callable[[], TrainingJob], disabled_reason: str | None
) -> None:
    """Start / pause-resume / stop buttons. `start` builds (not starts) a new job."""
    progress = job.snapshot() if job else None
    active = bool(progress and progress.active)
    start_col, pause_col, stop_col, _ = st.columns([1, 1, 1, 3])
    if start_col.button(
        t("train.start") if job is None else t("train.restart"),
        type="primary",
        icon=":material/play_arrow:",
        disabled=active or disabled_reason is not None,
        help=disabled_reason,
        key=f"{page}.start",
        width="stretch",
    ):
        _start(page, start, previous=job)
        st.rerun()
    paused = bool(progress and progress.status == PAUSED)
    if pause_col.button(
        t("train.resume") if paused else t("train.pause"),
        icon=":material/play_arrow:" if paused else ":material/pause:",
        disabled=not active,
        key=f"{page}.pause",
        width="stretch",
    ):
        job.resume() if paused else job.pause()
        st.rerun()
    if stop_col.button(
        t("train.stop"), icon=":material/stop:", disabled=not active, key=f"{page}.stop", width="stretch"
    ):
        job.stop()
        st.rerun()


def _format_seconds(seconds: float | None) -> str:
    if seconds is None:
        return "–"
    minutes, seconds = divmod(int(round(seconds)), 60)
    return f"{minutes}:{seconds:02d}"


def _render_progress(page: str, job: TrainingJob) -> None:
    progress = job.snapshot()
    status_key = f"{page}.last_status"
    previous = st.session_state.get(status_key)
    st.session_state[status_key] = progress.status
    if previous is not None and previous != progress.status and not progress.active:
        st.rerun()  # The run ended: redraw the whole page (evaluation, model choice).
    st.progress(
        progress.fraction,
        text=t(
            "train.progress",
            status=t(f"train.status.{progress.status}"),
            epoch=min(progress.epoch + (1 if progress.active else 0), progress.epochs),
            epochs=progress.epochs,
            rate=progress.examples_per_second,
            left=_format_seconds(progress.seconds_left),
        ),
    )
    if progress.status == FAILED:
        st.error(progress.message)
    elif progress.status == STOPPED:
        st.warning(t("train.stopped_note", epoch=progress.epoch))
    elif progress.status == FINISHED:
        st.success(t("train.finished_note", seconds=progress.elapsed))
    loss_col, accuracy_col = st.columns(2)
    loss_col.altair_chart(
        training_curves(progress.batches, progress.epochs_log, "loss", t("train.chart_loss")),
        width="stretch",
    )
    accuracy_col.altair_chart(
        training_curves(progress.batches, progress.epochs_log, "accuracy", t("train.chart_accuracy")),
        width="stretch",
    )


def live_progress(page: str, job: TrainingJob | None) -> None:
    """Progress bar, status and curves; refreshed every second while the run is active."""
    if job is None:
        st.caption(t("train.not_started"))
        return
    active = job.snapshot().active

    @st.fragment(run_every=POLL_SECONDS if active else None)
    def panel() -> None:
        _render_progress(page, job)

    panel()
