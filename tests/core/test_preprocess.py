"""Canvas preprocessing on known inputs: centred, scaled, aspect kept, blank refused."""

import numpy as np
import pytest

from core.data import mnist
from core.data.preprocess import centre_of_mass, shift_image, to_intensity, to_mnist


@pytest.fixture(scope="module")
def digit():
    return mnist.load_embedded().x_pool[0]  # uint8 (28, 28)


def canvas_from(digit28, rows=0, cols=0):
    """A 280×280 RGBA canvas with the digit drawn 10× larger, shifted by (rows, cols)."""
    big = np.kron(digit28, np.ones((10, 10), dtype=np.uint8))
    big = shift_image(big, rows, cols)
    rgba = np.zeros((280, 280, 4), dtype=np.uint8)
    rgba[..., :3] = big[..., None]
    rgba[..., 3] = 255
    return rgba


def test_blank_and_stray_dot_are_not_digits():
    assert to_mnist(np.zeros((280, 280, 4), dtype=np.uint8)) is None
    speck = np.zeros((280, 280), dtype=np.uint8)
    speck[100, 100] = 255
    assert to_mnist(speck) is None


def test_transparent_pixels_are_background():
    rgba = np.zeros((280, 280, 4), dtype=np.uint8)
    rgba[50:200, 120:140, :3] = 255  # white but fully transparent
    assert to_mnist(rgba) is None


def test_shifted_digit_comes_back_centred(digit):
    centred = to_mnist(canvas_from(digit))
    shifted = to_mnist(canvas_from(digit, rows=35, cols=-35))
    row, col = centre_of_mass(shifted)
    assert abs(row - 14) <= 0.5 and abs(col - 14) <= 0.5
    assert np.abs(shifted - centred).max() < 1e-6  # position on the canvas does not matter


def test_longer_side_is_scaled_to_20_pixels_keeping_aspect():
    bar = np.zeros((280, 280), dtype=np.uint8)
    bar[40:240, 130:150] = 255  # 200 tall, 20 wide: a "1"
    image = to_mnist(bar)
    ink = image > 0.1
    rows = np.flatnonzero(ink.any(axis=1))
    cols = np.flatnonzero(ink.any(axis=0))
    assert 19 <= rows[-1] - rows[0] + 1 <= 21
    assert cols[-1] - cols[0] + 1 <= 4  # still a thin bar, not stretched to a square
    assert image.dtype == np.float32 and image.shape == (28, 28)
    assert image.max() == pytest.approx(1.0) and image.min() >= 0.0


def test_preprocessed_mnist_digit_stays_close_to_the_original(digit):
    # An MNIST digit already went through this pipeline; doing it again changes little.
    again = to_mnist(digit)
    original = digit.astype(np.float32) / 255
    correlation = np.corrcoef(again.ravel(), original.ravel())[0, 1]
    assert correlation > 0.9


def test_intensity_of_rgb_and_grey_inputs():
    grey = np.full((4, 4), 255, dtype=np.uint8)
    rgb = np.full((4, 4, 3), 255, dtype=np.uint8)
    assert np.allclose(to_intensity(grey), 1.0) and np.allclose(to_intensity(rgb), 1.0)
    with pytest.raises(ValueError, match="Expected an image"):
        to_intensity(np.zeros((2, 2, 2, 2)))
