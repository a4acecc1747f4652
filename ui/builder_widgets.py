"""Builder pieces every architecture page shares: the training hyperparameters, the preview
model behind the layer table, and the table itself.

Widget keys are `<prefix>.<field>`, one per config field, so a preset (or a link,
`ui.url_state`) loads a config by writing those keys before the widgets are drawn. What each
widget offers is in `core.config.options`, which links are held to as well.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

import pandas as pd
import streamlit as st

from core.config.checks import LR_SCHEDULES, OPTIMIZERS
from core.config.options import BATCH_SIZES, EPOCHS, LEARNING_RATES, SEEDS, VALIDATION_SHARES
from core.i18n import t
from core.kinds import Kind
from core.models.compiling import layer_table
from ui import page_parts, resources, training_panel, url_state
from ui.language import translated


def ensure(key: str, default: object) -> str:
    """A widget's key, with its state restored to `default` if Streamlit dropped it (a widget
    that was not drawn on the last run loses its state)."""
    if key not in st.session_state:
        st.session_state[key] = default
    return key


def load_fields(prefix: str, config, skip: set[str] = frozenset()) -> None:
    """Write `config`'s plain fields into their widgets' state (call before they are drawn)."""
    for item in dataclasses.fields(config):
        value = getattr(config, item.name)
        if item.name not in skip and not isinstance(value, list):
            st.session_state[f"{prefix}.{item.name}"] = value


def dataset_radio(prefix: str, names: tuple[str, ...]) -> str:
    """The dataset choice (embedded or downloaded), drawn as a radio; returns the chosen name."""
    return st.radio(
        t("build.dataset"),
        names,
        key=translated(f"{prefix}.dataset"),
        format_func=lambda name: t(f"data.{name}"),
        horizontal=True,
    )


def training_widgets(
    prefix: str, train_sizes: tuple[int, ...], all_label: str, validation_share: bool = True
):
    """Optimizer, learning rate, batch size, epochs, validation share (unless the data has
    its own validation set), training-set size and seed, in three columns. Returns (the
    values by field name, the right column), so a page can add its own settings under them."""
    st.subheader(t("build.hyperparameters"))
    left, middle, right = st.columns(3)
    values = {
        "optimizer": left.selectbox(
            t("build.optimizer"),
            OPTIMIZERS,
            key=translated(f"{prefix}.optimizer"),
            format_func=lambda name: t(f"build.optimizer.{name}"),
        ),
        "learning_rate": float(
            left.select_slider(
                t("build.learning_rate"),
                LEARNING_RATES,
                key=f"{prefix}.learning_rate",
                format_func=lambda v: f"{v:g}",
            )
        ),
        "lr_schedule": left.selectbox(
            t("build.lr_schedule"),
            LR_SCHEDULES,
            key=translated(f"{prefix}.lr_schedule"),
            format_func=lambda name: t(f"build.lr_schedule.{name}"),
            help=t("build.lr_schedule_help"),
        ),
        "batch_size": int(
            middle.select_slider(t("build.batch_size"), BATCH_SIZES, key=f"{prefix}.batch_size")
        ),
        "epochs": int(middle.slider(t("build.epochs"), EPOCHS.low, EPOCHS.high, key=f"{prefix}.epochs")),
        "train_size": int(
            right.select_slider(
                t("build.train_size"),
                train_sizes,
                key=translated(f"{prefix}.train_size"),
                format_func=lambda v: all_label if v == 0 else f"{v:,}",
            )
        ),
    }
    values["validation_share"] = float(
        middle.slider(
            t("build.validation_share"),
            VALIDATION_SHARES.low,
            VALIDATION_SHARES.high,
            step=VALIDATION_SHARES.step,
            key=f"{prefix}.validation_share",
        )
        if validation_share
        else st.session_state.get(f"{prefix}.validation_share", 0.1)
    )
    values["seed"] = int(right.number_input(t("build.seed"), SEEDS.low, SEEDS.high, key=f"{prefix}.seed"))
    return values, right


def preview_model(kind: Kind, config):
    """The built (untrained) model of `kind` for `config` (`Kind.build`), rebuilt only when the
    config changes.

    Raises ValueError, as the builders do, for a config that cannot be built.
    """
    key = config.to_json()
    cached = st.session_state.get(f"{kind.name}.preview")
    if cached is None or cached[0] != key:
        cached = (key, kind.build(config))
        st.session_state[f"{kind.name}.preview"] = cached
    return cached[1]


def show_layer_table(model, note: str | None = None) -> None:
    """The model's layers with output shapes and parameter counts, and the total."""
    rows = layer_table(model)
    table = pd.DataFrame(rows).rename(columns=lambda column: t(f"table.{column}"))
    st.dataframe(table, hide_index=True, width="stretch")
    total = t("build.total_parameters", count=sum(row["parameters"] for row in rows))
    st.caption(f"{total} {note}" if note else total)


def preset_buttons(load: Callable, presets: list[tuple[str, str, object]]) -> None:
    """One button per (label, help, config); a click loads that config into the widgets
    (keeping the chosen dataset) before they are drawn."""
    columns = st.columns([1] * len(presets) + [4 - len(presets)])
    for column, (label, help_text, config) in zip(columns, presets):
        column.button(label, help=help_text, on_click=load, args=(config, True), width="stretch")


def build_and_train(
    kind: Kind,
    job,
    controls,
    unavailable: str,
    table_note: str | None = None,
) -> None:
    """The Build & train tab every architecture page has: dataset, builder, layer table
    right under the layers, then the training controls and live progress, for a model of
    `kind` (its datasets, its preview model `Kind.build` and its job `Kind.new_job`).

    `controls` is the page's builder of that kind (`init_state`, `dataset_choice`,
    `config_editor`); `unavailable` the notice when the downloaded set cannot be had;
    `table_note` a line under the layer table. The settings a link may carry are loaded
    before the widgets are drawn and written back after. The run's progress is not here but
    above the tabs, in sight of the page's input (`training_panel.live_progress`).
    """
    controls.init_state(st.session_state.get(f"{kind.name}.config"))  # the settings left here, if any
    opened = training_panel.opened_config(kind)  # a run opened from the runs page or a link
    if opened is not None:
        controls.load_into_state(opened)
    url_state.restore(kind, controls.load_into_state)  # a link's own settings go over its run's
    data, notice = resources.datasets(kind)(controls.dataset_choice())
    if notice:
        st.info(unavailable)
    st.session_state[page_parts.DATASET_KEY] = data.name  # named in the sidebar
    layers_box, table_box, training_box = st.container(), st.container(), st.container()
    config = controls.config_editor(layers_box, training_box)
    st.session_state[f"{kind.name}.config"] = config  # kept while other pages are drawn
    url_state.publish(config)
    error = None
    with table_box:  # right under the layers it describes
        try:
            preview = preview_model(kind, config)
        except ValueError as problem:
            error = str(problem)
            st.error(t("build.invalid", reason=error))
        else:
            show_layer_table(preview, note=table_note)
    st.subheader(t("train.heading"))
    training_panel.controls(kind, job, start=lambda: kind.new_job(config, data), disabled_reason=error)
    st.caption(t("train.not_started") if job is None else t("train.progress_above"))
