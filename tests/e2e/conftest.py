"""Real-browser end-to-end fixtures: a running app, a headless Chromium, a fresh /cnn page.

The app runs as its own `streamlit run app.py` subprocess on a free port (never the
developer's 8501); Debian's Chromium (/usr/bin/chromium) drives it through Playwright's
sync API, and no browser is ever downloaded. Each test gets its own browser context.
Helpers (server, canvas, mouse drawing) are in e2e_browser.py.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))  # for `import e2e_browser`, any import mode

from e2e_browser import (  # noqa: E402
    CHROMIUM,
    CHROMIUM_ARGS,
    VIEWPORT,
    load_drawn_digits,
    open_cnn,
    running_app,
)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "e2e: real-browser tests against a running app")


@pytest.fixture(scope="session")
def app_url(tmp_path_factory: pytest.TempPathFactory):
    """Base URL of a fresh app server shared by the session's tests."""
    with running_app(tmp_path_factory.mktemp("streamlit")) as url:
        yield url


@pytest.fixture(scope="session")
def chromium_browser():
    """Debian's Chromium through Playwright; the test FAILS (not skips) if it is missing."""
    if not os.path.exists(CHROMIUM):
        pytest.fail(
            f"The e2e tests need Debian's Chromium at {CHROMIUM}, and it is missing. "
            "Install it (apt-get install chromium); these tests never download a browser.",
            pytrace=False,
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def browser_context(chromium_browser):
    """A fresh browser context (own cookies, so its own Streamlit session) per test."""
    context = chromium_browser.new_context(viewport=VIEWPORT)
    context.set_default_timeout(30_000)
    yield context
    context.close()


@pytest.fixture
def cnn_page(browser_context, app_url: str):
    """A page showing /cnn, its canvas ready to draw on."""
    page = browser_context.new_page()
    open_cnn(page, app_url + "/cnn")
    return page


@pytest.fixture(scope="session")
def drawn_digits() -> dict[str, list[list[list[int]]]]:
    return load_drawn_digits()
