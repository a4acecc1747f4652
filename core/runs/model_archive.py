"""Model archives: a `.keras` file that carries what the app needs to use the model again.

A text model is useless without its vocabulary, so every archive the app writes holds an
extra member, `playground.json`: the kind of model it is, the run's config and the
vocabularies (`core.runs.model_saving` writes them). `load` reads one back, or a `.keras`
file a person uploads, and refuses with a reason a student can act on anything the page
could not use: a file too large or not a Keras archive, a model whose config declares more
weights than the app can hold (counted before Keras builds it, `core.models.model_size`), a
model that would run code from the file (Keras' safe mode is always on), or one that does not
fit the page (`core.runs.model_fit`: its inputs, outputs or layers, or a text model without a
vocabulary of the right size).
"""

from __future__ import annotations

import io
import json
import re
import tempfile
import uuid
import zipfile
import zlib
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import keras

from core import i18n, kinds
from core.data.text import Vocabulary
from core.i18n import t
from core.models.model_size import declared_size
from core.runs.model_fit import ModelDoesNotFit, check_kind

INFO_NAME = "playground.json"  # extra member inside the .keras zip: kind, config, vocabularies
KIND_FIELD = "page"  # the info's name for the model's kind, as files since the first version have it
# The recommended translator, the largest starter, is 15 MB; 100 MB is a network of 25
# million parameters, more than a laptop's CPU trains in a class, and half Streamlit's
# default upload limit. A model loaded from an upload stays in that person's session.
MAX_UPLOAD_BYTES = 100 * 1024 * 1024
# Keras stores its members uncompressed, so an archive unpacks to about its own size; one
# that unpacks to far more is a zip bomb.
MAX_UNPACKED_BYTES = 2 * MAX_UPLOAD_BYTES
MAX_MEMBERS = 256  # Keras writes three members, plus a few assets for some layers
MAX_INFO_BYTES = 16 * 1024 * 1024  # two 100,000-word vocabularies are about 2 MB
MAX_CONFIG_BYTES = 16 * 1024 * 1024  # a 500-layer network's config.json is about 1 MB
# Keras allocates every weight a config declares before it reads the file's weights, so the
# declared count is checked first (core.models.model_size). A float32 weight is 4 bytes: a file at the
# upload limit holds at most MAX_UPLOAD_BYTES / 4 (26.2 million) of them. A quarter more is
# allowed for the estimate of layer classes it cannot count exactly; allocating that much
# (131 MB) is what one accepted upload costs the server anyway.
MAX_DECLARED_WEIGHTS = MAX_UPLOAD_BYTES // 4 * 5 // 4
# A real model's weights file holds every weight it declares: 4 bytes each in float32, and no
# fewer than half a byte in the densest format Keras writes (int4). Small models get a million
# weights of allowance, for estimated layers and for the file's own headers.
WEIGHTS_PER_STORED_BYTE = 2
WEIGHTS_ALLOWANCE = 1_000_000

KERAS_MEMBERS = ("config.json", "metadata.json")
WEIGHTS_MEMBERS = ("model.weights.h5", "model.weights.npz")


class ArchiveRefused(ValueError):
    """A student-facing reason a file cannot be used."""


@dataclass
class Archive:
    """A loaded model and the app's information about it (`{}` for a foreign file)."""

    model: keras.Model
    info: dict
    stamp: str = field(default_factory=lambda: uuid.uuid4().hex)  # names this loading of it

    @property
    def kind(self) -> str | None:
        """The name of the model kind the file says it is of, if any."""
        return self.info.get(KIND_FIELD)

    @cached_property
    def config(self):
        """The run's config as its dataclass, or None when the file has none this app can read."""
        return _config(self.kind, self.info.get("config"))

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


def _config(kind: str | None, values):
    """`values` as the config dataclass of kind `kind`, or None if they are not a valid one."""
    try:
        config = kinds.config_of(kind, values)
        if kinds.of(config).name != kind:
            return None
        kinds.validate(config)
    except ValueError:
        return None
    return config


def _config_matches(config, model: keras.Model, kind: str | None) -> bool:
    """Whether `config` (a dataclass or None) describes `model`: the number of words a
    text model reads is the config's."""
    if config is None:
        return False
    checks = kinds.get(kind).checks.resolve()
    return checks.config_length is None or checks.input_length(model) == getattr(config, checks.config_length)


# Checking a file before Keras opens it


def _megabytes(size: int) -> str:
    return f"{size / 1024 / 1024:.1f}"


def _count(count: int) -> str:
    """`count` weights in words: 242,442; 26.2 million; 4.2 billion (2620万, 42亿)."""
    return i18n.large_number(count) if count >= 10**6 else f"{count:,}"


def _bytes(size: int) -> str:
    """`size` bytes in MB or GB (powers of ten, as the weight counts are)."""
    if size >= 10**9:
        return t("archive.gigabytes", size=f"{size / 10**9:,.1f}")
    return t("archive.megabytes", size=f"{size / 10**6:,.1f}")


def _check_declared_size(archive: zipfile.ZipFile, weight_limit: int) -> None:
    """Refuse a model whose config declares more weights than the app holds, or than the
    file's weights could be, before Keras builds (and allocates) any of them."""
    member = archive.getinfo(KERAS_MEMBERS[0])
    if member.file_size > MAX_CONFIG_BYTES:
        raise ArchiveRefused(t("archive.config_unreadable"))
    try:
        config = json.loads(archive.read(member).decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):  # JSONDecodeError is a ValueError
        raise ArchiveRefused(t("archive.config_unreadable")) from None
    try:
        size = declared_size(config)
    except Exception:  # noqa: BLE001  (ConfigTooDeep, or a config too odd to count: refusing is safe)
        raise ArchiveRefused(t("archive.config_unreadable")) from None
    declared = {"weights": _count(size.values), "size": _bytes(4 * size.values)}
    if size.values > weight_limit:
        raise ArchiveRefused(t("archive.too_many_weights", **declared, limit=_count(weight_limit)))
    stored = max(member.file_size for member in archive.infolist() if member.filename in WEIGHTS_MEMBERS)
    if size.weights > WEIGHTS_PER_STORED_BYTE * stored + WEIGHTS_ALLOWANCE:
        declared = {"weights": _count(size.weights), "size": _bytes(4 * size.weights)}
        raise ArchiveRefused(t("archive.weights_missing", **declared, stored=_bytes(stored)))
    if size.unbuilt is not None:
        raise ArchiveRefused(t("archive.layer_not_built", name=size.unbuilt))


def _read_info(source: Path | bytes, unpacked_limit: int, weight_limit: int) -> dict:
    """Check the zip and the size of the model it declares before Keras opens it, and return
    its `playground.json` ({} if none)."""
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
            _check_declared_size(archive, weight_limit)
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
    if not isinstance(info, dict) or info.get(KIND_FIELD, kinds.NAMES[0]) not in kinds.NAMES:
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
    try:  # a Sequential saved before it was built has no inputs to feed
        model.inputs, model.outputs  # noqa: B018
    except (AttributeError, ValueError):
        raise ArchiveRefused(t("archive.not_built")) from None
    return _functional(model)


def _functional(model: keras.Model) -> keras.Model:
    """A Sequential model as the functional model of the same layers (same weights): the
    pages look inside through every layer's output, which only a functional model has."""
    if not isinstance(model, keras.Sequential):
        return model
    # Fresh copies of the layers, each called once: a loaded Sequential's own layers have
    # been called on several graphs, and a layer's `output` would name the wrong one.
    inputs = keras.Input(batch_shape=model.inputs[0].shape, dtype=model.inputs[0].dtype)
    outputs = inputs
    for layer in model.layers:
        copy = type(layer).from_config(layer.get_config())
        outputs = copy(outputs)
        copy.set_weights(layer.get_weights())
    return keras.Model(inputs, outputs, name=model.name)


def load(source: Path | bytes, kind: str | None = None) -> Archive:
    """The model in `source` (a file this app saved, or an upload's bytes) and its info,
    checked for use as a model of kind `kind` (by default the kind its info names, if any).

    Keras loads it in safe mode: nothing in the file runs as code. The upload limit
    applies to bytes; a path is a file the app wrote, checked only against zip bombs.
    A config in the info that is not a valid one for the kind is dropped (None).

    Before Keras builds anything, the weights the file's config declares are counted
    (core.models.model_size): more than MAX_DECLARED_WEIGHTS (for a path, what its size allows), or
    far more than its weights file holds, and it is refused without being built.

    Raises ArchiveRefused with a student-facing reason when the file is too large, not a
    Keras archive, declares too large a model, is refused by Keras, does not fit `kind`'s
    inputs, outputs and layers, lacks a vocabulary or has one of the wrong size, or was saved
    for another kind.
    """
    if kind is not None:
        kinds.get(kind)  # ValueError for a kind there is not
    if isinstance(source, bytes | bytearray):
        source = bytes(source)
        if len(source) > MAX_UPLOAD_BYTES:
            raise ArchiveRefused(
                t("archive.too_large", size=_megabytes(len(source)), limit=_megabytes(MAX_UPLOAD_BYTES))
            )
        info = _read_info(source, MAX_UNPACKED_BYTES, MAX_DECLARED_WEIGHTS)
    else:
        source = Path(source)
        try:
            size = source.stat().st_size
        except OSError:
            raise ArchiveRefused(t("archive.unreadable")) from None
        # A file the app wrote may hold a larger model than an upload: what its size allows.
        info = _read_info(
            source, max(MAX_UNPACKED_BYTES, 2 * size), max(MAX_DECLARED_WEIGHTS, size // 4 * 5 // 4)
        )
    if kind is not None and info.get(KIND_FIELD, kind) != kind:
        raise ArchiveRefused(t("archive.other_page", page=kinds.get(info[KIND_FIELD]).label))
    kind = kind or info.get(KIND_FIELD)

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

    if kind is not None:
        try:
            check_kind(model, info, kinds.get(kind))
        except ModelDoesNotFit as problem:
            raise ArchiveRefused(str(problem)) from None
        except Exception as error:  # a model too odd for the checks themselves: refuse it, do not crash
            reason = f"{type(error).__name__}: {error}"
            raise ArchiveRefused(t("archive.keras_refused", reason=reason)) from None
    if "config" in info and not _config_matches(_config(kind, info["config"]), model, kind):
        info["config"] = None
    return Archive(model, info)
