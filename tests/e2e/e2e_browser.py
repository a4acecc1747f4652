"""Helpers for the real-browser tests: run the app, find its canvas, draw with the mouse.

Hand-drawn digits live in tests/data/drawn_digits.json as {"0": [stroke, ...], ..., "9": [...]},
each stroke a list of [x, y] canvas pixels (the 280×280 canvas, origin at its top-left
corner), already dense: consecutive points are at most ~7 px apart. They were designed
as a person draws with a mouse (a 4 in two strokes, a 5 with its top bar added last, a 0
as one loop started at the top, ...), 160–200 px tall, some off-centre or slanted.
`draw_strokes` moves the real mouse along them, with intermediate mouse events between
consecutive points, as a dragged mouse produces.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

from playwright.sync_api import Error as PlaywrightError

REPO_ROOT = Path(__file__).resolve().parents[2]
DRAWN_DIGITS_PATH = REPO_ROOT / "tests" / "data" / "drawn_digits.json"

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
VIEWPORT = {"width": 1400, "height": 1000}

STARTUP_TIMEOUT = 120  # seconds for `GET /` to answer 200
APP_TITLE = "Deep learning playground"  # set by app.py's st.set_page_config
CNN_NAV_LABEL = "CNN · digits"  # the CNN page's title in app.py's st.navigation
CANVAS_SIDE = 280
HOME_TITLE = "Learn deep learning by building, training and looking inside"
# Each page but home, by url path: what it shows once it has rendered.
PAGE_READY = {
    "cnn": ".st-key-prediction",
    "rnn": ".st-key-review_prediction",
    "transformer": ".st-key-review_prediction",
    "runs": 'h1:has-text("Runs")',
}


# ---------------------------------------------------------------------------------------
# The app server
# ---------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _log_tail(log_path: Path) -> str:
    return log_path.read_text(errors="replace")[-4000:] if log_path.exists() else ""


def _wait_until_up(url: str, process: subprocess.Popen, log_path: Path) -> None:
    deadline = time.monotonic() + STARTUP_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(
                f"streamlit exited with code {process.returncode} before serving {url}:\n"
                + _log_tail(log_path)
            )
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.5)
    raise RuntimeError(
        f"streamlit did not answer 200 on {url} within {STARTUP_TIMEOUT} s:\n" + _log_tail(log_path)
    )


def _stop(process: subprocess.Popen) -> None:
    """Terminate the server's whole process group."""
    if process.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=20)


@contextlib.contextmanager
def running_app(log_dir: Path, env: dict[str, str] | None = None) -> Iterator[str]:
    """Start `streamlit run app.py` on a free port; yield its base URL; stop it afterwards.

    The server's output goes to `log_dir/streamlit-<port>.log`; `env` adds to its environment.
    """
    port = free_port()
    log_path = log_dir / f"streamlit-{port}.log"
    with open(log_path, "wb") as log:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "streamlit",
                "run",
                "app.py",
                "--server.headless",
                "true",
                "--server.port",
                str(port),
                "--browser.gatherUsageStats",
                "false",
                # The code under test is the code at start: an edit to the working tree while
                # the suite runs must not make Streamlit reload the modules that hold the runs.
                "--server.fileWatcherType",
                "none",
            ],
            cwd=REPO_ROOT,
            env={**os.environ, **(env or {})},
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group, ended as a whole
        )
    base_url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(base_url + "/", process, log_path)
        yield base_url
    finally:
        _stop(process)


# ---------------------------------------------------------------------------------------
# Pages
# ---------------------------------------------------------------------------------------


def wait_for_app_idle(page, timeout: float = 60_000) -> None:
    """Wait until Streamlit says its script is not running (at least for an instant)."""
    page.locator('[data-testid="stApp"][data-test-script-state="notRunning"]').wait_for(
        state="attached", timeout=timeout
    )


def open_path(page, url: str, ready_selector: str, timeout: float = 120_000) -> None:
    """Go to `url` (any page of the app) and wait until `ready_selector` is there and the
    script has finished its run."""
    page.goto(url)
    page.locator(ready_selector).wait_for(timeout=timeout)
    wait_for_app_idle(page)


def open_cnn(page, url: str) -> None:
    """Go to the CNN page (`url`) and wait until its canvas and prediction panel are there."""
    page.goto(url)
    page.locator(".st-key-prediction").wait_for(timeout=120_000)
    find_canvas(page)
    wait_for_app_idle(page)


def find_canvas(page, timeout: float = 60_000):
    """The drawing canvas' event layer, scrolled into view, as an element handle.

    It is the topmost of the stacked ~280×280 canvases the drawable canvas renders (Fabric.js
    stacks background, drawing and `upper-canvas`, the one taking mouse events, in this DOM
    order). A handle, not an index-based locator: reruns add and remove other canvases.
    """
    deadline = time.monotonic() + timeout / 1000
    while True:
        candidates = []
        for handle in page.query_selector_all("canvas"):
            box = handle.bounding_box()
            if box and abs(box["width"] - CANVAS_SIDE) <= 4 and abs(box["height"] - CANVAS_SIDE) <= 4:
                candidates.append(handle)
        if candidates:
            upper = [c for c in candidates if "upper-canvas" in (c.get_attribute("class") or "")]
            canvas = (upper or candidates)[-1]
            try:
                canvas.scroll_into_view_if_needed(timeout=5_000)
                return canvas
            except PlaywrightError:  # detached or hidden by a rerun in between: look again
                pass
        if time.monotonic() > deadline:
            raise AssertionError("No ~280×280 drawing canvas found on the page")
        page.wait_for_timeout(250)


def seen_image_src(page) -> str | None:
    """The src of the "What the model sees" image, or None before anything is drawn."""
    images = page.get_by_test_id("stImage").locator("img")
    return images.first.get_attribute("src") if images.count() else None


def draw_strokes(page, strokes, steps: int = 1) -> None:
    """Draw `strokes` ([[x, y], ...] per stroke, canvas pixels) with the real mouse.

    After each stroke (mouse up) the canvas sends the drawing to the app, which reruns.
    Wait until that rerun has shown a new "model sees" image and finished, so the next
    stroke lands on a settled page and a check made after this call sees the prediction
    for the whole drawing, not a stale one.
    """
    for stroke in strokes:
        before = seen_image_src(page)
        box = find_canvas(page).bounding_box()
        left, top = box["x"], box["y"]
        (x, y), rest = stroke[0], stroke[1:]
        page.mouse.move(left + x, top + y)
        page.mouse.down()
        for x, y in rest:
            page.mouse.move(left + x, top + y, steps=steps)
        page.mouse.up()
        deadline = time.monotonic() + 60
        while seen_image_src(page) == before:
            if time.monotonic() > deadline:
                raise AssertionError("The app showed no new 'What the model sees' image after a stroke")
            page.wait_for_timeout(100)
        wait_for_app_idle(page)


def load_drawn_digits() -> dict[str, list[list[list[int]]]]:
    return json.loads(DRAWN_DIGITS_PATH.read_text())


def set_epochs(page, epochs: int, label: str = "Epochs") -> None:
    """Set the epochs slider (labelled `label`) with the keyboard, as a keyboard user would."""
    from playwright.sync_api import expect

    thumb = page.get_by_test_id("stSlider").filter(has_text=label).get_by_role("slider")
    thumb.focus()
    page.keyboard.press("Home")  # the minimum, 1
    for _ in range(epochs - 1):
        page.keyboard.press("ArrowRight")
    expect(thumb).to_have_attribute("aria-valuetext", str(epochs))
    page.wait_for_timeout(500)  # let the slider's debounced value reach the app...
    wait_for_app_idle(page)  # ...and its rerun finish
