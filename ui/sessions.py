"""What a closed browser tab leaves on the server, given back: its ended training jobs.

A session keeps only job ids in `st.session_state` (under keys ending in ".job_id"); the
jobs themselves, with their models and test arrays, live in `core.jobs.job_registry.JOBS`, which
keeps up to 16 ended ones for whoever comes back to them. Streamlit keeps a closed tab's
session for `server.disconnectedSessionTTL` seconds and then lets it go, and tells the app
nothing: that is what this module notices, in two ways.

- `track()`, called at the top of every script run, notes the job ids the session names and
  leaves a sentinel in its state; a `weakref.finalize` on the sentinel reports the session's
  end the moment its state is collected.
- A housekeeping thread also asks the runtime which tracked sessions are still connected: one
  gone for longer than the time-to-live has ended, even while Streamlit has not yet dropped
  its state (it reaps expired sessions only when it stores another one).

An ended session's jobs that no live session still names (a classmate may have opened the run
through its link) are discarded from the registry. A job still queued or training is never
dropped: someone may be watching it, and it is dropped once it has ended. The run itself stays
on disk, in the run registry, and reopens from there.

The session's own state (imported models, previews, memos) goes with the session when
Streamlit drops it; nothing here holds on to it.
"""

from __future__ import annotations

import ctypes
import gc
import queue
import sys
import threading
import time
import weakref
from collections.abc import Callable, Iterable

import streamlit as st

from core.jobs.job_registry import JOBS, JobRegistry  # no Keras: app.py may load this first

JOB_KEY_SUFFIX = ".job_id"
SENTINEL_KEY = "sessions.sentinel"
CHECK_SECONDS = 5.0  # how often the housekeeping thread looks for sessions gone and runs ended


class _Sentinel:
    """Lives in one session's state and nowhere else; its collection means the state's."""

    __slots__ = ("session_id", "__weakref__")

    def __init__(self, session_id: str):
        self.session_id = session_id


class SessionJobs:
    """Which jobs each live session names, and the release of those of sessions that ended.

    Args:
        registry: the jobs' registry (`core.jobs.job_registry.JOBS` in the app).
        is_connected: `is_connected(session_id)`, whether a tab is connected to the session
            now; None leaves the sessions' ends to the sentinels alone.
        ttl: seconds a session may stay disconnected before it counts as ended (a tab that
            reconnects within them keeps everything).
        clock: monotonic seconds.

    Thread-safe. A sentinel's finalizer only puts the session id on a `queue.SimpleQueue`,
    which may be done from inside the garbage collector on any thread; the releasing happens
    in `release()`, called by the housekeeping thread and at every `track()`.
    """

    def __init__(
        self,
        registry: JobRegistry,
        is_connected: Callable[[str], bool] | None = None,
        ttl: float = 120.0,
        clock: Callable[[], float] = time.monotonic,
    ):
        self.registry = registry
        self.is_connected, self.ttl, self.clock = is_connected, ttl, clock
        self._held: dict[str, frozenset[str]] = {}  # session id -> job ids it names
        self._away_since: dict[str, float] = {}  # session id -> when it was first seen disconnected
        self._orphans: set[str] = set()  # jobs of ended sessions, still active when they ended
        self._ended: queue.SimpleQueue[str] = queue.SimpleQueue()
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None

    def hold(self, session_id: str, job_ids: Iterable[str]) -> None:
        """Note the jobs `session_id` names now (replacing what it named before)."""
        with self._lock:
            self._held[session_id] = frozenset(job_ids)
            self._away_since.pop(session_id, None)

    def sentinel(self, session_id: str) -> _Sentinel:
        """An object to keep in the session's state: when it is collected, the session has ended."""
        sentinel = _Sentinel(session_id)
        finalizer = weakref.finalize(sentinel, self._ended.put, session_id)
        finalizer.atexit = False  # a stopping server frees everything anyway
        return sentinel

    def tracked(self) -> int:
        """How many sessions are tracked as live."""
        with self._lock:
            return len(self._held)

    def release(self) -> list[str]:
        """Discard the ended jobs of the sessions that have ended; return their ids."""
        ended = []
        while True:
            try:
                ended.append(self._ended.get_nowait())
            except queue.Empty:
                break
        with self._lock:
            ended.extend(self._gone())
            for session_id in ended:
                self._orphans |= self._held.pop(session_id, frozenset())
                self._away_since.pop(session_id, None)
            named = frozenset().union(*self._held.values())
            discarded = []
            for job_id in sorted(self._orphans):
                job = self.registry.get(job_id)
                if job_id in named or job is None:  # a live session names it, or it has gone
                    self._orphans.discard(job_id)
                elif not job.active:
                    self.registry.discard(job_id)
                    self._orphans.discard(job_id)
                    discarded.append(job_id)
            return discarded

    def _gone(self) -> list[str]:
        """Sessions disconnected for longer than the time-to-live (caller holds the lock)."""
        if self.is_connected is None:
            return []
        now, gone = self.clock(), []
        for session_id in list(self._held):
            if self.is_connected(session_id):
                self._away_since.pop(session_id, None)
            elif now - self._away_since.setdefault(session_id, now) >= self.ttl:
                gone.append(session_id)
        return gone

    def start(self) -> None:
        """Start the housekeeping thread, once."""
        with self._lock:
            if self._thread is None:
                self._thread = threading.Thread(target=self._housekeep, name="session-jobs", daemon=True)
                self._thread.start()

    def _housekeep(self) -> None:
        while True:
            try:
                self._ended.put(self._ended.get(timeout=CHECK_SECONDS))  # woken by a session's end
                woken = True
            except queue.Empty:
                woken = False
            try:
                if self.release() or woken:
                    _give_memory_back()
            except Exception:  # housekeeping must outlive any one bad job
                pass


def _give_memory_back() -> None:
    """Return what ended sessions freed to the system. Every script run is a new thread, and
    glibc keeps the memory a thread's arena freed for that arena to reuse, so without this the
    server's size after a class has gone stays that of the class at its largest."""
    gc.collect()  # a model's layers refer to each other: freed by the collector, not on release
    if sys.platform.startswith("linux"):
        try:
            ctypes.CDLL("libc.so.6").malloc_trim(0)
        except (OSError, AttributeError):  # another C library (musl): nothing to trim
            pass


def _runtime_checks() -> tuple[Callable[[str], bool] | None, float]:
    """The runtime's own view of which sessions are connected, and its time-to-live."""
    from streamlit import config, runtime

    if not runtime.exists():
        return None, 120.0
    instance = runtime.get_instance()
    return instance.is_active_session, float(config.get_option("server.disconnectedSessionTTL"))


_TRACKER: SessionJobs | None = None
_TRACKER_LOCK = threading.Lock()


def tracker() -> SessionJobs:
    """The process' one `SessionJobs` over `core.jobs.job_registry.JOBS`, its thread started."""
    global _TRACKER
    with _TRACKER_LOCK:
        if _TRACKER is None:
            is_connected, ttl = _runtime_checks()
            _TRACKER = SessionJobs(JOBS, is_connected=is_connected, ttl=ttl)
            _TRACKER.start()
        return _TRACKER


def track(jobs: SessionJobs | None = None) -> None:
    """Call at the top of every script run (in app.py): note the jobs this session names, and
    give back those of sessions that have ended."""
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    ctx = get_script_run_ctx()
    if ctx is None:
        return
    jobs = jobs or tracker()
    sentinel = st.session_state.get(SENTINEL_KEY)
    if not isinstance(sentinel, _Sentinel) or sentinel.session_id != ctx.session_id:
        st.session_state[SENTINEL_KEY] = jobs.sentinel(ctx.session_id)
    named = [
        value
        for key in list(st.session_state.keys())
        if str(key).endswith(JOB_KEY_SUFFIX) and isinstance(value := st.session_state.get(key), str)
    ]
    jobs.hold(ctx.session_id, named)
    jobs.release()
