"""AppTest helpers: run the whole app (navigation and sidebar) and open a page."""

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parents[2] / "app.py")


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
