"""Home: what the three architectures are, with a card leading to each page."""

import streamlit as st

from core import kinds
from core.i18n import t
from ui.runtime_fixes import ensure_frame

ensure_frame()

st.title(t("home.title"))
st.markdown(t("home.intro"))

# One card per page, through a kind it trains (the Transformer page trains two).
CARDS = (
    (kinds.CNN, ":material/draw:"),
    (kinds.RNN, ":material/notes:"),
    (kinds.CLASSIFIER, ":material/hub:"),
)

for column, (kind, icon) in zip(st.columns(len(CARDS)), CARDS):
    name = kind.page
    with column.container(border=True, key=f"card_{name}"):
        st.subheader(f"{icon} {t(f'home.{name}.title')}")
        st.markdown(t(f"home.{name}.body"))
        st.latex(t(f"home.{name}.formula"))
        st.page_link(kind.page_file, label=t(f"home.{name}.link"), icon=":material/arrow_forward:")

st.page_link("pages/runs.py", label=t("home.runs_link"), icon=":material/history:")
st.markdown(t("home.open_problems"))
