"""The CNN page's network builder: one widget per `CNNConfig` field, and the presets."""

from __future__ import annotations

import dataclasses

import streamlit as st

from core.config import cnn
from core.config.options import CNN_TRAIN_SIZES, CNN_UNITS, DROPOUT, FILTERS, KERNELS, POOL_SIZES, STRIDES
from core.data import mnist
from core.i18n import t
from core.models.starter import STARTER_CNN_CONFIG
from ui.builder_widgets import dataset_radio, ensure, load_fields, preset_buttons, training_widgets

PREFIX = "cnn.cfg"


def _key(*parts: object) -> str:
    return ".".join([PREFIX, *map(str, parts)])


def load_into_state(config: cnn.CNNConfig, keep_dataset: bool = False) -> None:
    """Put `config` into the widgets' session state (call before they are drawn).

    Presets keep the dataset the person chose (`keep_dataset`); they are about the network.
    """
    state = st.session_state
    state[_key("n_conv")] = len(config.conv_blocks)
    state[_key("n_dense")] = len(config.dense_blocks)
    for index, block in enumerate(config.conv_blocks):
        for name, value in dataclasses.asdict(block).items():
            state[_key("conv", index, name)] = value
    for index, block in enumerate(config.dense_blocks):
        for name, value in dataclasses.asdict(block).items():
            state[_key("dense", index, name)] = value
    load_fields(PREFIX, config, skip={"dataset"} if keep_dataset else set())


def _conv_block_widgets(index: int) -> cnn.ConvBlock:
    defaults = dataclasses.asdict(cnn.ConvBlock())
    k = {name: ensure(_key("conv", index, name), value) for name, value in defaults.items()}
    st.markdown(t("build.conv_block", number=index + 1))
    block = cnn.ConvBlock(
        filters=st.selectbox(t("build.filters"), FILTERS, key=k["filters"]),
        kernel_size=st.selectbox(
            t("build.kernel"), KERNELS, key=k["kernel_size"], format_func=lambda v: f"{v}×{v}"
        ),
        stride=st.selectbox(t("build.stride"), STRIDES, key=k["stride"]),
        padding=st.selectbox(t("build.padding"), cnn.PADDINGS, key=k["padding"]),
        activation=st.selectbox(t("build.activation"), cnn.ACTIVATIONS, key=k["activation"]),
        pooling=st.selectbox(t("build.pooling"), cnn.POOLINGS, key=k["pooling"]),
        pool_size=st.selectbox(
            t("build.pool_size"), POOL_SIZES, key=k["pool_size"], format_func=lambda v: f"{v}×{v}"
        ),
        batch_norm=st.checkbox(t("build.batch_norm"), key=k["batch_norm"]),
        dropout_rate=st.slider(
            t("build.dropout"), DROPOUT.low, DROPOUT.high, step=DROPOUT.step, key=k["dropout_rate"]
        ),
    )
    return block


def _dense_block_widgets(index: int) -> cnn.DenseBlock:
    defaults = dataclasses.asdict(cnn.DenseBlock())
    k = {name: ensure(_key("dense", index, name), value) for name, value in defaults.items()}
    st.markdown(t("build.dense_layer", number=index + 1))
    return cnn.DenseBlock(
        units=st.selectbox(t("build.units"), CNN_UNITS, key=k["units"]),
        activation=st.selectbox(t("build.activation"), cnn.ACTIVATIONS, key=k["activation"]),
        dropout_rate=st.slider(
            t("build.dropout"), DROPOUT.low, DROPOUT.high, step=DROPOUT.step, key=k["dropout_rate"]
        ),
    )


def init_state(saved: cnn.CNNConfig | None = None) -> None:
    """Fill the widgets' state when it is empty: on a session's first run with the design
    notes' network, and back from another page with the settings left here (`saved`;
    Streamlit forgets the state of widgets a run does not draw)."""
    if _key("n_conv") not in st.session_state:
        load_into_state(saved or cnn.CNNConfig())


def config_editor(layers_box, training_box) -> cnn.CNNConfig:
    """Draw the builder (layers into `layers_box`, training settings into `training_box`)
    and return the config it describes, not yet validated."""
    with layers_box:
        conv_blocks, dense_blocks = _layer_widgets()
    with training_box:
        return _training_widgets(conv_blocks, dense_blocks)


def _layer_widgets() -> tuple[list[cnn.ConvBlock], list[cnn.DenseBlock]]:
    preset_buttons(
        load_into_state,
        [
            (t("build.preset_classic"), t("build.preset_classic_help"), cnn.CNNConfig()),
            (t("build.preset_starter"), t("build.preset_starter_help"), STARTER_CNN_CONFIG),
        ],
    )
    st.subheader(t("build.layers"))
    count_col, dense_count_col, _ = st.columns([1, 1, 2])
    n_conv = count_col.number_input(t("build.n_conv"), 1, cnn.MAX_CONV_BLOCKS, key=_key("n_conv"))
    n_dense = dense_count_col.number_input(t("build.n_dense"), 0, cnn.MAX_DENSE_BLOCKS, key=_key("n_dense"))
    conv_blocks = []
    for index, column in enumerate(st.columns(cnn.MAX_CONV_BLOCKS)):
        if index < n_conv:
            with column.container(border=True):
                conv_blocks.append(_conv_block_widgets(index))
    dense_blocks = []
    if n_dense:
        for index, column in enumerate(st.columns(cnn.MAX_CONV_BLOCKS)):
            if index < n_dense:
                with column.container(border=True):
                    dense_blocks.append(_dense_block_widgets(index))
    st.caption(t("build.output_layer"))
    return conv_blocks, dense_blocks


def _training_widgets(conv_blocks: list[cnn.ConvBlock], dense_blocks: list[cnn.DenseBlock]) -> cnn.CNNConfig:
    values, right = training_widgets(PREFIX, CNN_TRAIN_SIZES, t("build.train_size_all"))
    augment = right.checkbox(t("build.augment"), key=_key("augment"), help=t("build.augment_help"))
    return cnn.CNNConfig(
        conv_blocks=conv_blocks,
        dense_blocks=dense_blocks,
        augment=bool(augment),
        dataset=st.session_state.get(_key("dataset"), "mnist-10k"),
        **values,
    )


def dataset_choice() -> str:
    """The dataset radio; returns the chosen name."""
    return dataset_radio(PREFIX, mnist.DATASETS)
