"""A page drawn in parts, so that a stroke or a typed text costs only what it changes.

Each architecture page draws its input (the canvas, the review box) with the prediction, and
the "Look inside" tab while it is open, in one `st.fragment`: a stroke reruns that alone. The
Build & train and Evaluate tabs are drawn only while they are open (`tabs`), so a hidden tab
does no work. What keeps such a page whole:

- `lazy_section` draws a part of Look inside (a formula with numbers) only while it is open, and
  `inside_turn` has the server draw a few people's Look inside at a time, never a prediction.
- `kept` gives a widget back its value when it comes back into view: Streamlit forgets the
  state of a widget a run does not draw, as happens to the widgets of a hidden tab. (Build &
  train keeps its own: it reloads the page's saved config when its widgets lost their state.)
- `note_run` and `run_moved` rerun the whole page when a stroke finds that the session's
  training run started, trained its first batch, paused or ended since the page was drawn;
  the run's progress panel, drawn in sight of the input on every tab, reruns it otherwise.
- `dataset_in_use` keeps the sidebar's dataset line, which Build & train sets, while it is hidden.
"""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Callable, Hashable, Iterator, Sequence

import streamlit as st

from core.i18n import t

# How many people's Look inside the server draws at once. Its views cost several times a
# prediction; thirty students drawing at once, each drawing them at every stroke, would slow
# every prediction in the class, which is what a person waits for after a stroke.
INSIDE_AT_ONCE = max(1, (os.cpu_count() or 1) // 2)
_inside_turns = threading.BoundedSemaphore(INSIDE_AT_ONCE)
WAIT_SECONDS = 0.05  # how often a waiting Look inside checks whether a newer stroke came


def tabs(page: str, names: Sequence[str]) -> dict:
    """The page's tabs (`tab.<name>` labels), by name; only the open one reports `.open`, and
    choosing another reruns the page, which then draws that one. The open tab is the state
    of `<page>.tab` (its label), which a page may set before this to open one itself
    (`open_tab`); its name is kept too, so the same tab stays open when the labels change
    language. The first name is the tab a first visit opens on."""
    key, name_key = f"{page}.tab", f"{page}.tab_name"
    labels = {name: t(f"tab.{name}") for name in names}
    state = st.session_state
    if state.get(key) not in labels.values():  # never chosen, or a label in the other language
        state[key] = labels.get(state.get(name_key), labels[names[0]])
    containers = st.tabs(list(labels.values()), key=key, on_change="rerun")
    state[name_key] = next(name for name, label in labels.items() if label == state[key])
    return dict(zip(names, containers))


def open_tab(page: str, name: str) -> None:
    """Open the page's tab `name` on this run (call before `tabs`)."""
    st.session_state[f"{page}.tab"] = t(f"tab.{name}")


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


@contextlib.contextmanager
def inside_turn() -> Iterator[None]:
    """Draw Look inside in turn with the rest of the class (`INSIDE_AT_ONCE`). The prediction is
    drawn before, outside the turn, so it never waits for anyone's views. While this waits, a
    newer stroke of the same person's still stops this run: every look at the session's state
    is a point where Streamlit stops a run that a newer one replaces."""
    while not _inside_turns.acquire(timeout=WAIT_SECONDS):
        _ = "page_parts.inside_turn" in st.session_state  # where a newer stroke stops this run
    try:
        yield
    finally:
        _inside_turns.release()


def lazy_section(key: str, label: str):
    """An expander whose content is computed only while it is open (give it a `with` then),
    else None; it stays as the person left it, even while its tab is hidden. For the views
    "with numbers", which cost more at every stroke than all the others together."""
    section = st.expander(label, key=kept(key, False), on_change="rerun", icon=":material/calculate:")
    return section if section.open else None


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


DATASET_KEY = "dataset_in_use"  # the name of the dataset the sidebar names, set on every page run


def dataset_in_use(kind, shown: bool) -> None:
    """Keep the sidebar's dataset line for `kind`, the kind the page shows: what Build & train
    set when it was last drawn (`shown`: it was drawn this run), else the kind's default
    dataset. It keeps the dataset's name, which the sidebar names in the reader's language."""
    key, default = f"{kind.name}.dataset", kind.default_config().dataset
    if shown:
        st.session_state[key] = st.session_state.get(DATASET_KEY, default)
    else:
        st.session_state[DATASET_KEY] = st.session_state.get(key, default)
