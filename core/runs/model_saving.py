"""Saving a model as a `.keras` archive that carries the app's information about it.

`info_for` makes the archive's `playground.json` (`core.runs.model_archive.INFO_NAME`): the
model's kind, its run's config and its vocabularies. `save` writes model and information to
a file atomically (a crash mid-save leaves the previous file whole); `to_bytes` gives the
same archive as bytes, for a download. `core.runs.model_archive.load` reads them back.
"""

from __future__ import annotations

import dataclasses
import json
import os
import tempfile
import threading
import weakref
import zipfile
from pathlib import Path

import keras

from core import kinds
from core.data.text import Vocabulary
from core.runs.model_archive import INFO_NAME, KIND_FIELD


def info_for(kind: str, config, meta: dict) -> dict:
    """The information saved with a run's model: its `kind`, `config` (a config dataclass, or
    None) as a dict, and the vocabularies from a job's `meta` (`vocabulary` for the review
    models, `source` and `target` for the translator) as word lists without padding and OOV,
    which `Vocabulary(words)` adds back. ValueError for a kind there is not."""
    info = {KIND_FIELD: kind, "config": dataclasses.asdict(config) if config is not None else None}
    for name in kinds.get(kind).vocabularies:
        vocabulary = meta[name]
        info[name] = list(vocabulary.words[2:] if isinstance(vocabulary, Vocabulary) else vocabulary)
    return info


# Per model, the copy it is saved through and a lock, so that a model saved after every
# epoch is rebuilt only once, and two saves of one model never mix their weights. Keyed
# weakly: the copy goes when the model does.
_COPIES: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_COPIES_LOCK = threading.Lock()


def _saved_through(model: keras.Model) -> tuple[keras.Model, threading.Lock]:
    # The optimizer's state would triple the file and only resuming training needs it
    # (loading never compiles), so a model is saved through an uncompiled copy; one that
    # cannot be rebuilt from its config is saved as it is.
    with _COPIES_LOCK:
        if model not in _COPIES:
            try:
                copy = type(model).from_config(model.get_config())
            except (TypeError, ValueError, KeyError, NotImplementedError):
                copy = None
            _COPIES[model] = (copy, threading.Lock())
        return _COPIES[model]


def _write(model: keras.Model, path: Path, info_text: str) -> None:
    copy, lock = _saved_through(model)
    with lock:
        if copy is not None:
            copy.set_weights(model.get_weights())
        keras.saving.save_model(copy if copy is not None else model, path)
    with zipfile.ZipFile(path, "a", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(INFO_NAME, info_text)


def save(model: keras.Model, path: Path, info: dict) -> None:
    """Write `model` plus `info` as a .keras archive at `path` atomically: write a temporary
    file in the same directory, fsync, then os.replace, so a crash or an exception mid-save
    leaves the previous file intact and loadable."""
    path = Path(path)
    info_text = json.dumps(info, ensure_ascii=False)  # before anything is written: fails if not JSON
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.stem}.", suffix=".keras")
    os.close(descriptor)
    temporary = Path(name)
    try:
        _write(model, temporary, info_text)
        with open(temporary, "rb") as written:
            os.fsync(written.fileno())
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    if os.name == "posix":  # the rename itself reaches the disk only with its directory
        directory = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(directory)
        finally:
            os.close(directory)


def to_bytes(model: keras.Model, info: dict) -> bytes:
    """The archive `save` would write, as bytes (for a download button)."""
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "model.keras"
        _write(model, path, json.dumps(info, ensure_ascii=False))
        return path.read_bytes()
