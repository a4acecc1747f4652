"""Transformer playground: type a review or an English sentence, see every layer's and
head's attention, and build and train your own classifier or translator.

Each task trains a kind of its own (`kinds.on_page`), with its own run, model in use and
views (`VIEWS`). A typed text reruns only `typing` (the box, the verdict or translation and,
while its tab is open, the attention); Build & train and Evaluate are drawn only while open
(`ui.page_parts`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import streamlit as st

from ui.runtime_fixes import ensure_frame

# First, before the imports below load Keras: a page run that skipped app.py (a page URL
# requested first after start-up) reruns through it, and through its import guard.
ensure_frame()

from core import kinds
from core.i18n import t
from core.jobs.training import TrainingJob
from core.kinds import Kind
from ui import (
    builder_widgets,
    classifier_views,
    imported,
    page_parts,
    run_opening,
    training_panel,
    transformer_attention,
    transformer_controls,
    translation_views,
    url_state,
)
from ui.language import translated
from ui.model_in_use import model_in_use

PAGE = kinds.CLASSIFIER.page  # the page's widget keys start with it
TASK_KINDS = kinds.on_page(PAGE)  # the first is the task a first visit opens on
TABS = ("inside", "build", "evaluate")


@dataclass(frozen=True)
class TaskViews:
    """What the page shows of one task; each is given the page and the model in use."""

    typed: Callable  # the text box and the model's answer; returns what it read, or None
    inside: Callable  # (page, model in use, what was read) the attention behind the answer
    evaluate: Callable  # the model's figures on the test set
    progress_extra: Callable | None = None  # (job, progress) under the training curves


VIEWS = {
    kinds.CLASSIFIER.name: TaskViews(
        classifier_views.type_and_classify, transformer_attention.classifier_inside, classifier_views.evaluate
    ),
    kinds.TRANSLATOR.name: TaskViews(
        translation_views.type_and_translate,
        transformer_attention.translator_inside,
        translation_views.evaluate,
        translation_views.epoch_samples,
    ),
}


def choose_kind() -> Kind:
    """The task choice, as the kind it trains. When its widget has no state (a session's first
    run, or back from another page), a link decides: its `task`, else the task its `?run=`
    belongs to; else the task this session chose last."""
    key = f"{PAGE}.task"
    if key not in st.session_state:
        linked = run_opening.kind_of(st.query_params.get(training_panel.RUN_PARAM))  # live or recorded
        linked_task = linked.task if linked is not None and linked.page == PAGE else None
        remembered = st.session_state.get(f"{PAGE}.last_task", TASK_KINDS[0].task)
        st.session_state[key] = url_state.task_from_url(None) or linked_task or remembered
    task = st.segmented_control(
        t("transformer.task"),
        [kind.task for kind in TASK_KINDS],
        required=True,
        format_func=lambda task: t(f"transformer.task.{task}"),
        key=translated(key),
    )
    st.session_state[f"{PAGE}.last_task"] = task  # kept while other pages are drawn
    return kinds.of_task(PAGE, task)


@st.fragment(key="transformer.typing")
def typing(kind: Kind, job: TrainingJob | None, input_box, inside_box) -> None:
    """What a typed review or sentence changes, rerun alone: the box and the verdict or the
    translation in `input_box`, and the attention in `inside_box` while that tab is open
    (else None)."""
    if page_parts.run_moved(kind.name, job):
        st.rerun()  # the run moved on since the page was drawn: the model choice follows it
    in_use, views = model_in_use(kind, job), VIEWS[kind.name]  # a run's current weights, at every text
    with input_box:
        read = views.typed(PAGE, in_use)
    if inside_box is not None:
        with inside_box, page_parts.inside_turn():
            views.inside(PAGE, in_use, read)


def build_and_train(kind: Kind, job: TrainingJob | None) -> None:
    st.markdown(t(f"transformer.build_intro.{kind.task}"))
    builder_widgets.build_and_train(
        kind,
        job,
        transformer_controls.TaskControls(kind),
        unavailable=t("data.imdb_full_unavailable"),
        table_note=t(f"transformer.vocabulary_note.{kind.task}"),
    )


st.title(t("transformer.title"))
st.markdown(t("transformer.intro"))
kind = choose_kind()
job, notice = training_panel.current_job(kind)
page_parts.note_run(kind.name, job)  # before the choice, so a batch trained while it is drawn reruns the page
imported.model_choice(kind, job)
input_box = st.container()
if notice:
    st.info(notice)
run_box = st.container()  # the run's progress, in sight of the text box, whatever tab is open
# A link with settings, or with a run whose settings it loads, opens on the builder that shows them.
if url_state.has_news(kind):
    page_parts.open_tab(PAGE, "build")
tabs = page_parts.tabs(PAGE, TABS)
typing(kind, job, input_box, tabs["inside"] if tabs["inside"].open else None)
if tabs["build"].open:
    with tabs["build"]:
        build_and_train(kind, job)
else:
    url_state.keep(kind)
page_parts.dataset_in_use(kind, tabs["build"].open)
if tabs["evaluate"].open:
    with tabs["evaluate"]:
        VIEWS[kind.name].evaluate(PAGE, model_in_use(kind, job))
# Drawn last, into its place above the tabs: the rerun it makes when the run moves on then
# comes after Build & train's buttons have acted, so a click is never dropped.
with run_box:
    training_panel.live_progress(kind, job, VIEWS[kind.name].progress_extra)
