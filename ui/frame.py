"""Make sure a page always runs inside the app's frame (`app.py`).

Streamlit still honours its older multipage mode whenever a `pages/` folder sits next to
the main script: until `st.navigation` has run once in the process, a first request for
a page URL (say, reloading /cnn right after the server started) executes that page on
its own, without the frame's navigation, sidebar and page config. The page then turns
that mode off and reruns, which goes through `app.py` as every later run does.
"""

from __future__ import annotations

import streamlit as st
from streamlit.runtime.pages_manager import PagesManager


def ensure_frame() -> None:
    """Call first in every page script."""
    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()
