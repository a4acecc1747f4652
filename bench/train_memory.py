"""Peak memory of the Streamlit app while it trains the default network from the CNN page.

Launches `python -m streamlit run app.py` (headless, free port), opens /cnn in headless
Chromium, records the idle RSS of the server's process tree (VmRSS summed over the server
and its descendants, from /proc), clicks "Start training" (design-notes network, 5 epochs)
and samples the tree's RSS every 0.2 s until the page shows "Finished in" (or `--limit` s).
Also printed: the server's VmHWM and ru_maxrss (kernel peaks, catching those between samples).

Run from the repository root:

    python bench/train_memory.py [--limit 300]
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import signal
import sys
import tempfile
import threading
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
    status_kb,
    stop_server,
    wait_http_ok,
)
from playwright.sync_api import sync_playwright  # noqa: E402

SAMPLE_S = 0.2
MB = 1024 * 1024


def process_tree(root: int) -> list[int]:
    """`root` and every descendant, found through the parent pid in /proc/<pid>/stat."""
    children: dict[int, list[int]] = {}
    for pid in (int(name) for name in os.listdir("/proc") if name.isdigit()):
        try:
            ppid = int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])
        except OSError:  # gone meanwhile
            continue
        children.setdefault(ppid, []).append(pid)
    tree, todo = [], [root]
    while todo:
        tree.append(todo.pop())
        todo.extend(children.get(tree[-1], []))
    return tree


def tree_rss(root: int) -> int:
    return sum(status_kb(pid, "VmRSS") for pid in process_tree(root)) * 1024


def measure(page, url: str, pid: int, limit: float) -> dict:
    page.goto(url + "/cnn")
    button = page.get_by_role("button", name=re.compile("Start training"))
    button.wait_for(timeout=180_000)
    page.wait_for_timeout(2000)  # let the first script run finish
    result = {"baseline": tree_rss(pid), "processes": len(process_tree(pid)), "peak": 0, "samples": 0}
    stop = threading.Event()

    def sample_peak() -> None:  # on its own thread, so sampling never waits for the browser
        while not stop.is_set():
            result["peak"] = max(result["peak"], tree_rss(pid))
            result["samples"] += 1
            stop.wait(SAMPLE_S)

    sampler = threading.Thread(target=sample_peak, daemon=True)
    sampler.start()
    start = time.perf_counter()
    button.click()
    finished = page.get_by_text(re.compile(r"Finished in \d+ s"))
    try:
        finished.wait_for(timeout=limit * 1000)
        result["note"] = finished.inner_text()
    except Exception as error:  # playwright's TimeoutError: report what was measured
        result["note"] = f"no 'Finished in' within {limit:.0f} s ({type(error).__name__})"
    result["wall"] = time.perf_counter() - start
    stop.set()
    sampler.join()
    result["progress"] = " / ".join(page.locator("[data-testid='stProgress']").all_inner_texts())
    result["hwm"] = status_kb(pid, "VmHWM") * 1024
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=float, default=300.0)
    args = parser.parse_args()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))  # so `finally` still stops the server
    port = free_port()
    print(f"load average before: {os.getloadavg()[0]:.2f}")
    with tempfile.TemporaryFile() as log, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        server = launch_server(port, log)
        try:
            wait_http_ok(f"http://127.0.0.1:{port}/", server)
            r = measure(browser.new_page(), f"http://127.0.0.1:{port}", server.pid, args.limit)
        except BaseException:
            print_log_tail(log)
            raise
        finally:
            stop_server(server)
        # Reaped children so far: only the server (the browser driver is still running). kB on Linux.
        maxrss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024
        browser.close()

    print("\n=== Server memory while training the default network (5 epochs) ===")
    rows = {
        "baseline RSS, page loaded, idle": f"{r['baseline'] / MB:6.0f} MB ({r['processes']} process(es))",
        "peak RSS while training, sampled": f"{r['peak'] / MB:6.0f} MB ({r['samples']} samples; target 2 GB)",
        "increase over baseline": f"{(r['peak'] - r['baseline']) / MB:6.0f} MB",
        "server VmHWM (kernel's peak RSS)": f"{r['hwm'] / MB:6.0f} MB",
        "ru_maxrss of the reaped server": f"{maxrss / MB:6.0f} MB",
        "click to 'Finished in' (wall-clock)": f"{r['wall']:6.1f} s (page: {r['note']!r})",
        "progress bar at the end": repr(r["progress"]),
        "load average after": f"{os.getloadavg()[0]:6.2f}",
    }
    for label, value in rows.items():
        print(f"{label:36s}: {value}")


if __name__ == "__main__":
    main()
