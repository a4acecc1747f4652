"""A closed session's ended jobs leave the job registry; running ones stay until they end.

Each session is a real Streamlit session (AppTest) whose script calls `ui.sessions.track`;
its end is its state being collected (`del` the AppTest, then `gc.collect()`), which is
what happens on the server once a closed tab's time-to-live has passed. The registry is a
real `JobRegistry`; the jobs are stand-ins whose status the test sets, so nothing trains."""

from __future__ import annotations

import gc

import pytest
from streamlit.testing.v1 import AppTest

from core.jobs.job_registry import JobRegistry
from core.jobs.status import FINISHED, RUNNING
from ui.sessions import SessionJobs


class StandInJob:
    """What the registry and the tracker read of a job: its id and whether it is active."""

    def __init__(self, job_id: str, status: str):
        self.id, self.status = job_id, status

    @property
    def active(self) -> bool:
        return self.status not in (FINISHED, "stopped", "failed", "interrupted")


def page_script():
    import streamlit as st

    from ui import sessions

    sessions.track(st.session_state["test.tracker"])
    st.write("tracked")


def open_session(tracker: SessionJobs, **job_ids: str) -> AppTest:
    """A session whose state names `job_ids` ({"cnn": id} is `cnn.job_id`), run once."""
    app = AppTest.from_function(page_script, default_timeout=30)
    app.session_state["test.tracker"] = tracker
    for page, job_id in job_ids.items():
        app.session_state[f"{page}.job_id"] = job_id
    app.run()
    assert not app.exception, app.exception
    return app


@pytest.fixture
def registry():
    return JobRegistry()


@pytest.fixture
def tracker(registry):
    return SessionJobs(registry)  # no housekeeping thread: the test calls release() itself


def collect() -> None:
    """After the last reference to a session has gone: its state is collected, as on the
    server once Streamlit drops a closed tab's session."""
    gc.collect()


def test_an_ended_job_is_dropped_when_its_session_is_collected(registry, tracker):
    registry.add(StandInJob("a" * 32, FINISHED))
    registry.add(StandInJob("b" * 32, FINISHED))  # someone else's, named by no session here
    app = open_session(tracker, cnn="a" * 32)
    assert tracker.release() == []  # the session is alive: its job stays
    assert registry.get("a" * 32) is not None
    del app
    collect()
    assert tracker.release() == ["a" * 32]
    assert registry.get("a" * 32) is None
    assert registry.get("b" * 32) is not None
    assert tracker.tracked() == 0


def test_a_running_job_stays_until_it_ends(registry, tracker):
    job = StandInJob("c" * 32, RUNNING)
    registry.add(job)
    open_session(tracker, rnn="c" * 32)  # and closed at once: nothing keeps it
    collect()
    assert tracker.release() == []
    assert registry.get("c" * 32) is job  # another person may be watching it
    job.status = FINISHED
    assert tracker.release() == ["c" * 32]
    assert registry.get("c" * 32) is None


def test_a_job_another_live_session_names_stays(registry, tracker):
    # AppTest gives every session one id, so two sessions are held here by hand, with
    # sentinels standing for their states.
    registry.add(StandInJob("d" * 32, FINISHED))
    tracker.hold("owner", ["d" * 32])
    owner = tracker.sentinel("owner")
    tracker.hold("watcher", ["d" * 32])  # opened the run through its link
    watcher = tracker.sentinel("watcher")
    del owner
    collect()
    assert tracker.release() == []
    assert registry.get("d" * 32) is not None
    del watcher
    collect()
    assert tracker.release() == ["d" * 32]


def test_a_session_disconnected_past_its_time_to_live_has_ended(registry):
    now, connected = [0.0], {"s1": True}
    tracker = SessionJobs(registry, is_connected=lambda sid: connected[sid], ttl=10.0, clock=lambda: now[0])
    registry.add(StandInJob("e" * 32, FINISHED))
    tracker.hold("s1", ["e" * 32])
    connected["s1"] = False
    assert tracker.release() == []  # the tab may come back within the time-to-live
    now[0] = 9.0
    assert tracker.release() == []
    now[0] = 10.0
    assert tracker.release() == ["e" * 32]
    assert registry.get("e" * 32) is None


def test_a_session_that_reconnects_keeps_its_jobs(registry):
    now, connected = [0.0], {"s1": False}
    tracker = SessionJobs(registry, is_connected=lambda sid: connected[sid], ttl=10.0, clock=lambda: now[0])
    registry.add(StandInJob("f" * 32, FINISHED))
    tracker.hold("s1", ["f" * 32])
    assert tracker.release() == []
    now[0], connected["s1"] = 8.0, True
    assert tracker.release() == []
    now[0], connected["s1"] = 30.0, False  # away again: the clock starts over
    assert tracker.release() == []
    assert registry.get("f" * 32) is not None
