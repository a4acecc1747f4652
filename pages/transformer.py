"""Transformer playground: type a review or an English sentence, see every layer's and
head's attention, and build and train your own classifier or translator.

A typed text reruns only `typing` (the box, the verdict or translation and, while its tab is
open, the attention); Build & train and Evaluate are drawn only while open (`ui.page_parts`).
"""

from __future__ import annotations

from functools import partial

import numpy as np
import streamlit as st

from ui.runtime_fixes import ensure_frame

# First, before the imports below load Keras: a page run that skipped app.py (a page URL
# requested first after start-up) reruns through it, and through its import guard.
ensure_frame()

from core.config.transformer import RECOMMENDED, TASKS
from core.data import multi30k
from core.i18n import t
from core.inspection import inspect_attention
from core.jobs.review_job import new_classifier_job
from core.jobs.training import TrainingJob
from core.jobs.translation_job import new_translation_job
from ui import (
    attention_views,
    builder_widgets,
    imported,
    memo,
    page_parts,
    resources,
    review_box,
    rnn_evaluate,
    run_opening,
    training_panel,
    transformer_controls,
    translation_views,
    url_state,
)
from ui.attention_views import Attention

PAGE = "transformer"
TABS = ("inside", "build", "evaluate")


def task_page(task: str) -> str:
    """The training panel's page id for a task: each task has its own run."""
    return f"{PAGE}.{task}"


def choose_task() -> str:
    """The task choice. When its widget has no state (a session's first run, or back from
    another page), a link decides: its `task`, else the task its `?run=` belongs to; else
    the task this session chose last."""
    key = f"{PAGE}.task"
    if key not in st.session_state:
        linked_page = run_opening.page_of(st.query_params.get(training_panel.RUN_PARAM))  # live or recorded
        linked = next((task for task in TASKS if task_page(task) == linked_page), None)
        remembered = st.session_state.get(f"{PAGE}.last_task", "classify")
        st.session_state[key] = url_state.task_from_url(None) or linked or remembered
    task = st.segmented_control(
        t("transformer.task"),
        TASKS,
        required=True,
        format_func=lambda task: t(f"transformer.task.{task}"),
        key=key,
    )
    st.session_state[f"{PAGE}.last_task"] = task  # kept while other pages are drawn
    return task


def choose_model(task: str, job: TrainingJob | None):
    """(use, trained job or None): an imported model while there is one, else the session's
    network once it has trained a batch, else the task's starter. `use()` gives (model, meta,
    caption, weights stamp), a run's model being a frozen copy of its weights as they are at
    that call; `meta` holds the config and the vocabularies the model reads and writes with."""
    trained, archive = imported.model_source(task_page(task), job)
    if archive is not None:
        meta = imported.transformer_meta(archive, task, RECOMMENDED[task])
        caption = imported.caption(task_page(task))
        return (lambda: (archive.model, meta, caption, imported.stamp(archive))), None
    if trained is not None:

        def trained_use():
            stamp = f"{trained.id}:{trained.snapshot().step}"
            return trained.frozen_model(), trained.meta, training_panel.trained_caption(trained), stamp

        return trained_use, trained
    model, meta = resources.starter_transformer(task)
    if task == "classify":
        caption = t("transformer.starter_caption.classify", accuracy=meta["test_accuracy"])
    else:
        caption = t("transformer.starter_caption.translate", bleu=meta["test_bleu"])
    return (lambda: (model, meta, caption, f"starter.{task}")), None


def remembered(stamp: str, text_key: tuple, name: str, compute):
    """`compute()` for this text and these weights, kept in the session (`ui.memo`)."""
    return memo.remembered(PAGE, (stamp, text_key), name, compute)


# The review classifier.


def classify_input(model, meta: dict, caption: str, stamp: str):
    """The review box and the verdict; returns (ids of the words read, their tokens) or None."""
    text_col, result_col = st.columns([3, 2], gap="medium")
    length = meta["config"].max_length
    with text_col:
        encoded = review_box.review_input(PAGE, meta["vocabulary"], length)
    read = None
    with result_col:
        with st.container(key="review_prediction"):
            if review_box.readable(encoded):
                key = (encoded.ids.tobytes(),)
                probability = remembered(
                    stamp, key, "probability", lambda: float(np.asarray(model(encoded.ids[np.newaxis]))[0, 0])
                )
                if not np.isfinite(probability):
                    st.warning(t("draw.not_finite"))
                else:
                    review_box.prediction(probability)
                    read = (encoded.ids[: encoded.used], encoded.tokens[: encoded.used], key)
                if encoded.cut:
                    st.info(t("review.cut", used=encoded.used, total=len(encoded.tokens)))
        st.caption(caption)
    return read


def encoder_view(model, encoder: inspect_attention.EncoderAttention, tokens: list[str]) -> Attention:
    return Attention(
        t("transformer.kind.encoder"),
        encoder.weights,
        tokens,
        tokens,
        t("transformer.kind_help.encoder"),
        partial(inspect_attention.encoder_row, model, encoder),
    )


def classify_inside(model, read, stamp: str) -> None:
    if read is None:
        st.info(t("transformer.inside_prompt.classify"))
        return
    ids, tokens, key = read
    encoder = remembered(stamp, key, "encoder", lambda: inspect_attention.encoder_attention(model, ids))
    attention_views.explore(f"{PAGE}.classify", encoder_view(model, encoder, tokens))


def classify_evaluate(model, meta: dict, trained: TrainingJob | None) -> None:
    archive = st.session_state.get(f"{task_page('classify')}.imported")
    if trained is not None:
        x_test, y_test = trained.test
        texts, probabilities = trained.meta["test_texts"], trained.snapshot().test_probabilities
    elif archive is not None:
        data = resources.embedded_reviews()
        x_test, y_test, texts = (
            meta["vocabulary"].encode_many(data.texts_test, meta["config"].max_length),
            data.y_test,
            data.texts_test,
        )
        probabilities = imported.test_probabilities(task_page("classify"), archive, x_test)
    else:
        x_test, y_test, texts, probabilities = resources.starter_transformer_test()
    probabilities = training_panel.test_probabilities(
        task_page("classify"), job, model, x_test, probabilities
    )
    if probabilities is not None:
        rnn_evaluate.results(np.asarray(probabilities).reshape(-1), y_test, texts)


# The translator.


def translate_inside(model, translated, stamp: str) -> None:
    if translated is None:
        st.info(t("transformer.inside_prompt.translate"))
        return
    source, output, key = translated
    ids, english = source.ids[: source.used], source.tokens[: source.used]
    german = [multi30k.START_TOKEN, *output.words]  # what the decoder reads
    produced = [*output.words, multi30k.END_TOKEN if output.ended else "…"]  # what it chose there
    decoder = remembered(
        stamp, key, "decoder", lambda: inspect_attention.decoder_attention(model, ids, output.ids)
    )
    kinds = {
        "cross": Attention(
            t("transformer.kind.cross"), decoder.cross_weights, produced, english,
            t("transformer.kind_help.cross"), partial(inspect_attention.cross_row, model, decoder),
        ),
        "encoder": encoder_view(model, decoder.encoder, english),
        "decoder": Attention(
            t("transformer.kind.decoder"), decoder.self_weights, german, german,
            t("transformer.kind_help.decoder"), partial(inspect_attention.decoder_row, model, decoder),
        ),
    }  # fmt: skip
    kind = st.segmented_control(
        t("transformer.kind"),
        list(kinds),
        required=True,
        format_func=lambda name: kinds[name].name,
        key=page_parts.kept(f"{PAGE}.translate.kind", "cross", lambda name: name in kinds),
    )
    attention_views.explore(f"{PAGE}.translate.{kind}", kinds[kind])


@st.fragment(key="transformer.typing")
def typing(task: str, use, job: TrainingJob | None, input_box, inside_box) -> None:
    """What a typed review or sentence changes, rerun alone: the box and the verdict or the
    translation in `input_box`, and the attention in `inside_box` while that tab is open
    (else None)."""
    if page_parts.run_moved(task_page(task), job):
        st.rerun()  # the run moved on since the page was drawn: the model choice follows it
    model, meta, caption, stamp = use()  # a run's current weights, at every text
    with input_box:
        if task == "classify":
            read = classify_input(model, meta, caption, stamp)
        else:
            translated = translation_views.type_and_translate(PAGE, model, meta, caption, stamp)
    if inside_box is not None:
        with inside_box:
            if task == "classify":
                classify_inside(model, read, stamp)
            else:
                translate_inside(model, translated, stamp)


def build_and_train(task: str, job: TrainingJob | None) -> None:
    st.markdown(t(f"transformer.build_intro.{task}"))
    datasets = resources.reviews if task == "classify" else resources.multi30k
    builder_widgets.build_and_train(
        task_page(task),
        job,
        transformer_controls.TaskControls(task),
        datasets,
        resources.transformer_preview,
        new_classifier_job if task == "classify" else new_translation_job,
        unavailable=t("data.imdb_full_unavailable"),
        table_note=t(f"transformer.vocabulary_note.{task}"),
        progress_extra=translation_views.epoch_samples if task == "translate" else None,
    )


st.title(t("transformer.title"))
st.markdown(t("transformer.intro"))
task = choose_task()
job, notice = training_panel.current_job(task_page(task))
use, trained = choose_model(task, job)
page_parts.note_run(task_page(task), job)
input_box = st.container()
if notice:
    st.info(notice)
# A link with settings, or with a run whose settings it loads, opens on the builder that shows them.
if url_state.has_news(task_page(task)):
    st.session_state[f"{PAGE}.tab"] = t("tab.build")
tabs = page_parts.tabs(PAGE, TABS)
typing(task, use, job, input_box, tabs["inside"] if tabs["inside"].open else None)
if tabs["build"].open:
    with tabs["build"]:
        build_and_train(task, job)
else:
    page_parts.watch_run(task_page(task), job)
    if st.session_state.get(f"{task_page(task)}.config") is not None:  # the URL keeps the settings
        url_state.publish(st.session_state[f"{task_page(task)}.config"])
page_parts.dataset_label(task_page(task), tabs["build"].open, t(f"data.{RECOMMENDED[task].dataset}"))
if tabs["evaluate"].open:
    with tabs["evaluate"]:
        model, meta, _, stamp = use()
        if task == "classify":
            classify_evaluate(model, meta, trained)
        else:
            translation_views.evaluate(PAGE, model, meta, stamp)
