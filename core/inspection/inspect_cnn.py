"""Look inside a CNN: probabilities, feature maps, filters, saliency, and the formulas.

Every function takes a model built by `core.models.cnn.build_model` (or loaded from such a
model's file) and a digit as float32 (28, 28) in [0, 1], and returns plain arrays; the
page decides how to draw them.
"""

from __future__ import annotations

import weakref

import keras
import numpy as np
import tensorflow as tf

POOL_LAYERS = ("MaxPooling2D", "AveragePooling2D")
MAP_LAYERS = ("Conv2D", *POOL_LAYERS)

_probe_models: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _batch(image: np.ndarray) -> np.ndarray:
    return np.asarray(image, dtype=np.float32).reshape(1, 28, 28, 1)


def first_layer(model: keras.Model, kinds: tuple[str, ...]) -> keras.layers.Layer | None:
    """The first layer whose type is one of `kinds`, or None."""
    return next((layer for layer in model.layers if type(layer).__name__ in kinds), None)


def map_layers(model: keras.Model) -> list[keras.layers.Layer]:
    """The convolution and pooling layers, in order."""
    return [layer for layer in model.layers if type(layer).__name__ in MAP_LAYERS]


def _probe(model: keras.Model) -> keras.Model:
    """A model returning every layer's output for one input; built once per model."""
    probe = _probe_models.get(model)
    if probe is None:
        layers = [layer for layer in model.layers if not isinstance(layer, keras.layers.InputLayer)]
        outputs = {layer.name: layer.output for layer in layers}
        probe = keras.Model(model.input, outputs)
        _probe_models[model] = probe
    return probe


def layer_outputs(model: keras.Model, image: np.ndarray) -> dict[str, np.ndarray]:
    """Every layer's output for one digit, batch axis removed: {name: (h, w, c) or (units,)}."""
    outputs = _probe(model)(_batch(image), training=False)
    return {name: np.asarray(value)[0] for name, value in outputs.items()}


def predict(model: keras.Model, image: np.ndarray) -> np.ndarray:
    """The ten class probabilities (10,) for one digit.

    Through Keras' traced predict function, kept on the model: an eager call re-dispatches
    every layer from Python and takes several times longer, on every stroke of every student.
    """
    return np.asarray(model.predict_on_batch(_batch(image)))[0]


def feature_maps(
    model: keras.Model, image: np.ndarray, outputs: dict[str, np.ndarray] | None = None
) -> list[tuple[str, str, np.ndarray]]:
    """(layer name, layer type, activations (h, w, channels)) for every conv and pool layer.

    `outputs`, if given, is `layer_outputs(model, image)` already computed.
    """
    outputs = outputs if outputs is not None else layer_outputs(model, image)
    return [(layer.name, type(layer).__name__, outputs[layer.name]) for layer in map_layers(model)]


def kernel_and_bias(conv: keras.layers.Layer) -> tuple[np.ndarray, np.ndarray]:
    """A convolution's kernel and its biases, zeros for one built with `use_bias=False`."""
    kernel = np.asarray(conv.kernel)
    bias = np.asarray(conv.bias) if conv.use_bias else np.zeros(kernel.shape[-1], dtype=kernel.dtype)
    return kernel, bias


def first_conv_filters(model: keras.Model) -> tuple[np.ndarray, np.ndarray]:
    """The first convolution's kernels (k, k, in_channels, filters) and biases (filters,)."""
    return kernel_and_bias(first_layer(model, ("Conv2D",)))


def saliency(model: keras.Model, image: np.ndarray, class_index: int) -> np.ndarray:
    """|∂ p_class / ∂ pixel| (28, 28), scaled to [0, 1] (Simonyan et al., 2014)."""
    x = tf.convert_to_tensor(_batch(image))
    with tf.GradientTape() as tape:
        tape.watch(x)
        score = model(x, training=False)[0, class_index]
    gradient = np.abs(tape.gradient(score, x).numpy()[0, ..., 0])
    peak = gradient.max()
    return gradient / peak if peak > 0 else gradient


def grad_cam(model: keras.Model, image: np.ndarray, class_index: int) -> np.ndarray:
    """Grad-CAM heatmap (28, 28) in [0, 1] for `class_index` on the last convolution.

    Selvaraju et al., "Grad-CAM: Visual Explanations from Deep Networks via
    Gradient-based Localization", ICCV 2017: weight each channel of the last conv
    layer's map by the mean gradient of the class score over it, sum, keep the positive
    part, and upsample to the input size.
    """
    last_conv = [layer for layer in model.layers if type(layer).__name__ == "Conv2D"][-1]
    x = tf.convert_to_tensor(_batch(image))
    with tf.GradientTape() as tape:
        outputs = _probe(model)(x, training=False)
        maps, score = outputs[last_conv.name], outputs[model.layers[-1].name][0, class_index]
    gradients = tape.gradient(score, maps)[0]  # (h, w, channels)
    weights = tf.reduce_mean(gradients, axis=(0, 1))  # (channels,)
    cam = tf.nn.relu(tf.reduce_sum(maps[0] * weights, axis=-1))  # (h, w)
    cam = tf.image.resize(cam[..., tf.newaxis], (28, 28), method="bilinear")[..., 0].numpy()
    peak = cam.max()
    return cam / peak if peak > 0 else cam


def conv_cell(
    model: keras.Model,
    image: np.ndarray,
    channel: int,
    row: int,
    col: int,
    outputs: dict[str, np.ndarray] | None = None,
) -> dict:
    """Recompute one value of the first convolution's map by hand: y_ij = f(Σ x·w + b).

    Returns the input patch (k, k), the kernel (k, k), their products, the sum, the bias,
    the activation's name, `computed` = f(sum + bias) and `layer_value`, the value the
    layer itself returned at (row, col, channel); the two agree to float precision.
    """
    conv = first_layer(model, ("Conv2D",))
    kernel, bias = kernel_and_bias(conv)
    k, stride = conv.kernel_size[0], conv.strides[0]
    padded = np.asarray(image, dtype=np.float32)
    if conv.padding == "same":
        out_size = -(-28 // stride)
        total = max((out_size - 1) * stride + k - 28, 0)
        before = total // 2
        padded = np.pad(padded, ((before, total - before), (before, total - before)))
    top, left = row * stride, col * stride
    patch = padded[top : top + k, left : left + k]
    weights = kernel[:, :, 0, channel]
    products = patch * weights
    pre_activation = float(products.sum() + bias[channel])
    activation = keras.activations.get(conv.activation)
    computed = float(np.asarray(activation(np.array([pre_activation], dtype=np.float32)))[0])
    outputs = outputs if outputs is not None else layer_outputs(model, image)
    layer_value = float(outputs[conv.name][row, col, channel])
    return {
        "layer": conv.name,
        "patch": patch,
        "kernel": weights,
        "products": products,
        "sum": float(products.sum()),
        "bias": float(bias[channel]),
        "pre_activation": pre_activation,
        "activation": conv.activation.__name__ if callable(conv.activation) else str(conv.activation),
        "computed": computed,
        "layer_value": layer_value,
    }


def pool_window(
    model: keras.Model,
    image: np.ndarray,
    channel: int,
    row: int,
    col: int,
    outputs: dict[str, np.ndarray] | None = None,
) -> dict | None:
    """The window the first pooling layer reduces at (row, col, channel), or None if there
    is no pooling layer.

    Returns the window (p, p) from the pooling layer's input, its maximum or mean as
    `computed`, the position of the maximum, and `layer_value` from the layer itself.
    """
    pool = first_layer(model, POOL_LAYERS)
    if pool is None:
        return None
    source = model.layers[model.layers.index(pool) - 1].name
    outputs = outputs if outputs is not None else layer_outputs(model, image)
    size = pool.pool_size[0]
    window = outputs[source][row * size : (row + 1) * size, col * size : (col + 1) * size, channel]
    is_max = type(pool).__name__ == "MaxPooling2D"
    return {
        "layer": pool.name,
        "source": source,
        "kind": "max" if is_max else "average",
        "window": window,
        "argmax": tuple(int(i) for i in np.unravel_index(np.argmax(window), window.shape)),
        "computed": float(window.max() if is_max else window.mean()),
        "layer_value": float(outputs[pool.name][row, col, channel]),
    }
