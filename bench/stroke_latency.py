"""Mouse-up → prediction on the CNN page, beside a bare app with the same canvas, in one run.

Two servers run side by side: the app (`app.py`, its /cnn page) and `bench/bare_canvas_app.py`,
which draws the same canvas and "what the model sees" image and answers without a model. One
headless Chromium (Debian's, the e2e tests' flags) opens each in its own context; a third
context shows the CNN page with its "Look inside" tab open, unless `--no-inside`.

Each sample, taken in turn on every page so they share the machine's load: empty the canvas
with its own reset button and wait until the prompt is back and the script is idle; then
draw one stroke with the real mouse (the first stroke of a digit from
tests/data/drawn_digits.json, cycling through the ten). The time is measured in the page:
from the `mouseup` event (a capturing listener on the window) to the first DOM change that
puts "Prediction: <digit>" into the prediction panel (a MutationObserver). It includes the
canvas' own 200 ms send delay, the websocket, the script run and the browser's DOM update.

Prints p50 and p95 per page and the ratio of the CNN page's p50 to the bare app's (target
≤ 1.2). Run from the repository root:

    python bench/stroke_latency.py [--samples 30] [--warmup 3] [--no-inside]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from appserver import (  # noqa: E402
    CHROMIUM,
    CHROMIUM_ARGS,
    ROOT,
    SERVER_FLAGS,
    free_port,
    print_log_tail,
    stop_server,
    wait_http_ok,
)

VIEWPORT = {"width": 1400, "height": 1000}
CANVAS_SIDE = 280
PROMPT = "Draw a digit on the black canvas"
PREDICTION = r"Prediction: \d"
RESET_BUTTON = 'button[aria-label="Reset canvas & history"]'
IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'
INSIDE_TAB, BUILD_TAB = "Look inside", "Build & train"
TARGET_RATIO = 1.2

# Arms one measurement: the first mouseup from now, and the first DOM change after it that
# shows a prediction in the panel.
ARM = """
(pattern) => {
  const shows = new RegExp(pattern);
  const stroke = {up: null, shown: null};
  window.__stroke = stroke;
  window.addEventListener("mouseup", () => { stroke.up = performance.now(); },
                          {capture: true, once: true});
  if (window.__strokeObserver) window.__strokeObserver.disconnect();
  window.__strokeObserver = new MutationObserver(() => {
    if (stroke.up === null || stroke.shown !== null) return;
    const panel = document.querySelector(".st-key-prediction");
    if (panel && shows.test(panel.innerText)) stroke.shown = performance.now();
  });
  window.__strokeObserver.observe(document.body, {subtree: true, childList: true, characterData: true});
}
"""


def launch(script: str, port: int, log) -> subprocess.Popen:
    """`streamlit run <script>` from the repository root, in its own process group. No file
    watching: others editing the tree during a run must not reload the code being measured."""
    command = [
        sys.executable, "-m", "streamlit", "run", script, *SERVER_FLAGS,
        "--server.port", str(port), "--server.fileWatcherType", "none",
    ]  # fmt: skip
    return subprocess.Popen(command, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)


def strokes() -> list[list[list[int]]]:
    """The first stroke of each hand-drawn digit, 0 to 9."""
    digits = json.loads((ROOT / "tests" / "data" / "drawn_digits.json").read_text())
    return [digits[str(digit)][0] for digit in range(10)]


def canvas_box(page) -> dict:
    """The drawing canvas' box: the topmost of the ~280×280 canvases the component stacks."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        for handle in reversed(page.query_selector_all("canvas")):
            box = handle.bounding_box()
            if box and abs(box["width"] - CANVAS_SIDE) <= 4 and abs(box["height"] - CANVAS_SIDE) <= 4:
                return box
        page.wait_for_timeout(100)
    raise RuntimeError("no drawing canvas on the page")


def settle(page) -> None:
    page.locator(IDLE).wait_for(state="attached", timeout=120_000)


def open_page(context, url: str, tab: str | None = None):
    page = context.new_page()
    page.goto(url)
    page.locator(".st-key-prediction").wait_for(timeout=180_000)
    canvas_box(page)
    settle(page)
    if tab:
        page.get_by_role("tab", name=tab).click()
        settle(page)
    return page


def reset(page) -> None:
    """Empty the canvas with its toolbar's reset button and wait for the prompt."""
    box = canvas_box(page)
    page.mouse.move(box["x"] + 10, box["y"] + 10)  # the toolbar shows while the canvas is hovered
    page.locator(RESET_BUTTON).click()
    page.locator(".st-key-prediction", has_text=PROMPT).wait_for(timeout=60_000)
    settle(page)


def sample(page, stroke: list[list[int]]) -> float:
    """Milliseconds from mouse-up to the prediction, for one stroke on an empty canvas."""
    page.bring_to_front()
    reset(page)
    page.evaluate(ARM, PREDICTION)
    box = canvas_box(page)
    page.mouse.move(box["x"] + stroke[0][0], box["y"] + stroke[0][1])
    page.mouse.down()
    for x, y in stroke[1:]:
        page.mouse.move(box["x"] + x, box["y"] + y)
    page.mouse.up()
    page.wait_for_function("() => window.__stroke.shown !== null", timeout=60_000)
    settle(page)
    measured = page.evaluate("() => window.__stroke")
    return measured["shown"] - measured["up"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples", type=int, default=30, help="timed strokes per page")
    parser.add_argument("--warmup", type=int, default=3, help="untimed strokes per page first")
    parser.add_argument("--no-inside", action="store_true", help="skip the 'Look inside' page")
    args = parser.parse_args()

    from playwright.sync_api import sync_playwright

    app_port, bare_port = free_port(), free_port()
    with tempfile.TemporaryDirectory() as logs:
        app_log = open(Path(logs) / "app.log", "w+b")
        bare_log = open(Path(logs) / "bare.log", "w+b")
        app = launch("app.py", app_port, app_log)
        bare = launch("bench/bare_canvas_app.py", bare_port, bare_log)
        try:
            wait_http_ok(f"http://127.0.0.1:{app_port}/", app)
            wait_http_ok(f"http://127.0.0.1:{bare_port}/", bare)
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                pages = {}
                for name, url, tab in [
                    ("CNN page (Build & train open)", f"http://127.0.0.1:{app_port}/cnn", BUILD_TAB),
                    ("bare canvas app", f"http://127.0.0.1:{bare_port}/", None),
                    ("CNN page (Look inside open)", f"http://127.0.0.1:{app_port}/cnn", INSIDE_TAB),
                ]:
                    if tab and args.no_inside:
                        continue
                    context = browser.new_context(viewport=VIEWPORT)
                    context.set_default_timeout(60_000)
                    pages[name] = open_page(context, url, tab)
                print(f"load average before: {os.getloadavg()[0]:.2f}")
                drawn = strokes()
                times: dict[str, list[float]] = {name: [] for name in pages}
                for index in range(args.warmup + args.samples):
                    for name, page in pages.items():
                        ms = sample(page, drawn[index % len(drawn)])
                        if index >= args.warmup:
                            times[name].append(ms)
                browser.close()
        except Exception:
            print_log_tail(app_log)
            print_log_tail(bare_log)
            raise
        finally:
            stop_server(app)
            stop_server(bare)

    print()
    print(f"=== Mouse-up → prediction, ms ({args.samples} strokes per page after {args.warmup} warm-ups) ===")
    print(f"{'page':32s} {'p50':>7s} {'p95':>7s} {'mean':>7s}")
    p50 = {}
    for name, values in times.items():
        ms = np.array(values)
        p50[name] = float(np.percentile(ms, 50))
        print(f"{name:32s} {p50[name]:7.1f} {np.percentile(ms, 95):7.1f} {ms.mean():7.1f}")
    bare_p50 = p50["bare canvas app"]
    for name in p50:
        if name.startswith("CNN page"):
            print(f"ratio {name} ÷ bare app, p50: {p50[name] / bare_p50:.2f}")
    print(f"target: CNN page (Build & train open) ÷ bare app ≤ {TARGET_RATIO}")
    print(f"load average after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
