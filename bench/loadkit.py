"""What the class benchmarks share: a server on a temporary data directory, its memory from
/proc, what a student sends (digits drawn from tests/data/drawn_digits.json, reviews typed word
by word), how a prediction is recognised in the deltas, and the run registry read afterwards.
Not a benchmark itself."""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import re
import sqlite3
import statistics
import sys
import tempfile
import uuid
from pathlib import Path

import st_client
from appserver import ROOT, free_port, launch_server, print_log_tail, status_kb, stop_server, wait_http_ok

MB = 1024 * 1024
DIGITS = json.loads((ROOT / "tests" / "data" / "drawn_digits.json").read_text())
# Typed on the RNN page a few words at a time; plain English, in the reviews' own register.
REVIEWS = (
    "This film was a wonderful surprise, the acting is superb and the story kept me watching "
    "until the very last minute. I would happily see it again with friends.",
    "A boring and predictable movie. The plot makes no sense, the dialogue is terrible and "
    "I wanted to leave after half an hour. A waste of time and money.",
    "The music and the photography are beautiful, but the characters never feel real and the "
    "ending is rushed. Worth watching once, not more.",
)
# The CNN page's prediction heading and the RNN page's verdict, as English text in a delta.
PREDICTION = re.compile(r"Prediction: \d")
VERDICT = re.compile(r"^## .+ · [\d.]+%$")
# No file watching: others edit this tree while a bench runs, and a bench measures the app.
QUIET_FLAGS = ("--server.fileWatcherType", "none", "--server.runOnSave", "false")


def shows(pattern: re.Pattern):
    """A `Session.watch` that is true for a markdown element whose body matches `pattern`."""

    def watch(element) -> bool:
        return element.WhichOneof("type") == "markdown" and bool(pattern.search(element.markdown.body))

    return watch


def identity_cookie() -> str:
    """A fresh browser identity, as the app's cookie holds it (32 hex characters)."""
    return f"playground_identity={uuid.uuid4().hex}"


def canvas_values() -> dict[str, dict]:
    """Every digit's canvas state, rendered once (PNG encoding is the client's costliest step)."""
    return {digit: st_client.canvas_state(strokes) for digit, strokes in DIGITS.items()}


def megabytes(pid: int, field: str) -> float:
    return status_kb(pid, field) / 1024


def count_tracebacks(log) -> int:
    log.seek(0)
    return sum(1 for line in log.read().decode(errors="replace").splitlines() if "Traceback" in line)


@contextlib.contextmanager
def app_server(flags: tuple[str, ...] = (), script: str = "app.py"):
    """The app on a free port with runs in a temporary data directory; yields
    (port, server process, log file). The server and the directory go afterwards."""
    data_dir = tempfile.mkdtemp(prefix="playground-bench-")
    os.environ["PLAYGROUND_DATA_DIR"] = data_dir
    port = free_port()
    with tempfile.TemporaryFile() as log:
        server = launch_server(port, log, flags=(*QUIET_FLAGS, *flags), script=script)
        try:
            wait_http_ok(f"http://127.0.0.1:{port}/", server)
            yield port, server, log, Path(data_dir)
        except BaseException:
            print_log_tail(log)
            raise
        finally:
            stop_server(server)
            import shutil

            shutil.rmtree(data_dir, ignore_errors=True)


def registry_rows(data_dir: Path) -> list[dict]:
    """Every row of the run registry's `runs` table (read-only; [] if there is none yet)."""
    path = data_dir / "runs.sqlite"
    if not path.exists():
        return []
    try:
        with contextlib.closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=5)) as db:
            db.row_factory = sqlite3.Row
            return [dict(row) for row in db.execute("SELECT * FROM runs")]
    except sqlite3.Error:
        return []


async def visit_and_leave(port: int, page: str = "") -> None:
    """One short visit: a tab opens a page and closes. Streamlit reaps disconnected sessions
    whose time-to-live has passed only when it stores another one, as this visit's end does."""
    session = st_client.Session(port, page, cookie=identity_cookie())
    await session.open()
    await session.close()


def percentile(values: list[float], share: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))]


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def print_table(title: str, rows: list[tuple[str, str]]) -> None:
    width = max(len(label) for label, _ in rows)
    print(f"\n=== {title} ===")
    for label, value in rows:
        print(f"{label:{width}s} : {value}")
    sys.stdout.flush()


async def gather_bounded(coroutines, limit: float):
    """Run `coroutines` together for at most `limit` seconds; cancel what is left."""
    tasks = [asyncio.ensure_future(c) for c in coroutines]
    done, pending = await asyncio.wait(tasks, timeout=limit)
    for task in pending:
        task.cancel()
    return [t.result() if not t.cancelled() and t.exception() is None else t.exception() for t in done]
