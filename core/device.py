"""What TensorFlow computes on here, for the sidebar."""

from __future__ import annotations

import os

from core import tensorflow_runtime
from core.i18n import Message


def describe_device() -> Message:
    """'GPU: <names>' when TensorFlow sees a GPU, else 'CPU (n cores)', as a message: it is
    found once for the whole server and read in each person's language.

    Raises tensorflow_runtime.TensorFlowUnavailable when TensorFlow cannot be imported.
    """
    # TensorFlow loads here, on first use, so pages that draw no model appear before it does;
    # through the guard, since a page script may be importing it in another thread right now.
    tensorflow_runtime.load()
    import tensorflow as tf

    gpus = tf.config.list_physical_devices("GPU")
    if gpus:
        return Message("sidebar.device_gpu", {"names": ", ".join(gpu.name.split(":", 1)[-1] for gpu in gpus)})
    return Message("sidebar.device_cpu", {"count": os.cpu_count() or 1})
