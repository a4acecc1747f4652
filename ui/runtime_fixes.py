"""Two corrections to how Streamlit's runtime treats this app.

1. Streamlit still honours its older multipage mode whenever a `pages/` folder sits next
   to the main script: until `st.navigation` has run once in the process, a first request
   for a page URL (say, reloading /cnn right after the server started) executes that page
   on its own, without the frame's navigation, sidebar and page config. `ensure_frame`
   turns that mode off and reruns, which goes through `app.py` as every later run does.
2. After every script run, fragment runs included, Streamlit calls
   `keras.backend.clear_session()`, a relic of graph-mode Keras 2. In Keras 3 that resets
   Keras' global state for every thread and clears TensorFlow's kernel cache, so a page
   polling a run's progress every second slowed the training thread several times over.
   Models here belong to sessions and jobs; there is no global graph to clear. It would also
   reach into Keras whenever `keras` is in `sys.modules`, even while another session's thread
   is half way through importing it (see core.tensorflow_runtime).
"""

from __future__ import annotations

import streamlit as st
from streamlit.runtime.pages_manager import PagesManager
from streamlit.runtime.scriptrunner import script_runner


def ensure_frame() -> None:
    """Call first in every page script."""
    if PagesManager.uses_pages_directory:
        # This run skipped app.py, so Streamlit's clean-up is still on: left so, it would call
        # into Keras when the run stops here, while another session may be importing it.
        keep_keras_state()
        PagesManager.uses_pages_directory = False
        st.rerun()


def keep_keras_state() -> None:
    """Stop Streamlit from clearing Keras' global state after each run (call in app.py)."""
    script_runner._clean_problem_modules = lambda: None
