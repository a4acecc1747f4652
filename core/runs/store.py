"""The run registry: every training run on any page, recorded in SQLite with its model files.

One database (`runs.sqlite`, WAL mode, so the pages read while training threads write) and
one folder per run in the data directory:

    <data dir>/runs.sqlite
    <data dir>/runs/<run id>/model.keras    the latest whole epoch, replaced atomically

The data directory is `$PLAYGROUND_DATA_DIR`, or `~/.deep-learning-playground`. Every call
opens its own short-lived connection, so two training threads (or two server processes on
one machine) write without sharing a connection; SQLite's lock and a busy timeout order the
writes. Each run names the process training it and carries a heartbeat that process renews
(`core.runs.heartbeat`), so a server starting up marks as interrupted only the runs whose
process is gone, not those another live server trains. `RunRegistry` reads runs back as
`core.runs.run_record.Run`s.
"""

from __future__ import annotations

import json
import math
import os
import shutil
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from core.i18n import Message, using
from core.jobs.status import INTERRUPTED, NOT_STARTED, QUEUED, RUNNING
from core.runs.heartbeat import OWNER, no_longer_trains_here, owner_alive, trains_here
from core.runs.run_record import Run

DATA_DIR_ENV = "PLAYGROUND_DATA_DIR"
DEFAULT_DATA_DIR = Path.home() / ".deep-learning-playground"
MODEL_NAME = "model.keras"


_SCHEMA = """
CREATE TABLE IF NOT EXISTS runs (
    id TEXT PRIMARY KEY,
    page TEXT NOT NULL,               -- the model kind's name (core.kinds), read as Run.kind
    config TEXT NOT NULL,             -- the kind's config dataclass as JSON
    dataset TEXT NOT NULL,
    split TEXT NOT NULL,              -- JSON: examples in train, validation and test
    seed INTEGER NOT NULL,
    parameters INTEGER NOT NULL,
    started REAL NOT NULL,            -- Unix seconds
    ended REAL,
    status TEXT NOT NULL,
    reason TEXT NOT NULL DEFAULT '',  -- why it failed or was interrupted, in English (every version reads it)
    epochs_planned INTEGER NOT NULL,
    training_seconds REAL,            -- pauses excluded
    test TEXT NOT NULL DEFAULT '{}',  -- JSON: final test figures (accuracy or BLEU)
    saved_epoch INTEGER,              -- the epoch whose weights model.keras holds
    owner TEXT NOT NULL DEFAULT '',   -- 'host:pid' of the process training it
    heartbeat REAL,                   -- Unix seconds; renewed while that process trains it
    tail_batches TEXT NOT NULL DEFAULT '[]',  -- JSON: batches after the last whole epoch (a stop)
    person TEXT NOT NULL DEFAULT '',  -- who started it: `ui.identity`'s person id; '' before owners
    queued REAL,                      -- Unix seconds it was queued for a slot; NULL if it never waited
    reason_message TEXT NOT NULL DEFAULT ''  -- the reason as a core.i18n.Message (JSON), for any language
);
CREATE TABLE IF NOT EXISTS people (
    person TEXT PRIMARY KEY,          -- a person id (a hash of a browser's random token)
    name TEXT NOT NULL                -- the short name they chose, shown with their runs
);
CREATE TABLE IF NOT EXISTS epochs (
    run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    epoch INTEGER NOT NULL,
    metrics TEXT NOT NULL,            -- JSON: loss, accuracy, val_loss, val_accuracy, ...
    batches TEXT NOT NULL DEFAULT '[]',  -- JSON: the epoch's per-batch loss and accuracy
    PRIMARY KEY (run_id, epoch)
);
"""


# Columns of `runs` that came after its first version, added to a database that lacks them.
ADDED_COLUMNS = {
    "owner": "TEXT NOT NULL DEFAULT ''",
    "heartbeat": "REAL",
    "tail_batches": "TEXT NOT NULL DEFAULT '[]'",
    "person": "TEXT NOT NULL DEFAULT ''",
    "queued": "REAL",
    "reason_message": "TEXT NOT NULL DEFAULT ''",
}
MAX_NAME_LENGTH = 24
BUSY_SECONDS = 30.0  # how long a connection waits for another's write to end


def data_dir() -> Path:
    """Where runs are kept: `$PLAYGROUND_DATA_DIR`, else a folder in the user's home."""
    return Path(os.environ.get(DATA_DIR_ENV) or DEFAULT_DATA_DIR).expanduser()


def _json(value) -> str:
    # NaN and infinities are not JSON; a diverged run's loss is stored as null.
    def clean(item):
        if isinstance(item, float) and not math.isfinite(item):
            return None
        if isinstance(item, dict):
            return {key: clean(v) for key, v in item.items()}
        if isinstance(item, list | tuple):
            return [clean(v) for v in item]
        return item

    return json.dumps(clean(value), allow_nan=False)


def _reason_columns(reason: Message | None) -> tuple[str, str]:
    """(reason, reason_message): the reason in English, for every version of the app that
    reads the database, and as a message, shown in each reader's language."""
    if not reason:
        return "", ""
    with using("en"):
        return str(reason), reason.to_json()


def _use_wal(db: sqlite3.Connection) -> None:
    """Put the database in WAL mode, where it stays. Switching needs the database to itself,
    and SQLite refuses a switch that could deadlock with another server setting the same
    database up at once straight away, without waiting: such a refusal is tried again."""
    deadline = time.monotonic() + BUSY_SECONDS
    while True:
        try:
            db.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) or time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def _set_up(db: sqlite3.Connection) -> None:
    """Create the tables, or bring those an earlier version made up to date, in one write
    transaction taken before anything is read: a second server opening the database at the
    same moment waits for it, then finds nothing left to do. The caller commits."""
    db.executescript("BEGIN IMMEDIATE;" + _SCHEMA)  # executescript would commit a transaction begun before
    known = {row["name"] for row in db.execute("PRAGMA table_info(runs)")}
    for column, declaration in ADDED_COLUMNS.items():
        if column not in known:
            db.execute(f"ALTER TABLE runs ADD COLUMN {column} {declaration}")


class RunRegistry:
    """Runs recorded in `directory`. Opening it marks runs left 'running' by a server that
    is gone as interrupted: their last saved epoch stays usable."""

    def __init__(self, directory: Path | str):
        self.directory = Path(directory)
        (self.directory / "runs").mkdir(parents=True, exist_ok=True)
        self.path = self.directory / "runs.sqlite"
        with self._connect() as db:
            _use_wal(db)
            _set_up(db)
        self.interrupted_on_open = self.mark_interrupted()

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        db = sqlite3.connect(self.path, timeout=BUSY_SECONDS)
        db.row_factory = sqlite3.Row
        db.execute("PRAGMA foreign_keys=ON")
        try:
            with db:  # one transaction: committed on success, rolled back on an exception
                yield db
        finally:
            db.close()

    def model_path(self, run_id: str) -> Path:
        return self.directory / "runs" / run_id / MODEL_NAME

    # Writing, from the page that starts a run and from its training thread.

    def create(
        self,
        run_id: str,
        kind: str,
        config: dict,
        *,
        dataset: str,
        split: dict,
        seed: int,
        parameters: int,
        epochs_planned: int,
        owner: str = OWNER,
        person: str = "",
        queued: bool = False,
    ) -> None:
        """Record a run of the model kind named `kind` that starts now (or, `queued`, waits
        for a slot from now), started by `person` and trained by `owner` (this process unless
        told)."""
        now = time.time()
        with self._connect() as db:
            db.execute(
                "INSERT INTO runs (id, page, config, dataset, split, seed, parameters, started, status,"
                " epochs_planned, owner, heartbeat, person, queued)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (run_id, kind, _json(config), dataset, _json(split), seed, parameters, now,
                 QUEUED if queued else RUNNING, epochs_planned, owner, now, person, now if queued else None),
            )  # fmt: skip
        if owner == OWNER:
            trains_here(run_id, self.path)

    def began(self, run_id: str, waited: bool = True) -> None:
        """Note that a queued run has left the queue and trains from now; one that started
        as soon as it was submitted (`waited` False) is recorded as never having waited."""
        with self._connect() as db:
            db.execute(
                "UPDATE runs SET status = ?, started = ?, queued = CASE WHEN ? THEN queued END"
                " WHERE id = ? AND status = ?",
                (RUNNING, time.time(), waited, run_id, QUEUED),
            )

    def add_epoch(self, run_id: str, epoch: int, metrics: dict, batches: list[dict]) -> None:
        """Record one whole epoch's metrics (and its batches, for the curves)."""
        with self._connect() as db:
            db.execute(
                "INSERT OR REPLACE INTO epochs (run_id, epoch, metrics, batches) VALUES (?, ?, ?, ?)",
                (run_id, epoch, _json(metrics), _json(batches)),
            )

    def model_saved(self, run_id: str, epoch: int) -> None:
        """Note that the run's model file now holds epoch `epoch`'s weights."""
        with self._connect() as db:
            db.execute("UPDATE runs SET saved_epoch = ? WHERE id = ?", (epoch, run_id))

    def finish(
        self,
        run_id: str,
        status: str,
        *,
        reason: Message | None = None,
        test: dict | None = None,
        seconds: float,
        tail_batches: list[dict] | None = None,
    ) -> None:
        """Record how a run ended: finished, stopped or failed (with its reason), and the
        batches it trained after its last whole epoch (a stop mid-epoch)."""
        with self._connect() as db:
            db.execute(
                "UPDATE runs SET status = ?, reason = ?, reason_message = ?, test = ?, training_seconds = ?,"
                " ended = ?, tail_batches = ? WHERE id = ?",
                (
                    status,
                    *_reason_columns(reason),
                    _json(test or {}),
                    seconds,
                    time.time(),
                    _json(tail_batches or []),
                    run_id,
                ),
            )
        no_longer_trains_here(run_id)

    def mark_interrupted(self) -> int:
        """Mark as interrupted every run still 'running' whose process is gone (the server
        that trained it stopped), and as not started every run it left waiting in its queue;
        how many there were."""
        with self._connect() as db:
            left = db.execute(
                "SELECT id, owner, heartbeat, status FROM runs WHERE status IN (?, ?)", (RUNNING, QUEUED)
            )
            gone = [row for row in left if not owner_alive(row["owner"], row["id"], row["heartbeat"])]
            reasons = {
                INTERRUPTED: Message("runs.interrupted_reason"),
                NOT_STARTED: Message("runs.not_started_reason"),
            }
            db.executemany(
                "UPDATE runs SET status = ?, reason = ?, reason_message = ?, ended = COALESCE(ended, ?)"
                " WHERE id = ?",
                [
                    (status, *_reason_columns(reasons[status]), time.time(), row["id"])
                    for row in gone
                    for status in [INTERRUPTED if row["status"] == RUNNING else NOT_STARTED]
                ],
            )
        return len(gone)

    def set_name(self, person: str, name: str) -> str:
        """Remember the short name `person` shows with their runs ('' forgets it); the name kept."""
        name = " ".join(str(name).split())[:MAX_NAME_LENGTH]
        with self._connect() as db:
            if name:
                db.execute("INSERT OR REPLACE INTO people (person, name) VALUES (?, ?)", (person, name))
            else:
                db.execute("DELETE FROM people WHERE person = ?", (person,))
        return name

    def names(self) -> dict[str, str]:
        """Every chosen name, by person id."""
        with self._connect() as db:
            return {row["person"]: row["name"] for row in db.execute("SELECT person, name FROM people")}

    def delete(self, run_id: str) -> bool:
        """Forget a run and remove its files; whether it was there."""
        with self._connect() as db:
            found = db.execute("DELETE FROM runs WHERE id = ?", (run_id,)).rowcount > 0
        no_longer_trains_here(run_id)  # a run taken out of the queue has no heartbeat to renew
        shutil.rmtree(self.model_path(run_id).parent, ignore_errors=True)
        return found

    # Reading.

    @staticmethod
    def _run(row: sqlite3.Row) -> Run:
        values = dict(row)
        values.pop("tail_batches")  # read by `batches`, for the curves
        # The column keeps the name it has had from the first version, so that a database
        # stays readable by every version of the app that shares it.
        values["kind"] = values.pop("page")
        # In the reader's language; a run an earlier version recorded keeps its English sentence.
        values["reason"] = Message.from_json(values.pop("reason_message"), fallback=values["reason"])
        for name in ("config", "split", "test"):
            values[name] = json.loads(values[name])
        return Run(**values)

    @staticmethod
    def _epochs(db: sqlite3.Connection, run_ids: list[str]) -> dict[str, list[dict]]:
        found: dict[str, list[dict]] = {run_id: [] for run_id in run_ids}
        marks = ", ".join("?" * len(run_ids))
        rows = db.execute(
            f"SELECT run_id, epoch, metrics FROM epochs WHERE run_id IN ({marks}) ORDER BY run_id, epoch",
            run_ids,
        )
        for row in rows:
            found[row["run_id"]].append({**json.loads(row["metrics"]), "epoch": row["epoch"]})
        return found

    def runs(self, kind: str | None = None, status: str | None = None) -> list[Run]:
        """Recorded runs with their epochs' metrics, newest first, optionally of one model
        kind and one status."""
        query, arguments = "SELECT * FROM runs WHERE 1 = 1", []
        if kind:
            query, arguments = query + " AND page = ?", [*arguments, kind]
        if status:
            query, arguments = query + " AND status = ?", [*arguments, status]
        with self._connect() as db:
            found = [self._run(row) for row in db.execute(query + " ORDER BY started DESC", arguments)]
            epochs = self._epochs(db, [run.id for run in found])
        for run in found:
            run.epochs = epochs[run.id]
        return found

    def get(self, run_id: str | None) -> Run | None:
        """One run with its epochs' metrics, or None (an unknown or malformed id)."""
        if not isinstance(run_id, str) or not run_id:
            return None
        with self._connect() as db:
            row = db.execute("SELECT * FROM runs WHERE id = ?", (run_id,)).fetchone()
            if row is None:
                return None
            run = self._run(row)
            run.epochs = self._epochs(db, [run_id])[run_id]
        return run

    def batches(self, run_id: str) -> list[dict]:
        """Every recorded batch of a run, in order (for its training curves)."""
        with self._connect() as db:
            rows = db.execute("SELECT batches FROM epochs WHERE run_id = ? ORDER BY epoch", (run_id,))
            found = [batch for row in rows for batch in json.loads(row["batches"])]
            tail = db.execute("SELECT tail_batches FROM runs WHERE id = ?", (run_id,)).fetchone()
        return found + (json.loads(tail["tail_batches"]) if tail else [])
