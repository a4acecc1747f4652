"""How many weights one layer makes, by its Keras class, from its config and the shapes it was built with.

`COUNTS` maps a layer class name (Dense, LSTM, MultiHeadAttention, the app's own
PositionalEmbedding and Transformer blocks, ...) to a function of the layer's config and its
build shapes (`core.models.config_shapes.build_shapes`) giving the number of weights Keras
creates for it: for these classes it equals the built layer's `count_params()`. A function
raises `Unsized` when a shape it needs is not recorded. `estimate_unmodelled` bounds a Keras
layer class not modelled here from its input shape and its config's size fields.
`core.models.model_size` walks a whole model's config and adds these up.
"""

from __future__ import annotations

import math
import re

from core.models.config_shapes import (
    Unsized,
    axes_of,
    dim_at,
    dimension,
    field_size,
    known_product,
    untuple,
)

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


def _kernel(config: dict, rank: int) -> int:
    """The number of positions a convolution's kernel covers."""
    size = untuple(config.get("kernel_size", 1))
    sizes = list(size) if isinstance(size, list | tuple) else [size] * rank
    return known_product(*(dimension(untuple(s)) for s in sizes[:rank]))


def _lora(config: dict, rows: int, columns: int) -> int:
    """The two low-rank factors Dense, EinsumDense, convolutions and Embedding add with lora_rank."""
    rank = field_size(config, "lora_rank")
    return rank * (rows + columns)


def _bias(config: dict, count: int) -> int:
    return count if config.get("use_bias", True) else 0


# Layers


def _dense(config, shapes):
    inputs, units = known_product(dim_at(shapes.get("input_shape"), -1)), field_size(config, "units")
    return inputs * units + _bias(config, units) + _lora(config, inputs, units)


def _embedding(config, shapes):
    rows, width = field_size(config, "input_dim"), field_size(config, "output_dim")
    return rows * width + _lora(config, rows, width)


def _reversible_embedding(config, shapes):
    reverse = (
        0
        if config.get("tie_weights", True)
        else field_size(config, "input_dim") * field_size(config, "output_dim")
    )
    return _embedding(config, shapes) + reverse


def _einsum_shapes(equation, bias_axes, input_shape, partial_output):
    """EinsumDense's kernel size, bias size and kernel shape, as Keras' `_analyze_einsum_string`
    works them out (0, 0, [] for an equation Keras refuses before it makes a weight)."""
    if not isinstance(equation, str) or not input_shape:
        raise Unsized
    text = equation.replace("...", "0")
    left = re.fullmatch(r"0([a-zA-Z]+),([a-zA-Z]+)->0([a-zA-Z]+)", text)
    match = left or re.fullmatch(r"([a-zA-Z]+)0?,([a-zA-Z]+)->([a-zA-Z]+)0?", text)
    if not match:
        return 0, 0, []
    inputs, weights, outputs = match.groups()
    partial = untuple(partial_output)
    output = [dimension(untuple(d)) for d in (partial if isinstance(partial, list | tuple) else [partial])]
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
            kernel.append(dim_at(tuple(output), output_at[letter]))
        elif letter in input_at:
            kernel.append(dim_at(input_shape, input_at[letter]))
        else:
            return 0, 0, []
    bias = 0
    if isinstance(bias_axes, str) and bias_axes:
        bias = known_product(*(dim_at(tuple(output), output_at.get(c, len(output))) for c in bias_axes))
    return known_product(*kernel), bias, kernel


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
    return known_product(dim_at(shape, len(shape) - rank - 1 if first else -1) if shape is not None else None)


def _convolution(kind: str, rank: int):
    def count(config, shapes):
        shape = shapes.get("input_shape")
        channels, kernel = _channels(config, shape, rank), _kernel(config, rank)
        filters, multiplier = field_size(config, "filters"), field_size(config, "depth_multiplier", 1)
        if kind == "conv":
            groups = max(field_size(config, "groups", 1), 1)
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
            field_size(config, "filters"),
        )
        return 4 * filters * kernel * (channels + filters) + _bias(config, 4 * filters)

    return count


GATES = {"SimpleRNN": 1, "LSTM": 4, "GRU": 3}


def _cell(kind: str, config: dict, inputs) -> int:
    """A SimpleRNN, LSTM or GRU cell's weights on `inputs` features."""
    units, gates = field_size(config, "units"), GATES[kind]
    biases = 2 if kind == "GRU" and config.get("reset_after", True) else 1
    return gates * units * (known_product(inputs) + units) + _bias(config, biases * gates * units)


def _recurrent(kind: str):
    return lambda config, shapes: _cell(kind, config, dim_at(shapes.get("input_shape"), -1))


def _normalization(scale_names, always: int = 0, default_axis=-1):
    def count(config, shapes):
        shape = shapes.get("input_shape")
        if shape is None:
            raise Unsized
        axes = axes_of(config.get("axis", default_axis), len(shape))
        per = known_product(*(dim_at(shape, a) for a in axes))
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
        raise Unsized
    shared = set(axes_of(config.get("shared_axes"), len(shape)))
    return known_product(*(1 if i in shared else d for i, d in enumerate(shape) if i > 0))


def _attention(heads: int, key_dim: int, value_dim: int, query, key, value, config, output=None):
    """MultiHeadAttention's query, key and value projections (plus a gate) and output projection."""
    query, key, value = known_product(query), known_product(key), known_product(value)
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
    heads, key_dim = field_size(config, "num_heads"), field_size(config, "key_dim")
    value_dim = field_size(config, "value_dim") or key_dim
    output = untuple(config.get("output_shape"))
    if output is not None:
        output = known_product(
            *(dimension(untuple(d)) for d in (output if isinstance(output, list) else [output]))
        )
    return _attention(
        heads, key_dim, value_dim, dim_at(query, -1), dim_at(key, -1), dim_at(value, -1), config, output
    )


def _grouped_query_attention(config, shapes):
    query = shapes.get("query_shape", shapes.get("input_shape"))
    value = shapes.get("value_shape") or query
    key = shapes.get("key_shape") or value
    heads, groups = field_size(config, "num_query_heads"), field_size(config, "num_key_value_heads")
    width, dim = known_product(dim_at(query, -1)), field_size(config, "head_dim")
    weights = heads * dim * width + groups * dim * (
        known_product(dim_at(key, -1)) + known_product(dim_at(value, -1))
    )
    return weights + heads * dim * width + _bias(config, heads * dim + 2 * groups * dim + width)


def _block_sizes(config, shapes):
    """The app's Transformer blocks: (width of their input, heads, size per head, ff_dim)."""
    width = known_product(dim_at(shapes.get("input_shape"), -1))
    heads, embed_dim, ff_dim = (
        field_size(config, "num_heads"),
        field_size(config, "embed_dim"),
        field_size(config, "ff_dim"),
    )
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
    width = field_size(config, "embed_dim")
    learned = config.get("positional") == "learned"
    return field_size(config, "vocab_size") * width + (
        field_size(config, "max_length") * width if learned else 0
    )


def estimate_unmodelled(config, shapes):
    """A Keras layer this module does not model: at most a dense map from its input's last axis
    to its largest size field (times its kernel), or one weight per input value."""
    shape = next(iter(shapes.values()), None)
    if not shape:
        raise Unsized
    known = [d for d in shape[1:] if d is not None]
    size = max([field_size(config, name) for name in SIZE_FIELDS] + [1])
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
