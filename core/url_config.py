"""A model kind's configuration as flat, readable query parameters, and back.

A link carries only the fields that differ from the kind's default network
(`Kind.default_config`), one parameter per field,
named after it: `?epochs=3&learning_rate=0.002&cell=gru`. Booleans are `true`/`false`.
The Transformer's links also name the task (`task=translate`), which picks the builder.

The CNN's layer blocks are one parameter each list, `conv` and `dense`: blocks are joined
by `~`, a block's values by `-`, in the order of `ConvBlock`'s / `DenseBlock`'s fields
(filters, kernel_size, stride, padding, activation, pooling, pool_size, batch_norm as 1/0,
dropout_rate; units, activation, dropout_rate). Trailing values at the block's defaults are
left out, so `conv=32~64~128` is three default blocks of 32, 64 and 128 filters and
`conv=32-5-1-same` a single 5×5 'same' block; `dense=none` means no hidden dense layer.

Reading a link never fails: unknown parameters, values of the wrong type and choices a widget
does not offer are ignored, numbers are moved to the nearest value the widget allows, and
each adjustment is reported as one short notice.
"""

from __future__ import annotations

import copy
import dataclasses
import math
from collections.abc import Mapping

from core import kinds
from core.config import cnn
from core.config.options import Blocks, Choice, Span
from core.i18n import t

TASK = "task"
BLOCK_PARAMS = {"conv_blocks": "conv", "dense_blocks": "dense"}  # field -> its shorter parameter
BLOCK_CLASSES = {"conv_blocks": cnn.ConvBlock, "dense_blocks": cnn.DenseBlock}
BLOCK_SEPARATOR, VALUE_SEPARATOR, NO_BLOCKS = "~", "-", "none"
TRUE_WORDS, FALSE_WORDS = ("true", "1", "yes", "on"), ("false", "0", "no", "off")
SHOWN_CHARACTERS = 24  # of a tampered value, in a notice


def default_config(kind: str):
    """A fresh copy of the network kind `kind` opens with; a link holds the differences from it."""
    return kinds.get(kind).default_config()


def param_name(field: str) -> str:
    return BLOCK_PARAMS.get(field, field)


def param_names(kind: str) -> frozenset[str]:
    """Every query parameter the configuration of kind `kind` may set."""
    return frozenset(param_name(field) for field in kinds.get(kind).url_fields)


# A link names the version of the defaults it was made against when its kind's default
# network has changed since links were first made (`Kind.old_links_default`): the RNN page
# opened on the classic SimpleRNN before version 2, so `?cell=lstm` meant an LSTM of 128 then.
VERSION, LINK_VERSION = "v", "2"
ALL_PARAMS = frozenset().union(*(param_names(kind) for kind in kinds.NAMES), {VERSION})


def link_base(kind, params: Mapping[str, str]):
    """The network `params` (a link of `kind`) holds the differences from: the kind's
    default, or, for a link older than its default (no version), the default of then."""
    if kind.old_links_default is None or params.get(VERSION) == LINK_VERSION:
        return kind.default_config()
    return kind.old_links_default()


def to_params(config) -> dict[str, str]:
    """The query parameters of `config`: its fields that differ from its kind's default, as text.

    A default config gives `{}`; a Transformer's non-empty parameters start with its task.
    """
    kind = kinds.of(config)
    default = kind.default_config()
    params = {}
    for field, spec in kind.url_fields.items():
        value = getattr(config, field)
        if field == TASK or value == getattr(default, field):
            continue
        if isinstance(spec, Blocks):
            params[param_name(field)] = _format_blocks(value, BLOCK_CLASSES[field]())
        else:
            params[field] = _format(value, words=True)
    opens_on = kinds.on_page(kind.page)[0]  # the task a link without one opens on
    if TASK in kind.url_fields and (params or kind is not opens_on):
        params = {TASK: config.task, **params}
    if params and kind.old_links_default is not None:
        params[VERSION] = LINK_VERSION
    return params


def from_params(params: Mapping[str, str], base_config, allowed: dict):
    """`base_config` with every parameter of `params` that `allowed` knows applied.

    `allowed` maps field names to what their widgets allow (a kind's `url_fields`).
    Returns (the new config, a list of notices, one short sentence per parameter that was
    ignored or adjusted). Never raises for any text in `params`; `base_config` is not changed.
    """
    config = copy.deepcopy(base_config)
    notices = []
    fields = {param_name(field): field for field in allowed}
    for key, raw in params.items():
        key, text = str(key), str(raw)
        if key == VERSION:  # read by `link_base`
            continue
        field = fields.get(key)
        if field is None:
            notices.append(t("url.unknown", name=_shown(key)))
            continue
        spec = allowed[field]
        if isinstance(spec, Blocks):
            value = _parse_blocks(key, text, spec, BLOCK_CLASSES[field], notices)
        else:
            value = _parse(key, text, spec, notices)
        if value is not None:
            setattr(config, field, value)
    return config, notices


# Text to values and back.


def _format(value, words: bool) -> str:
    if isinstance(value, bool):
        return ("true" if value else "false") if words else str(int(value))
    if isinstance(value, float):
        text = repr(round(value, 10))  # 0.15000000000000002 is the slider's 0.15
        return text.removesuffix(".0")
    return str(value)


def _format_blocks(blocks: list, default_block) -> str:
    if not blocks:
        return NO_BLOCKS
    defaults = list(dataclasses.asdict(default_block).values())
    texts = []
    for block in blocks:
        values = list(dataclasses.asdict(block).values())
        while len(values) > 1 and values[-1] == defaults[len(values) - 1]:
            values.pop()
        texts.append(VALUE_SEPARATOR.join(_format(value, words=False) for value in values))
    return BLOCK_SEPARATOR.join(texts)


def _shown(text: str) -> str:
    return text if len(text) <= SHOWN_CHARACTERS else text[: SHOWN_CHARACTERS - 1] + "…"


def _number(text: str) -> float | None:
    try:
        number = float(text.strip())
    except ValueError:
        return None
    return None if math.isnan(number) else number


def _parse(what: str, text: str, spec, notices: list[str]):
    """The value `text` stands for under `spec`, or None (with a notice) if it has none."""
    shown = _shown(text)
    if isinstance(spec, Choice) and all(isinstance(option, bool) for option in spec.options):
        word = text.strip().lower()
        if word in TRUE_WORDS or word in FALSE_WORDS:
            return word in TRUE_WORDS
        notices.append(t("url.not_on_off", what=what, value=shown))
        return None
    if isinstance(spec, Choice) and all(isinstance(option, str) for option in spec.options):
        word = text.strip().lower()
        if word in spec.options:
            return word
        notices.append(t("url.not_choice", what=what, value=shown))
        return None
    number = _number(text)
    if number is None:
        notices.append(t("url.not_number", what=what, value=shown))
        return None
    value = _nearest(number, spec)
    if value != number:
        notices.append(t("url.nearest", what=what, value=shown, used=_format(value, words=True)))
    return value


def _nearest(number: float, spec: Choice | Span):
    """The allowed value nearest `number` (which may be infinite)."""
    if isinstance(spec, Choice):
        if spec.every is not None and number == spec.every:
            return spec.every
        sizes = [option for option in spec.options if option != spec.every]
        clamped = min(max(number, min(sizes)), max(sizes))
        return min(sizes, key=lambda option: abs(option - clamped))
    clamped = min(max(number, spec.low), spec.high)
    steps = round((clamped - spec.low) / spec.step)
    value = min(spec.low + steps * spec.step, spec.high)
    whole = all(isinstance(bound, int) for bound in (spec.low, spec.high, spec.step))
    return int(value) if whole else round(value, 10)


def _parse_blocks(key: str, text: str, spec: Blocks, block_class, notices: list[str]):
    """The list of blocks `text` describes, or None (with a notice) if it cannot be used."""
    texts = [] if text.strip().lower() in ("", NO_BLOCKS) else text.split(BLOCK_SEPARATOR)
    if len(texts) < spec.low:
        notices.append(t("url.too_few_blocks", what=key, low=spec.low))
        return None
    if len(texts) > spec.high:
        notices.append(t("url.too_many_blocks", what=key, count=len(texts), high=spec.high))
        texts = texts[: spec.high]
    blocks = []
    for number, block_text in enumerate(texts, start=1):
        values = {}
        parts = block_text.split(VALUE_SEPARATOR)
        names = list(spec.fields)
        if len(parts) > len(names):
            notices.append(t("url.too_many_values", what=key, number=number, count=len(names)))
        for name, part in zip(names, parts):
            what = t("url.block_field", what=key, number=number, field=t(f"field.{name}"))
            value = _parse(what, part, spec.fields[name], notices)
            if value is not None:
                values[name] = value
        blocks.append(block_class(**values))
    return blocks
