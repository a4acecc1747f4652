"""How many weights a `.keras` file's `config.json` declares, counted before Keras builds anything.

Keras builds every layer of a model it loads, allocating each weight, before it reads a single
weight from the file; a config of a few hundred bytes can ask for a 100,000 × 100,000 Dense layer,
40 GB. `declared_size(config)` walks the config as JSON (Functional and Sequential models, nested
models, wrappers such as Bidirectional and TimeDistributed) and counts, per layer class, the weights
that layer's config and its recorded input shape (`build_config`, which Keras writes for every
built layer) make Keras create, so that `core.runs.model_archive` can refuse a file before Keras
sees it. This module is the walk; the rules per layer class are `core.models.layer_weights`.

For the layers the app's pages build and Keras' common layers the count is exact: it equals
`model.count_params()` of the built model. A Keras layer class not modelled there is estimated from
its input shape and the size fields of its config; the archive's other bound, that a real model's
weights file holds every weight it declares, covers what an estimate cannot.

A layer whose weights depend on its input shape but whose config does not record that shape is
reported by name in `unbuilt`: Keras would take the shape from the graph, which only building it
tells, so such a file cannot be checked. Keras never writes one for a built model.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass

import keras

from core.models.config_shapes import Unsized, build_shapes, dim_at, field_size, shape_of
from core.models.layer_weights import COUNTS, NEEDS_NO_SHAPE, WEIGHTLESS, estimate_unmodelled

# Beyond a thousand trillion weights the number means nothing more, and the message stays short.
MAX_COUNT = 10**15
# Models nest a handful of levels deep (a model in a model, a layer in a wrapper); a config far
# deeper is built to exhaust the stack, not to describe a network.
MAX_DEPTH = 64

CONTAINERS = {"Functional", "Sequential", "Model"}


@dataclass(frozen=True)
class DeclaredSize:
    """What a model config declares: `weights` is what `model.count_params()` would give;
    `tables` the fixed numbers the app's layers compute when they are made (a sinusoidal
    position table), not stored as weights but held in memory all the same; `unbuilt` names
    the first layer whose size the config does not record (None if there is none)."""

    weights: int
    tables: int = 0
    unbuilt: str | None = None

    @property
    def values(self) -> int:
        """Every number the model holds once built: weights plus tables."""
        return min(self.weights + self.tables, MAX_COUNT)


class ConfigTooDeep(ValueError):
    """A config nested deeper than any model is."""


def declared_size(config: object) -> DeclaredSize:
    """The weights the model config `config` (the parsed `config.json` of a `.keras` file)
    declares, counted from the config alone: nothing is built or allocated.

    Dimensions that are not whole numbers are read as Keras would use them or, when it could
    not, as unknown; every dimension is clamped to MAX_DIMENSION and the totals to MAX_COUNT.
    Raises ConfigTooDeep for a config nested more than MAX_DEPTH levels deep.
    """
    walk = _Walk()
    walk.object(config, None, 0)
    return DeclaredSize(
        min(walk.weights, MAX_COUNT), min(walk.tables, MAX_COUNT), walk.unbuilt[0] if walk.unbuilt else None
    )


def _keras_layer_class(entry: dict):
    """The Keras layer class `entry` names, or None when it names something else (an
    initializer, a dtype policy, an op) or a class this Keras does not have."""
    name = entry.get("class_name")
    if not isinstance(name, str):
        return None
    found = getattr(keras.layers, name, None)
    if found is None:
        module = entry.get("module")
        # Only modules already imported: looking a class up must not import anything.
        found = getattr(sys.modules.get(module), name, None) if isinstance(module, str) else None
    return found if isinstance(found, type) and issubclass(found, keras.layers.Layer) else None


def _builds_weights(entry: dict) -> bool:
    """Whether the class `entry` names may create weights from its input shape: a Keras layer
    whose build() is its own (a default build() creates nothing)."""
    cls = _keras_layer_class(entry)
    return cls is not None and not getattr(cls.build, "_is_default", False)


class _Walk:
    """Adds up the weights of every layer in a config; see `declared_size`."""

    def __init__(self):
        self.weights, self.tables, self.unbuilt = 0, 0, []

    def object(self, value, handed: dict | None, depth: int) -> None:
        """Count `value` (any JSON) and the layers inside it; `handed` is the shapes a wrapper
        builds the layer with when the layer records none of its own."""
        if depth > MAX_DEPTH:
            raise ConfigTooDeep(f"the config nests more than {MAX_DEPTH} levels deep")
        if isinstance(value, list):
            for item in value:
                self.object(item, None, depth + 1)
            return
        if not isinstance(value, dict):
            return
        config = value.get("config")
        name = value.get("class_name")
        if not isinstance(config, dict) or not isinstance(name, str):
            for item in value.values():
                self.object(item, None, depth + 1)
            return
        own = build_shapes(value)
        candidates = [shapes for shapes in (own, handed) if shapes is not None]
        handled = self.layer(name, value, config, candidates, depth)
        for key, item in config.items():  # nested layers a from_config() builds on its own
            if key not in handled:
                self.object(item, None, depth + 1)
        for key, item in value.items():  # and any a node's arguments would make
            if key not in ("config", "build_config"):
                self.object(item, None, depth + 1)

    def layer(self, name: str, entry: dict, config: dict, candidates: list[dict], depth: int) -> set:
        """Count one layer; return the config keys it has already walked."""
        if name in CONTAINERS:
            self.object(config.get("layers"), None, depth + 1)
            return {"layers"}
        if name == "Bidirectional":
            return self.bidirectional(config, candidates, depth)
        if name == "TimeDistributed":
            inner = [
                {"input_shape": (s[0], *s[2:])}
                for s in map(shape_of, _shapes(candidates))
                if s and len(s) > 1
            ]
            self.object(config.get("layer"), inner[0] if inner else None, depth + 1)
            return {"layer"}
        if name == "RNN":
            return self.rnn(config, candidates, depth)
        if name == "PositionalEmbedding":
            width = field_size(config, "embed_dim")
            if config.get("positional") != "learned":  # its sinusoid table, made in __init__
                self.tables += field_size(config, "max_length") * width
        count = COUNTS.get(name)
        if count is None:
            if name in WEIGHTLESS or not _builds_weights(entry):
                return set()
            count = estimate_unmodelled
        if name in NEEDS_NO_SHAPE:
            self.weights += count(config, {})
            return set()
        counts = []
        for shapes in candidates:
            try:
                counts.append(count(config, shapes))
            except Unsized:
                pass
        if counts:  # a wrapper's shape and the layer's own should agree; trust neither blindly
            self.weights += max(counts)
        else:
            self.unbuilt.append(_name(config.get("name"), name))
        return set()

    def bidirectional(self, config: dict, candidates: list[dict], depth: int) -> set:
        handed = candidates[0] if candidates else None
        forward = config.get("layer")
        self.object(forward, handed, depth + 1)
        backward = config.get("backward_layer")
        # Without its own backward layer, Bidirectional makes one from the forward layer's config.
        self.object(backward if isinstance(backward, dict) else forward, handed, depth + 1)
        return {"layer", "backward_layer"}

    def rnn(self, config: dict, candidates: list[dict], depth: int) -> set:
        """The RNN wrapper around a cell, or around StackedRNNCells."""
        cell = config.get("cell")
        cells = cell if isinstance(cell, list) else [cell]
        if isinstance(cell, dict) and cell.get("class_name") == "StackedRNNCells":
            cells = (cell.get("config") or {}).get("cells") or []
        width = max(
            (dim_at(shape_of(s), -1) for s in _shapes(candidates)), key=lambda d: d or 0, default=None
        )
        for item in cells:
            if not isinstance(item, dict) or not isinstance(item.get("config"), dict):
                continue
            self.object(item, None if width is None else {"input_shape": (None, width)}, depth + 1)
            width = field_size(item["config"], "units")
        return {"cell"}


def _name(name, class_name: str) -> str:
    """A layer's name fit to show: the characters Keras names are made of, at most 60."""
    text = re.sub(r"[^A-Za-z0-9_.\-]", "", name if isinstance(name, str) else "")[:60]
    return text or re.sub(r"[^A-Za-z0-9_]", "", class_name)[:60]


def _shapes(candidates: list[dict]) -> list:
    """The main input shape of each candidate set of build shapes."""
    return [next(iter(shapes.values()), None) for shapes in candidates]
