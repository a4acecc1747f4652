"""Does a server give back the memory of the tabs that closed? Server RSS while 60 sessions
come, work and leave, 10 at a time.

Starts the app (headless, free port, runs in a temporary data directory, no file watcher,
`--server.disconnectedSessionTTL` of `--ttl` seconds) and, batch after batch, opens
`--batch` sessions over Streamlit's websocket protocol (bench/st_client.py). Each draws two
digits on the CNN page, every `--train-every`-th of them trains a tiny network there (one
epoch on 500 digits) to its end, then opens the RNN page and types a review, then opens the
Transformer page, and closes. None imports a model. After each batch has closed, the bench
waits out the time-to-live, lets one more visitor come and go (Streamlit reaps expired
sessions only when it stores another one) and reads the server's VmRSS from /proc.

`--app tree` runs app.py as it is; `--app tracked` runs it behind a two-line main script
that calls `ui.sessions.track()` at the top of every run (written next to app.py for the
bench, so the pages resolve, and removed afterwards), to compare a server that gives a
closed session's ended jobs back with one that does not. The default runs both, unless
app.py already calls `sessions.track()`.

Run from the repository root:

    python bench/session_memory.py [--sessions 60] [--batch 10] [--ttl 5] [--app tree tracked]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

import loadkit as kit  # noqa: E402
import st_client  # noqa: E402
from appserver import ROOT  # noqa: E402

TINY_NETWORK = "conv=4&dense=16&epochs=1&train_size=500"
TRACKED_SCRIPT = ".session_memory_app.py"
TRACKED_SOURCE = '''"""app.py, calling ui.sessions.track() first (written by bench/session_memory.py)."""
from pathlib import Path

from ui import sessions

sessions.track()
exec(compile(Path(__file__).with_name("app.py").read_text(), "app.py", "exec"))
'''
RUN_LIMIT = 120.0  # seconds a tiny run may take before the session gives up on it


async def one_session(port: int, data_dir: Path, trains: bool, canvases: dict, report: dict) -> None:
    query = TINY_NETWORK if trains else ""
    session = st_client.Session(port, "cnn", query, kit.identity_cookie(), kit.shows(kit.PREDICTION))
    try:
        await session.open()
        canvas = session.component("canvas")
        for digit in ("3", "8"):
            await session.rerun(st_client.component_value(canvas.id, canvases[digit]))
        if trains:
            button = session.button("Start training")
            if button is not None and not button.disabled:
                await session.rerun(triggers=[button.id])
                run_id = dict(p.split("=", 1) for p in session.query.split("&") if "=" in p).get("run")
                deadline = time.perf_counter() + RUN_LIMIT
                while run_id and time.perf_counter() < deadline:
                    rows = {r["id"]: r for r in await asyncio.to_thread(kit.registry_rows, data_dir)}
                    if rows.get(run_id, {}).get("status") in ("finished", "stopped", "failed"):
                        report["trained"] += 1
                        break
                    await asyncio.sleep(1.0)
                await session.rerun()  # the page as the finished run leaves it
        await session.goto("rnn")
        box = session.text_area("Your review")
        if box is not None:
            await session.rerun(st_client.text_value(box.id, kit.REVIEWS[0]))
        await session.goto("transformer")
        report["exceptions"] += len(session.exceptions)
        report["served"] += 1
    finally:
        await session.close()


async def series(args, port: int, pid: int, data_dir: Path) -> tuple[list[float], dict]:
    canvases = kit.canvas_values()
    report = {"served": 0, "trained": 0, "exceptions": 0}
    await kit.visit_and_leave(port, "cnn")  # TensorFlow and the starter model loaded
    await asyncio.sleep(args.ttl + 2)
    await kit.visit_and_leave(port)
    rss = [kit.megabytes(pid, "VmRSS")]
    index = 0
    while index < args.sessions:
        size = min(args.batch, args.sessions - index)
        batch = [
            one_session(port, data_dir, (index + k) % args.train_every == 0, canvases, report)
            for k in range(size)
        ]
        await asyncio.wait_for(asyncio.gather(*batch, return_exceptions=True), timeout=600)
        index += size
        await asyncio.sleep(args.ttl + 2)
        await kit.visit_and_leave(port)
        await asyncio.sleep(3)
        rss.append(kit.megabytes(pid, "VmRSS"))
        print(f"  after {index:3d} sessions closed: {rss[-1]:6.0f} MB", flush=True)
    return rss, report


def levels_off(rss: list[float]) -> str:
    """Whether the last two batches added little (under 15 MB, or a tenth of the rise)."""
    if len(rss) < 4:
        return "too few batches to tell"
    rise = max(rss) - rss[0]
    late = rss[-1] - rss[-3]
    verdict = "levels off" if late < max(15.0, 0.1 * rise) else "still growing"
    return f"{verdict} (last two batches {late:+.0f} MB; first batch {rss[1] - rss[0]:+.0f} MB)"


def run_variant(args, variant: str) -> list[tuple[str, str]]:
    script = "app.py"
    if variant == "tracked":
        (ROOT / TRACKED_SCRIPT).write_text(TRACKED_SOURCE)
        script = TRACKED_SCRIPT
    print(f"\n--- {variant}: {script} ---", flush=True)
    try:
        flags = ("--server.disconnectedSessionTTL", str(args.ttl))
        with kit.app_server(flags, script=script) as (port, server, log, data_dir):
            rss, report = asyncio.run(series(args, port, server.pid, data_dir))
            peak = kit.megabytes(server.pid, "VmHWM")
            tracebacks = kit.count_tracebacks(log)
    finally:
        if variant == "tracked":
            (ROOT / TRACKED_SCRIPT).unlink(missing_ok=True)
    return [
        ("sessions served", f"{report['served']} of {args.sessions}, {report['trained']} trained a run"),
        ("exception elements / 'Traceback' lines", f"{report['exceptions']} / {tracebacks}"),
        ("VmRSS before, then after each batch closed", " → ".join(f"{value:.0f}" for value in rss) + " MB"),
        ("growth over the whole series", f"{rss[-1] - rss[0]:+.0f} MB"),
        ("does it level off", levels_off(rss)),
        ("server peak memory (VmHWM)", f"{peak:.0f} MB"),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=60)
    parser.add_argument("--batch", type=int, default=10)
    parser.add_argument("--ttl", type=int, default=5, help="server.disconnectedSessionTTL, seconds")
    parser.add_argument("--train-every", type=int, default=5)
    parser.add_argument("--app", nargs="+", choices=("tree", "tracked"), default=["tree", "tracked"])
    args = parser.parse_args()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))  # so the server is still stopped
    already = "sessions.track()" in (ROOT / "app.py").read_text()
    variants = [v for v in args.app if not (v == "tracked" and already and "tree" in args.app)]
    print(f"load average before: {os.getloadavg()[0]:.2f}; app.py calls sessions.track(): {already}")
    results = {variant: run_variant(args, variant) for variant in variants}
    for variant, rows in results.items():
        what = "app.py as in the tree" if variant == "tree" else "app.py + sessions.track() every run"
        kit.print_table(f"Session memory, {what} ({args.ttl} s session TTL)", rows)


if __name__ == "__main__":
    main()
