"""Turn a drawing into the 28×28 image an MNIST model expects, the way MNIST was made.

LeCun et al. normalised each digit to fit a 20×20 box keeping its aspect ratio (with
anti-aliasing), then centred it in a 28×28 field by its centre of mass. Doing the same
to a canvas drawing is what lets a model trained on MNIST read it.
"""

from __future__ import annotations

import numpy as np
from PIL import Image

FIELD = 28
BOX = 20
INK_THRESHOLD = 0.1  # intensity above which a pixel counts as ink (0..1 scale)
MIN_INK_PIXELS = 4  # fewer inked pixels than this is a stray click, not a digit


def to_intensity(image: np.ndarray) -> np.ndarray:
    """Canvas RGBA (h, w, 4) or grey (h, w) in 0..255 → float intensity (h, w) in [0, 1].

    Light strokes are ink; a transparent pixel counts as background whatever its colour.
    """
    image = np.asarray(image, dtype=np.float32)
    if image.ndim == 3:
        grey = image[..., :3].mean(axis=-1)
        if image.shape[-1] == 4:
            grey = grey * (image[..., 3] / 255.0)
        image = grey
    if image.ndim != 2:
        raise ValueError(f"Expected an image of shape (h, w) or (h, w, 3|4); got {image.shape}.")
    return np.clip(image / 255.0, 0.0, 1.0)


def centre_of_mass(image: np.ndarray) -> tuple[float, float]:
    """Intensity-weighted (row, column) centre of a 2-D array."""
    total = image.sum()
    rows, cols = np.indices(image.shape)
    return float((rows * image).sum() / total), float((cols * image).sum() / total)


def shift_image(image: np.ndarray, rows: int, cols: int) -> np.ndarray:
    """Translate by whole pixels, filling with zeros (nothing wraps around)."""
    out = np.zeros_like(image)
    h, w = image.shape
    src_r = slice(max(0, -rows), min(h, h - rows))
    src_c = slice(max(0, -cols), min(w, w - cols))
    dst_r = slice(max(0, rows), min(h, h + rows))
    dst_c = slice(max(0, cols), min(w, w + cols))
    out[dst_r, dst_c] = image[src_r, src_c]
    return out


def to_mnist(image: np.ndarray) -> np.ndarray | None:
    """A drawing (any size, white on black) → float32 (28, 28) in [0, 1], or None if blank.

    Steps: crop to the ink's bounding box; scale so the longer side is 20 px, keeping the
    aspect ratio, with a Lanczos (anti-aliasing) filter; paste into a 28×28 field; shift
    so the centre of mass sits at the field's centre.
    """
    intensity = to_intensity(image)
    ink = intensity > INK_THRESHOLD
    if ink.sum() < MIN_INK_PIXELS:
        return None
    rows = np.flatnonzero(ink.any(axis=1))
    cols = np.flatnonzero(ink.any(axis=0))
    crop = intensity[rows[0] : rows[-1] + 1, cols[0] : cols[-1] + 1]
    h, w = crop.shape
    scale = BOX / max(h, w)
    new_h, new_w = max(1, round(h * scale)), max(1, round(w * scale))
    resized = Image.fromarray(crop.astype(np.float32)).resize((new_w, new_h), Image.Resampling.LANCZOS)
    digit = np.clip(np.asarray(resized, dtype=np.float32), 0.0, 1.0)
    field = np.zeros((FIELD, FIELD), dtype=np.float32)
    top, left = (FIELD - new_h) // 2, (FIELD - new_w) // 2
    field[top : top + new_h, left : left + new_w] = digit
    com_row, com_col = centre_of_mass(field)
    centre = FIELD / 2  # where MNIST's own digits have their centre of mass (row 14, column 14)
    field = shift_image(field, round(centre - com_row), round(centre - com_col))
    peak = field.max()
    return field / peak if peak > 0 else None
