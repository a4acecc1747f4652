"""A student's first visit: nothing from the internet, and no run the student did not ask for.

- Every page, in a browser that records every request it makes: each one goes to the app's
  own server (a class is often offline; a request elsewhere is a broken icon or a stall).
- A browser without the identity cookie stores it without a second run of the page. A run
  the page starts by itself replaces whatever run a click started a moment before (Streamlit
  stops a run for a newer one), so a first click on a page link could be lost.

Run with: python -m pytest tests/e2e/test_first_visit_browser.py -v
"""

from __future__ import annotations

from urllib.parse import urlparse

import pytest
from e2e_browser import HOME_TITLE, PAGE_READY, VIEWPORT, open_path, running_app, wait_for_app_idle
from streamlit.proto.BackMsg_pb2 import BackMsg

from ui.identity import COOKIE

pytestmark = pytest.mark.e2e

PAGES = {"": f'h1:has-text("{HOME_TITLE[:20]}")', **PAGE_READY}


def _host(url: str) -> str:
    """The host a request goes to; a blob: URL names the origin that made it, data: none."""
    scheme, _, rest = url.partition(":")
    if scheme == "data":
        return ""
    return urlparse(rest if scheme == "blob" else url).netloc


def _reruns_sent(frames: list[bytes]) -> int:
    """How many of the frames the browser sent over the websocket ask for a run of the script."""
    return sum(BackMsg.FromString(frame).WhichOneof("type") == "rerun_script" for frame in frames)


def test_no_page_asks_anything_of_another_host(chromium_browser, tmp_path):
    with running_app(tmp_path) as url:
        own = urlparse(url).netloc
        context = chromium_browser.new_context(viewport=VIEWPORT)
        elsewhere: list[str] = []

        def note(request) -> None:
            if _host(request.url) not in ("", own):
                elsewhere.append(request.url)

        context.on("request", note)
        try:
            page = context.new_page()
            for path, ready in PAGES.items():
                open_path(page, f"{url}/{path}", ready)
                page.wait_for_timeout(500)  # what the render asks for next (icons, images)
                assert elsewhere == [], f"/{path} asked another host for {elsewhere}"
            favicon = page.locator('link[rel="shortcut icon"], link[rel="icon"]').first.get_attribute("href")
            assert page.evaluate("(href) => new URL(href, document.baseURI).host", favicon) == own
        finally:
            context.close()


def test_a_first_visit_stores_its_identity_without_a_second_run(chromium_browser, tmp_path):
    with running_app(tmp_path) as url:
        context = chromium_browser.new_context(viewport=VIEWPORT)
        try:
            page = context.new_page()
            sent: list[bytes] = []
            page.on("websocket", lambda socket: socket.on("framesent", lambda frame: sent.append(frame)))
            open_path(page, url + "/", PAGES[""])
            page.wait_for_timeout(1500)  # long enough for a rerun the keeper would ask for
            wait_for_app_idle(page)
            stored = [cookie["value"] for cookie in context.cookies() if cookie["name"] == COOKIE]
            assert len(stored) == 1 and len(stored[0]) == 32, context.cookies()
            assert _reruns_sent(sent) == 1, "the page ran again by itself after its first run"

            # The same browser again: its cookie is sent, kept and not written anew.
            sent.clear()
            open_path(page, url + "/", PAGES[""])
            assert _reruns_sent(sent) == 1
            assert [c["value"] for c in context.cookies() if c["name"] == COOKIE] == stored
        finally:
            context.close()
