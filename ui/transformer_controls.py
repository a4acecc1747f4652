"""The Transformer page's network builder, one per task's kind: a widget per `TransformerConfig`
field, offering what the kind's link fields allow (`Kind.url_fields`), and the presets. Each
task keeps its own settings (`transformer.<task>.cfg.*`)."""

from __future__ import annotations

import streamlit as st

from core import kinds
from core.config import transformer
from core.config.options import DROPOUT, FF_WIDTHS, HEADS, LAYER_COUNTS, TRANSFORMER_VOCAB_SIZES, WIDTHS
from core.i18n import t
from core.kinds import Kind
from ui.builder_widgets import dataset_radio, load_fields, preset_buttons, training_widgets
from ui.language import translated


def other_presets() -> list[tuple[str, str, transformer.TransformerConfig]]:
    """The networks offered besides the recommended one, as (label, help, config); each is
    offered by the builder of the kind it is of."""
    eight_heads = transformer.EIGHT_HEADS
    return [(t("transformer.preset_eight_heads"), t("transformer.preset_eight_heads_help"), eight_heads)]


class TaskControls:
    """The builder of one task's kind, in the shape `builder_widgets.build_and_train` expects."""

    def __init__(self, kind: Kind):
        self.kind, self.task = kind, kind.task
        self.prefix = f"{kind.name}.cfg"
        self.allowed = kind.url_fields  # per field, what its widget offers

    def _options(self, name: str) -> tuple:
        return self.allowed[name].options

    def _key(self, name: str) -> str:
        return f"{self.prefix}.{name}"

    def load_into_state(self, config: transformer.TransformerConfig, keep_dataset: bool = False) -> None:
        """Put `config` into the widgets' state (before they are drawn); presets keep the dataset."""
        load_fields(self.prefix, config, skip={"dataset"} if keep_dataset else set())

    def init_state(self, saved: transformer.TransformerConfig | None = None) -> None:
        """The widgets' state when it is empty: on a session's first visit the recommended
        network, back from the other task or another page the settings left here (`saved`;
        Streamlit forgets the state of widgets a run does not draw)."""
        if self._key("embed_dim") not in st.session_state:
            self.load_into_state(saved or self.kind.default_config())

    def dataset_choice(self) -> str:
        return dataset_radio(self.prefix, self._options("dataset"))

    def _presets(self) -> None:
        presets = [
            (
                t("transformer.preset_recommended"),
                t(f"transformer.preset_recommended_help.{self.task}"),
                self.kind.default_config(),
            )
        ]
        presets += [preset for preset in other_presets() if kinds.of(preset[2]) is self.kind]
        preset_buttons(self.load_into_state, presets)

    def config_editor(self, layers_box, training_box) -> transformer.TransformerConfig:
        """Draw the builder and return the config it describes, not yet validated."""
        key, decodes = self._key, self.kind.default_config().decodes
        with layers_box:
            self._presets()
            st.subheader(t("build.layers"))
            columns = st.columns(4)
            network = {
                "num_encoder_layers": int(
                    columns[0].selectbox(
                        t("transformer.encoder_layers"), LAYER_COUNTS, key=key("num_encoder_layers")
                    )
                ),
                "num_heads": int(
                    columns[1].selectbox(
                        t("transformer.heads"), HEADS, key=key("num_heads"), help=t("transformer.heads_help")
                    )
                ),
                "embed_dim": int(
                    columns[2].selectbox(
                        t("transformer.width"), WIDTHS, key=key("embed_dim"), help=t("transformer.width_help")
                    )
                ),
                "ff_dim": int(
                    columns[3].selectbox(
                        t("transformer.ff_width"), FF_WIDTHS, key=key("ff_dim"), help=t("transformer.ff_help")
                    )
                ),
            }
            if decodes:
                network["num_decoder_layers"] = int(
                    columns[0].selectbox(
                        t("transformer.decoder_layers"), LAYER_COUNTS, key=key("num_decoder_layers")
                    )
                )
            columns = st.columns(4)
            network["positional"] = columns[0].selectbox(
                t("transformer.positional"),
                transformer.POSITIONALS,
                key=translated(key("positional")),
                format_func=lambda name: t(f"transformer.positional.{name}"),
                help=t("transformer.positional_help"),
            )
            network["max_length"] = int(
                columns[1].select_slider(
                    t("transformer.max_length"),
                    self._options("max_length"),
                    key=key("max_length"),
                    help=t(f"transformer.max_length_help.{self.task}"),
                )
            )
            network["vocab_size"] = int(
                columns[2].select_slider(
                    t(f"transformer.vocab_size.{self.task}"),
                    TRANSFORMER_VOCAB_SIZES,
                    key=key("vocab_size"),
                    format_func=lambda v: f"{v:,}",
                )
            )
            if decodes:
                network["target_vocab_size"] = int(
                    columns[2].select_slider(
                        t("transformer.target_vocab_size"),
                        TRANSFORMER_VOCAB_SIZES,
                        key=key("target_vocab_size"),
                        format_func=lambda v: f"{v:,}",
                    )
                )
            network["dropout_rate"] = float(
                columns[3].slider(
                    t("build.dropout"), DROPOUT.low, DROPOUT.high, step=DROPOUT.step, key=key("dropout_rate")
                )
            )
            st.caption(t(f"transformer.output_layer.{self.task}"))
        with training_box:
            values, _ = training_widgets(
                self.prefix,
                self._options("train_size"),
                t(f"transformer.train_size_all.{self.task}"),
                validation_share="validation_share" in self.allowed,  # Multi30k has its own pairs
            )
            if decodes:
                st.caption(t("transformer.validation_note"))
        dataset = st.session_state.get(key("dataset"), self.kind.default_config().dataset)
        return transformer.TransformerConfig(task=self.task, **network, **values, dataset=dataset)
