"""Model archives: a `.keras` file that carries what the app needs to use the model again.

A text model is useless without its vocabulary, so every archive the app writes holds an
extra member, `playground.json`: the page it belongs to, the run's config and the
vocabularies. `save` writes one atomically (a crash mid-save leaves the previous file
whole); `to_bytes` gives one to download; `load` reads one back, or a `.keras` file a
person uploads, and refuses with a reason a student can act on anything the page could
not use: a file too large or not a Keras archive, a model that would run code from the file
(Keras' safe mode is always on), one whose inputs, outputs or layers do not fit the page,
or a text model without a vocabulary of the right size.
"""

from __future__ import annotations

import dataclasses
import io
import json
import os
import re
import tempfile
import threading
import weakref
import zipfile
import zlib
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import keras

from core import cnn, rnn, transformer  # transformer: registers the app's custom layers for loading
from core.i18n import t
from core.text import Vocabulary

PAGES = ("cnn", "rnn", "transformer.classify", "transformer.translate")
INFO_NAME = "playground.json"  # extra member inside the .keras zip: page, config, vocabularies
# The recommended translator, the largest starter, is 15 MB; 100 MB is a network of 25
# million parameters, more than a laptop's CPU trains in a class, and half Streamlit's
# default upload limit. A model loaded from an upload stays in that person's session.
MAX_UPLOAD_BYTES = 100 * 1024 * 1024
# Keras stores its members uncompressed, so an archive unpacks to about its own size; one
# that unpacks to far more is a zip bomb.
MAX_UNPACKED_BYTES = 2 * MAX_UPLOAD_BYTES
MAX_MEMBERS = 256  # Keras writes three members, plus a few assets for some layers
MAX_INFO_BYTES = 16 * 1024 * 1024  # two 100,000-word vocabularies are about 2 MB

KERAS_MEMBERS = ("config.json", "metadata.json")
WEIGHTS_MEMBERS = ("model.weights.h5", "model.weights.npz")
VOCABULARIES = {
    "cnn": (),
    "rnn": ("vocabulary",),
    "transformer.classify": ("vocabulary",),
    "transformer.translate": ("source", "target"),
}
CONFIGS = {
    "cnn": cnn.CNNConfig,
    "rnn": rnn.RNNConfig,
    "transformer.classify": transformer.TransformerConfig,
    "transformer.translate": transformer.TransformerConfig,
}
RECURRENT_CELLS = ("SimpleRNNCell", "LSTMCell", "GRUCell")  # the cells the RNN page writes out


class ArchiveRefused(ValueError):
    """A student-facing reason a file cannot be used."""


@dataclass
class Archive:
    """A loaded model and the app's information about it (`{}` for a foreign file)."""

    model: keras.Model
    info: dict

    @property
    def page(self) -> str | None:
        return self.info.get("page")

    @cached_property
    def config(self):
        """The run's config as its dataclass, or None when the file has none this app can read."""
        return _config(self.page, self.info.get("config"))

    @cached_property
    def vocabulary(self) -> Vocabulary | None:
        """The review models' vocabulary."""
        return _vocabulary(self.info, "vocabulary")

    @cached_property
    def source(self) -> Vocabulary | None:
        """The translator's English vocabulary."""
        return _vocabulary(self.info, "source")

    @cached_property
    def target(self) -> Vocabulary | None:
        """The translator's German vocabulary."""
        return _vocabulary(self.info, "target")

    @property
    def parameters(self) -> int:
        return self.model.count_params()


def _vocabulary(info: dict, name: str) -> Vocabulary | None:
    return Vocabulary(info[name]) if name in info else None


def _config(page: str | None, values):
    """`values` as `page`'s config dataclass, or None if they are not a valid one."""
    if page not in CONFIGS or not isinstance(values, dict):
        return None
    try:
        config = CONFIGS[page].from_dict(values)
        if page.startswith("transformer.") and config.task != page.split(".")[1]:
            return None
        {"cnn": cnn, "rnn": rnn}.get(page, transformer).validate(config)
    except (TypeError, ValueError, KeyError, AttributeError):
        return None
    return config


def _config_matches(config, model: keras.Model, page: str | None) -> bool:
    """Whether `config` (a dataclass or None) describes `model`: the number of words a
    review model reads is the config's."""
    if config is None:
        return False
    if page == "rnn":
        return model.inputs[0].shape[1] == config.sequence_length
    if page == "transformer.classify":
        return model.inputs[0].shape[1] == config.max_length
    if page == "transformer.translate":  # the longest sentence its position table covers
        return model.get_layer("source_embedding").max_length == config.max_length
    return True


# Writing


def info_for(page: str, config, meta: dict) -> dict:
    """The information saved with a run's model: `page`, `config` (a config dataclass, or
    None) as a dict, and the vocabularies from a job's `meta` (`vocabulary` for the review
    models, `source` and `target` for the translator) as word lists without padding and OOV,
    which `Vocabulary(words)` adds back."""
    if page not in PAGES:
        raise ValueError(f"unknown page {page!r}; expected one of {PAGES}")
    info = {"page": page, "config": dataclasses.asdict(config) if config is not None else None}
    for name in VOCABULARIES[page]:
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


# Reading


def _megabytes(size: int) -> str:
    return f"{size / 1024 / 1024:.1f}"


def _read_info(source: Path | bytes, unpacked_limit: int) -> dict:
    """Check the zip before Keras opens it, and return its `playground.json` ({} if none)."""
    try:
        with zipfile.ZipFile(io.BytesIO(source) if isinstance(source, bytes) else source) as archive:
            members = archive.infolist()
            if len(members) > MAX_MEMBERS:
                raise ArchiveRefused(t("archive.too_many_members", count=len(members)))
            unpacked = sum(member.file_size for member in members)
            if unpacked > unpacked_limit:
                raise ArchiveRefused(t("archive.zip_bomb", size=_megabytes(unpacked)))
            names = {member.filename for member in members}
            if not all(name in names for name in KERAS_MEMBERS) or names.isdisjoint(WEIGHTS_MEMBERS):
                raise ArchiveRefused(t("archive.not_keras"))
            if INFO_NAME not in names:
                return {}
            if archive.getinfo(INFO_NAME).file_size > MAX_INFO_BYTES:
                raise ArchiveRefused(t("archive.info_unreadable"))
            text = archive.read(INFO_NAME)
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        zlib.error,
        EOFError,
        NotImplementedError,
        RuntimeError,
    ):
        raise ArchiveRefused(t("archive.not_keras")) from None
    except OSError:
        raise ArchiveRefused(t("archive.unreadable")) from None
    try:
        info = json.loads(text.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise ArchiveRefused(t("archive.info_unreadable")) from None
    if not isinstance(info, dict) or info.get("page", PAGES[0]) not in PAGES:
        raise ArchiveRefused(t("archive.info_unreadable"))
    return info


_UNKNOWN = re.compile(r"Could not (?:locate|deserialize) (?:class |function )?'([^']+)'")


def _keras_load(path: Path) -> keras.Model:
    """The model at `path`, loaded in safe mode: no code from the file runs."""
    try:
        model = keras.saving.load_model(path, compile=False, safe_mode=True)
    except Exception as error:  # anything Keras or h5py raise on a file it cannot read
        message = str(error)
        if "safe_mode" in message:  # Keras' words for code it will not run (a Lambda layer)
            raise ArchiveRefused(t("archive.unsafe")) from None
        unknown = _UNKNOWN.search(message)
        if unknown:
            raise ArchiveRefused(t("archive.unknown_object", name=unknown.group(1))) from None
        first_line = (message.strip().splitlines() or [type(error).__name__])[0][:300]
        raise ArchiveRefused(t("archive.keras_refused", reason=first_line)) from None
    if not isinstance(model, keras.Model):
        raise ArchiveRefused(t("archive.not_a_model"))
    return model


def _page_name(page: str) -> str:
    return {
        "cnn": t("archive.page_cnn"),
        "rnn": t("archive.page_rnn"),
        "transformer.classify": t("archive.page_classify"),
        "transformer.translate": t("archive.page_translate"),
    }[page]


def _expected(page: str, inputs: str, outputs: str) -> str:
    """What `page` feeds its model and reads from it, and what this model does instead."""
    if page == "cnn":
        return t("archive.fit_cnn", inputs=inputs, outputs=outputs)
    if page == "transformer.translate":
        return t("archive.fit_translate", inputs=inputs, outputs=outputs)
    return t("archive.fit_review", page=_page_name(page), inputs=inputs, outputs=outputs)


def _shapes(tensors) -> str:
    return ", ".join(str(tuple(tensor.shape)) for tensor in tensors)


def _ends_in(model: keras.Model, activation: str) -> bool:
    """Whether the model's last layer applies `activation` ('softmax' or 'sigmoid')."""
    layer = model.layers[-1]
    if activation == "softmax" and isinstance(layer, keras.layers.Softmax):
        return True
    return getattr(getattr(layer, "activation", None), "__name__", None) == activation


def _fits(model: keras.Model, page: str) -> bool:
    """Whether the model's inputs and outputs are the ones `page` feeds and reads."""
    inputs, outputs = [tuple(x.shape) for x in model.inputs], [tuple(y.shape) for y in model.outputs]
    if len(outputs) != 1:
        return False
    if page == "cnn":
        return inputs == [(None, cnn.IMAGE_SIZE, cnn.IMAGE_SIZE, 1)] and (
            outputs[0] == (None, cnn.NUM_CLASSES) and _ends_in(model, "softmax")
        )
    if page == "transformer.translate":
        return (
            len(inputs) == 2
            and all(len(shape) == 2 for shape in inputs)
            and len(outputs[0]) == 3
            and _ends_in(model, "softmax")
        )
    # The review pages: one (batch, words) input of a fixed length, one probability.
    return (
        len(inputs) == 1
        and len(inputs[0]) == 2
        and isinstance(inputs[0][1], int)
        and outputs[0] == (None, 1)
        and _ends_in(model, "sigmoid")
    )


def _layer(model: keras.Model, name: str) -> keras.layers.Layer | None:
    return next((layer for layer in model.layers if layer.name == name), None)


def _is_recurrent(layer: keras.layers.Layer) -> bool:
    """A SimpleRNN, LSTM or GRU (or a Bidirectional pair of them) whose step the RNN page
    can write out: with biases, and a GRU with Keras' default reset_after."""
    parts = (
        [layer.forward_layer, layer.backward_layer]
        if isinstance(layer, keras.layers.Bidirectional)
        else [layer]
    )
    for part in parts:
        cell = getattr(part, "cell", None)
        if type(cell).__name__ not in RECURRENT_CELLS or not cell.use_bias:
            return False
        if type(cell).__name__ == "GRUCell" and not cell.reset_after:
            return False
    return True


def _missing_layers(model: keras.Model, page: str) -> list[str]:
    """The layers `page` looks inside that `model` lacks, named as in code."""
    missing = []
    if page == "cnn":
        if not any(isinstance(layer, keras.layers.Conv2D) for layer in model.layers):
            missing.append("Conv2D")
        return missing
    if page == "rnn":
        if not isinstance(_layer(model, "embedding"), keras.layers.Embedding):
            missing.append("Embedding 'embedding'")
        recurrent = rnn.recurrent_layers(model)
        if not recurrent or not all(_is_recurrent(layer) for layer in recurrent):
            missing.append("SimpleRNN / LSTM / GRU 'rnn1'…")
        if not isinstance(_layer(model, "positive"), keras.layers.Dense):
            missing.append("Dense 'positive'")
        return missing
    embeddings = (
        ("embedding",) if page == "transformer.classify" else ("source_embedding", "target_embedding")
    )
    for name in embeddings:
        if not isinstance(_layer(model, name), transformer.PositionalEmbedding):
            missing.append(f"PositionalEmbedding '{name}'")
    kinds = [transformer.EncoderBlock] + (
        [transformer.DecoderBlock] if page == "transformer.translate" else []
    )
    for kind in kinds:
        if not any(isinstance(layer, kind) for layer in model.layers):
            missing.append(kind.__name__)
    return missing


def _embedding_sizes(model: keras.Model, page: str) -> dict[str, list[int]]:
    """Per vocabulary, the numbers of ids the model reads (or writes) with it."""
    if page == "cnn":
        return {}
    if page == "rnn":
        return {"vocabulary": [model.get_layer("embedding").input_dim]}
    if page == "transformer.classify":
        return {"vocabulary": [model.get_layer("embedding").vocab_size]}
    return {
        "source": [model.get_layer("source_embedding").vocab_size],
        "target": [model.get_layer("target_embedding").vocab_size, model.outputs[0].shape[-1]],
    }


def _check_page(model: keras.Model, info: dict, page: str) -> None:
    """Refuse a model `page` cannot feed, read or look inside, or without its vocabularies."""
    if not _fits(model, page):
        raise ArchiveRefused(_expected(page, _shapes(model.inputs), _shapes(model.outputs)))
    missing = _missing_layers(model, page)
    if missing:
        raise ArchiveRefused(t("archive.missing_layers", page=_page_name(page), missing=", ".join(missing)))
    for name, sizes in _embedding_sizes(model, page).items():
        words = info.get(name)
        if words is None:
            raise ArchiveRefused(t("archive.no_vocabulary"))
        if not isinstance(words, list) or not all(isinstance(word, str) for word in words):
            raise ArchiveRefused(t("archive.info_unreadable"))
        for size in sizes:
            if len(words) + 2 != size:
                raise ArchiveRefused(
                    t("archive.vocabulary_size", name=name, entries=len(words) + 2, size=size)
                )


def load(source: Path | bytes, page: str | None = None) -> Archive:
    """The model in `source` (a file this app saved, or an upload's bytes) and its info,
    checked for use on `page` (by default the page its info names, if any).

    Keras loads it in safe mode: nothing in the file runs as code. The upload limit
    applies to bytes; a path is a file the app wrote, checked only against zip bombs.
    A config in the info that is not a valid one for the page is dropped (None).

    Raises ArchiveRefused with a student-facing reason when the file is too large, not a
    Keras archive, refused by Keras, does not fit `page`'s inputs, outputs and layers, lacks
    a vocabulary or has one of the wrong size, or was saved from another page.
    """
    if page is not None and page not in PAGES:
        raise ValueError(f"unknown page {page!r}; expected one of {PAGES}")
    if isinstance(source, bytes | bytearray):
        source = bytes(source)
        if len(source) > MAX_UPLOAD_BYTES:
            raise ArchiveRefused(
                t("archive.too_large", size=_megabytes(len(source)), limit=_megabytes(MAX_UPLOAD_BYTES))
            )
        info = _read_info(source, MAX_UNPACKED_BYTES)
    else:
        source = Path(source)
        try:
            size = source.stat().st_size
        except OSError:
            raise ArchiveRefused(t("archive.unreadable")) from None
        info = _read_info(source, max(MAX_UNPACKED_BYTES, 2 * size))
    if page is not None and info.get("page", page) != page:
        raise ArchiveRefused(t("archive.other_page", page=_page_name(info["page"])))
    page = page or info.get("page")

    if isinstance(source, Path) and source.suffix == ".keras":
        model = _keras_load(source)
    else:  # Keras reads archives from a path that ends in .keras
        data = source if isinstance(source, bytes) else source.read_bytes()
        # Not deleted on close, so that Keras can open it by name on every system.
        with tempfile.NamedTemporaryFile(suffix=".keras", delete=False) as file:
            file.write(data)
        try:
            model = _keras_load(Path(file.name))
        finally:
            Path(file.name).unlink(missing_ok=True)

    if page is not None:
        _check_page(model, info, page)
    if "config" in info and not _config_matches(_config(page, info["config"]), model, page):
        info["config"] = None
    return Archive(model, info)
