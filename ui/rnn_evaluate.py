"""The RNN page's evaluation: test accuracy, the 2×2 confusion matrix, and the misclassified
test reviews, most confident mistakes first."""

from __future__ import annotations

import numpy as np
import pandas as pd
import streamlit as st

from core.charts import plots
from core.data.text import plain
from core.i18n import t
from core.inspection import evaluation

MISTAKES_SHOWN = 50
EXCERPT_CHARACTERS = 400


def results(probabilities: np.ndarray, labels: np.ndarray, texts: list[str]) -> None:
    """`probabilities` (n,) positive probabilities, `labels` (n,) 0/1, `texts` the reviews."""
    probabilities, labels = np.asarray(probabilities).reshape(-1), np.asarray(labels).astype(int)
    predictions = evaluation.is_positive(probabilities).astype(int)
    matrix = evaluation.confusion_matrix(labels, predictions, 2)
    names = [t("review.negative"), t("review.positive")]
    st.metric(
        t("eval.accuracy"),
        f"{evaluation.accuracy(labels, probabilities):.2%}",
        help=t("rnn.accuracy_help", count=len(labels)),
    )
    matrix_col, mistakes_col = st.columns([1, 2])
    with matrix_col:
        st.caption(t("rnn.matrix_help"))
        st.altair_chart(plots.confusion_heatmap(matrix, labels=names, kind="sentiment"), width="content")
    with mistakes_col:
        order, count = evaluation.confident_mistakes(labels, probabilities, MISTAKES_SHOWN)
        st.markdown(t("rnn.mistakes", count=count, shown=len(order)))
        table = pd.DataFrame(
            {
                t("rnn.col_true"): [names[labels[i]] for i in order],
                t("rnn.col_probability"): probabilities[order],
                t("rnn.col_review"): [_excerpt(texts[i]) for i in order],
            }
        )
        st.dataframe(
            table,
            hide_index=True,
            width="stretch",
            height=420,
            column_config={
                t("rnn.col_probability"): st.column_config.ProgressColumn(
                    min_value=0.0, max_value=1.0, format="percent"
                ),
                t("rnn.col_review"): st.column_config.TextColumn(width="large"),
            },
        )


def _excerpt(text: str) -> str:
    text = plain(text)
    return text if len(text) <= EXCERPT_CHARACTERS else text[:EXCERPT_CHARACTERS] + "…"
