"""The run registry on a temporary directory: lifecycle, restart, concurrency, deletion."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from core.i18n import Message, t, using
from core.jobs.status import FAILED, FINISHED, INTERRUPTED, RUNNING, STOPPED
from core.runs import heartbeat, store
from core.runs.store import RunRegistry


def _create(registry: RunRegistry, run_id: str, kind: str = "cnn", **extra) -> None:
    registry.create(
        run_id,
        kind,
        {"epochs": 3, "learning_rate": 0.001},
        dataset="mnist-10k",
        split={"train": 100, "validation": 10, "test": 20},
        seed=7,
        parameters=1234,
        epochs_planned=3,
        **extra,
    )


def test_data_dir_comes_from_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv(store.DATA_DIR_ENV, str(tmp_path / "elsewhere"))
    assert store.data_dir() == tmp_path / "elsewhere"
    monkeypatch.delenv(store.DATA_DIR_ENV)
    assert store.data_dir() == store.DEFAULT_DATA_DIR


def test_a_runs_lifecycle_is_recorded(tmp_path):
    registry = RunRegistry(tmp_path)
    with sqlite3.connect(registry.path) as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    _create(registry, "a1")
    run = registry.get("a1")
    assert (run.status, run.kind, run.seed, run.parameters) == (RUNNING, "cnn", 7, 1234)
    assert run.config == {"epochs": 3, "learning_rate": 0.001} and run.split["test"] == 20
    assert run.ended is None and run.epochs == []

    for epoch in (1, 2):
        batches = [{"step": epoch * 10 + i, "epoch": epoch - 1 + i / 2, "loss": 1.0 / epoch} for i in (1, 2)]
        registry.add_epoch(
            "a1", epoch, {"epoch": epoch, "loss": 1.0 / epoch, "val_loss": float("nan")}, batches
        )
        registry.model_saved("a1", epoch)
    registry.finish("a1", FINISHED, test={"test_accuracy": 0.91}, seconds=12.5)

    run = registry.get("a1")
    assert run.status == FINISHED and run.ended >= run.started
    assert run.test == {"test_accuracy": 0.91} and run.training_seconds == 12.5 and run.saved_epoch == 2
    assert [row["epoch"] for row in run.epochs] == [1, 2]
    assert run.epochs[1]["loss"] == 0.5
    assert run.epochs[0]["val_loss"] is None  # NaN is stored as null, not as invalid JSON
    assert [batch["step"] for batch in registry.batches("a1")] == [11, 12, 21, 22]


def test_listing_filters_by_kind_and_status_newest_first(tmp_path):
    registry = RunRegistry(tmp_path)
    _create(registry, "old", kind="cnn")
    _create(registry, "rnn", kind="rnn")
    _create(registry, "new", kind="cnn")
    registry.finish("rnn", FAILED, reason=Message("train.nan_stop"), seconds=1.0)
    assert {run.id for run in registry.runs()} == {"old", "rnn", "new"}
    assert [run.id for run in registry.runs(kind="cnn")][-1] == "old"
    failed = registry.runs(status=FAILED)
    assert [run.id for run in failed] == ["rnn"] and failed[0].reason == Message("train.nan_stop")
    assert registry.runs(kind="cnn", status=FAILED) == []
    assert registry.get("nope") is None and registry.get("") is None and registry.get(None) is None


def dead_owner() -> str:
    """The owner name of a server process that has stopped."""
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return f"{heartbeat.HOST}:{process.pid}"


@pytest.mark.slow
def test_runs_left_running_are_interrupted_when_the_app_starts_again(tmp_path):
    registry = RunRegistry(tmp_path)
    _create(registry, "cut", owner=dead_owner())  # its server stopped mid-run
    registry.add_epoch("cut", 1, {"epoch": 1, "loss": 0.5}, [])
    registry.model_saved("cut", 1)
    _create(registry, "done", owner=dead_owner())
    registry.finish("done", STOPPED, seconds=3.0)

    reopened = RunRegistry(tmp_path)  # what a restarted server does
    assert reopened.interrupted_on_open == 1
    cut = reopened.get("cut")
    assert cut.status == INTERRUPTED and cut.reason and cut.ended is not None
    assert cut.saved_epoch == 1 and cut.epochs[0]["loss"] == 0.5  # nothing recorded is lost
    assert reopened.get("done").status == STOPPED


@pytest.mark.slow
def test_runs_a_live_server_trains_are_not_interrupted_by_another_starting(tmp_path):
    registry = RunRegistry(tmp_path)
    other_server = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        _create(registry, "theirs", owner=f"{heartbeat.HOST}:{other_server.pid}")
        _create(registry, "mine")  # trained by this process, still going
        _create(registry, "elsewhere", owner="another-machine:1234")
        assert RunRegistry(tmp_path).interrupted_on_open == 0
        assert {run.status for run in registry.runs()} == {RUNNING}
    finally:
        other_server.kill()
        other_server.wait()
    assert RunRegistry(tmp_path).interrupted_on_open == 1  # now theirs is gone
    assert registry.get("theirs").status == INTERRUPTED and registry.get("mine").status == RUNNING
    registry.finish("mine", FINISHED, seconds=1.0)


def test_two_training_threads_write_at_once(tmp_path):
    registry = RunRegistry(tmp_path)
    for run_id in ("t1", "t2"):
        _create(registry, run_id)
    errors = []
    start = threading.Barrier(2)

    def train(run_id: str) -> None:
        try:
            start.wait()
            for epoch in range(1, 41):
                batches = [{"step": step, "loss": 0.1} for step in range(50)]
                registry.add_epoch(run_id, epoch, {"epoch": epoch, "loss": 1 / epoch}, batches)
                registry.model_saved(run_id, epoch)
            registry.finish(run_id, FINISHED, seconds=1.0)
        except Exception as error:  # collected for the main thread's assertion
            errors.append(error)

    threads = [threading.Thread(target=train, args=(run_id,)) for run_id in ("t1", "t2")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    for run_id in ("t1", "t2"):
        run = registry.get(run_id)
        assert run.status == FINISHED and run.saved_epoch == 40
        assert [row["epoch"] for row in run.epochs] == list(range(1, 41))
        assert len(registry.batches(run_id)) == 40 * 50


def test_deleting_a_run_removes_its_rows_and_files(tmp_path):
    registry = RunRegistry(tmp_path)
    _create(registry, "gone")
    _create(registry, "kept")
    registry.add_epoch("gone", 1, {"epoch": 1}, [{"step": 1}])
    for run_id in ("gone", "kept"):
        registry.model_path(run_id).parent.mkdir(parents=True)
        registry.model_path(run_id).write_bytes(b"weights")
    assert registry.delete("gone") is True
    assert registry.get("gone") is None and registry.batches("gone") == []
    assert not registry.model_path("gone").parent.exists()
    assert registry.model_path("kept").read_bytes() == b"weights"
    assert registry.delete("gone") is False
    with sqlite3.connect(registry.path) as db:
        assert db.execute("SELECT COUNT(*) FROM epochs WHERE run_id = 'gone'").fetchone()[0] == 0


def test_a_run_id_cannot_be_recorded_twice(tmp_path):
    registry = RunRegistry(tmp_path)
    _create(registry, "same")
    with pytest.raises(sqlite3.IntegrityError):
        _create(registry, "same")
    assert len(registry.runs()) == 1


def test_a_run_whose_heartbeat_stopped_is_interrupted_whatever_machine_trained_it(tmp_path):
    """A container replaced by another (a new host name) never comes back for its runs."""
    registry = RunRegistry(tmp_path)
    _create(registry, "old container", owner="container-a1b2:7")
    _create(registry, "live container", owner="container-c3d4:7")
    with registry._connect() as db:
        db.execute("UPDATE runs SET heartbeat = ? WHERE id = ?", (time.time() - 3600, "old container"))
    assert RunRegistry(tmp_path).interrupted_on_open == 1
    assert registry.get("old container").status == INTERRUPTED
    assert registry.get("live container").status == RUNNING


def test_this_process_renews_the_heartbeat_of_the_runs_it_trains(tmp_path):
    registry = RunRegistry(tmp_path)
    _create(registry, "mine")
    _create(registry, "done")
    registry.finish("done", FINISHED, seconds=1.0)
    with registry._connect() as db:
        db.execute("UPDATE runs SET heartbeat = 0")
    assert heartbeat._heartbeat_thread is not None and heartbeat._heartbeat_thread.is_alive()
    heartbeat.beat()  # what the heartbeat thread does every HEARTBEAT_SECONDS
    assert time.time() - registry.get("mine").heartbeat < 60
    assert registry.get("done").heartbeat == 0  # an ended run is no longer this process's
    registry.finish("mine", FINISHED, seconds=1.0)


def _first_version_database(directory: Path, kind: str = "rnn", status: str = FINISHED) -> None:
    """A database as the first version made it: no column added since, and one run, 'old', in it."""
    with sqlite3.connect(directory / "runs.sqlite") as db:
        schema = store._SCHEMA
        for column in store.ADDED_COLUMNS:
            schema = "\n".join(line for line in schema.splitlines() if not line.strip().startswith(column))
        db.executescript(schema.replace("saved_epoch INTEGER,", "saved_epoch INTEGER"))
        db.execute(
            "INSERT INTO runs (id, page, config, dataset, split, seed, parameters, started, status,"
            " epochs_planned) VALUES ('old', ?, '{}', 'mnist-10k', '{}', 1, 1, 0, ?, 1)",
            (kind, status),
        )
    db.close()


def test_a_reason_is_kept_in_english_for_every_version_and_shown_in_the_readers_language(tmp_path):
    registry = RunRegistry(tmp_path)
    _create(registry, "nan")
    registry.finish("nan", FAILED, reason=Message("train.nan_stop"), seconds=1.0)
    with sqlite3.connect(registry.path) as db:  # what an earlier version reads: a sentence
        (stored,) = db.execute("SELECT reason FROM runs WHERE id = 'nan'").fetchone()
    db.close()
    with using("en"):
        assert stored == t("train.nan_stop")
    with using("zh"):
        assert str(registry.get("nan").reason) == t("train.nan_stop") != stored
    (tmp_path / "old").mkdir()
    _first_version_database(tmp_path / "old", status=FAILED)
    with sqlite3.connect(tmp_path / "old" / "runs.sqlite") as db:
        db.execute("UPDATE runs SET reason = 'The loss became NaN.' WHERE id = 'old'")
    db.close()
    with using("zh"):  # a run recorded before messages keeps its sentence
        assert str(RunRegistry(tmp_path / "old").get("old").reason) == "The loss became NaN."


def test_a_database_made_by_the_first_version_gains_the_new_columns(tmp_path):
    _first_version_database(tmp_path, "cnn", RUNNING)  # runs as the first version made it
    assert "heartbeat" not in _columns(tmp_path / "runs.sqlite")
    registry = RunRegistry(tmp_path)
    assert registry.get("old").status == INTERRUPTED  # no owner, no heartbeat: its server is gone
    _create(registry, "new")
    registry.finish("new", STOPPED, seconds=1.0, tail_batches=[{"step": 1}])
    assert registry.batches("new") == [{"step": 1}] and registry.batches("old") == []


def _columns(path: Path) -> set[str]:
    with sqlite3.connect(path) as db:
        columns = {row[1] for row in db.execute("PRAGMA table_info(runs)")}
    db.close()
    return columns


def test_the_database_keeps_the_columns_every_earlier_version_reads(tmp_path):
    """A run's kind is stored in the column the first version named `page`: a server of an
    earlier version sharing the data directory (or one rolled back to) still reads and writes it."""
    _first_version_database(tmp_path)
    registry = RunRegistry(tmp_path)
    run = registry.get("old")
    assert run.kind == "rnn" and run.status == FINISHED
    assert [run.id for run in registry.runs(kind="rnn")] == ["old"] and registry.runs(kind="cnn") == []
    _create(registry, "new")
    assert "page" in _columns(registry.path) and "kind" not in _columns(registry.path)
    with sqlite3.connect(registry.path) as db:  # as the first version lists runs
        assert db.execute("SELECT id, page FROM runs ORDER BY started").fetchall() == [
            ("old", "rnn"),
            ("new", "cnn"),
        ]
    db.close()


# Opens the run registry in the directory argv[1] at the Unix time argv[2].
OPEN_AT = """
import sys, time
from core.runs.store import RunRegistry
time.sleep(max(0.0, float(sys.argv[2]) - time.time()))
RunRegistry(sys.argv[1])
"""


@pytest.mark.slow
def test_servers_opening_an_old_database_at_once_bring_it_up_to_date_once(tmp_path):
    _first_version_database(tmp_path)
    at = time.time() + 2.0  # every process has started by then
    servers = [
        subprocess.Popen(
            [sys.executable, "-c", OPEN_AT, str(tmp_path), str(at)],
            cwd=Path(__file__).resolve().parents[2],
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(4)
    ]
    errors = [server.communicate(timeout=60)[1] for server in servers]
    assert [server.returncode for server in servers] == [0] * 4, errors
    assert {"page", *store.ADDED_COLUMNS} <= _columns(tmp_path / "runs.sqlite")
    assert RunRegistry(tmp_path).get("old").kind == "rnn"
