"""Home: what the three architectures are, with a card leading to each page."""

import streamlit as st

from core.i18n import t
from ui.runtime_fixes import ensure_frame

ensure_frame()

st.title(t("home.title"))
st.markdown(t("home.intro"))

CARDS = (
    ("cnn", "pages/cnn.py", ":material/draw:"),
    ("rnn", "pages/rnn.py", ":material/notes:"),
    ("transformer", "pages/transformer.py", ":material/hub:"),
)

for column, (name, page, icon) in zip(st.columns(len(CARDS)), CARDS):
    with column.container(border=True, key=f"card_{name}"):
        st.subheader(f"{icon} {t(f'home.{name}.title')}")
        st.markdown(t(f"home.{name}.body"))
        st.latex(t(f"home.{name}.formula"))
        st.page_link(page, label=t(f"home.{name}.link"), icon=":material/arrow_forward:")

st.page_link("pages/runs.py", label=t("home.runs_link"), icon=":material/history:")
st.markdown(t("home.open_problems"))
