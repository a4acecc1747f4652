"""The CNN page's "look inside" views: feature maps, filters, saliency and the formulas."""

from __future__ import annotations

import keras
import numpy as np
import streamlit as st

from core.charts import plots
from core.data import images
from core.i18n import t
from core.inspection import inspect_cnn
from ui.language import translated
from ui.page_parts import kept

METHODS = ("grad_cam", "saliency")


def feature_maps(model: keras.Model, image: np.ndarray, outputs: dict) -> None:
    """Every conv and pool layer's maps for the digit, channels as a grid."""
    st.caption(t("inside.maps_help"))
    for name, kind, maps in inspect_cnn.feature_maps(model, image, outputs):
        h, w, channels = maps.shape
        # A container of its own per image: drawn by a stroke's fragment into the tab, several
        # images side by side in one container keep only the last one's file (Streamlit 1.67).
        with st.container():
            st.markdown(t("inside.map_title", name=name, kind=kind, h=h, w=w, c=channels))
            st.image(images.channel_grid(maps, columns=16, scale=max(1, 56 // h), gap=2))


def filters(model: keras.Model) -> None:
    """The first convolution's kernels (blue negative, red positive)."""
    kernel, _ = inspect_cnn.first_conv_filters(model)
    k, _, _, count = kernel.shape
    st.caption(t("inside.filters_help", count=count, k=k))
    grid = images.channel_grid(
        kernel[:, :, 0, :], columns=16, scale=max(4, 48 // k), gap=3, colour=images.colorize_signed
    )
    st.image(grid)


def attribution(model: keras.Model, image: np.ndarray, predicted: int) -> None:
    """Grad-CAM or saliency over the digit for the predicted class."""
    method = st.radio(
        t("inside.attribution_method"),
        METHODS,
        horizontal=True,
        format_func=lambda name: t(f"inside.method.{name}"),
        key=translated(kept("cnn.attribution", METHODS[0], lambda value: value in METHODS)),
    )
    heat = (inspect_cnn.grad_cam if method == "grad_cam" else inspect_cnn.saliency)(model, image, predicted)
    left, right = st.columns([1, 2])
    left.image(images.overlay(image, heat), caption=t("inside.attribution_caption", digit=predicted))
    right.caption(t(f"inside.method_help.{method}"))


def _cell_picker(maps: np.ndarray, key: str) -> tuple[int, int, int]:
    """Channel, row and column, at first the channel-0 cell that fires most; kept while the
    tab is hidden (`kept`), as long as the layer still has them."""
    h, w, channels = maps.shape
    a, b, c = st.columns(3)
    channel = a.number_input(
        t("inside.channel"), 0, channels - 1, key=kept(f"{key}.channel", 0, lambda v: 0 <= v < channels)
    )
    strongest = np.unravel_index(np.argmax(maps[..., channel]), (h, w))
    row_key = kept(f"{key}.row", int(strongest[0]), lambda v: 0 <= v < h)
    col_key = kept(f"{key}.col", int(strongest[1]), lambda v: 0 <= v < w)
    row = b.number_input(t("inside.row"), 0, h - 1, key=row_key)
    col = c.number_input(t("inside.col"), 0, w - 1, key=col_key)
    return int(channel), int(row), int(col)


def conv_formula(model: keras.Model, image: np.ndarray, outputs: dict) -> None:
    """y_ij = f(Σ x_{i+m,j+n}·w_mn + b) for one cell of the first feature map, with numbers."""
    first = inspect_cnn.first_layer(model, ("Conv2D",))
    maps = outputs[first.name]
    st.caption(t("inside.conv_formula_help", name=first.name))
    channel, row, col = _cell_picker(maps, "cnn.conv_cell")
    cell = inspect_cnn.conv_cell(model, image, channel, row, col, outputs)
    patch_col, kernel_col, product_col = st.columns(3)
    # width="content": the matrices keep square cells instead of stretching to the column.
    patch_col.altair_chart(plots.matrix_with_values(cell["patch"], t("inside.patch")), width="content")
    kernel_col.altair_chart(
        plots.matrix_with_values(cell["kernel"], t("inside.kernel", channel=channel)), width="content"
    )
    product_col.altair_chart(
        plots.matrix_with_values(cell["products"], t("inside.products")), width="content"
    )
    stride = first.strides[0]
    index = "i+m,j+n" if stride == 1 else f"{stride}i+m,{stride}j+n"  # a stride moves the window
    st.latex(
        rf"y_{{{row},{col}}} = \mathrm{{{cell['activation']}}}"
        rf"\Big(\sum_{{m,n}} x_{{{index}}}\,w_{{mn}} + b\Big)"
        rf" = \mathrm{{{cell['activation']}}}({cell['sum']:.4f} + ({cell['bias']:.4f}))"
        rf" = \mathrm{{{cell['activation']}}}({cell['pre_activation']:.4f}) = {cell['computed']:.4f}"
    )
    st.success(
        t("inside.conv_check", name=first.name, row=row, col=col, channel=channel, value=cell["layer_value"])
    )


def pool_formula(model: keras.Model, image: np.ndarray, outputs: dict) -> None:
    """The window the first pooling layer reduces, and the value it keeps."""
    pool = inspect_cnn.first_layer(model, inspect_cnn.POOL_LAYERS)
    if pool is None:
        st.info(t("inside.no_pooling"))
        return
    channel, row, col = _cell_picker(outputs[pool.name], "cnn.pool_cell")
    window = inspect_cnn.pool_window(model, image, channel, row, col, outputs)
    left, right = st.columns([1, 2])
    left.altair_chart(
        plots.matrix_with_values(
            window["window"],
            t("inside.window", source=window["source"]),
            highlight=window["argmax"] if window["kind"] == "max" else None,
        ),
        width="content",
    )
    formula = r"\max" if window["kind"] == "max" else r"\operatorname{mean}"
    right.latex(
        rf"\mathrm{{{pool.name}}}_{{{row},{col}}} = {formula}(\text{{window}}) = {window['computed']:.4f}"
    )
    right.success(
        t("inside.pool_check", name=pool.name, row=row, col=col, channel=channel, value=window["layer_value"])
    )
