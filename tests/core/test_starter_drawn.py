"""The starter CNN reads digits drawn the way people draw them with a mouse.

The strokes in tests/data/drawn_digits.json were drawn by hand on the 280×280 canvas; the
browser tests replay them with the mouse. Here they are rendered as the canvas renders them
(20 px round brush, white on black), so the whole path from drawing to prediction is
checked without a browser."""

import json
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw

from core.data.preprocess import to_mnist
from core.inspection.inspect_cnn import predict
from core.models.starter import load_starter_cnn

STROKES = json.loads((Path(__file__).resolve().parents[1] / "data" / "drawn_digits.json").read_text())
BRUSH = 20


def render(strokes, brush=BRUSH, scale=1.0, shift=(0, 0), slant=0.0) -> np.ndarray:
    """Draw strokes as the canvas does; optionally smaller, moved and slanted about the centre."""
    canvas = Image.new("L", (280, 280), 0)
    pen = ImageDraw.Draw(canvas)
    for stroke in strokes:
        points = [
            ((x - 140) * scale + 140 + shift[0] + slant * (y - 140), (y - 140) * scale + 140 + shift[1])
            for x, y in stroke
        ]
        pen.line(points, fill=255, width=brush, joint="curve")
        for x, y in (points[0], points[-1]):  # round caps, like the canvas brush
            pen.ellipse((x - brush / 2, y - brush / 2, x + brush / 2, y + brush / 2), fill=255)
    return np.asarray(canvas)


@pytest.fixture(scope="module")
def starter():
    return load_starter_cnn()[0]


@pytest.mark.parametrize("digit", sorted(STROKES))
def test_hand_drawn_digit_is_read(starter, digit):
    image = to_mnist(render(STROKES[digit]))
    probabilities = predict(starter, image)
    assert int(probabilities.argmax()) == int(digit), np.round(probabilities, 3)


def test_thin_thick_small_off_centre_and_slanted_versions_are_read(starter):
    """240 variants: brush 8 to 30 px, full or half size (half size pushed off-centre),
    slanted either way. The model must read nearly all of them."""
    images, labels = [], []
    for digit, strokes in STROKES.items():
        for brush in (8, 14, 20, 30):
            for scale, shift in ((1.0, (0, 0)), (0.5, (30, -25))):
                for slant in (-0.3, 0.0, 0.3):
                    images.append(to_mnist(render(strokes, brush, scale, shift, slant)))
                    labels.append(int(digit))
    batch = np.stack(images)[..., np.newaxis]
    predictions = starter.predict(batch, batch_size=256, verbose=0).argmax(axis=1)
    accuracy = float((predictions == np.array(labels)).mean())
    assert len(labels) == 240 and accuracy >= 0.95, accuracy
