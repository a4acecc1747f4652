"""AppTest helpers: run the whole app (navigation and sidebar) and open a page."""

from pathlib import Path

import pytest
from streamlit.runtime.pages_manager import PagesManager
from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parents[2] / "app.py")


@pytest.fixture(autouse=True)
def navigation_mode(monkeypatch):
    """Run every AppTest run through app.py's st.navigation, as the server does.

    Because a pages/ folder exists, Streamlit starts in its older multipage mode and
    leaves it at the first st.navigation call; a server does that once, but AppTest
    re-enters that mode before every run. Pin it off, as on a running server.
    """
    original_init = PagesManager.__init__

    def init(self, *args, **kwargs):
        original_init(self, *args, **kwargs)
        PagesManager.uses_pages_directory = False

    monkeypatch.setattr(PagesManager, "__init__", init)


@pytest.fixture
def open_page():
    def _open(page: str | None = None, query: dict | None = None) -> AppTest:
        app = AppTest.from_file(APP, default_timeout=120)
        for key, value in (query or {}).items():
            app.query_params[key] = value
        app.run()
        if page:
            app.switch_page(page)
            app.run()
        assert not app.exception, app.exception
        return app

    return _open
