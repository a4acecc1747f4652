"""Start-up time of the Streamlit app, from launching the server to the first pages shown.

Each repetition launches a fresh `python -m streamlit run app.py` (headless, on a free
port, from the repository root) and measures, from the launch:

1. HTTP:  until GET / returns 200 (polled every 50 ms);
2. home:  until headless Chromium on / shows the home title "Learn deep learning";
3. CNN:   until the same tab, sent to /cnn, shows the canvas heading "Draw a digit"
          (the bold heading above the canvas, drawn once the starter model is loaded).

For (3) the time of that page load alone is printed too. Chromium is started once,
before any server, so its own start-up is not counted. The server's process group is
terminated after every repetition (and on exit). Medians over `--repeats` are printed.

Run from the repository root:

    python bench/startup_time.py [--repeats 3]
"""

from __future__ import annotations

import argparse
import atexit
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

from appserver import (  # noqa: E402
    CHROMIUM,
    CHROMIUM_ARGS,
    free_port,
    launch_server,
    print_log_tail,
    stop_server,
    wait_http_ok,
)
from playwright.sync_api import sync_playwright  # noqa: E402

TIMEOUT_S = 180
_servers: list[subprocess.Popen] = []


def stop_all() -> None:
    for server in _servers:
        stop_server(server)


def one_run(browser) -> dict:
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryFile() as log:
        start = time.perf_counter()
        server = launch_server(port, log)
        _servers.append(server)
        try:
            wait_http_ok(url + "/", server, TIMEOUT_S)
            times = {"http": time.perf_counter() - start}
            context = browser.new_context()
            page = context.new_page()
            page.goto(url + "/")
            page.get_by_text("Learn deep learning").first.wait_for(timeout=TIMEOUT_S * 1000)
            times["home"] = time.perf_counter() - start
            page.goto(url + "/cnn")
            page.get_by_text("Draw a digit", exact=True).first.wait_for(timeout=TIMEOUT_S * 1000)
            times["cnn"] = time.perf_counter() - start
            times["cnn_alone"] = times["cnn"] - times["home"]
            context.close()
            return times
        except Exception:
            print_log_tail(log)
            raise
        finally:
            stop_server(server)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    atexit.register(stop_all)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))  # runs atexit, so servers die too

    print(f"load average before: {os.getloadavg()[0]:.2f}")
    runs = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for number in range(1, args.repeats + 1):
            runs.append(one_run(browser))
            r = runs[-1]
            print(
                f"  run {number}: HTTP 200 {r['http']:.2f} s, home {r['home']:.2f} s, "
                f"CNN {r['cnn']:.2f} s (page alone {r['cnn_alone']:.2f} s)"
            )
        browser.close()

    def median(key: str) -> float:
        return statistics.median(r[key] for r in runs)

    print()
    print(f"=== Start-up time, median of {len(runs)} fresh servers (s from launch) ===")
    print(f"HTTP GET / -> 200                       : {median('http'):6.2f} s")
    print(f"home page shows 'Learn deep learning'   : {median('home'):6.2f} s")
    print(
        f"/cnn shows 'Draw a digit'               : {median('cnn'):6.2f} s "
        f"(that page load alone: {median('cnn_alone'):.2f} s)"
    )
    print(f"load average after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
