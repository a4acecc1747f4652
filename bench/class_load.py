"""A class on one server: N students' sessions drawing, typing and training at once.

Starts the app (headless, free port, runs in a temporary data directory, no file watcher,
`--server.disconnectedSessionTTL 10` so closed sessions are reaped within the bench) and
opens `--sessions` real Streamlit sessions over Streamlit's websocket protocol
(bench/st_client.py), each with its own identity cookie:

- most on the CNN page, drawing a digit every 3–6 s (the drawable canvas' value, a PNG of
  the hand-drawn strokes in tests/data/drawn_digits.json rendered as 20 px white round
  strokes on a 280×280 black canvas);
- one in five on the RNN page, typing a review a few words every 3–6 s (the text box's value);
- `--trainers` of the CNN sessions open a small network through its link
  (`/cnn?epochs=2`: the classic network, 2 epochs) and, after the first quarter of
  the load (at most 45 s), press "Start training": more runs than the server has training slots, so some wait
  in the queue. They keep drawing, and poll their progress as the page's fragment asks.

A stroke or an edit is sent as the browser sends it: the canvas and the review box are drawn
inside the page's fragment, so their change asks for a rerun of that fragment alone, and the
training panel's progress fragment is rerun by the tab's own timer (bench/st_client.py).
Draw→prediction is the time from sending the widget change to the delta that shows the
prediction ("Prediction: <digit>" on the CNN page, the verdict on the RNN page) and to the
`script_finished` of the run that answered it (a fragment run, or the full run that follows
when the fragment reruns the page because a run moved on); each is filed by how many runs were
training (status 'running' in the registry) when it was sent and when it finished. The load
lasts until every run has ended (at most `--seconds`). Then every tab closes; after the
time-to-live one more visitor comes and goes (Streamlit reaps expired sessions when it stores
another), and the server's VmRSS is read. Loopback only; every loop is bounded in count and time.

Run from the repository root:

    python bench/class_load.py [--sessions 30] [--seconds 300] [--trainers 4]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import signal
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

import loadkit as kit  # noqa: E402
import st_client  # noqa: E402

TTL_SECONDS = 10
SLOTS = max(1, os.cpu_count() or 1)  # core.jobs.job_registry.MAX_ACTIVE_RUNS on this machine
TRAINER_QUERY = "epochs=2"  # the classic network (two conv blocks, dense 128), 2 epochs
PAUSE = (3.0, 6.0)  # seconds between one answer and a student's next stroke or words
RUN_TIMEOUT = 30.0  # a rerun unanswered this long counts as lost
OPEN_TIMEOUT = 180.0
ENDED = ("finished", "stopped", "failed", "interrupted", "not_started")


class Class:
    """The shared record of one bench: samples, the training count over time, failures."""

    def __init__(self, data_dir: Path):
        self.data_dir = data_dir
        self.samples: list[dict] = []
        self.training = 0  # runs with status 'running' in the registry, polled
        self.lost = 0  # reruns that got no finished run within RUN_TIMEOUT
        self.no_prediction = 0  # finished runs that showed no prediction
        self.start_presses = 0
        self.run_ids: set[str] = set()
        self.stop = asyncio.Event()

    async def poll_registry(self) -> None:
        while not self.stop.is_set():
            rows = await asyncio.to_thread(kit.registry_rows, self.data_dir)
            self.training = sum(row["status"] == "running" for row in rows)
            await asyncio.sleep(0.5)

    def runs_ended(self, expected: int) -> bool:
        rows = {row["id"]: row for row in kit.registry_rows(self.data_dir)}
        return len(self.run_ids) >= expected and all(
            rows.get(run_id, {}).get("status") in ENDED for run_id in self.run_ids
        )


async def measured(klass: Class, session: st_client.Session, changes: dict, role: str) -> None:
    before = klass.training
    run = await session.rerun(changes, timeout=RUN_TIMEOUT)
    if run.finished is None:
        klass.lost += 1
        return
    if run.marked is None:
        klass.no_prediction += 1
        return
    klass.samples.append(
        {
            "role": role,
            "prediction": run.marked - run.sent,
            "finished": run.finished - run.sent,
            "training": (before, klass.training),
            "full": run.full,
        }
    )


async def press_start(klass: Class, session: st_client.Session, deadline: float) -> None:
    """Press "Start training" until the page names a run (a busy server without a queue
    disables the button; the student then tries again a few seconds later)."""
    while time.perf_counter() < deadline and not klass.stop.is_set():
        button = session.button("Start training")
        if button is not None and not button.disabled:
            klass.start_presses += 1
            await session.rerun(triggers=[button.id], timeout=RUN_TIMEOUT)
            run_id = dict(p.split("=", 1) for p in session.query.split("&") if "=" in p).get("run")
            if run_id:
                klass.run_ids.add(run_id)
                return
        await asyncio.sleep(5.0)
        await session.rerun(timeout=RUN_TIMEOUT)  # look again, as a student glancing at the page


async def student(klass, session, role, rng, canvases, train_at, deadline) -> None:
    canvas = session.component("canvas")
    box = session.text_area("Your review")
    review, typed = rng.choice(kit.REVIEWS).split(), 0
    trained = role != "trainer"
    while not klass.stop.is_set() and time.perf_counter() < deadline:
        await asyncio.sleep(rng.uniform(*PAUSE))
        if klass.stop.is_set() or session.closed:
            return
        if not trained and time.perf_counter() >= train_at:
            trained = True
            await press_start(klass, session, deadline)
            continue
        if role == "typer" and box is not None:
            typed = typed + rng.randint(3, 6) if typed < len(review) else rng.randint(3, 6)
            text = " ".join(review[:typed])
            await measured(klass, session, st_client.text_value(box.id, text), role)
        elif canvas is not None:
            digit = rng.choice(sorted(canvases))
            await measured(klass, session, st_client.component_value(canvas.id, canvases[digit]), role)


async def bench(args, port: int, pid: int, log, data_dir: Path) -> list[tuple[str, str]]:
    rng = random.Random(42)
    canvases = kit.canvas_values()
    typers = args.sessions // 5
    roles = ["trainer"] * args.trainers + ["typer"] * typers
    roles += ["drawer"] * (args.sessions - len(roles))
    klass = Class(data_dir)
    sessions = []
    started = time.perf_counter()
    for index, role in enumerate(roles):
        page = "rnn" if role == "typer" else "cnn"
        watch = kit.shows(kit.VERDICT if role == "typer" else kit.PREDICTION)
        query = TRAINER_QUERY if role == "trainer" else ""
        sessions.append(st_client.Session(port, page, query, kit.identity_cookie(), watch))
        await asyncio.sleep(0.2 if index else 0)  # tabs opening over a few seconds, not at once
    openings = await asyncio.gather(*(s.open(OPEN_TIMEOUT) for s in sessions), return_exceptions=True)
    opened = [s for s, r in zip(sessions, openings) if not isinstance(r, BaseException) and r.finished]
    open_seconds = time.perf_counter() - started
    idle_rss = kit.megabytes(pid, "VmRSS")

    load_start = time.perf_counter()
    deadline = load_start + args.seconds
    train_at = load_start + min(45.0, args.seconds / 4)
    poller = asyncio.create_task(klass.poll_registry())
    students = [
        asyncio.create_task(
            student(klass, s, role, random.Random(rng.random()), canvases, train_at, deadline)
        )
        for s, role in zip(sessions, roles)
        if s in opened
    ]
    expected = sum(role == "trainer" for s, role in zip(sessions, roles) if s in opened)
    while time.perf_counter() < deadline:  # until every run has ended, bounded by --seconds
        await asyncio.sleep(2.0)
        if time.perf_counter() > train_at + 10 and await asyncio.to_thread(klass.runs_ended, expected):
            break
    klass.stop.set()
    load_seconds = time.perf_counter() - load_start
    await asyncio.wait(students, timeout=RUN_TIMEOUT + 5)
    poller.cancel()
    peak = kit.megabytes(pid, "VmHWM")
    exceptions = sum(len(s.exceptions) for s in sessions)
    examples = sorted({e for s in sessions for e in s.exceptions})[:3]
    await asyncio.gather(*(s.close() for s in sessions))
    closed_rss = kit.megabytes(pid, "VmRSS")
    await asyncio.sleep(TTL_SECONDS + 2)
    await kit.visit_and_leave(port)
    await asyncio.sleep(3)
    reaped_rss = kit.megabytes(pid, "VmRSS")

    rows = {row["id"]: row for row in kit.registry_rows(data_dir)}
    runs = [rows.get(run_id, {}) for run_id in sorted(klass.run_ids)]
    statuses = [run.get("status", "missing") for run in runs]
    waits = [run["started"] - run["queued"] for run in runs if run.get("queued") and run.get("started")]
    has_queue_column = any("queued" in row for row in rows.values())

    def figures(samples: list[dict], key: str) -> str:
        values = [s[key] for s in samples]
        if not values:
            return "no samples"
        p50, p95 = kit.median(values), kit.percentile(values, 0.95)
        return f"p50 {p50:5.2f} s, p95 {p95:5.2f} s ({len(values)} samples)"

    idle = [s for s in klass.samples if s["training"] == (0, 0)]
    full = [s for s in klass.samples if min(s["training"]) >= SLOTS]
    between = [s for s in klass.samples if s not in idle and s not in full]
    tracebacks = kit.count_tracebacks(log)
    p95_full = kit.percentile([s["prediction"] for s in full], 0.95)
    drawing = len(roles) - typers - args.trainers
    served = f"{len(opened)} / {args.sessions}: {drawing} drawing, {typers} typing, {args.trainers} training"
    if waits:
        queue = f"{len(waits)} waited: " + ", ".join(f"{w:.0f} s" for w in sorted(waits))
    else:
        queue = "none waited" if has_queue_column else "no 'queued' column in this registry"
    finished = "yes" if statuses and all(s == "finished" for s in statuses) else "NO"
    target = "met" if p95_full <= 1.5 else "NOT met"
    answered_full = sum(s["full"] for s in klass.samples)
    answered_fragment = len(klass.samples) - answered_full
    cnn_full = figures([s for s in full if s["role"] != "typer"], "prediction")
    rnn_full = figures([s for s in full if s["role"] == "typer"], "prediction")
    return [
        ("sessions served (opened / asked)", served + " (and drawing)"),
        ("opening every tab (first runs)", f"{open_seconds:.1f} s"),
        ("load", f"{load_seconds:.0f} s, {len(klass.samples)} answered strokes and edits"),
        ("exception elements in deltas", f"{exceptions}" + (f" e.g. {examples}" if examples else "")),
        ("'Traceback' lines in the server log", f"{tracebacks}"),
        ("reruns lost (no finish in 30 s)", f"{klass.lost}"),
        ("finished runs without a prediction", f"{klass.no_prediction}"),
        ("answers: fragment runs / full runs", f"{answered_fragment} / {answered_full}"),
        ("draw→prediction, 0 runs training", figures(idle, "prediction")),
        ("draw→script_finished, 0 runs training", figures(idle, "finished")),
        (f"draw→prediction, all {SLOTS} slots training", figures(full, "prediction")),
        (f"draw→script_finished, all {SLOTS} slots training", figures(full, "finished")),
        ("draw→prediction, while runs started or ended", figures(between, "prediction")),
        ("  all slots: CNN drawing", cnn_full),
        ("  all slots: RNN typing", rnn_full),
        ("target: p95 draw→prediction ≤ 1.5 s, all slots", f"{target} ({p95_full:.2f} s)"),
        ("runs started", f"{len(klass.run_ids)} of {expected} trainers, {klass.start_presses} Start presses"),
        ("queue waits (started − queued)", queue),
        ("every started run finished", f"{finished}: {', '.join(statuses) or 'no runs'}"),
        ("server RSS, every tab open and idle", f"{idle_rss:.0f} MB"),
        ("server peak memory (VmHWM)", f"{peak:.0f} MB"),
        ("server RSS right after every tab closed", f"{closed_rss:.0f} MB"),
        (f"server RSS after the {TTL_SECONDS} s session TTL and a visit", f"{reaped_rss:.0f} MB"),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=30)
    parser.add_argument("--seconds", type=float, default=300.0, help="longest load, Start presses included")
    parser.add_argument("--trainers", type=int, default=4)
    args = parser.parse_args()
    args.trainers = min(args.trainers, args.sessions)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))  # so the server is still stopped
    print(f"load average before: {os.getloadavg()[0]:.2f}; {os.cpu_count()} cores, {SLOTS} training slots")
    flags = ("--server.disconnectedSessionTTL", str(TTL_SECONDS))
    with kit.app_server(flags) as (port, server, log, data_dir):
        rows = asyncio.run(bench(args, port, server.pid, log, data_dir))
    kit.print_table(f"Class load: {args.sessions} sessions on one server", rows)


if __name__ == "__main__":
    main()
