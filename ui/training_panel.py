"""The training panel every architecture page shares: controls, progress and live charts,
and the choice between the session's network and the starter.

The job itself lives in `core.jobs.job_registry.JOBS`; the session keeps only its id, and the URL
carries it too (`?run=<id>`), so reloading the tab reattaches to a run still going. Every
run is recorded in the run registry (`core.runs.store`) as it trains, so a `?run=` link to a run
no longer in memory (after a restart, say) opens the recorded run instead.
Start hands the job to the training queue (`core.jobs.training_queue.QUEUE`): it trains at once
when a slot is free, else waits its turn and starts by itself. A run belongs to the person
who started it (`ui.identity`): only they pause, stop it or take it out of the queue;
anyone with its link watches it, predicts with it and gets its settings.
Progress is polled from a fragment that ticks only while the run is active (or waiting).
"""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from core.charts.plots import training_curves
from core.i18n import Message, t
from core.jobs.job_registry import JOBS
from core.jobs.status import INTERRUPTED, NOT_STARTED, QUEUED
from core.jobs.training import FAILED, FINISHED, PAUSED, RUNNING, STOPPED, STOPPING, TrainingJob
from core.jobs.training_queue import QUEUE
from core.kinds import Kind
from core.runs.recording import RunRecorder
from ui import chart_export, identity, model_upload, resources, run_opening
from ui.language import translated
from ui.page_parts import kept

POLL_SECONDS = 1.0
CHART_HEIGHT = 340  # pixels, legend included
ACK_SECONDS = 3.0  # how long a button waits for the run to pause or stop
RUN_PARAM = "run"


def _session_key(kind: Kind) -> str:
    return f"{kind.name}.job_id"


def _find(run_id: str, kind: Kind) -> tuple[TrainingJob | None, str | None]:
    """The run `run_id` of `kind`: in memory, else opened from its record (after a restart,
    or once memory made room for newer runs); or None and why. A run in memory whose loss
    blew up is opened from its record too, once it has ended, for its last good epoch."""
    job = JOBS.get(run_id)
    blown_up = job is not None and job.status == FAILED and not job.restored and job.join(timeout=0)
    if job is not None and not blown_up:
        return job, None
    reopened, problem = run_opening.reopen(run_id, kind)
    if reopened is not None or job is None:
        return reopened, problem
    return job, None  # failed before it saved an epoch: the failure is what there is to show


def current_job(kind: Kind) -> tuple[TrainingJob | None, str | None]:
    """This session's job of `kind`, reattaching through the URL after a reload, and a
    one-line notice when a run the URL or the session named cannot be had (a typo, a
    tampered link, a run deleted, or recorded without a usable model).

    A run the server no longer holds in memory is opened from the run registry. The page
    shows the notice where it does not move the canvas.
    """
    key = _session_key(kind)
    notice = None
    url_id = st.query_params.get(RUN_PARAM)
    if url_id and url_id != st.session_state.get(key):
        owner = run_opening.kind_of(url_id)  # a run in memory, else a recorded one
        if owner is kind:
            job, notice = _find(url_id, kind)
            if job is not None:
                st.session_state[key] = url_id
                st.session_state[f"{kind.name}.opened_config"] = job.meta["config"]  # into the controls
                model_upload.stop_using(kind)  # the run opened is the model to use now
        if owner is None or (owner is kind and st.session_state.get(key) != url_id):
            notice = notice or t("train.run_not_found")
            del st.query_params[RUN_PARAM]
        # else: another kind's run (the Transformer's other task, say); its page reattaches it
    job = None
    if st.session_state.get(key):
        job, problem = _find(st.session_state[key], kind)
        if job is None:
            notice = problem or t("train.run_not_found")
            del st.session_state[key]
            st.query_params.pop(RUN_PARAM, None)
    if job is not None and st.query_params.get(RUN_PARAM) != job.id:
        st.query_params[RUN_PARAM] = job.id
    return job, notice


def _start(kind: Kind, start: Callable[[], TrainingJob], previous: TrainingJob | None) -> None:
    with st.spinner(t("train.preparing")):  # splitting, encoding and building can take seconds
        job = start()
    if previous is not None and identity.may_control(previous.person) and not previous.active:
        JOBS.discard(previous.id)  # the person moves on; their old model need not stay in memory
    job.meta["kind"] = kind.name
    job.person = identity.current()
    identity.note_started_run()
    _record(kind, job)
    JOBS.add(job)
    QUEUE.submit(job)
    st.session_state[_session_key(kind)] = job.id
    st.query_params[RUN_PARAM] = job.id


def _record(kind: Kind, job: TrainingJob) -> None:
    """Record the run in the registry before it starts; a registry that cannot be opened
    or written (a read-only home, a full disk) leaves the run unrecorded, with a note."""
    registry = resources.run_registry()
    if registry is None:
        job.not_recorded(Message.plain(st.session_state.get("runs.unavailable", "")))
        return
    try:
        RunRecorder(registry, kind.name).started(job, person=job.person)
    except Exception as error:  # sqlite3 and OS errors alike: train anyway
        job.not_recorded(Message.plain(f"{type(error).__name__}: {error}"))


def opened_config(kind: Kind):
    """The config of a run of `kind` just opened through a link or the runs page, once, for
    the page's controls to load; else None."""
    return st.session_state.pop(f"{kind.name}.opened_config", None)


def controls(
    kind: Kind, job: TrainingJob | None, start: Callable[[], TrainingJob], disabled_reason: str | None
) -> None:
    """Start / pause-resume / stop buttons. `start` builds (not starts) a new job.

    Each button waits (briefly) for the run to act on it, so the labels drawn next are right.
    """
    progress = job.snapshot() if job else None
    mine = job is not None and identity.may_control(job.person)
    active = bool(progress and progress.active and mine)  # the person's own run still going
    if disabled_reason is None and not identity.current():
        disabled_reason = t("train.identity_pending")
    if not active and QUEUE.training_count() >= QUEUE.slots.capacity:
        st.info(t("train.slots_busy", slots=QUEUE.slots.capacity, waiting=QUEUE.waiting_count()))
    queued = active and progress.status == QUEUED
    start_col, pause_col, stop_col, _ = st.columns([1, 1, 1, 3])
    if start_col.button(
        t("train.restart") if mine else t("train.start"),
        type="primary",
        icon=":material/play_arrow:",
        disabled=active or disabled_reason is not None,
        help=disabled_reason,
        key=f"{kind.name}.start",
        width="stretch",
    ):
        _start(kind, start, previous=job)
        st.rerun()
    paused = bool(progress and progress.status == PAUSED)
    if (
        pause_col.button(
            t("train.resume") if paused else t("train.pause"),
            icon=":material/play_arrow:" if paused else ":material/pause:",
            disabled=not active or queued,
            key=f"{kind.name}.pause",
            width="stretch",
        )
        and active
    ):  # a disabled button's click, forged, still reaches the script: ask again
        if paused:
            job.resume()
        else:
            job.pause()
            job.wait_until(lambda p: p.status != RUNNING, ACK_SECONDS)  # the current batch ends
        st.rerun()
    stopping = bool(progress and progress.status == STOPPING)
    if queued:
        if stop_col.button(
            t("train.leave_queue"), icon=":material/logout:", key=f"{kind.name}.leave", width="stretch"
        ):
            if QUEUE.leave(job, Message("train.left_queue")):
                _forget_queued(job)
            st.rerun()
    elif (
        stop_col.button(
            t("train.stop"),
            icon=":material/stop:",
            disabled=not active or stopping,
            key=f"{kind.name}.stop",
            width="stretch",
        )
        and active
    ):
        job.stop()
        job.wait_until(lambda p: not p.active, ACK_SECONDS)
        st.rerun()
    if job is not None and not mine:
        names = _names()
        st.caption(t("train.not_yours", owner=identity.label(job.person, names)))


def _names() -> dict[str, str]:
    registry = resources.run_registry()
    try:
        return registry.names() if registry is not None else {}
    except Exception:  # a busy or broken database: show anonymous tags, never a traceback
        return {}


def _forget_queued(job: TrainingJob) -> None:
    """A run taken out of the queue never trained: nothing of it is worth keeping on disk."""
    registry = resources.run_registry()
    if registry is not None:
        try:
            registry.delete(job.id)
        except Exception as error:  # the run is out of the queue all the same
            job.not_recorded(Message.plain(f"{type(error).__name__}: {error}"))


def _format_seconds(seconds: float | None) -> str:
    if seconds is None:
        return "–"
    minutes, seconds = divmod(int(round(seconds)), 60)
    return f"{minutes}:{seconds:02d}"


def _render_progress(kind: Kind, job: TrainingJob, extra: Callable | None) -> None:
    progress = job.snapshot()
    seen_key = f"{kind.name}.last_seen"
    previous = st.session_state.get(seen_key)
    st.session_state[seen_key] = (job.id, progress.status, progress.step > 0)
    if previous is not None and previous[0] == job.id and previous != st.session_state[seen_key]:
        # The run ended, or trained its first batch: redraw the whole page, so the model
        # choice, the prediction and the evaluation follow.
        if not progress.active or not previous[2]:
            st.rerun()
    if progress.status == QUEUED:  # nothing trained yet: where it waits is the news
        _queue_place(job)
        return
    if progress.status == NOT_STARTED:
        st.info(str(progress.message) or t("train.left_queue"))
        return
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
        st.error(str(progress.message))
    elif progress.status == STOPPED:
        st.warning(str(progress.message) or t("train.stopped_note", epoch=progress.epoch))
    elif progress.status == FINISHED:
        st.success(t("train.finished_note", seconds=progress.elapsed))
    elif progress.status == INTERRUPTED:
        st.warning(t("train.interrupted_note", epoch=progress.epoch))
    if progress.record_problem:
        st.caption(t("runs.not_recorded", reason=str(progress.record_problem)))
    for column, metric in zip(st.columns(2), ("loss", "accuracy")):
        chart = training_curves(progress.batches, progress.epochs_log, metric, t(f"train.chart_{metric}"))
        with column:
            chart_export.chart_with_downloads(
                chart.properties(height=CHART_HEIGHT),
                f"{kind.name}-{metric}",
                key=f"{kind.name}.curves.{metric}",
            )
    if extra is not None:
        extra(job, progress)


def _queue_place(job: TrainingJob) -> None:
    place = QUEUE.place(job)
    if place is None:  # it has just left the queue; the next tick shows it training
        return
    lines = [t("train.queued", position=place.position, waiting=place.waiting)]
    if place.behind_own:
        lines.append(t("train.queued_behind_own"))
    elif place.seconds is not None:
        lines.append(t("train.queued_eta", time=_format_seconds(place.seconds)))
    else:
        lines.append(t("train.queued_eta_unknown"))
    st.info(t("train.sentence_separator").join(lines), icon=":material/hourglass_top:")


def live_progress(kind: Kind, job: TrainingJob | None, extra: Callable | None = None) -> None:
    """The session's run: progress bar, status and curves, refreshed every second while it is
    active, and the whole page rerun when it starts, trains its first batch or ends, so the
    model choice follows it. Pages draw it right under their input, whatever tab is open, so
    a run is watched while drawing or typing. `extra(job, progress)` draws what a page adds
    under the curves. Nothing is drawn while there is no run."""
    if job is None:
        return
    active = job.active

    @st.fragment(run_every=POLL_SECONDS if active else None)
    def panel() -> None:
        _render_progress(kind, job, extra)

    panel()


def _trained(job: TrainingJob | None) -> bool:
    """Whether the run's network can predict: it has trained a batch (or was reopened) and its
    weights are usable (a run whose loss blew up has unusable weights, unless it was reopened
    from the last epoch saved before that)."""
    progress = job.snapshot() if job else None
    usable = bool(progress and (progress.status != FAILED or job.restored))
    return bool(usable and (progress.step > 0 or job.restored))


def _choice_key(kind: Kind) -> str:
    return f"{kind.name}.model_choice"


def model_choice(kind: Kind, job: TrainingJob | None) -> None:
    """The 'Predict with' choice between the session's network and the starter model.

    It is always drawn, so nothing below it moves. Until the run has trained a batch it shows
    the starter, which is then in use, and cannot be changed; from then on the person's own
    choice (their network, at first) is shown and used.
    """
    watched = job is not None and not identity.may_control(job.person)
    trained, key, state = _trained(job), _choice_key(kind), st.session_state
    if not trained:
        state[key], state[f"{key}.shows_starter"] = "starter", True  # what predicts now
    elif state.pop(f"{key}.shows_starter", False):
        state[key] = "yours"  # the run has just trained its first batch: predict with it
    st.segmented_control(
        t("model.choice"),
        ("yours", "starter"),
        required=True,
        format_func=lambda c: t("model.watched") if c == "yours" and watched else t(f"model.{c}"),
        key=translated(kept(key, "yours")),
        disabled=not trained,
    )


def trained_job(kind: Kind, job: TrainingJob | None) -> TrainingJob | None:
    """The job when its network is chosen (`model_choice`, drawn before) and usable, else
    None (use the starter)."""
    chosen = st.session_state.get(_choice_key(kind), "yours")  # the choice's default until drawn
    return job if _trained(job) and chosen == "yours" else None


def trained_caption(job: TrainingJob) -> str:
    progress = job.snapshot()
    status = t(f"train.status.{progress.status}")
    key = "model.yours_caption" if identity.may_control(job.person) else "model.watched_caption"
    return t(key, status=status, epoch=progress.epoch, epochs=progress.epochs)
