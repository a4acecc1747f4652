"""The RNN page's network builder: one widget per `RNNConfig` field, and the two presets."""

from __future__ import annotations

import streamlit as st

from core.config import rnn
from core.config.options import DROPOUT, EMBED_DIMS, LENGTHS, RNN_TRAIN_SIZES, RNN_UNITS, RNN_VOCAB_SIZES
from core.data import imdb
from core.i18n import t
from ui.builder_widgets import dataset_radio, load_fields, preset_buttons, training_widgets
from ui.language import translated

PREFIX = "rnn.cfg"


def _key(name: str) -> str:
    return f"{PREFIX}.{name}"


def load_into_state(config: rnn.RNNConfig, keep_dataset: bool = False) -> None:
    """Put `config` into the widgets' state (call before they are drawn). Presets keep the
    dataset the person chose (`keep_dataset`); they are about the network."""
    load_fields(PREFIX, config, skip={"dataset"} if keep_dataset else set())


def init_state(saved: rnn.RNNConfig | None = None) -> None:
    """Fill the widgets' state when it is empty: on a session's first run with the design
    notes' network, and back from another page with the settings left here (`saved`;
    Streamlit forgets the state of widgets a run does not draw)."""
    if _key("cell") not in st.session_state:
        load_into_state(saved or rnn.RNNConfig())


def dataset_choice() -> str:
    """The dataset radio; returns the chosen name."""
    return dataset_radio(PREFIX, imdb.DATASETS)


def _presets() -> None:
    preset_buttons(
        load_into_state,
        [
            (t("rnn.preset_classic"), t("rnn.preset_classic_help"), rnn.CLASSIC),
            (t("rnn.preset_recommended"), t("rnn.preset_recommended_help"), rnn.RECOMMENDED),
        ],
    )
    st.caption(t("rnn.preset_lesson"))


def config_editor(layers_box, training_box) -> rnn.RNNConfig:
    """Draw the builder (network into `layers_box`, training settings into `training_box`)
    and return the config it describes, not yet validated."""
    with layers_box:
        _presets()
        st.subheader(t("build.layers"))
        cell_col, layers_col, units_col, direction_col = st.columns(4)
        network = {
            "cell": cell_col.selectbox(
                t("rnn.cell"),
                rnn.CELLS,
                key=translated(_key("cell")),
                format_func=lambda cell: t(f"rnn.cell.{cell}"),
                help=t("rnn.cell_help"),
            ),
            "num_layers": int(
                layers_col.number_input(t("rnn.num_layers"), 1, rnn.MAX_LAYERS, key=_key("num_layers"))
            ),
            "units": int(units_col.selectbox(t("rnn.units"), RNN_UNITS, key=_key("units"))),
            "bidirectional": bool(
                direction_col.toggle(
                    t("rnn.bidirectional"), key=_key("bidirectional"), help=t("rnn.bidirectional_help")
                )
            ),
        }
        network["pooling"] = cell_col.selectbox(
            t("rnn.pooling"),
            rnn.POOLINGS,
            key=translated(_key("pooling")),
            format_func=lambda pooling: t(f"rnn.pooling.{pooling}"),
            help=t("rnn.pooling_help"),
        )
        embed_col, vocab_col, length_col, dropout_col = st.columns(4)
        network.update(
            embed_dim=int(embed_col.selectbox(t("rnn.embed_dim"), EMBED_DIMS, key=_key("embed_dim"))),
            vocab_size=int(
                vocab_col.select_slider(
                    t("rnn.vocab_size"),
                    RNN_VOCAB_SIZES,
                    key=_key("vocab_size"),
                    format_func=lambda v: f"{v:,}",
                )
            ),
            sequence_length=int(
                length_col.select_slider(
                    t("rnn.sequence_length"),
                    LENGTHS,
                    key=_key("sequence_length"),
                    help=t("rnn.sequence_length_help"),
                )
            ),
            dropout_rate=float(
                dropout_col.slider(
                    t("build.dropout"), DROPOUT.low, DROPOUT.high, step=DROPOUT.step, key=_key("dropout_rate")
                )
            ),
            recurrent_dropout_rate=float(
                dropout_col.slider(
                    t("rnn.recurrent_dropout"),
                    DROPOUT.low,
                    DROPOUT.high,
                    step=DROPOUT.step,
                    key=_key("recurrent_dropout_rate"),
                    help=t("rnn.recurrent_dropout_help"),
                )
            ),
        )
        st.caption(t("rnn.output_layer"))
    with training_box:
        values, _ = training_widgets(PREFIX, RNN_TRAIN_SIZES, t("rnn.train_size_all"))
    return rnn.RNNConfig(**network, **values, dataset=st.session_state.get(_key("dataset"), "imdb-5k"))
