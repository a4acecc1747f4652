"""The Transformer review classifier's views: the review box and its verdict, and its
evaluation on the test reviews."""

from __future__ import annotations

import numpy as np
import streamlit as st

from core.i18n import t
from ui import memo, review_box, rnn_evaluate
from ui.model_in_use import ModelInUse, evaluated_probabilities


def type_and_classify(page: str, in_use: ModelInUse):
    """The review box and the verdict of the model in use; `page` prefixes the widgets' keys.
    Returns (ids of the words read, their tokens, memo key) or None."""
    model, meta = in_use.model, in_use.meta
    text_col, result_col = st.columns([3, 2], gap="medium")
    with text_col:
        encoded = review_box.review_input(page, meta["vocabulary"], meta["config"].max_length)
    read = None
    with result_col:
        with st.container(key="review_prediction"):
            if review_box.readable(encoded):
                key = (encoded.ids.tobytes(),)
                probability = memo.remembered(
                    page,
                    (in_use.stamp, key),
                    "probability",
                    lambda: float(np.asarray(model(encoded.ids[np.newaxis]))[0, 0]),
                )
                if not np.isfinite(probability):
                    st.warning(t("draw.not_finite"))
                else:
                    review_box.prediction(probability)
                    read = (encoded.ids[: encoded.used], encoded.tokens[: encoded.used], key)
                if encoded.cut:
                    st.info(t("review.cut", used=encoded.used, total=len(encoded.tokens)))
        st.caption(in_use.caption)
    return read


def evaluate(page: str, in_use: ModelInUse) -> None:
    """Test accuracy, the confusion matrix and the most confident mistakes on the test reviews."""
    probabilities = evaluated_probabilities(in_use)
    if probabilities is not None:
        test = in_use.test
        rnn_evaluate.results(np.asarray(probabilities).reshape(-1), test.labels, test.texts)
