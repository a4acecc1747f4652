"""The CNN page's evaluation: test accuracy, confusion matrix, the digits behind a cell."""

from __future__ import annotations

import numpy as np
import streamlit as st

from core.charts import plots
from core.data import images
from core.i18n import t
from core.inspection import evaluation


def _selected_cell(event, fallback: tuple[int, int]) -> tuple[int, int]:
    try:
        picked = event.selection["cell"][0]
        return int(picked["true"]), int(picked["predicted"])
    except (AttributeError, KeyError, IndexError, TypeError, ValueError):
        return fallback


def confusion(x_test: np.ndarray, y_test: np.ndarray, probabilities: np.ndarray, key: str) -> None:
    """Accuracy, the clickable confusion matrix, and the test digits of the chosen cell.

    `x_test` is float (n, 28, 28, 1); `probabilities` is (n, 10).
    """
    predictions = probabilities.argmax(axis=1)
    matrix = evaluation.confusion_matrix(y_test, predictions, probabilities.shape[1])
    st.metric(
        t("eval.accuracy"),
        f"{evaluation.accuracy(y_test, probabilities):.2%}",
        help=t("eval.accuracy_help", count=len(y_test)),
    )
    chart_col, examples_col = st.columns([1, 1])
    with chart_col:
        st.caption(t("eval.matrix_help"))
        event = st.altair_chart(
            plots.confusion_heatmap(matrix), on_select="rerun", selection_mode="cell", key=key
        )
    true_class, predicted_class = _selected_cell(event, evaluation.worst_cell(matrix))
    indices = evaluation.cell_examples(y_test, probabilities, true_class, predicted_class)
    with examples_col:
        st.markdown(
            t(
                "eval.cell_title",
                true=true_class,
                predicted=predicted_class,
                count=int(matrix[true_class, predicted_class]),
            )
        )
        if len(indices) == 0:
            st.caption(t("eval.cell_empty"))
            return
        st.image(
            [images.enlarge(x_test[i, ..., 0], scale=3) for i in indices],
            caption=[
                t(
                    "eval.example_caption",
                    predicted=predicted_class,
                    p=probabilities[i, predicted_class],
                    true_p=probabilities[i, true_class],
                )
                for i in indices
            ],
        )
