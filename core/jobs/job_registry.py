"""The training jobs of this server process: found again by id, and how many train at once.

`JOBS` is the process' one `JobRegistry`: every page session finds its run there after a
reload. `MAX_ACTIVE_RUNS` is how many runs the class-wide queue (`core.jobs.training_queue`)
lets train at the same time on this server.
"""

from __future__ import annotations

import os
import threading
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from core.jobs.training import TrainingJob

SLOTS_ENV = "PLAYGROUND_TRAINING_SLOTS"  # a teacher's choice of how many runs train at once


def _training_slots() -> int:
    """Runs training at once on one server: `$PLAYGROUND_TRAINING_SLOTS`, else one per core
    (two runs on one core each take twice as long, so more slots only share the cores)."""
    value = os.environ.get(SLOTS_ENV, "")
    return max(1, int(value)) if value.strip().isdigit() else max(1, os.cpu_count() or 1)


MAX_ACTIVE_RUNS = _training_slots()


class JobRegistry:
    """Jobs by id, so a page can find its run again after a reload.

    Ids are random 128-bit hex strings: a session only reaches a job whose id it was
    given, which keeps two sessions' runs apart. The ended jobs used least recently are
    dropped once more than `capacity` are kept (a recorded one opens again from disk).
    """

    def __init__(self, capacity: int = 16):
        self.capacity = capacity
        self._jobs: dict[str, TrainingJob] = {}
        self._lock = threading.Lock()

    def add(self, job: TrainingJob) -> str:
        with self._lock:
            self._jobs[job.id] = job
            ended = [key for key, j in self._jobs.items() if not j.active]
            while len(self._jobs) > self.capacity and ended:
                del self._jobs[ended.pop(0)]
        return job.id

    def active_count(self) -> int:
        """How many runs are training (or paused) on this server now."""
        with self._lock:
            return sum(job.active for job in self._jobs.values())

    def discard(self, job_id: str) -> None:
        """Forget a job (one that a session has replaced with a new run)."""
        with self._lock:
            self._jobs.pop(job_id, None)

    def get(self, job_id: str | None) -> TrainingJob | None:
        """The job, now the most recently used (the last to be dropped), or None."""
        if not isinstance(job_id, str):
            return None
        with self._lock:
            job = self._jobs.pop(job_id, None)
            if job is not None:
                self._jobs[job_id] = job
            return job


JOBS = JobRegistry()
