"""Home: what the three architectures are, with a card leading to each page."""

import streamlit as st

from core.i18n import t

st.title(t("home.title"))
st.markdown(t("home.intro"))

CARDS = (
    ("cnn", "pages/cnn.py", "✏️"),
    ("rnn", None, "📝"),
    ("transformer", None, "🔭"),
)

for column, (name, page, icon) in zip(st.columns(len(CARDS)), CARDS):
    with column.container(border=True, key=f"card_{name}"):
        st.subheader(f"{icon} {t(f'home.{name}.title')}")
        st.markdown(t(f"home.{name}.body"))
        st.latex(t(f"home.{name}.formula"))
        if page:
            st.page_link(page, label=t(f"home.{name}.link"), icon="➡️")
        else:
            st.caption(t("home.coming_next"))

st.markdown(t("home.open_problems"))
