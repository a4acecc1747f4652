"""A click in the first seconds after start-up: no page may ever see TensorFlow half imported.

On a fresh server the home page's sidebar is still importing TensorFlow when the page has
appeared; a click on another page then starts that page's script in a second thread at once.
For every page, a fresh server (so TensorFlow is not yet imported), the home page, that page's
sidebar link clicked as soon as the home title shows, then every page visited: no exception in
the browser, no traceback in the server's log.

Run with: python -m pytest tests/e2e/test_startup_browser.py -v
"""

from __future__ import annotations

from urllib.parse import urlparse

import pytest
from e2e_browser import HOME_TITLE, PAGE_READY, running_app, wait_for_app_idle

pytestmark = pytest.mark.e2e

EXCEPTION = '[data-testid="stException"]'
RENDER_TIMEOUT = 120_000  # ms: the first page on a fresh server waits for TensorFlow and a starter model


def _nav_link(page, path: str):
    return page.locator(f'[data-testid="stSidebarNavLink"][href$="/{path}"]')


def _on(path: str):
    """A URL predicate: the page at `path`, whatever its query."""
    return lambda url: urlparse(url).path.rstrip("/").endswith("/" + path)


def _shown_without_exception(page, ready: str, where: str) -> None:
    """Wait until `ready` or an exception is shown and the run has ended; fail on an exception."""
    page.locator(f"{ready}, {EXCEPTION}").first.wait_for(timeout=RENDER_TIMEOUT)
    wait_for_app_idle(page, timeout=RENDER_TIMEOUT)
    exceptions = page.locator(EXCEPTION)
    assert exceptions.count() == 0, f"{where}: {exceptions.first.inner_text()[:2000]}"


@pytest.mark.parametrize("target", list(PAGE_READY))
def test_a_page_opened_while_tensorflow_loads_renders_and_breaks_no_page(target, chromium_browser, tmp_path):
    with running_app(tmp_path) as url:
        context = chromium_browser.new_context(viewport={"width": 1400, "height": 1000})
        context.set_default_timeout(30_000)
        try:
            page = context.new_page()
            page.goto(url + "/")
            page.get_by_text(HOME_TITLE).wait_for(timeout=RENDER_TIMEOUT)
            _nav_link(page, target).click()  # at once: the home page's run is still going
            # The address changes when the page's script starts, which waits for the import.
            page.wait_for_url(_on(target), timeout=RENDER_TIMEOUT)
            _shown_without_exception(page, PAGE_READY[target], f"/{target} opened during start-up")

            # One half-imported module would break every page from now on, for everyone.
            page.goto(url + "/")
            _shown_without_exception(page, f'h1:has-text("{HOME_TITLE[:20]}")', "home afterwards")
            for path, ready in PAGE_READY.items():
                _nav_link(page, path).click()
                page.wait_for_url(_on(path))
                _shown_without_exception(page, ready, f"/{path} afterwards")
        finally:
            context.close()
    logs = "".join(log.read_text(errors="replace") for log in tmp_path.glob("streamlit-*.log"))
    assert "Traceback" not in logs, logs[-4000:]
