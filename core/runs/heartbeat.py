"""Which process trains a recorded run, and whether that process is still alive.

Each run in the registry names the process training it (`OWNER`, `host:pid`) and carries a
heartbeat: while this process trains a run, a daemon thread renews the run's heartbeat every
HEARTBEAT_SECONDS. A server starting up asks `owner_alive` of every run left running, so it
marks as interrupted only those whose process is gone (or whose heartbeat stopped: a
container that was replaced), not those another live server trains.
"""

from __future__ import annotations

import contextlib
import os
import socket
import sqlite3
import threading
import time
import traceback
from pathlib import Path

HOST = socket.gethostname()
OWNER = f"{HOST}:{os.getpid()}"  # this process, as the runs it trains name it
HEARTBEAT_SECONDS = 30.0  # how often this process renews the heartbeat of the runs it trains
STALE_SECONDS = 150.0  # a heartbeat older than this: its process is gone
_training_here: dict[str, Path] = {}  # run id -> database, for the runs this process trains
_training_here_lock = threading.Lock()
_heartbeat_thread: threading.Thread | None = None


def beat() -> None:
    """Renew the heartbeat of every run this process trains."""
    with _training_here_lock:
        by_database: dict[Path, list[str]] = {}
        for run_id, path in _training_here.items():
            by_database.setdefault(path, []).append(run_id)
    for path, run_ids in by_database.items():
        try:
            with contextlib.closing(sqlite3.connect(path, timeout=30)) as db, db:
                marks = ", ".join("?" * len(run_ids))
                db.execute(f"UPDATE runs SET heartbeat = ? WHERE id IN ({marks})", [time.time(), *run_ids])
        except sqlite3.Error:  # a busy or vanished database: the next beat tries again
            traceback.print_exc()


def _beat_forever() -> None:
    while True:
        time.sleep(HEARTBEAT_SECONDS)
        beat()


def _start_heartbeat() -> None:
    global _heartbeat_thread
    with _training_here_lock:
        if _heartbeat_thread is None or not _heartbeat_thread.is_alive():
            _heartbeat_thread = threading.Thread(target=_beat_forever, name="runs-heartbeat", daemon=True)
            _heartbeat_thread.start()


def trains_here(run_id: str, database: Path) -> None:
    """Note that this process trains `run_id`, recorded in `database`: its heartbeat is
    renewed from now on."""
    with _training_here_lock:
        _training_here[run_id] = database
    _start_heartbeat()


def no_longer_trains_here(run_id: str) -> None:
    """Note that this process no longer trains `run_id` (it ended, or left the queue)."""
    with _training_here_lock:
        _training_here.pop(run_id, None)


def _process_alive(pid: int) -> bool:
    """Whether process `pid` of this machine is running (on POSIX; elsewhere, assume not)."""
    if os.name != "posix":
        return False  # os.kill(pid, 0) would end a process on Windows
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # alive, another user's
        return True
    return True


def owner_alive(owner: str, run_id: str, heartbeat: float | None) -> bool:
    """Whether the process that recorded `run_id` as running may still be training it."""
    host, _, pid = owner.rpartition(":")
    if owner == OWNER:
        with _training_here_lock:
            return run_id in _training_here
    if heartbeat is None or time.time() - heartbeat > STALE_SECONDS or not pid.isdigit():
        return False
    if host == HOST and os.name == "posix":
        return _process_alive(int(pid))  # a heartbeat just before a crash is still fresh
    return True
