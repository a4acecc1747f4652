"""AppTest helpers: run the whole app (navigation and sidebar) and open a page."""

from pathlib import Path
from types import SimpleNamespace

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
    """Open the app (and `page`) in a new session: a new browser, unless `token` gives the
    identity token its cookie would carry (the same browser, reloaded)."""

    def _open(page: str | None = None, query: dict | None = None, token: str | None = None) -> AppTest:
        app = AppTest.from_file(APP, default_timeout=120)
        for key, value in (query or {}).items():
            app.query_params[key] = value
        if token is not None:
            app.session_state["identity.token"] = token
        app.run()
        if page:
            app.switch_page(page)
            app.run()
        assert not app.exception, app.exception
        return app

    return _open


@pytest.fixture
def canvas(monkeypatch):
    """Replace the browser canvas (its component does not run under AppTest) with one whose
    drawing the test sets: `canvas["image"] = rgba`."""
    import ui.canvas_input

    drawing = {"image": None}
    monkeypatch.setattr(
        ui.canvas_input, "st_canvas", lambda **kwargs: SimpleNamespace(image_data=drawing["image"])
    )
    return drawing
