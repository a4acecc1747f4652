"""What TensorFlow computes on here, for the sidebar."""

from __future__ import annotations

import os


def describe_device() -> str:
    """'GPU: <names>' when TensorFlow sees a GPU, else 'CPU (n cores)'."""
    import tensorflow as tf  # imported here, so pages that draw no model appear before it loads

    gpus = tf.config.list_physical_devices("GPU")
    if gpus:
        return "GPU: " + ", ".join(gpu.name.split(":", 1)[-1] for gpu in gpus)
    return f"CPU ({os.cpu_count()} cores)"
