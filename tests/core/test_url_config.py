"""Configs as query parameters: round trips for every page, and tampered links that are
clamped or ignored with one notice each, never an error."""

import dataclasses
import random

import pytest

from core import kinds
from core.config import cnn, rnn, transformer
from core.config.options import Choice, Span
from core.kinds import KINDS
from core.models.starter import STARTER_CNN_CONFIG
from core.url_config import ALL_PARAMS, default_config, from_params, link_base, param_names, to_params
from ui.training_panel import RUN_PARAM

NON_TRIVIAL = [
    cnn.CNNConfig(
        conv_blocks=[
            cnn.ConvBlock(filters=16, kernel_size=5, padding="same", activation="gelu", dropout_rate=0.25),
            cnn.ConvBlock(filters=8, stride=2, pooling="none", batch_norm=True),
            cnn.ConvBlock(filters=256, kernel_size=1, pooling="average", pool_size=3),
            cnn.ConvBlock(filters=4, kernel_size=7, padding="same", activation="elu"),
        ],
        dense_blocks=[],
        optimizer="rmsprop",
        learning_rate=3e-5,
        lr_schedule="cosine",
        batch_size=256,
        epochs=30,
        validation_share=0.25,
        train_size=32000,
        augment=True,
        seed=2**31 - 1,
        dataset="mnist-70k",
    ),
    rnn.RNNConfig(
        cell="lstm",
        num_layers=3,
        units=8,
        recurrent_dropout_rate=0.7,
        vocab_size=1_000,
        sequence_length=25,
        optimizer="sgd",
        learning_rate=10.0,
        train_size=250,
        seed=0,
        dataset="imdb-50k",
    ),
    dataclasses.replace(
        transformer.RECOMMENDED["classify"], num_encoder_layers=6, num_heads=16, positional="learned"
    ),
    dataclasses.replace(
        transformer.RECOMMENDED["translate"], num_decoder_layers=1, target_vocab_size=30_000, max_length=16
    ),
]
CONFIGS = [
    cnn.CNNConfig(),
    STARTER_CNN_CONFIG,
    rnn.RNNConfig(),
    rnn.CLASSIC,
    *transformer.RECOMMENDED.values(),
    transformer.EIGHT_HEADS,
    *NON_TRIVIAL,
]


def read(params, page):
    return from_params(params, default_config(page), KINDS[page].url_fields)


@pytest.mark.parametrize("config", CONFIGS, ids=lambda config: kinds.of(config).name)
def test_every_config_survives_the_round_trip(config):
    params = to_params(config)
    assert all(isinstance(key, str) and isinstance(value, str) for key, value in params.items())
    assert read(params, kinds.of(config).name) == (config, [])


@pytest.mark.parametrize("config", NON_TRIVIAL, ids=lambda config: kinds.of(config).name)
def test_a_changed_config_is_read_over_any_base(config):
    """A link describes the whole config: the base only fills what the link leaves at default."""
    page = kinds.of(config).name
    base = default_config(page)
    assert read(to_params(config), page)[0] != base
    assert from_params(to_params(config), base, KINDS[page].url_fields) == (config, [])


def test_a_default_config_gives_a_clean_url():
    assert to_params(cnn.CNNConfig()) == {}
    assert to_params(rnn.RNNConfig()) == {}
    assert to_params(transformer.RECOMMENDED["classify"]) == {}
    assert to_params(transformer.RECOMMENDED["translate"]) == {"task": "translate"}


def test_parameters_are_readable_and_only_the_changed_fields():
    assert to_params(dataclasses.replace(rnn.RNNConfig(), epochs=5, learning_rate=0.001, cell="lstm")) == {
        "cell": "lstm",
        "learning_rate": "0.001",
        "epochs": "5",
        "v": "2",  # the RNN's default changed: its links say which defaults they differ from
    }
    assert to_params(
        dataclasses.replace(rnn.RNNConfig(), bidirectional=False, dropout_rate=0.15000000000000002)
    ) == {
        "bidirectional": "false",
        "dropout_rate": "0.15",
        "v": "2",
    }
    params = to_params(dataclasses.replace(transformer.RECOMMENDED["classify"], epochs=4))
    assert list(params) == ["task", "epochs"] and params["task"] == "classify"


def test_an_rnn_link_made_before_its_default_changed_still_means_what_it_meant():
    """Until version 2 the RNN page opened on the classic SimpleRNN, and links held their
    differences from it: `?cell=lstm` was an LSTM of 128 units reading 100 words one way."""
    old, notices = from_params({"cell": "lstm"}, link_base(kinds.RNN, {"cell": "lstm"}), kinds.RNN.url_fields)
    assert old == dataclasses.replace(rnn.CLASSIC, cell="lstm") and notices == []
    new_params = {"cell": "lstm", "v": "2"}
    new, notices = from_params(new_params, link_base(kinds.RNN, new_params), kinds.RNN.url_fields)
    assert new == dataclasses.replace(rnn.RNNConfig(), cell="lstm") and notices == []
    assert read(to_params(old), "rnn")[0] == old  # written again, it keeps meaning the same network
    assert link_base(kinds.CNN, {"epochs": "3"}) == cnn.CNNConfig()  # a kind whose default never changed
    assert "v" not in to_params(dataclasses.replace(cnn.CNNConfig(), epochs=3))


def test_cnn_blocks_are_short_strings_with_trailing_defaults_left_out():
    three = cnn.CNNConfig(conv_blocks=[cnn.ConvBlock(filters=f) for f in (32, 64, 128)], dense_blocks=[])
    assert to_params(three) == {"conv": "32~64~128", "dense": "none"}
    assert to_params(STARTER_CNN_CONFIG)["conv"] == "~".join(
        f"{filters}-3-1-same-relu-max-2-1" for filters in (32, 64, 128)
    )
    assert to_params(STARTER_CNN_CONFIG)["dense"] == "128-relu-0.3"
    config, notices = read({"conv": "32-5-1-same", "dense": "64"}, "cnn")
    assert config.conv_blocks == [cnn.ConvBlock(kernel_size=5, padding="same")]
    assert config.dense_blocks == [cnn.DenseBlock(units=64)] and notices == []
    assert read({"dense": ""}, "cnn")[0].dense_blocks == []


@pytest.mark.parametrize(
    "page, params, expected, notice",
    [
        ("cnn", {"epochs": "999"}, {"epochs": 30}, "epochs 999 became 30, the nearest allowed value"),
        ("cnn", {"epochs": "0"}, {"epochs": 1}, "epochs 0 became 1"),
        ("cnn", {"epochs": "2.6"}, {"epochs": 3}, "epochs 2.6 became 3"),
        ("cnn", {"epochs": "abc"}, {"epochs": 5}, "epochs “abc” is not a number, ignored"),
        ("cnn", {"epochs": ""}, {"epochs": 5}, "epochs “” is not a number, ignored"),
        ("cnn", {"learning_rate": "nan"}, {"learning_rate": 1e-3}, "learning_rate “nan” is not a number"),
        ("cnn", {"learning_rate": "inf"}, {"learning_rate": 10.0}, "learning_rate inf became 10"),
        ("cnn", {"learning_rate": "0.0021"}, {"learning_rate": 2e-3}, "learning_rate 0.0021 became 0.002"),
        ("cnn", {"seed": "1e999"}, {"seed": 2**31 - 1}, "seed 1e999 became 2147483647"),
        ("cnn", {"seed": "-5"}, {"seed": 0}, "seed -5 became 0"),
        ("cnn", {"batch_size": "9" * 400}, {"batch_size": 256}, f"batch_size {'9' * 23}… became 256"),
        ("cnn", {"validation_share": "0.33"}, {"validation_share": 0.3}, "validation_share 0.33 became 0.3"),
        ("cnn", {"augment": "maybe"}, {"augment": False}, "augment “maybe” is not true or false, ignored"),
        (
            "cnn",
            {"dataset": "mnist-1m"},
            {"dataset": "mnist-10k"},
            "dataset “mnist-1m” is not one of the options",
        ),
        ("cnn", {"cell": "gru"}, {}, "“cell” is not a setting of this page, ignored"),
        (
            "rnn",
            {"cell": "transformer"},
            {"cell": "gru"},  # the default's
            "cell “transformer” is not one of the options",
        ),
        ("rnn", {"num_layers": "7"}, {"num_layers": 3}, "num_layers 7 became 3"),
        ("rnn", {"units": "100"}, {"units": 128}, "units 100 became 128"),
        ("rnn", {"dropout_rate": "0.33"}, {"dropout_rate": 0.35}, "dropout_rate 0.33 became 0.35"),
        ("rnn", {"conv": "32"}, {}, "“conv” is not a setting of this page"),
        ("rnn", {"<b>x</b>": "1"}, {}, "“<b>x</b>” is not a setting of this page"),
        ("transformer.translate", {"validation_share": "0.2"}, {}, "“validation_share” is not a setting"),
        ("transformer.translate", {"task": "classify"}, {"task": "translate"}, "task “classify” is not one"),
        ("transformer.translate", {"max_length": "200"}, {"max_length": 64}, "max_length 200 became 64"),
        ("transformer.classify", {"max_length": "200"}, {"max_length": 200}, None),
        # 0 is "every example", not a size: a small or negative size must not become it.
        ("cnn", {"train_size": "100"}, {"train_size": 250}, "train_size 100 became 250"),
        ("cnn", {"train_size": "-5"}, {"train_size": 250}, "train_size -5 became 250"),
        ("rnn", {"train_size": "99999"}, {"train_size": 16000}, "train_size 99999 became 16000"),
        ("cnn", {"train_size": "0"}, {"train_size": 0}, None),
        ("transformer.classify", {"positional": "Learned "}, {"positional": "learned"}, None),
    ],
)
def test_a_tampered_value_is_clamped_or_ignored_with_one_notice(page, params, expected, notice):
    config, notices = read(params, page)
    changed = {field: getattr(config, field) for field in expected}
    assert changed == expected
    untouched = default_config(page)
    for field in dataclasses.fields(config):
        if field.name not in expected:
            assert getattr(config, field.name) == getattr(untouched, field.name)
    if notice is None:
        assert notices == []
    else:
        assert len(notices) == 1 and notices[0].startswith(notice), notices


@pytest.mark.parametrize(
    "conv, blocks, notices",
    [
        ("32-x", [cnn.ConvBlock()], ["conv block 1 kernel size “x” is not a number, ignored"]),
        ("8~8~8~8~8~8", [cnn.ConvBlock(filters=8)] * 4, ["conv has 6 blocks, only the first 4 kept"]),
        ("none", cnn.CNNConfig().conv_blocks, ["conv needs at least 1 block, ignored"]),
        ("", cnn.CNNConfig().conv_blocks, ["conv needs at least 1 block, ignored"]),
        (
            "32-3-1-valid-relu-max-2-0-0-7",
            [cnn.ConvBlock()],
            ["conv block 1 has more than 9 values, the rest ignored"],
        ),
        (
            "32-3-1-diagonal",
            [cnn.ConvBlock()],
            ["conv block 1 padding “diagonal” is not one of the options, ignored"],
        ),
        (
            "48-9~~64",
            [cnn.ConvBlock(filters=32, kernel_size=7), cnn.ConvBlock(), cnn.ConvBlock(filters=64)],
            [
                "conv block 1 filters 48 became 32, the nearest allowed value",
                "conv block 1 kernel size 9 became 7, the nearest allowed value",
                "conv block 2 filters “” is not a number, ignored",
            ],
        ),
        ("32-3-1-valid-relu-max-2-yes", [cnn.ConvBlock(batch_norm=True)], []),
    ],
)
def test_a_malformed_block_string_keeps_what_it_can(conv, blocks, notices):
    config, got = read({"conv": conv}, "cnn")
    assert config.conv_blocks == blocks
    assert got == notices


def test_too_many_dense_layers_keep_the_first_three():
    config, notices = read({"dense": "16~32~64~128"}, "cnn")
    assert [block.units for block in config.dense_blocks] == [16, 32, 64]
    assert notices == ["dense has 4 blocks, only the first 3 kept"]


def test_every_problem_gets_its_own_notice_and_good_values_still_apply():
    # The default is a GRU trained 3 epochs: the good cell applies, the bad epochs keep 3.
    config, notices = read({"epochs": "abc", "foo": "1", "cell": "lstm", "units": "9999"}, "rnn")
    assert (config.cell, config.units, config.epochs) == ("lstm", 256, 3)
    assert len(notices) == 3


def test_reading_leaves_the_base_config_alone():
    base = default_config("cnn")
    before = base.to_json()
    config, _ = from_params({"conv": "8-5", "epochs": "2"}, base, KINDS["cnn"].url_fields)
    config.conv_blocks[0].filters = 128
    assert base.to_json() == before


@pytest.mark.parametrize("page", list(KINDS))
def test_every_page_opens_on_values_its_widgets_offer(page):
    """The default network is inside the widgets' options, or a link could not describe it."""
    config = default_config(page)
    for field, spec in KINDS[page].url_fields.items():
        assert allowed(getattr(config, field), spec), (page, field)


def test_the_run_parameter_is_never_a_setting():
    assert RUN_PARAM not in ALL_PARAMS
    assert param_names("cnn") >= {"conv", "dense", "epochs", "augment"}
    assert "task" in param_names("transformer.classify") and "task" not in param_names("rnn")


def allowed(value, spec) -> bool:
    if isinstance(spec, Choice):
        return value in spec.options and type(value) is type(spec.options[0])
    if isinstance(spec, Span):
        steps = (value - spec.low) / spec.step
        whole = isinstance(spec.step, int) is isinstance(value, int)
        return whole and spec.low <= value <= spec.high and abs(steps - round(steps)) < 1e-9
    return spec.low <= len(value) <= spec.high and all(
        allowed(getattr(block, name), field) for block in value for name, field in spec.fields.items()
    )


PIECES = [
    "", "0", "-1", "1e999", "-inf", "nan", "NaN", "3.5", "０", "1_000", "9" * 500, "true", "no", "gru",
    "same", "relu", "~", "-", "~~", "--", "none", "32-3", "8~8~8~8~8", "%00", "\x00", "é", "🧠", "{x}",
    "{0}", "[a](b)", " ", "\n", "64-relu-0.5",
]  # fmt: skip


@pytest.mark.parametrize("page", list(KINDS))
def test_any_text_in_the_url_gives_a_config_the_widgets_can_show(page):
    """Fuzz: random keys (known and not) with random values never raise, and every field
    ends inside what its widget offers."""
    rng = random.Random(f"fuzz {page}")
    keys = sorted(ALL_PARAMS) + ["", "run", "EPOCHS", "conv.1", "x" * 100]
    for _ in range(400):
        params = {}
        for _ in range(rng.randint(1, 6)):
            value = "".join(rng.choice(PIECES) for _ in range(rng.randint(0, 3)))
            params[rng.choice(keys)] = value
        config, notices = read(params, page)
        assert all(isinstance(notice, str) and notice for notice in notices)
        for field, spec in KINDS[page].url_fields.items():
            assert allowed(getattr(config, field), spec), (params, field, getattr(config, field))
