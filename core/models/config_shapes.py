"""Reading the sizes and shapes a saved model's `config.json` gives a layer, as Keras would use them.

A `.keras` file's config is JSON anyone can write: a dimension may be a float, a string, a
negative number or a thousand digits long, and a shape a list nested in a tuple marker. These
functions read each as Keras would build with it, or as unknown (None), and clamp every number
to MAX_DIMENSION, so that counting weights from a config stays fast and never allocates
(`core.models.layer_weights`, `core.models.model_size`).
"""

from __future__ import annotations

import math
import re

# A dimension past this is absurd (a thousand billion); clamping to it keeps every product a
# few hundred bits long, so that no config can make the counting itself slow.
MAX_DIMENSION = 2**40
MAX_RANK = 64  # a list of more numbers than this is not a tensor's shape


class Unsized(Exception):
    """A shape this layer's weights depend on is not recorded."""


def dimension(value) -> int | None:
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


def field_size(config: dict, name: str, default: int = 0) -> int:
    """The config field `name` as a size (an unknown one counts as `default`)."""
    number = dimension(config.get(name, default))
    return default if number is None else number


def untuple(value):
    """Keras writes some tuples as {"class_name": "__tuple__", "config": {"value": [...]}}."""
    while isinstance(value, dict) and value.get("class_name") == "__tuple__":
        value = (value.get("config") or {}).get("value")
    return value


def shape_of(value) -> tuple | None:
    """A shape (a list of dimensions, each an int or None) or None if `value` is not one."""
    value = untuple(value)
    if not isinstance(value, list | tuple) or len(value) > MAX_RANK:
        return None
    dims = [untuple(item) for item in value]
    if any(isinstance(item, list | tuple | dict) for item in dims):
        return None
    return tuple(dimension(item) for item in dims)


def build_shapes(entry: dict) -> dict | None:
    """The shapes a layer was built with, as build() arguments ({"input_shape": shape}, or
    MultiHeadAttention's {"query_shape": …, "value_shape": …}), each a shape or None (not one
    shape: a list of them, or not a shape at all); None if the layer records none."""
    build = entry.get("build_config")
    if not isinstance(build, dict) or not build:
        return None
    if "input_shape" in build:
        return {"input_shape": shape_of(build["input_shape"])}
    shapes = build.get("shapes_dict")
    if not isinstance(shapes, dict) or not shapes:
        return None
    return {str(name): shape_of(shape) for name, shape in shapes.items()}


def known_product(*dims) -> int:
    """The product of `dims`, all of which must be known."""
    if any(dim is None for dim in dims):
        raise Unsized
    return math.prod(dims)


def dim_at(shape: tuple | None, axis: int):
    """The dimension of `shape` at `axis` (negative counts from the end), or None."""
    if shape is None or not -len(shape) <= axis < len(shape):
        return None
    return shape[axis]


def axes_of(value, rank: int) -> list[int]:
    """Normalisation axes as integers (None: no axis kept); a non-integer axis is unknown."""
    value = untuple(value)
    if value is None:
        return []
    axes = value if isinstance(value, list | tuple) else [value]
    if not all(isinstance(a, int) and not isinstance(a, bool) and -rank <= a < rank for a in axes):
        raise Unsized
    return [a if a >= 0 else a + rank for a in axes]
