"""Arrays to pictures: channel grids for feature maps and filters, heatmap overlays.

Feature maps have thousands of pixels per layer, too many for a chart; they are drawn as
images (uint8 RGB arrays) that a page shows with `st.image`.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np

# Anchor colours of the viridis colour map (van der Walt & Smith, matplotlib), from dark to light.
_VIRIDIS = np.array(
    [[68, 1, 84], [59, 82, 139], [33, 145, 140], [94, 201, 98], [253, 231, 37]], dtype=np.float32
)
_BLUE_WHITE_RED = np.array([[33, 102, 172], [247, 247, 247], [178, 24, 43]], dtype=np.float32)


def _interpolate(values: np.ndarray, anchors: np.ndarray) -> np.ndarray:
    positions = np.clip(values, 0.0, 1.0) * (len(anchors) - 1)
    low = np.floor(positions).astype(int)
    high = np.minimum(low + 1, len(anchors) - 1)
    weight = (positions - low)[..., np.newaxis]
    return ((1 - weight) * anchors[low] + weight * anchors[high]).astype(np.uint8)


def colorize(values: np.ndarray) -> np.ndarray:
    """Map values in [0, 1] (any shape) to viridis RGB, shape (..., 3) uint8."""
    return _interpolate(np.asarray(values, dtype=np.float32), _VIRIDIS)


def colorize_signed(values: np.ndarray) -> np.ndarray:
    """Blue for negative, white for zero, red for positive, scaled by the largest |value|."""
    values = np.asarray(values, dtype=np.float32)
    scale = np.abs(values).max() or 1.0
    return _interpolate(values / scale / 2 + 0.5, _BLUE_WHITE_RED)


def normalise(values: np.ndarray) -> np.ndarray:
    """Rescale to [0, 1] by the array's own range (a constant array becomes zeros)."""
    values = np.asarray(values, dtype=np.float32)
    low, high = values.min(), values.max()
    return (values - low) / (high - low) if high > low else np.zeros_like(values)


def _viridis_tile(tile: np.ndarray) -> np.ndarray:
    return colorize(normalise(tile))


def channel_grid(
    maps: np.ndarray,
    columns: int = 8,
    scale: int = 4,
    gap: int = 2,
    colour: Callable[[np.ndarray], np.ndarray] = _viridis_tile,
) -> np.ndarray:
    """(h, w, channels) → one RGB image of every channel.

    Channels run left to right, top to bottom; `colour` turns each (h, w) tile into RGB
    (by default viridis, each channel normalised on its own); tiles are `scale`× enlarged
    with nearest-neighbour so pixels stay visible, separated by `gap` white pixels.
    """
    h, w, channels = maps.shape
    columns = min(columns, channels)
    rows = math.ceil(channels / columns)
    tile_h, tile_w = h * scale, w * scale
    grid = np.full(
        (rows * tile_h + (rows - 1) * gap, columns * tile_w + (columns - 1) * gap, 3), 255, np.uint8
    )
    for index in range(channels):
        r, c = divmod(index, columns)
        tile = colour(maps[..., index])
        tile = tile.repeat(scale, axis=0).repeat(scale, axis=1)
        top, left = r * (tile_h + gap), c * (tile_w + gap)
        grid[top : top + tile_h, left : left + tile_w] = tile
    return grid


def overlay(image: np.ndarray, heat: np.ndarray, alpha: float = 0.55, scale: int = 8) -> np.ndarray:
    """A grey digit (28, 28) in [0, 1] with a heatmap in [0, 1] blended over it, enlarged."""
    grey = np.repeat((np.asarray(image) * 255)[..., np.newaxis], 3, axis=-1)
    blended = (1 - alpha) * grey + alpha * colorize(heat)
    return blended.astype(np.uint8).repeat(scale, axis=0).repeat(scale, axis=1)


def enlarge(image: np.ndarray, scale: int = 8) -> np.ndarray:
    """A grey image in [0, 1] → uint8, enlarged with nearest-neighbour."""
    return (np.clip(image, 0, 1) * 255).astype(np.uint8).repeat(scale, axis=0).repeat(scale, axis=1)
