"""Latency from a canvas drawing to what the CNN page shows, with no training running.

For each repetition a digit-like polyline (one of ten stroke templates, randomly
jittered: shift, scale and per-point noise) is drawn with PIL as white 20 px lines on
a black 280x280 RGBA canvas, like the page's drawable canvas. Two paths are timed with
perf_counter (drawing the image is not timed):

1. probabilities:              to_mnist + inspect_cnn.predict
2. probabilities + feature maps: to_mnist + predict + inspect_cnn.feature_maps

for the shipped starter model and for the default design-notes network (freshly built,
untrained, which does not matter for latency). `--warmup` calls (default 10) come
before `--reps` timed ones (default 200); p50 and p95 are printed in ms.

Run from the repository root:

    python bench/inference_latency.py [--reps 200] [--warmup 10]
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

import numpy as np  # noqa: E402
from PIL import Image, ImageDraw  # noqa: E402

from core.config import cnn as cnn_config
from core.data.preprocess import to_mnist
from core.inspection import inspect_cnn
from core.models import cnn
from core.models.starter import load_starter_cnn

SIDE, STROKE = 280, 20
# Digit-like strokes in a unit box (x right, y down), one polyline per digit 0-9.
# fmt: off
TEMPLATES = [
    [(.5, .1), (.25, .25), (.2, .5), (.25, .75), (.5, .9), (.75, .75), (.8, .5), (.75, .25), (.5, .1)],
    [(.4, .2), (.55, .1), (.55, .9)],
    [(.25, .25), (.5, .1), (.75, .25), (.7, .45), (.25, .9), (.8, .9)],
    [(.25, .15), (.7, .15), (.45, .45), (.75, .65), (.6, .88), (.25, .85)],
    [(.6, .9), (.6, .1), (.2, .65), (.8, .65)],
    [(.75, .1), (.3, .1), (.27, .45), (.65, .45), (.75, .7), (.55, .9), (.25, .85)],
    [(.7, .1), (.35, .4), (.25, .7), (.45, .9), (.7, .75), (.6, .55), (.3, .6)],
    [(.2, .1), (.8, .1), (.45, .9)],
    [(.5, .5), (.3, .3), (.5, .1), (.7, .3), (.5, .5), (.28, .7), (.5, .9), (.72, .7), (.5, .5)],
    [(.7, .35), (.5, .5), (.3, .35), (.5, .1), (.7, .35), (.65, .9)],
]
# fmt: on


def canvas_image(rng: np.random.Generator) -> np.ndarray:
    """A jittered digit drawn like the page's canvas: RGBA (280, 280, 4) uint8."""
    points = np.array(TEMPLATES[rng.integers(len(TEMPLATES))], dtype=float)
    points = points + rng.normal(0.0, 0.02, points.shape)
    size = rng.uniform(0.6, 0.9)  # share of the canvas the digit's box spans
    offset = rng.uniform(0.0, 1.0 - size, 2)  # keeps the digit on the canvas
    xy = [tuple(p) for p in (points * size + offset) * SIDE]
    image = Image.new("RGBA", (SIDE, SIDE), (0, 0, 0, 255))
    ImageDraw.Draw(image).line(xy, fill=(255, 255, 255, 255), width=STROKE, joint="curve")
    return np.asarray(image)


def probabilities_only(model, canvas: np.ndarray) -> None:
    inspect_cnn.predict(model, to_mnist(canvas))


def with_feature_maps(model, canvas: np.ndarray) -> None:
    image = to_mnist(canvas)
    inspect_cnn.predict(model, image)
    inspect_cnn.feature_maps(model, image)


def time_path(path, model, reps: int, warmup: int, seed: int) -> np.ndarray:
    """Milliseconds per call of `path(model, canvas)`, one fresh drawing per call."""
    rng = np.random.default_rng(seed)
    times = []
    for index in range(warmup + reps):
        canvas = canvas_image(rng)
        start = time.perf_counter()
        path(model, canvas)
        if index >= warmup:
            times.append((time.perf_counter() - start) * 1000.0)
    return np.array(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reps", type=int, default=200)
    parser.add_argument("--warmup", type=int, default=10)
    args = parser.parse_args()

    starter, _ = load_starter_cnn()
    models = {"starter model": starter, "design-notes model": cnn.build_model(cnn_config.CNNConfig())}
    paths = {"to_mnist + predict": probabilities_only, "+ feature_maps": with_feature_maps}
    blank = sum(to_mnist(canvas_image(np.random.default_rng(s))) is None for s in range(50))
    print(f"load average before: {os.getloadavg()[0]:.2f}; blank drawings out of 50 samples: {blank}")

    rows = []
    for model_name, model in models.items():
        for path_name, path in paths.items():
            ms = time_path(path, model, args.reps, args.warmup, seed=1)
            rows.append((model_name, path_name, *np.percentile(ms, [50, 95]), ms.mean()))

    print()
    print(f"=== Canvas-to-output latency, ms ({args.reps} reps after {args.warmup} warm-ups) ===")
    print(f"{'model':20s} {'path':20s} {'p50':>7s} {'p95':>7s} {'mean':>7s}")
    for model_name, path_name, p50, p95, mean in rows:
        print(f"{model_name:20s} {path_name:20s} {p50:7.1f} {p95:7.1f} {mean:7.1f}")
    print("target: p50 <= 50 ms")
    print(f"load average after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
