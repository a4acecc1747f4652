"""The app's frame: navigation over the pages and the sidebar every page shares."""

import os
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")  # TensorFlow's start-up chatter is not for students.

import streamlit as st  # noqa: E402

from core import kinds  # noqa: E402
from core.i18n import t  # noqa: E402
from ui import identity, language, resources, sessions, sidebar  # noqa: E402
from ui.runtime_fixes import keep_keras_state  # noqa: E402

keep_keras_state()
language.install()  # every t() renders in the language of the session it runs for
language.establish()  # this run's language: a link's, the person's choice, or the browser's
resources.run_registry()  # opened as the app starts: runs a stopped server left 'running' become interrupted
# The tab's icon ships with the app: Streamlit fetches a Material icon from Google's fonts.
ICON = Path(__file__).parent / "assets" / "icon.png"
st.set_page_config(page_title=t("app.title"), page_icon=str(ICON), layout="wide")
identity.establish()  # who is at this browser, before any page decides what they may control

navigation = st.navigation(
    [
        st.Page("pages/home.py", title=t("nav.home"), icon=":material/home:", default=True),
        st.Page(kinds.CNN.page_file, title=t("nav.cnn"), icon=":material/draw:", url_path=kinds.CNN.page),
        st.Page(kinds.RNN.page_file, title=t("nav.rnn"), icon=":material/notes:", url_path=kinds.RNN.page),
        st.Page(  # the page of both Transformer kinds
            kinds.CLASSIFIER.page_file,
            title=t("nav.transformer"),
            icon=":material/hub:",
            url_path=kinds.CLASSIFIER.page,
        ),
        st.Page("pages/runs.py", title=t("nav.runs"), icon=":material/history:", url_path="runs"),
    ]
)
# Every page but home imports Keras: import it here first, once for the whole server, so that a
# page never runs while another session's thread is half way through importing TensorFlow.
with st.sidebar:  # before the page, so that a page that stops early still offers it
    language.switch()
if navigation.url_path:
    resources.load_tensorflow()
    sessions.track()  # note this session's training jobs; give back those of tabs that closed
navigation.run()
sidebar.render()
