"""TensorFlow and Keras, imported once per process behind one lock.

Streamlit runs every session's script in a thread of one process, and with fast reruns a click
starts a new script thread while the previous one is still inside `import tensorflow`. Python's
import lock is per module: two threads that enter one large package by different modules (one
`import tensorflow`, the other `import keras`, which imports TensorFlow) can each be handed the
other's half-built modules. One of them then fails half way, its modules leave `sys.modules`, and
the next import runs them a second time, which TensorFlow refuses ("Registering two gradient with
name ..."): every page shows a traceback until the server restarts.

So the first import happens here, in one thread, under one process-wide lock; every other thread
waits for it and then finds finished modules in `sys.modules`. A failed first import is remembered
and reported to every later caller, never retried, since a retry would run half-imported modules
again. Call `load()` before anything that imports TensorFlow or Keras can run.
"""

from __future__ import annotations

import importlib
import threading
from collections.abc import Sequence

# Keras first: it imports TensorFlow itself, and the app's modules import Keras before
# TensorFlow, so a thread that still imports them directly enters by the same module.
MODULES = ("keras", "tensorflow")


class TensorFlowUnavailable(RuntimeError):
    """TensorFlow or Keras could not be imported; the message says why (the first error)."""


class OnceImporter:
    """Imports `modules` once, in whichever thread asks first, while every other thread waits.

    `load()` returns once all of them are fully imported, or raises TensorFlowUnavailable with
    the first import's error, at every call, without importing again.
    """

    def __init__(self, modules: Sequence[str], lock=None):
        self.modules = tuple(modules)
        self._lock = lock if lock is not None else threading.Lock()
        self._loaded = False  # set only after every module has finished importing
        self._failure: str | None = None

    @property
    def loaded(self) -> bool:
        return self._loaded

    def load(self) -> None:
        if self._loaded:  # the common case once the server is warm: no lock to take
            return
        with self._lock:
            if self._loaded:
                return
            if self._failure is not None:
                raise TensorFlowUnavailable(self._failure)
            try:
                for name in self.modules:
                    importlib.import_module(name)
            except Exception as error:  # ImportError, but a broken install raises anything
                self._failure = f"{type(error).__name__}: {error}"
                raise TensorFlowUnavailable(self._failure) from error
            self._loaded = True


_TENSORFLOW = OnceImporter(MODULES)


def load() -> None:
    """Import TensorFlow and Keras for the whole process, once; wait if another thread is.

    Raises TensorFlowUnavailable (with the first error, for every caller) when they cannot be
    imported.
    """
    _TENSORFLOW.load()


def loaded() -> bool:
    """Whether TensorFlow and Keras have finished importing through `load()`."""
    return _TENSORFLOW.loaded
