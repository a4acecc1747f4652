"""ui/runtime_fixes.py leans on two Streamlit internals; fail loudly if an upgrade moves them."""

from streamlit.runtime.pages_manager import PagesManager
from streamlit.runtime.scriptrunner import script_runner


def test_the_streamlit_internals_the_fixes_rely_on_still_exist():
    assert hasattr(PagesManager, "uses_pages_directory")
    assert callable(getattr(script_runner, "_clean_problem_modules", None))
    assert callable(getattr(script_runner, "_mpa_v1", None))  # the mode ensure_frame leaves
