"""core.tensorflow_runtime: TensorFlow and Keras imported once per process, whatever the threads.

The race is reproduced on a fake two-module package that imports itself back as TensorFlow's
modules do: two threads enter it from its two ends, and events set and awaited inside the
package's own code force the interleaving, so that unguarded one of them is handed a half-built
module every time and guarded both see the finished one. On the real TensorFlow the guarded case
is checked in fresh interpreters (tests/core/tensorflow_race.py: eight threads, entering as the
sidebar and the pages do); how often the unguarded one fails there depends on scheduling, so it
is measured by bench/import_race.py instead. The guard's own contract (one import, every other
thread waits and then sees the finished module, a failure remembered) is checked on a fake
module whose import blocks on an event.
"""

from __future__ import annotations

import importlib
import importlib.abc
import importlib.util
import sys
import textwrap
import threading
import types
from pathlib import Path

import pytest

from core import tensorflow_runtime
from core.tensorflow_runtime import OnceImporter, TensorFlowUnavailable

sys.path.insert(0, str(Path(__file__).resolve().parent))  # for `tensorflow_race`, any import mode
from tensorflow_race import race  # noqa: E402

WAIT = 60  # seconds; only reached when something is broken
THREADS = 8


@pytest.mark.slow
def test_guarded_imports_from_many_threads_all_see_finished_modules():
    assert race("guarded") == []


def test_load_imports_tensorflow_and_keras():
    tensorflow_runtime.load()
    assert tensorflow_runtime.loaded()
    keras, tf = sys.modules["keras"], sys.modules["tensorflow"]
    assert keras.layers.Dense(2)(tf.zeros((1, 3))).shape == (1, 2)


# ---------------------------------------------------------------------------------------
# The race, on a fake package entered from both ends
# ---------------------------------------------------------------------------------------

# `fakepkg` imports its submodule `b` half way, and `b` imports `fakepkg` back and reads an
# attribute that `fakepkg` defines after that import, as TensorFlow's modules do. In one thread
# that is an ordinary circular import and works from either end. The calls into
# `fakepkg_hooks` are where two racing threads are held, so that the interleaving is always the
# same.
FAKE_PACKAGE = {
    "fakepkg/__init__.py": """
        import fakepkg_hooks as hooks

        hooks.first_inside.set()
        hooks.hold(hooks.second_inside)
        from fakepkg.b import describe
        hooks.hold(hooks.second_done)
        VALUE = "finished"
    """,
    "fakepkg/b.py": """
        import fakepkg_hooks as hooks

        hooks.second_inside.set()
        import fakepkg

        def describe():
            return fakepkg.VALUE
    """,
}


class RaceHooks(types.ModuleType):
    """The events the fake package's code sets and waits on, importable as `fakepkg_hooks`."""

    def __init__(self):
        super().__init__("fakepkg_hooks")
        self.first_inside = threading.Event()  # thread 1 is running fakepkg/__init__.py
        self.second_inside = threading.Event()  # thread 2 is running fakepkg/b.py, or waits for the guard
        self.second_done = threading.Event()  # thread 2 has used what it imported, or waits for the guard

    def hold(self, event: threading.Event) -> None:
        if not event.wait(WAIT):
            raise TimeoutError("the other thread never reached the point this one waits for")

    def release_all(self) -> None:
        for event in (self.first_inside, self.second_inside, self.second_done):
            event.set()


@pytest.fixture
def fake_package(tmp_path, monkeypatch):
    """Writes `fakepkg` to tmp_path, puts it on the import path and yields its hooks; afterwards
    no thread is left waiting and none of its modules is left in sys.modules."""
    assert "fakepkg" not in sys.modules
    for path, source in FAKE_PACKAGE.items():
        (tmp_path / path).parent.mkdir(exist_ok=True)
        (tmp_path / path).write_text(textwrap.dedent(source))
    hooks = RaceHooks()
    monkeypatch.setitem(sys.modules, "fakepkg_hooks", hooks)
    monkeypatch.syspath_prepend(str(tmp_path))
    yield hooks
    hooks.release_all()
    for name in ("fakepkg", "fakepkg.b"):
        sys.modules.pop(name, None)


def _enter_from_both_ends(hooks: RaceHooks, guard: OnceImporter | None) -> dict[str, str]:
    """Thread 1 imports `fakepkg`; thread 2 imports `fakepkg.b` once thread 1 is inside
    `fakepkg`; each then uses what it imported (through `guard.load()` first, if given).
    Returns what each saw: "finished", or its error."""
    seen: dict[str, str] = {}

    def first() -> str:
        if guard is not None:
            guard.load()
        import fakepkg

        return fakepkg.describe()

    def second() -> str:
        hooks.hold(hooks.first_inside)
        try:
            if guard is not None:
                guard.load()
            from fakepkg.b import describe

            return describe()
        finally:
            hooks.second_done.set()

    def record(name: str, enter) -> None:
        try:
            seen[name] = enter()
        except Exception as error:
            seen[name] = f"{type(error).__name__}: {error}"

    threads = [threading.Thread(target=record, args=item) for item in (("first", first), ("second", second))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(WAIT)
    assert not any(thread.is_alive() for thread in threads), f"a thread is still importing; saw {seen}"
    return seen


@pytest.mark.parametrize("entry", ["fakepkg", "fakepkg.b"])
def test_the_fake_package_imports_in_one_thread_from_either_end(fake_package, entry):
    # Nothing to wait for with one thread: the failures below come from the race alone.
    fake_package.release_all()
    importlib.import_module(entry)
    assert sys.modules["fakepkg"].describe() == "finished"
    assert sys.modules["fakepkg.b"].describe() == "finished"


def test_unguarded_threads_entering_a_package_from_both_ends_get_a_half_built_module(fake_package):
    # Thread 1 holds `fakepkg` and needs `fakepkg.b`; thread 2 holds `fakepkg.b` and needs
    # `fakepkg`. Python breaks that cycle by handing whichever thread blocks second the other's
    # half-run module: thread 2 then reads VALUE before `fakepkg` defines it (AttributeError),
    # or thread 1 imports `describe` from a `fakepkg.b` that has not defined it yet
    # (ImportError). Either way a thread fails on a partially initialized module.
    seen = _enter_from_both_ends(fake_package, guard=None)
    failures = [result for result in seen.values() if result != "finished"]
    assert failures, seen
    assert any("partially initialized module 'fakepkg" in failure for failure in failures), seen


def test_guarded_threads_entering_a_package_from_both_ends_both_see_it_finished(fake_package):
    # Thread 2 waits for the guard while thread 1 imports; only that wait releases the holds in
    # the package (an unguarded thread 2 would enter fakepkg/b.py and race instead).
    def held_off() -> None:
        fake_package.second_inside.set()
        fake_package.second_done.set()

    guard = OnceImporter(["fakepkg", "fakepkg.b"], lock=WatchedLock(on_wait=held_off))
    assert _enter_from_both_ends(fake_package, guard) == {"first": "finished", "second": "finished"}
    assert guard.loaded


# ---------------------------------------------------------------------------------------
# The guard's contract, on a fake module
# ---------------------------------------------------------------------------------------


class BlockingModule(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """A module `name` whose import counts itself, says it started and blocks until released;
    then it raises `error` if given, else sets `ready`."""

    def __init__(self, name: str, error: Exception | None = None):
        self.name = name
        self.error = error
        self.executions = 0
        self.started = threading.Event()
        self.release = threading.Event()

    def find_spec(self, fullname, path=None, target=None):
        return importlib.util.spec_from_loader(fullname, self) if fullname == self.name else None

    def create_module(self, spec):
        return None

    def exec_module(self, module) -> None:
        self.executions += 1
        self.started.set()
        if not self.release.wait(WAIT):
            raise TimeoutError("the test never released the import")
        if self.error is not None:
            raise self.error
        module.ready = True


class WatchedLock:
    """A lock that counts the threads waiting to acquire it, so a test can wait until they are,
    and calls `on_wait()` (if given) each time a thread finds it held and starts to wait."""

    def __init__(self, on_wait=None):
        self._lock = threading.Lock()
        self._changed = threading.Condition()
        self._on_wait = on_wait
        self.waiting = 0

    def _count(self, change: int) -> None:
        with self._changed:
            self.waiting += change
            self._changed.notify_all()

    def __enter__(self):
        if not self._lock.acquire(blocking=False):
            self._count(+1)
            if self._on_wait is not None:
                self._on_wait()
            self._lock.acquire()
            self._count(-1)
        return self

    def __exit__(self, *exc_info) -> None:
        self._lock.release()

    def wait_for_waiting(self, count: int) -> bool:
        with self._changed:
            return self._changed.wait_for(lambda: self.waiting >= count, WAIT)


@pytest.fixture
def blocking_module():
    made = []

    def make(error: Exception | None = None) -> BlockingModule:
        module = BlockingModule(f"_blocking_heavy_{len(made)}", error)
        made.append(module)
        sys.meta_path.insert(0, module)
        return module

    yield make
    for module in made:
        module.release.set()
        sys.meta_path.remove(module)
        sys.modules.pop(module.name, None)


def _load_in_threads(guard: OnceImporter, count: int):
    """Start `count` threads that each call guard.load() and record what they saw."""
    results: list[object] = []
    lock = threading.Lock()

    def run():
        try:
            guard.load()
            seen: object = getattr(sys.modules[guard.modules[0]], "ready", "half-built")
        except Exception as error:
            seen = error
        with lock:
            results.append(seen)

    threads = [threading.Thread(target=run) for _ in range(count)]
    for thread in threads:
        thread.start()
    return threads, results


def test_the_first_import_runs_once_and_every_other_thread_waits_for_it(blocking_module):
    fake = blocking_module()
    lock = WatchedLock()
    guard = OnceImporter([fake.name], lock=lock)
    threads, results = _load_in_threads(guard, THREADS)
    assert fake.started.wait(WAIT)
    # One thread is inside the import; all the others are waiting for the guard, none past it.
    assert lock.wait_for_waiting(THREADS - 1), f"only {lock.waiting} threads waiting"
    assert results == [] and not guard.loaded
    fake.release.set()
    for thread in threads:
        thread.join(WAIT)
    assert results == [True] * THREADS
    assert fake.executions == 1 and guard.loaded
    guard.load()  # later callers return at once
    assert fake.executions == 1


def test_a_failed_import_is_reported_to_every_caller_and_never_retried(blocking_module):
    fake = blocking_module(ImportError("libtensorflow_framework.so.2: cannot open shared object file"))
    guard = OnceImporter([fake.name])
    threads, results = _load_in_threads(guard, 4)
    assert fake.started.wait(WAIT)
    fake.release.set()
    for thread in threads:
        thread.join(WAIT)
    assert len(results) == 4
    message = "ImportError: libtensorflow_framework.so.2: cannot open shared object file"
    assert all(isinstance(seen, TensorFlowUnavailable) and str(seen) == message for seen in results)
    with pytest.raises(TensorFlowUnavailable, match="cannot open shared object file"):
        guard.load()
    assert fake.executions == 1 and not guard.loaded
    assert fake.name not in sys.modules  # no half-built module left for anyone to find
