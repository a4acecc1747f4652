"""How many weights a `.keras` file's `config.json` declares, counted before Keras builds anything.

Keras builds every layer of a model it loads, allocating each weight, before it reads a single
weight from the file; a config of a few hundred bytes can ask for a 100,000 × 100,000 Dense layer,
40 GB. `declared_size(config)` walks the config as JSON (Functional and Sequential models, nested
models, wrappers such as Bidirectional and TimeDistributed) and counts, per layer class, the weights
that layer's config and its recorded input shape (`build_config`, which Keras writes for every
built layer) make Keras create, so that `core.model_archive` can refuse a file before Keras sees it.

For the layers the app's pages build and Keras' common layers the count is exact: it equals
`model.count_params()` of the built model. A Keras layer class not modelled here is estimated from
its input shape and the size fields of its config; the archive's other bound, that a real model's
weights file holds every weight it declares, covers what an estimate cannot.

A layer whose weights depend on its input shape but whose config does not record that shape is
reported by name in `unbuilt`: Keras would take the shape from the graph, which only building it
tells, so such a file cannot be checked. Keras never writes one for a built model.
"""

from __future__ import annotations

import math
import re
import sys
from dataclasses import dataclass

import keras

# A dimension past this is absurd (a thousand billion); clamping to it keeps every product a
# few hundred bits long, so that no config can make the counting itself slow.
MAX_DIMENSION = 2**40
# Beyond a thousand trillion weights the number means nothing more, and the message stays short.
MAX_COUNT = 10**15
# Models nest a handful of levels deep (a model in a model, a layer in a wrapper); a config far
# deeper is built to exhaust the stack, not to describe a network.
MAX_DEPTH = 64
MAX_RANK = 64  # a list of more numbers than this is not a tensor's shape

CONTAINERS = {"Functional", "Sequential", "Model"}
# Keras layers that override build() for shape checks only: they hold no weights.
WEIGHTLESS = {
    "Add", "Subtract", "Multiply", "Average", "Maximum", "Minimum", "Concatenate", "Dot",
    "AugMix", "RandAugment", "RandomColorJitter", "TextVectorization",
}  # fmt: skip
# Config fields that size a layer, for the classes this module does not model.
SIZE_FIELDS = (
    "units", "filters", "output_dim", "input_dim", "num_heads", "key_dim", "value_dim", "head_dim",
    "num_query_heads", "num_key_value_heads", "depth_multiplier", "num_tokens", "max_tokens",
    "frame_length", "fft_length", "num_mel_bins",
)  # fmt: skip


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


class _Unsized(Exception):
    """A shape this layer's weights depend on is not recorded."""


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


# Reading numbers and shapes


def _dimension(value) -> int | None:
    """`value` as a dimension Keras could build with, clamped to MAX_DIMENSION; None if unknown."""
    if isinstance(value, bool):
        number = int(value)
    elif isinstance(value, int):
        number = value
    elif isinstance(value, float):
        if not math.isfinite(value):
            return MAX_DIMENSION if value > 0 else None
        number = math.ceil(value)
    elif isinstance(value, str) and re.fullmatch(r"\s*\d+\s*", value):
        number = int(value) if len(value) < 20 else MAX_DIMENSION
    else:
        return None
    return None if number < 0 else min(number, MAX_DIMENSION)


def _size(config: dict, name: str, default: int = 0) -> int:
    """The config field `name` as a size (an unknown one counts as `default`)."""
    number = _dimension(config.get(name, default))
    return default if number is None else number


def _untuple(value):
    """Keras writes some tuples as {"class_name": "__tuple__", "config": {"value": [...]}}."""
    while isinstance(value, dict) and value.get("class_name") == "__tuple__":
        value = (value.get("config") or {}).get("value")
    return value


def _shape(value) -> tuple | None:
    """A shape (a list of dimensions, each an int or None) or None if `value` is not one."""
    value = _untuple(value)
    if not isinstance(value, list | tuple) or len(value) > MAX_RANK:
        return None
    dims = [_untuple(item) for item in value]
    if any(isinstance(item, list | tuple | dict) for item in dims):
        return None
    return tuple(_dimension(item) for item in dims)


def _build_shapes(entry: dict) -> dict | None:
    """The shapes a layer was built with, as build() arguments ({"input_shape": shape}, or
    MultiHeadAttention's {"query_shape": …, "value_shape": …}), each a shape or None (not one
    shape: a list of them, or not a shape at all); None if the layer records none."""
    build = entry.get("build_config")
    if not isinstance(build, dict) or not build:
        return None
    if "input_shape" in build:
        return {"input_shape": _shape(build["input_shape"])}
    shapes = build.get("shapes_dict")
    if not isinstance(shapes, dict) or not shapes:
        return None
    return {str(name): _shape(shape) for name, shape in shapes.items()}


def _known(*dims) -> int:
    """The product of `dims`, all of which must be known."""
    if any(dim is None for dim in dims):
        raise _Unsized
    return math.prod(dims)


def _at(shape: tuple | None, axis: int):
    """The dimension of `shape` at `axis` (negative counts from the end), or None."""
    if shape is None or not -len(shape) <= axis < len(shape):
        return None
    return shape[axis]


def _axes(value, rank: int) -> list[int]:
    """Normalisation axes as integers (None: no axis kept); a non-integer axis is unknown."""
    value = _untuple(value)
    if value is None:
        return []
    axes = value if isinstance(value, list | tuple) else [value]
    if not all(isinstance(a, int) and not isinstance(a, bool) and -rank <= a < rank for a in axes):
        raise _Unsized
    return [a if a >= 0 else a + rank for a in axes]


def _kernel(config: dict, rank: int) -> int:
    """The number of positions a convolution's kernel covers."""
    size = _untuple(config.get("kernel_size", 1))
    sizes = list(size) if isinstance(size, list | tuple) else [size] * rank
    return _known(*(_dimension(_untuple(s)) for s in sizes[:rank]))


def _lora(config: dict, rows: int, columns: int) -> int:
    """The two low-rank factors Dense, EinsumDense, convolutions and Embedding add with lora_rank."""
    rank = _size(config, "lora_rank")
    return rank * (rows + columns)


def _bias(config: dict, count: int) -> int:
    return count if config.get("use_bias", True) else 0


# Layers


def _dense(config, shapes):
    inputs, units = _known(_at(shapes.get("input_shape"), -1)), _size(config, "units")
    return inputs * units + _bias(config, units) + _lora(config, inputs, units)


def _embedding(config, shapes):
    rows, width = _size(config, "input_dim"), _size(config, "output_dim")
    return rows * width + _lora(config, rows, width)


def _reversible_embedding(config, shapes):
    reverse = (
        0 if config.get("tie_weights", True) else _size(config, "input_dim") * _size(config, "output_dim")
    )
    return _embedding(config, shapes) + reverse


def _einsum_shapes(equation, bias_axes, input_shape, partial_output):
    """EinsumDense's kernel size, bias size and kernel shape, as Keras' `_analyze_einsum_string`
    works them out (0, 0, [] for an equation Keras refuses before it makes a weight)."""
    if not isinstance(equation, str) or not input_shape:
        raise _Unsized
    text = equation.replace("...", "0")
    left = re.fullmatch(r"0([a-zA-Z]+),([a-zA-Z]+)->0([a-zA-Z]+)", text)
    match = left or re.fullmatch(r"([a-zA-Z]+)0?,([a-zA-Z]+)->([a-zA-Z]+)0?", text)
    if not match:
        return 0, 0, []
    inputs, weights, outputs = match.groups()
    partial = _untuple(partial_output)
    output = [_dimension(_untuple(d)) for d in (partial if isinstance(partial, list | tuple) else [partial])]
    elided = len(input_shape) - len(inputs)
    output.insert(0, input_shape[0])
    if elided > 0 and left:
        output[1:1] = list(input_shape[1:elided])
    elif elided > 0:
        output.extend(input_shape[len(input_shape) - elided :])
    offset = elided if left else 0
    input_at = {c: (i + elided - len(input_shape) if left else i) for i, c in enumerate(inputs)}
    output_at = {c: i + offset for i, c in enumerate(outputs)}
    kernel = []
    for letter in weights:
        if letter in output_at:
            kernel.append(_at(tuple(output), output_at[letter]))
        elif letter in input_at:
            kernel.append(_at(input_shape, input_at[letter]))
        else:
            return 0, 0, []
    bias = 0
    if isinstance(bias_axes, str) and bias_axes:
        bias = _known(*(_at(tuple(output), output_at.get(c, len(output))) for c in bias_axes))
    return _known(*kernel), bias, kernel


def _einsum_dense(config, shapes):
    kernel, bias, dims = _einsum_shapes(
        config.get("equation"), config.get("bias_axes"), shapes.get("input_shape"),
        config.get("output_shape"),
    )  # fmt: skip
    lora = _lora(config, math.prod(dims[:-1]), dims[-1]) if dims else 0
    return kernel + bias + lora


def _channels(config, shape, rank):
    """A convolution's input channels: the last axis, or the first after batch (and time)."""
    first = config.get("data_format") == "channels_first"
    return _known(_at(shape, len(shape) - rank - 1 if first else -1) if shape is not None else None)


def _convolution(kind: str, rank: int):
    def count(config, shapes):
        shape = shapes.get("input_shape")
        channels, kernel = _channels(config, shape, rank), _kernel(config, rank)
        filters, multiplier = _size(config, "filters"), _size(config, "depth_multiplier", 1)
        if kind == "conv":
            groups = max(_size(config, "groups", 1), 1)
            rows = kernel * (channels // groups)
            return rows * filters + _bias(config, filters) + _lora(config, rows, filters)
        if kind == "transpose":
            return (
                kernel * filters * channels
                + _bias(config, filters)
                + _lora(config, kernel * filters, channels)
            )
        if kind == "separable":
            depthwise = kernel * channels * multiplier
            return depthwise + channels * multiplier * filters + _bias(config, filters)
        return kernel * channels * multiplier + _bias(config, channels * multiplier)  # depthwise

    return count


def _conv_lstm(rank: int):
    def count(config, shapes):
        shape = shapes.get("input_shape")
        channels, kernel, filters = (
            _channels(config, shape, rank),
            _kernel(config, rank),
            _size(config, "filters"),
        )
        return 4 * filters * kernel * (channels + filters) + _bias(config, 4 * filters)

    return count


GATES = {"SimpleRNN": 1, "LSTM": 4, "GRU": 3}


def _cell(kind: str, config: dict, inputs) -> int:
    """A SimpleRNN, LSTM or GRU cell's weights on `inputs` features."""
    units, gates = _size(config, "units"), GATES[kind]
    biases = 2 if kind == "GRU" and config.get("reset_after", True) else 1
    return gates * units * (_known(inputs) + units) + _bias(config, biases * gates * units)


def _recurrent(kind: str):
    return lambda config, shapes: _cell(kind, config, _at(shapes.get("input_shape"), -1))


def _normalization(scale_names, always: int = 0, default_axis=-1):
    def count(config, shapes):
        shape = shapes.get("input_shape")
        if shape is None:
            raise _Unsized
        axes = _axes(config.get("axis", default_axis), len(shape))
        per = _known(*(_at(shape, a) for a in axes))
        return per * (sum(1 for name in scale_names if config.get(name, True)) + always)

    return count


def _batch_norm(config, shapes):
    return _normalization(("center", "scale"), 5 if config.get("renorm") else 2)(config, shapes)


def _layer_norm(config, shapes):
    rms = bool(config.get("rms_scaling"))
    scale = 1 if config.get("scale", True) or rms else 0
    center = 1 if config.get("center", True) and not rms else 0
    return _normalization((), scale + center)(config, shapes)


def _group_norm(config, shapes):
    return _normalization(("center", "scale"))(config, shapes)


def _rms_norm(config, shapes):
    return _normalization((), 1)(config, shapes)


def _preprocessing_normalization(config, shapes):
    if config.get("mean") is not None:
        return 0  # given means and variances are constants, not weights
    return 2 * _normalization((), 1)(config, shapes) + 1  # mean, variance, and a count


def _prelu(config, shapes):
    shape = shapes.get("input_shape")
    if shape is None:
        raise _Unsized
    shared = set(_axes(config.get("shared_axes"), len(shape)))
    return _known(*(1 if i in shared else d for i, d in enumerate(shape) if i > 0))


def _attention(heads: int, key_dim: int, value_dim: int, query, key, value, config, output=None):
    """MultiHeadAttention's query, key and value projections (plus a gate) and output projection."""
    query, key, value = _known(query), _known(key), _known(value)
    out = output if output is not None else query
    weights = heads * key_dim * (query + key) + heads * value_dim * value + heads * value_dim * out
    weights += _bias(config, 2 * heads * key_dim + heads * value_dim + out)
    if config.get("use_gate"):
        weights += heads * value_dim * query + _bias(config, heads * value_dim)
    return weights


def _multi_head_attention(config, shapes):
    query = shapes.get("query_shape", shapes.get("input_shape"))
    value = shapes.get("value_shape") or query
    key = shapes.get("key_shape") or value
    heads, key_dim = _size(config, "num_heads"), _size(config, "key_dim")
    value_dim = _size(config, "value_dim") or key_dim
    output = _untuple(config.get("output_shape"))
    if output is not None:
        output = _known(
            *(_dimension(_untuple(d)) for d in (output if isinstance(output, list) else [output]))
        )
    return _attention(heads, key_dim, value_dim, _at(query, -1), _at(key, -1), _at(value, -1), config, output)


def _grouped_query_attention(config, shapes):
    query = shapes.get("query_shape", shapes.get("input_shape"))
    value = shapes.get("value_shape") or query
    key = shapes.get("key_shape") or value
    heads, groups = _size(config, "num_query_heads"), _size(config, "num_key_value_heads")
    width, dim = _known(_at(query, -1)), _size(config, "head_dim")
    weights = heads * dim * width + groups * dim * (_known(_at(key, -1)) + _known(_at(value, -1)))
    return weights + heads * dim * width + _bias(config, heads * dim + 2 * groups * dim + width)


def _block_sizes(config, shapes):
    """The app's Transformer blocks: (width of their input, heads, size per head, ff_dim)."""
    width = _known(_at(shapes.get("input_shape"), -1))
    heads, embed_dim, ff_dim = _size(config, "num_heads"), _size(config, "embed_dim"), _size(config, "ff_dim")
    return width, heads, (embed_dim // heads if heads else 0), embed_dim, ff_dim


def _app_block(attentions: int):
    def count(config, shapes):
        width, heads, per_head, embed_dim, ff_dim = _block_sizes(config, shapes)
        if not heads:
            return 0  # the block cannot be made: embed_dim // num_heads fails first
        attention = _attention(heads, per_head, per_head, width, width, width, {})
        feed_forward = width * ff_dim + ff_dim + ff_dim * embed_dim + embed_dim
        return attentions * attention + feed_forward + (attentions + 1) * 2 * width

    return count


def _positional_embedding(config, shapes):
    width = _size(config, "embed_dim")
    learned = config.get("positional") == "learned"
    return _size(config, "vocab_size") * width + (_size(config, "max_length") * width if learned else 0)


def _generic(config, shapes):
    """A Keras layer this module does not model: at most a dense map from its input's last axis
    to its largest size field (times its kernel), or one weight per input value."""
    shape = next(iter(shapes.values()), None)
    if not shape:
        raise _Unsized
    known = [d for d in shape[1:] if d is not None]
    size = max([_size(config, name) for name in SIZE_FIELDS] + [1])
    kernel = _kernel(config, len(shape) - 2) if "kernel_size" in config and len(shape) > 2 else 1
    last = shape[-1] if shape[-1] is not None else 1
    return max(math.prod(known), last * size * kernel + size)


COUNTS = {
    "Dense": _dense,
    "EinsumDense": _einsum_dense,
    "Embedding": _embedding,
    "ReversibleEmbedding": _reversible_embedding,
    "SimpleRNN": _recurrent("SimpleRNN"),
    "LSTM": _recurrent("LSTM"),
    "GRU": _recurrent("GRU"),
    "SimpleRNNCell": _recurrent("SimpleRNN"),
    "LSTMCell": _recurrent("LSTM"),
    "GRUCell": _recurrent("GRU"),
    "BatchNormalization": _batch_norm,
    "LayerNormalization": _layer_norm,
    "GroupNormalization": _group_norm,
    "RMSNormalization": _rms_norm,
    "Normalization": _preprocessing_normalization,
    "PReLU": _prelu,
    "MultiHeadAttention": _multi_head_attention,
    "GroupQueryAttention": _grouped_query_attention,
    "Attention": lambda config, shapes: (
        bool(config.get("use_scale")) + (config.get("score_mode") == "concat")
    ),
    "PositionalEmbedding": _positional_embedding,
    "EncoderBlock": _app_block(1),
    "DecoderBlock": _app_block(2),
}
for _rank in (1, 2, 3):
    for _name in (f"Conv{_rank}D", f"Convolution{_rank}D"):
        COUNTS[_name] = _convolution("conv", _rank)
    for _name in (f"Conv{_rank}DTranspose", f"Convolution{_rank}DTranspose"):
        COUNTS[_name] = _convolution("transpose", _rank)
    COUNTS[f"ConvLSTM{_rank}D"] = _conv_lstm(_rank)
for _rank in (1, 2):
    for _name in (f"SeparableConv{_rank}D", f"SeparableConvolution{_rank}D"):
        COUNTS[_name] = _convolution("separable", _rank)
    COUNTS[f"DepthwiseConv{_rank}D"] = _convolution("depthwise", _rank)
# The layers the app's PositionalEmbedding and blocks make in __init__ need no shape.
NEEDS_NO_SHAPE = {"Embedding", "ReversibleEmbedding", "PositionalEmbedding"}


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
        own = _build_shapes(value)
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
                {"input_shape": (s[0], *s[2:])} for s in map(_shape, _shapes(candidates)) if s and len(s) > 1
            ]
            self.object(config.get("layer"), inner[0] if inner else None, depth + 1)
            return {"layer"}
        if name == "RNN":
            return self.rnn(config, candidates, depth)
        if name == "PositionalEmbedding":
            width = _size(config, "embed_dim")
            if config.get("positional") != "learned":  # its sinusoid table, made in __init__
                self.tables += _size(config, "max_length") * width
        count = COUNTS.get(name)
        if count is None:
            if name in WEIGHTLESS or not _builds_weights(entry):
                return set()
            count = _generic
        if name in NEEDS_NO_SHAPE:
            self.weights += count(config, {})
            return set()
        counts = []
        for shapes in candidates:
            try:
                counts.append(count(config, shapes))
            except _Unsized:
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
        width = max((_at(_shape(s), -1) for s in _shapes(candidates)), key=lambda d: d or 0, default=None)
        for item in cells:
            if not isinstance(item, dict) or not isinstance(item.get("config"), dict):
                continue
            self.object(item, None if width is None else {"input_shape": (None, width)}, depth + 1)
            width = _size(item["config"], "units")
        return {"cell"}


def _name(name, class_name: str) -> str:
    """A layer's name fit to show: the characters Keras names are made of, at most 60."""
    text = re.sub(r"[^A-Za-z0-9_.\-]", "", name if isinstance(name, str) else "")[:60]
    return text or re.sub(r"[^A-Za-z0-9_]", "", class_name)[:60]


def _shapes(candidates: list[dict]) -> list:
    """The main input shape of each candidate set of build shapes."""
    return [next(iter(shapes.values()), None) for shapes in candidates]
