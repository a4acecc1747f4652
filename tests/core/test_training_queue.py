"""The training queue: first come first served, one run per person, leaving, a paused run
giving its slot up, estimated starts, and queued runs a restart leaves as not started.

Ordering is checked on stand-in jobs whose end the test decides (no training, no timing);
the hand-over between real training threads is synchronised on the jobs' own events."""

from __future__ import annotations

import numpy as np
import pytest

from core.jobs import training
from core.jobs.status import FINISHED, NOT_STARTED, QUEUED, RUNNING, STOPPED
from core.jobs.training import PAUSED, TrainingJob
from core.jobs.training_queue import LocalSlots, TrainingQueue
from core.models import cnn
from core.runs import store
from core.runs.store import RunRegistry
from tests.core.test_runs import dead_owner
from tests.core.test_training import TINY, WAIT, make_job


class StandIn:
    """What the queue reads of a job, with an end the test decides."""

    def __init__(self, name: str, person: str = "", train_size: int = 100, epochs: int = 1):
        self.name, self.person = name, person
        self.train_size, self.epochs = train_size, epochs
        self.on_end, self.slot_wanted, self.waited = [], (lambda: False), False
        self.status, self.message = "built", ""
        self.rate, self.left = 0.0, None
        self.nudged = 0
        self.model, self.recorded = None, []

    def mark_queued(self):
        self.status = QUEUED

    def mark_not_started(self, message=""):
        self.status, self.message = NOT_STARTED, message

    def timing(self):
        return self.rate, self.left

    def nudge(self):
        self.nudged += 1

    def _notify_recorder(self, event, model):
        self.recorded.append(event)

    def end(self):
        self.status = FINISHED
        for callback in self.on_end:
            callback(self)

    def __repr__(self):
        return self.name


class RecordingSlots:
    """Slots that only note what they launched, in order."""

    def __init__(self, capacity: int):
        self.capacity, self.launched = capacity, []

    def launch(self, job):
        job.status = RUNNING
        self.launched.append(job)


def test_runs_start_first_come_first_served_as_slots_free():
    slots = RecordingSlots(capacity=2)
    queue = TrainingQueue(slots)
    a, b, c, d = (StandIn(name, person=name) for name in "abcd")
    assert queue.submit(a) and queue.submit(b)
    assert not queue.submit(c) and not queue.submit(d)
    assert c.status == d.status == QUEUED and c.waited and not a.waited
    assert [queue.place(job).position for job in (c, d)] == [1, 2]
    assert queue.place(a) is None  # training, not waiting
    b.end()
    assert slots.launched == [a, b, c] and queue.place(d).position == 1
    a.end()
    assert slots.launched == [a, b, c, d] and queue.waiting_count() == 0 and queue.training_count() == 2


def test_one_person_trains_one_run_at_a_time_and_others_may_pass():
    slots = RecordingSlots(capacity=2)
    queue = TrainingQueue(slots)
    first, second = StandIn("a1", person="a"), StandIn("a2", person="a")
    other = StandIn("b1", person="b")
    assert queue.submit(first)
    assert not queue.submit(second)  # a slot is free, but its person already trains a run
    assert queue.place(second).behind_own
    assert queue.submit(other)  # someone else's run takes the free slot
    assert slots.launched == [first, other]
    first.end()
    assert slots.launched == [first, other, second]


def test_leaving_the_queue_never_starts_the_run_and_moves_the_others_up():
    slots = RecordingSlots(capacity=1)
    queue = TrainingQueue(slots)
    running, leaving, staying = StandIn("a", "a"), StandIn("b", "b"), StandIn("c", "c")
    for job in (running, leaving, staying):
        queue.submit(job)
    assert queue.leave(leaving, "left")
    assert leaving.status == NOT_STARTED and leaving.message == "left"
    assert queue.place(staying).position == 1 and queue.place(leaving) is None
    assert not queue.leave(leaving) and not queue.leave(running)  # only a waiting run leaves
    running.end()
    assert slots.launched == [running, staying]


def test_a_slot_that_cannot_take_a_run_does_not_jam_the_queue():
    class Refusing(RecordingSlots):
        def launch(self, job):
            if job.name == "broken":
                raise OSError("no such worker")
            super().launch(job)

    queue = TrainingQueue(Refusing(capacity=1))
    broken, fine = StandIn("broken", "a"), StandIn("fine", "b")
    assert not queue.submit(broken)
    assert broken.status == NOT_STARTED and "no such worker" in str(broken.message)
    assert broken.recorded == ["run_ended"]  # its record says so too, never left 'queued'
    assert queue.submit(fine)


def test_the_estimated_start_adds_up_the_runs_ahead_at_the_slots_speed():
    queue = TrainingQueue(RecordingSlots(capacity=1))
    running = StandIn("a", "a")
    queue.submit(running)
    ahead, behind = StandIn("b", "b", train_size=500, epochs=2), StandIn("c", "c")
    queue.submit(ahead)
    queue.submit(behind)
    assert queue.place(ahead).seconds is None  # nothing reports a speed yet
    running.rate, running.left = 100.0, 10.0
    assert queue.place(ahead).seconds == pytest.approx(10.0)
    assert queue.place(behind).seconds == pytest.approx(10.0 + 1000 / 100)


def test_a_paused_run_keeps_its_slot_for_a_run_that_could_not_take_it():
    """A waiting run held back only because its person trains another wants no slot."""
    queue = TrainingQueue(RecordingSlots(capacity=2))
    first, paused, second = StandIn("a1", "a"), StandIn("b", "b"), StandIn("a2", "a")
    queue.submit(first)
    queue.submit(paused)
    queue.submit(second)  # waits behind a's first run
    assert not paused.slot_wanted()
    assert first.slot_wanted()  # were a's first run to give its slot up, a2 could take it
    queue.submit(StandIn("c", "c"))
    assert paused.slot_wanted()


def test_a_waiting_run_nudges_the_paused_ones():
    queue = TrainingQueue(RecordingSlots(capacity=1))
    paused = StandIn("a", "a")
    queue.submit(paused)
    paused.status = PAUSED
    assert not paused.slot_wanted()
    queue.submit(StandIn("b", "b"))
    assert paused.nudged == 1 and paused.slot_wanted()


# Real training jobs on this process' threads.


@pytest.mark.slow
def test_a_queued_run_starts_by_itself_when_the_slot_frees_and_finishes():
    queue = TrainingQueue(LocalSlots(capacity=1))
    first, second = make_job(epochs=50), make_job(epochs=1, seed=2)
    first.person, second.person = "a", "b"
    assert queue.submit(first)
    assert not queue.submit(second)
    assert second.status == QUEUED and not second.started and second.join(0) is False
    assert first.wait_until(lambda p: p.step >= 1, WAIT)
    first.stop()
    assert queue.wait_until_started(second, WAIT)
    assert second.join(WAIT) and second.snapshot().status == FINISHED
    assert first.join(WAIT) and first.snapshot().status == STOPPED
    assert queue.training_count() == 0


@pytest.mark.slow
def test_a_paused_run_gives_its_slot_to_a_waiting_one(monkeypatch):
    monkeypatch.setattr(training, "PAUSE_WHILE_OTHERS_WAIT_SECONDS", 0)
    queue = TrainingQueue(LocalSlots(capacity=1))
    paused, waiting = make_job(epochs=50), make_job(epochs=1, seed=2)
    paused.person, waiting.person = "a", "b"
    queue.submit(paused)
    assert paused.wait_until(lambda p: p.step >= 1, WAIT)
    paused.pause()
    assert paused.wait_until(lambda p: p.status == PAUSED, WAIT)
    assert paused.snapshot().status == PAUSED  # alone, a pause keeps the slot
    queue.submit(waiting)
    assert paused.join(WAIT)
    progress = paused.snapshot()
    assert progress.status == STOPPED and "others waited" in str(progress.message)
    assert waiting.join(WAIT) and waiting.snapshot().status == FINISHED


@pytest.mark.slow
def test_a_run_that_left_the_queue_has_ended():
    queue = TrainingQueue(LocalSlots(capacity=1))
    holder, leaving = make_job(epochs=50), make_job(epochs=1)
    holder.person, leaving.person = "a", "b"
    queue.submit(holder)
    queue.submit(leaving)
    assert queue.leave(leaving)
    assert not leaving.active and leaving.join(0) and not leaving.started
    holder.stop()
    assert holder.join(WAIT)


# The registry's side: queued rows, their start, and a restart.


def recorded(registry: RunRegistry, run_id: str, **kwargs) -> None:
    registry.create(
        run_id,
        "cnn",
        {},
        dataset="mnist-10k",
        split={"train": 1},
        seed=0,
        parameters=1,
        epochs_planned=1,
        **kwargs,
    )


def test_a_queued_run_is_recorded_with_its_person_and_when_it_waited(tmp_path):
    registry = RunRegistry(tmp_path)
    recorded(registry, "a" * 32, person="p1", queued=True)
    run = registry.get("a" * 32)
    assert run.status == QUEUED and run.person == "p1" and run.queued is not None
    registry.began("a" * 32, waited=True)
    began = registry.get("a" * 32)
    assert began.status == RUNNING and began.started >= run.queued and began.queued == run.queued
    recorded(registry, "b" * 32, person="p1", queued=True)
    registry.began("b" * 32, waited=False)
    assert registry.get("b" * 32).queued is None  # it never had to wait


@pytest.mark.slow
def test_a_restart_shows_a_queued_run_as_not_started_never_lost(tmp_path):
    registry = RunRegistry(tmp_path)
    recorded(registry, "c" * 32, person="p1", queued=True, owner=dead_owner())
    assert RunRegistry(tmp_path).interrupted_on_open == 1
    run = registry.get("c" * 32)
    assert run.status == NOT_STARTED and "never started" in str(run.reason) and run.person == "p1"


def test_people_choose_a_short_name(tmp_path):
    registry = RunRegistry(tmp_path)
    assert registry.set_name("p1", "  Ada   Lovelace  ") == "Ada Lovelace"
    assert registry.set_name("p2", "x" * 100) == "x" * store.MAX_NAME_LENGTH
    assert registry.names() == {"p1": "Ada Lovelace", "p2": "x" * store.MAX_NAME_LENGTH}
    registry.set_name("p1", "")
    assert registry.names() == {"p2": "x" * store.MAX_NAME_LENGTH}


def test_a_database_from_before_owners_gains_the_new_columns(tmp_path):
    import sqlite3

    with sqlite3.connect(tmp_path / "runs.sqlite") as db:
        db.execute(
            "CREATE TABLE runs (id TEXT PRIMARY KEY, page TEXT NOT NULL, config TEXT NOT NULL,"
            " dataset TEXT NOT NULL, split TEXT NOT NULL, seed INTEGER NOT NULL, parameters INTEGER NOT NULL,"
            " started REAL NOT NULL, ended REAL, status TEXT NOT NULL, reason TEXT NOT NULL DEFAULT '',"
            " epochs_planned INTEGER NOT NULL, training_seconds REAL, test TEXT NOT NULL DEFAULT '{}',"
            " saved_epoch INTEGER)"
        )
        db.execute(
            "INSERT INTO runs (id, page, config, dataset, split, seed, parameters, started, status,"
            " epochs_planned) VALUES ('d', 'cnn', '{}', 'mnist-10k', '{}', 0, 1, 0, 'finished', 1)"
        )
    run = RunRegistry(tmp_path).get("d")
    assert run.person == "" and run.queued is None and run.status == FINISHED


def test_a_stand_in_job_is_what_the_queue_needs_of_a_real_one():
    """The stand-ins above must not drift from TrainingJob."""
    data = (np.zeros((1, 28, 28, 1)), np.zeros(1))
    job = TrainingJob(cnn.build_model(TINY), data, data, epochs=1, batch_size=1, seed=0)
    for name in vars(StandIn("x")):
        if name not in ("name", "status", "message", "rate", "left", "nudged", "recorded"):
            assert hasattr(job, name), name
    for method in ("mark_queued", "mark_not_started", "timing", "nudge", "_notify_recorder"):
        assert callable(getattr(job, method))
