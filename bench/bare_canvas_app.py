"""The yardstick for bench/stroke_latency.py: the CNN page's canvas and "what the model sees"
image with an answer that needs no model, so a stroke's round trip is only what Streamlit,
the canvas and the image cost.

Run by the benchmark as `streamlit run bench/bare_canvas_app.py`; not part of the app.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import streamlit as st  # noqa: E402

from core.data import images
from core.i18n import t
from ui import canvas_input  # noqa: E402

st.set_page_config(layout="wide")
draw_col, seen_col, result_col = st.columns([3, 2, 3], gap="medium")
with draw_col:
    st.markdown(t("draw.heading"))
    image = canvas_input.digit_canvas("bare.canvas")
with seen_col:
    st.markdown(t("draw.model_sees"))
    if image is not None:
        st.image(images.enlarge(image, scale=7), caption=t("draw.model_sees_caption"))
with result_col:
    with st.container(key="prediction"):
        if image is None:
            st.info(t("draw.prompt"))
        else:
            # A stand-in for a digit that costs nothing: the column holding the most ink.
            st.markdown(t("draw.prediction", digit=int(image.sum(axis=0).argmax()) % 10))
