"""The digit canvas: white ink on black, sized so strokes scale down to MNIST's thickness."""

from __future__ import annotations

import numpy as np

from core.data.preprocess import to_mnist

CANVAS_SIDE = 280  # 10× the model's 28 px
# A digit drawn to fill most of the canvas (~200 px) is scaled to 20 px, so a 20 px brush
# becomes a 2 px stroke, MNIST's typical pen width.
STROKE_WIDTH = 20


def st_canvas(**kwargs):
    """streamlit-drawable-canvas, imported on first use: its component registers itself
    with the running app, so importing it at module load would fail outside one."""
    from streamlit_drawable_canvas import st_canvas as canvas

    return canvas(**kwargs)


def digit_canvas(key: str) -> np.ndarray | None:
    """Show the canvas; return the drawing as the model's (28, 28) input, or None if blank.

    The canvas' own toolbar offers undo, redo and clear.
    """
    result = st_canvas(
        stroke_width=STROKE_WIDTH,
        stroke_color="#FFFFFF",
        background_color="#000000",
        height=CANVAS_SIDE,
        width=CANVAS_SIDE,
        drawing_mode="freedraw",
        return_image_data=True,
        key=key,
    )
    image = result.image_data
    return None if image is None else to_mnist(image)
