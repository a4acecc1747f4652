"""A first-come-first-served queue in front of the machine's training slots.

A class shares one server: when every slot is busy, a run waits here instead of being
refused, and starts by itself, in the order it came, as soon as a slot frees. Two rules
keep it fair: one person trains at most one run at a time (their next one waits, and the
runs behind it may pass it), and a paused run gives its slot up to a waiting one after
`core.jobs.training.PAUSE_WHILE_OTHERS_WAIT_SECONDS`.

The seam is `Slots`: how many runs may train at once and how one is launched. `LocalSlots`
trains on this process' threads; a backend that runs jobs on other machines provides
another `Slots` and the pages do not change, since they only `submit`, `leave` and ask
for a run's `place`.
"""

from __future__ import annotations

import math
import threading
from dataclasses import dataclass
from typing import Protocol

from core.i18n import Message
from core.jobs.job_registry import MAX_ACTIVE_RUNS
from core.jobs.status import TRAINING_STATES
from core.jobs.training import TrainingJob


class Slots(Protocol):
    """Where runs train: `capacity` of them at once; `launch(job)` starts one there. The
    job calls its `on_end` callbacks when it ends, wherever it ran."""

    capacity: int

    def launch(self, job: TrainingJob) -> None: ...


@dataclass
class LocalSlots:
    """Training threads in this process, one per processor core by default."""

    capacity: int = MAX_ACTIVE_RUNS

    def launch(self, job: TrainingJob) -> None:
        job.start()


@dataclass(frozen=True)
class Place:
    """Where a waiting run stands: `position` 1 is next; `seconds` is an estimate of its
    start (None when nothing lets us guess yet); `behind_own` when it waits because its
    person already trains a run."""

    position: int
    waiting: int
    seconds: float | None
    behind_own: bool


class TrainingQueue:
    """Runs waiting for a slot, in the order they were submitted, and the runs in the slots."""

    def __init__(self, slots: Slots | None = None):
        self.slots = slots or LocalSlots()
        self._lock = threading.Lock()
        self._waiting: list[TrainingJob] = []
        self._training: list[TrainingJob] = []
        self._changed = threading.Condition(self._lock)

    # What pages call.

    def submit(self, job: TrainingJob) -> bool:
        """Start `job` now if a slot is free and its person trains nothing else, else queue
        it; whether it started."""
        job.on_end.append(self._ended)
        job.slot_wanted = lambda: self.someone_waits(asker=job)
        with self._lock:
            self._waiting.append(job)
            job.mark_queued()
            started = self._dispatch()
            job.waited = job in self._waiting  # before any later dispatch can start it
        self._nudge_paused()
        return job in started

    def leave(self, job: TrainingJob, message: Message | None = None) -> bool:
        """Take a waiting run out of the queue (it never starts); whether it was waiting."""
        with self._lock:
            if job not in self._waiting:
                return False
            self._waiting.remove(job)
            job.mark_not_started(message)
            self._changed.notify_all()
        return True

    def place(self, job: TrainingJob) -> Place | None:
        """Where `job` waits, or None when it is not waiting."""
        with self._lock:
            if job not in self._waiting:
                return None
            position = self._waiting.index(job) + 1
            behind_own = any(j.person == job.person and job.person for j in self._training)
            seconds = self._estimated_start(position)
            return Place(position, len(self._waiting), seconds, behind_own)

    def training_count(self) -> int:
        with self._lock:
            return len(self._training)

    def waiting_count(self) -> int:
        with self._lock:
            return len(self._waiting)

    def someone_waits(self, asker: TrainingJob | None = None) -> bool:
        """Whether a waiting run could take `asker`'s slot if it gave it up: not one held back
        only because its person trains another run. Asked by a paused run holding its own
        lock, so this reads copies of the lists without taking the queue's."""
        busy = {job.person for job in list(self._training) if job is not asker and job.person}
        return any(not (job.person and job.person in busy) for job in list(self._waiting))

    def wait_until_started(self, job: TrainingJob, timeout: float) -> bool:
        """Block until `job` has left the queue (started or withdrawn); whether it did."""
        with self._changed:
            return self._changed.wait_for(lambda: job not in self._waiting, timeout)

    # Bookkeeping.

    def _dispatch(self) -> list[TrainingJob]:
        """Start waiting runs, first come first served, while slots are free. Caller holds the lock."""
        started = []
        while len(self._training) < self.slots.capacity:
            busy = {j.person for j in self._training if j.person}
            nxt = next((j for j in self._waiting if not (j.person and j.person in busy)), None)
            if nxt is None:
                break
            self._waiting.remove(nxt)
            self._training.append(nxt)
            try:
                self.slots.launch(nxt)
            except Exception as error:  # a slot that cannot take it must not jam the queue
                self._training.remove(nxt)
                nxt.mark_not_started(Message.plain(f"{type(error).__name__}: {error}"))
                nxt._notify_recorder("run_ended", nxt.model)  # its record ends too, as a run's does
                continue
            started.append(nxt)
        if started:
            self._changed.notify_all()
        return started

    def _ended(self, job: TrainingJob) -> None:
        with self._lock:
            if job in self._training:
                self._training.remove(job)
            self._dispatch()

    def _nudge_paused(self) -> None:
        # Outside the queue's lock: a paused run asks `someone_waits` holding its own.
        if not self._waiting:
            return
        with self._lock:
            paused = [job for job in self._training if job.status in TRAINING_STATES]
        for job in paused:
            job.nudge()

    def _estimated_start(self, position: int) -> float | None:
        """Seconds until the run at `position` starts: every slot frees when its run's
        `seconds_left` runs out, and each run ahead then trains for about as long as its
        examples take at the slots' current speed. None while no slot reports a speed.
        Caller holds the lock."""
        timings = [job.timing() for job in self._training]  # (examples a second, seconds left)
        rates = [rate for rate, _ in timings if rate > 0]
        if not rates:
            return None
        rate = sum(rates) / len(rates)
        free_at = sorted(left if left is not None else math.inf for _, left in timings)
        free_at += [0.0] * (self.slots.capacity - len(free_at))
        for ahead in self._waiting[: position - 1]:
            free_at.sort()
            free_at[0] += ahead.train_size * ahead.epochs / rate
        start = min(free_at)
        return None if math.isinf(start) else start


QUEUE = TrainingQueue()
