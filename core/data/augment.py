"""Make MNIST digits look like digits people draw with a mouse or a finger.

Drawn digits are thinner or thicker than MNIST's pen strokes, slanted, shaky and placed
anywhere. Each augmented digit gets a random affine warp (rotation, shear, aspect),
an elastic distortion (Simard, Steinkraus & Platt, "Best Practices for Convolutional
Neural Networks Applied to Visual Document Analysis", ICDAR 2003) and a random stroke
thickness, all on a 2× grid; it is then put through the very preprocessing the canvas
uses (`core.data.preprocess.to_mnist`), so the model trains on what the canvas will give it.
"""

from __future__ import annotations

import numpy as np
from scipy import ndimage

from core.data.preprocess import to_mnist

UPSCALE = 2


def _warp_coordinates(rng: np.random.Generator, size: int) -> np.ndarray:
    """Sampling coordinates (2, size, size) for a random affine plus elastic warp."""
    angle = np.deg2rad(rng.uniform(-15, 15))
    shear = rng.uniform(-0.3, 0.3)
    aspect = np.exp(rng.uniform(-0.2, 0.2))
    cos, sin = np.cos(angle), np.sin(angle)
    # Output → input mapping: rotation · shear · anisotropic scale, about the centre.
    matrix = np.array([[cos, -sin], [sin, cos]]) @ np.array([[1, shear], [0, 1]])
    matrix = matrix @ np.diag([aspect, 1 / aspect])
    centre = (size - 1) / 2
    rows, cols = np.indices((size, size), dtype=np.float64) - centre
    coords = np.einsum("ij,jhw->ihw", matrix, np.stack([rows, cols])) + centre
    alpha, sigma = rng.uniform(0, 8) * UPSCALE, 3.0 * UPSCALE
    for axis in range(2):
        noise = rng.uniform(-1, 1, (size, size))
        coords[axis] += alpha * ndimage.gaussian_filter(noise, sigma, mode="constant")
    return coords


def drawn_like(image: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """One uint8 (28, 28) MNIST digit → float32 (28, 28) in [0, 1], as if drawn on the canvas."""
    big = ndimage.zoom(image.astype(np.float32) / 255.0, UPSCALE, order=1)
    size = big.shape[0]
    # Pad so rotated or sheared strokes do not fall off the edge.
    pad = size // 4
    big = np.pad(big, pad)
    warped = ndimage.map_coordinates(big, _warp_coordinates(rng, big.shape[0]), order=1)
    thickness = rng.choice([-1, 0, 0, 1, 2])
    if thickness > 0:
        warped = ndimage.grey_dilation(warped, size=(thickness + 1, thickness + 1))
    elif thickness < 0:
        warped = ndimage.grey_erosion(warped, size=(2, 2))
    result = to_mnist(np.clip(warped, 0, 1) * 255.0)
    # Erosion can wipe out a faint digit; fall back to the plain pipeline then.
    return result if result is not None else to_mnist(image)


def augment_batch(images: np.ndarray, rng: np.random.Generator, share: float = 0.8) -> np.ndarray:
    """uint8 (n, 28, 28) → float32 (n, 28, 28): `share` of them drawn-like, the rest only
    re-centred by the canvas preprocessing."""
    out = np.empty(images.shape, dtype=np.float32)
    for index, image in enumerate(images):
        if rng.random() < share:
            out[index] = drawn_like(image, rng)
        else:
            out[index] = to_mnist(image)
    return out
