"""A page drawn in parts, so that a stroke or a typed text costs only what it changes.

Each architecture page draws its input (the canvas, the review box) with the prediction, and
the "Look inside" tab while it is open, in one `st.fragment`: a stroke reruns that alone. The
Build & train and Evaluate tabs are drawn only while they are open (`tabs`), so a hidden tab
does no work. What keeps such a page whole:

- `kept` gives a widget back its value when it comes back into view: Streamlit forgets the
  state of a widget a run does not draw, as happens to the widgets of a hidden tab. (Build &
  train keeps its own: it reloads the page's saved config when its widgets lost their state.)
- `note_run`, `run_moved` and `watch_run` rerun the whole page when the session's training
  run started, trained its first batch, paused or ended since the page was last drawn, so the
  model choice and the evaluation follow the run even while its progress panel is hidden.
- `dataset_label` keeps the sidebar's dataset line, which Build & train sets, while it is hidden.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence

import streamlit as st

from core.i18n import t

WATCH_SECONDS = 1.0  # how often a hidden run is checked for a change of state


def tabs(page: str, names: Sequence[str]) -> dict:
    """The page's tabs (`tab.<name>` labels), by name; only the open one reports `.open`, and
    choosing another reruns the page, which then draws that one. The open tab is the state
    of `<page>.tab`, which a page may set before this to open one itself."""
    containers = st.tabs([t(f"tab.{name}") for name in names], key=f"{page}.tab", on_change="rerun")
    return dict(zip(names, containers))


def kept(key: str, default: Hashable, valid: Callable[[object], bool] = lambda value: True) -> str:
    """A widget's key, its state set before the widget is drawn: the value it had when last
    drawn (if still `valid` for what the widget now offers), else `default`.

    Draw the widget without a default of its own (no `value=` or `index=`): its state is set.
    """
    state = st.session_state
    shadow = f"{key}.kept"
    value = state[key] if key in state else state.get(shadow, default)
    if not valid(value):
        value = default
    if key not in state or state[key] != value:
        state[key] = value
    state[shadow] = value
    return key


def run_state(job) -> tuple | None:
    """What the page's model choice depends on in a training run: its id, its status, and
    whether it has trained a batch (before that, predictions use the starter)."""
    if job is None:
        return None
    progress = job.snapshot()
    return job.id, progress.status, progress.step > 0


def note_run(kind_name: str, job) -> None:
    """Remember the state of the run of the kind called `kind_name` the page is drawn with
    (call on every full run)."""
    st.session_state[f"{kind_name}.drawn_run"] = run_state(job)


def run_moved(kind_name: str, job) -> bool:
    """Whether the run's state changed since the page was drawn with it."""
    return run_state(job) != st.session_state.get(f"{kind_name}.drawn_run")


def watch_run(kind_name: str, job) -> None:
    """While the run is active and its progress panel (which reruns the page when the run
    changes state) is hidden, check it every second and rerun the page when it changed."""
    if job is None or not job.active:
        return

    @st.fragment(run_every=WATCH_SECONDS)
    def watch() -> None:
        if run_moved(kind_name, job):
            st.rerun()

    watch()


def dataset_label(kind_name: str, shown: bool, default: str) -> None:
    """Keep the sidebar's dataset line for the kind the page shows: what Build & train set
    when it was last drawn (`shown`: it was drawn this run), else `default`, the kind's
    default dataset."""
    key = f"{kind_name}.dataset_label"
    if shown:
        st.session_state[key] = st.session_state.get("dataset_label", default)
    else:
        st.session_state["dataset_label"] = st.session_state.get(key, default)
