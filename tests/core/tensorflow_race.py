"""Eight threads importing the real TensorFlow at once, in a fresh interpreter, guarded or not.

`race(mode)` runs this file as a script in a new interpreter, where TensorFlow is not imported
yet, and returns the error of every thread that failed. Even threads enter as the sidebar does
(the device it computes on), odd ones as a page does (one of the app's modules that import
Keras); then every thread uses what it imported. "guarded" goes through core.tensorflow_runtime
first, "unguarded" imports directly. tests/core/test_tensorflow_runtime.py asserts that guarded
no thread fails; bench/import_race.py counts the failures of both modes over many interpreters
(unguarded, whether a thread fails depends on how the threads are scheduled, so it is measured,
not tested).
"""

from __future__ import annotations

import importlib
import json
import os
import subprocess
import sys
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
THREADS = 8
MODES = ("unguarded", "guarded")
PAGE_MODULES = ("core.jobs.training", "core.models.transformer", "core.models.decoding")


def race(mode: str, timeout: float = 600) -> list[str]:
    """The errors ("Type: message") of the threads that failed in one fresh interpreter."""
    if mode not in MODES:
        raise ValueError(f"mode must be one of {MODES}, not {mode!r}")
    done = subprocess.run(
        [sys.executable, __file__, mode],
        cwd=ROOT,
        env={**os.environ, "TF_CPP_MIN_LOG_LEVEL": "2"},
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    if done.returncode != 0:
        raise RuntimeError(f"the {mode} race exited with {done.returncode}:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def _enter_and_use(index: int, guarded: bool) -> None:
    if index % 2 == 0:
        if guarded:
            from core.device import describe_device

            describe_device()
        else:
            import tensorflow  # noqa: F401
    else:
        if guarded:
            from core import tensorflow_runtime

            tensorflow_runtime.load()
        importlib.import_module(PAGE_MODULES[index // 2 % len(PAGE_MODULES)])
    for name in PAGE_MODULES:
        importlib.import_module(name)
    import keras
    import tensorflow as tf

    list(tf.data.Dataset.from_tensor_slices([1, 2]).batch(2))
    keras.layers.Dense(2)(tf.zeros((1, 3)))


def _main(mode: str) -> None:
    """Release THREADS threads at once and print, as JSON, the errors of those that failed."""
    sys.path.insert(0, str(ROOT))
    barrier = threading.Barrier(THREADS)
    errors: list[str] = []

    def run(index: int) -> None:
        barrier.wait()
        try:
            _enter_and_use(index, guarded=mode == "guarded")
        except BaseException as error:  # a half-built module can raise anything
            errors.append(f"{type(error).__name__}: {error}"[:300])

    threads = [threading.Thread(target=run, args=(index,)) for index in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    print(json.dumps(errors))


if __name__ == "__main__":
    _main(sys.argv[1])
