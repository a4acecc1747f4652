"""The RNN page's views of one review: the words the model reads, the prediction, which
words mattered, the hidden states, and the recurrence written out with live numbers."""

from __future__ import annotations

import html

import numpy as np
import pandas as pd
import streamlit as st

from core.charts import plots
from core.data.text import Encoded
from core.i18n import t
from core.inspection import inspect_rnn
from core.inspection.inspect_rnn import LayerStates
from ui.page_parts import kept

MAX_STATE_UNITS = 32  # units in a heatmap: the ones that change most over the review
FORMULA_UNITS = 4  # units written out in the recurrence


def occlusion(tokens: list[str], effects: np.ndarray) -> None:
    """The review with each word coloured by how much leaving it out changes the prediction."""
    st.caption(t("rnn.occlusion_help"))
    effects = np.nan_to_num(effects)  # a model whose weights blew up gives NaN; show no colour
    scale = float(np.abs(effects).max()) or 1.0
    spans = []
    for word, effect in zip(tokens, effects):
        alpha = min(1.0, abs(effect) / scale) * 0.75
        colour = "26,152,80" if effect > 0 else "215,48,39"
        spans.append(
            f'<span title="{effect:+.3f}" style="background:rgba({colour},{alpha:.2f});'
            f'padding:1px 3px;border-radius:3px">{html.escape(word)}</span>'
        )
    st.html(f'<div style="line-height:2;font-size:0.95rem">{" ".join(spans)}</div>')
    order = np.argsort(effects)
    up = [f"**{tokens[i]}** ({effects[i]:+.2f})" for i in order[::-1][:5] if effects[i] > 0]
    down = [f"**{tokens[i]}** ({effects[i]:+.2f})" for i in order[:5] if effects[i] < 0]
    st.markdown(t("rnn.occlusion_top", up=", ".join(up) or "–", down=", ".join(down) or "–"))


def _choose_layer(states: list[LayerStates], key: str) -> LayerStates:
    if len(states) == 1:
        return states[0]
    names = [s.name for s in states]
    # The last layer at first; kept while the tab is hidden, if the network still has it.
    name = st.radio(t("rnn.layer"), names, horizontal=True, key=kept(key, names[-1], lambda v: v in names))
    return states[names.index(name)]


def _active_units(values: np.ndarray) -> np.ndarray:
    """The units whose value changes most over the review, in unit order."""
    if values.shape[1] <= MAX_STATE_UNITS:
        return np.arange(values.shape[1])
    return np.sort(np.argsort(-values.std(axis=0), kind="stable")[:MAX_STATE_UNITS])


def state_maps(states: list[LayerStates], tokens: list[str]) -> None:
    """Heatmaps of a layer's hidden state (and the LSTM's cell state), units × words."""
    layer = _choose_layer(states, "rnn.state_layer")
    st.caption(t("rnn.states_help", shown=MAX_STATE_UNITS))
    for direction, h in layer.h.items():
        units = _active_units(h)
        title = t(f"rnn.state_title.{direction}", layer=layer.name, shown=len(units), units=h.shape[1])
        st.altair_chart(plots.state_heatmap(h[:, units], tokens, units, title), width="stretch")
        if direction in layer.c:
            c = layer.c[direction]
            title = t(f"rnn.cell_title.{direction}", layer=layer.name, shown=len(units), units=c.shape[1])
            st.altair_chart(plots.state_heatmap(c[:, units], tokens, units, title), width="stretch")


FORMULAS = {
    "simple_rnn": r"h_t = \tanh\left(W x_t + U h_{t-1} + b\right)",
    "lstm": (
        r"\begin{aligned}"
        r"i_t &= \sigma(W_i x_t + U_i h_{t-1} + b_i) & f_t &= \sigma(W_f x_t + U_f h_{t-1} + b_f)\\"
        r"\tilde c_t &= \tanh(W_c x_t + U_c h_{t-1} + b_c) & o_t &= \sigma(W_o x_t + U_o h_{t-1} + b_o)\\"
        r"c_t &= f_t \odot c_{t-1} + i_t \odot \tilde c_t & h_t &= o_t \odot \tanh(c_t)"
        r"\end{aligned}"
    ),
    "gru": (
        r"\begin{aligned}"
        r"z_t &= \sigma(W_z x_t + U_z h_{t-1} + b_z) & r_t &= \sigma(W_r x_t + U_r h_{t-1} + b_r)\\"
        r"\tilde h_t &= \tanh\big(W_h x_t + r_t \odot (U_h h_{t-1} + b'_h) + b_h\big)"
        r" & h_t &= z_t \odot h_{t-1} + (1 - z_t) \odot \tilde h_t"
        r"\end{aligned}"
    ),
}


def recurrence(model, encoded: Encoded, states: list[LayerStates]) -> None:
    """`h_t = f(h_{t-1}, x_t)` for a chosen word and layer, with the first units' numbers
    computed from the layer's weights and the previous state Keras computed, beside the
    state Keras' layer returned."""
    tokens = encoded.tokens[: encoded.used]
    layer_col, word_col = st.columns([1, 3])
    with layer_col:
        layer = _choose_layer(states, "rnn.formula_layer")
    # The middle of the review at first, where the state carries something; then the word
    # chosen last, clamped to a shorter review's last word.
    last = st.session_state.get("rnn.formula_word", st.session_state.get("rnn.formula_word.kept"))
    start = len(tokens) // 2 if last is None else min(len(tokens) - 1, last)
    word = word_col.select_slider(
        t("rnn.word"),
        range(len(tokens)),
        format_func=lambda i: f"{i + 1} · {tokens[i]}",
        key=kept("rnn.formula_word", start, lambda v: v == start),
    )
    index = [s.name for s in states].index(layer.name)
    step = inspect_rnn.recurrence(model, encoded, index, word)
    shown = min(FORMULA_UNITS, len(step.returned))
    st.latex(FORMULAS[step.kind])
    source = t("rnn.source_embedding") if index == 0 else t("rnn.source_layer", layer=states[index - 1].name)
    st.caption(
        t(
            "rnn.recurrence_help",
            word=tokens[word],
            position=word + 1,
            source=source,
            features=len(step.x),
            units=len(step.returned),
            shown=shown,
        )
    )
    rows = {"h_{t-1}": step.h_previous[:shown]}
    if step.c_previous is not None:
        rows["c_{t-1}"] = step.c_previous[:shown]
    rows.update({name: values[:shown] for name, values in step.step.terms.items()})
    rows[t("rnn.keras_returned")] = step.returned[:shown]
    table = pd.DataFrame(rows, index=[t("rnn.unit_column", number=u) for u in range(shown)]).T
    st.dataframe(table.style.format("{:+.4f}"), width="stretch")
    if step.difference < 1e-4:  # Keras computes in float32, the formula here in float64
        st.success(t("rnn.recurrence_check", difference=step.difference))
    else:
        st.error(t("rnn.recurrence_mismatch", difference=step.difference))
    if "backward" in layer.h:
        st.caption(t("rnn.backward_note"))
