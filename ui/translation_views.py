"""The translator's views: the sentence box and its translation, the sample translations and
validation BLEU a run records after every epoch, and the test BLEU."""

from __future__ import annotations

import altair as alt
import numpy as np
import pandas as pd
import streamlit as st

from core.data import multi30k
from core.data.multi30k import MAX_SENTENCE_CHARACTERS
from core.i18n import t
from core.models import decoding
from ui import memo, resources, review_box
from ui.language import translated
from ui.model_in_use import ModelInUse
from ui.page_parts import kept

DECODINGS = ("greedy", "beam")
EXAMPLES_SHOWN = 8
EPOCHS_SHOWN = 4  # latest epochs whose sample translations are listed
TEST_ROWS_SHOWN = 50


def _load_example(page: str) -> None:
    example = st.session_state.get(f"{page}.sentence_example")
    if example is not None:
        st.session_state[f"{page}.sentence"] = example


def type_and_translate(page: str, in_use: ModelInUse):
    """The sentence box with examples, the tokens the encoder reads, the decoding choice and
    the translation by the model in use (inside `st.container(key="translation")`); `page`
    prefixes the widgets' keys.

    Returns (source, output, memo key) or None when there is nothing to translate.
    """
    model, meta = in_use.model, in_use.meta
    text_col, result_col = st.columns([3, 2], gap="medium")
    length = meta["config"].max_length
    with text_col:
        st.selectbox(
            t("translate.examples"),
            resources.example_sentences()[:EXAMPLES_SHOWN],
            index=None,
            placeholder=t("translate.examples_placeholder"),
            key=f"{page}.sentence_example",
            on_change=_load_example,
            args=(page,),
        )
        review_box.kept(f"{page}.sentence")
        text = st.text_input(
            t("translate.heading"),
            key=f"{page}.sentence",
            max_chars=MAX_SENTENCE_CHARACTERS,
            placeholder=t("translate.placeholder"),
        )
        st.session_state[f"{page}.sentence.kept"] = text
        decoding_col, width_col = st.columns(2)
        search = decoding_col.segmented_control(
            t("translate.decoding"),
            DECODINGS,
            required=True,
            format_func=lambda name: t(f"translate.decoding.{name}"),
            key=translated(kept(f"{page}.decoding", "greedy", lambda name: name in DECODINGS)),
            help=t("translate.decoding_help"),
        )
        width = 0
        if search == "beam":
            width = int(width_col.slider(t("translate.beam_width"), 2, 8, 4, key=f"{page}.beam_width"))
        source = multi30k.encode_source(meta["source"], text, length) if text.strip() else None
        if source is not None and source.tokens:
            review_box.tokens_seen(source)
    result = None
    with result_col:
        with st.container(key="translation"):
            if source is None:
                st.info(t("translate.prompt"))
            elif not multi30k.has_words(source):
                st.warning(t("translate.no_words"))
            else:
                ids = source.ids[: source.used]
                key = (ids.tobytes(), width)
                try:
                    output = memo.remembered(
                        page,
                        (in_use.stamp, key),
                        "translation",
                        lambda: decoding.translate_one(model, meta["target"], ids, width),
                    )
                except decoding.NotFinite:
                    st.warning(t("draw.not_finite"))
                    return None
                st.markdown(t("translate.result", text=output.text or "…"))
                method = t("translate.by_beam", width=width) if width else t("translate.by_greedy")
                st.caption(t("translate.result_caption", method=method, words=len(output.words)))
                if not output.ended:
                    st.warning(t("translate.no_end"))
                if multi30k.words_unknown(source):
                    st.warning(t("translate.all_unknown", count=source.used))
                if source.cut:
                    st.info(t("translate.cut", used=source.used, total=len(source.tokens)))
                result = (source, output, key)
        st.caption(in_use.caption)
    return result


def epoch_samples(job, progress) -> None:
    """Under the training curves: validation BLEU per epoch and the sample sentences'
    translations after each of the latest epochs."""
    rows = [row for row in progress.epochs_log if "val_bleu" in row]
    if not rows:
        st.caption(t("translate.samples_pending"))
        return
    bleu_col, samples_col = st.columns([1, 2])
    with bleu_col:
        data = pd.DataFrame(
            {"epoch": [row["epoch"] for row in rows], "bleu": [row["val_bleu"] for row in rows]}
        )
        chart = (
            alt.Chart(data, title=t("translate.val_bleu_title"))
            .mark_line(point=True)
            .encode(
                x=alt.X("epoch:Q", title=t("chart.epoch"), axis=alt.Axis(tickMinStep=1)),
                y=alt.Y("bleu:Q", title="BLEU", scale=alt.Scale(domainMin=0)),
                tooltip=["epoch", alt.Tooltip("bleu:Q", format=".1f")],
            )
        )
        st.altair_chart(chart, width="stretch")
    with samples_col:
        table = {t("translate.col_english"): job.meta["samples"]}
        for row in [row for row in rows if row.get("samples")][-EPOCHS_SHOWN:][::-1]:
            table[t("translate.col_epoch", epoch=row["epoch"])] = row["samples"]
        st.dataframe(pd.DataFrame(table), hide_index=True, width="stretch")


def evaluate(page: str, in_use: ModelInUse) -> None:
    """Test BLEU of the model in use (Multi30k test 2016), computed on request, with the
    first translations beside their references. A run's result is kept while it trains on,
    marked with the batch it was computed at."""
    key = f"{page}.test_bleu"
    model, meta, stamp = in_use.model, in_use.meta, in_use.stamp
    if in_use.starter:
        st.caption(t("translate.starter_test", bleu=meta["test_bleu"]))
    if st.button(t("translate.evaluate_now"), key=f"{page}.evaluate_translation"):
        test = multi30k.load("test_2016_flickr")
        with st.spinner(t("translate.evaluating", count=len(test))):
            try:
                hypotheses = decoding.translate_many(
                    model, meta["source"], meta["target"], test.english, meta["config"].max_length
                )
            except decoding.NotFinite:
                st.warning(t("draw.not_finite"))
                return
        st.session_state[key] = (stamp, hypotheses)
    evaluated = st.session_state.get(key)
    if not evaluated or evaluated[0].owner != stamp.owner:
        st.info(t("translate.evaluate_prompt"))
        return
    evaluated_stamp, hypotheses = evaluated
    if evaluated_stamp != stamp:  # the run has trained on since
        st.caption(t("eval.evaluated_at", step=evaluated_stamp.step))
    test = multi30k.load("test_2016_flickr")
    st.metric(
        t("translate.test_bleu"),
        f"{decoding.bleu(hypotheses, test.german):.1f}",
        help=t("translate.test_bleu_help", count=len(test)),
    )
    shown = np.arange(min(TEST_ROWS_SHOWN, len(test)))
    st.dataframe(
        pd.DataFrame(
            {
                t("translate.col_english"): [test.english[i] for i in shown],
                t("translate.col_reference"): [test.german[i] for i in shown],
                t("translate.col_model"): [hypotheses[i] for i in shown],
            }
        ),
        hide_index=True,
        width="stretch",
    )
