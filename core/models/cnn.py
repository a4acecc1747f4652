"""The CNN page's model builder: a valid `CNNConfig` (core.config.cnn) as a compiled Keras
model for 28×28×1 digit images.

The layers are the exported script's own (`build_model` of `core.script_templates.cnn`),
so a script builds the very network the page shows; this module adds the config's checks
and compiling for the run's length.
"""

from __future__ import annotations

import dataclasses

import keras

from core.config.cnn import CNNConfig, validate
from core.models.compiling import compile_model
from core.script_templates import cnn


def build_model(config: CNNConfig, train_examples: int | None = None) -> keras.Model:
    """A compiled functional model for 28×28×1 images in [0, 1] giving 10 probabilities.

    Layer names are stable (`conv1`, `bn1`, `pool1`, `dense1`, `probabilities`…) so that
    introspection can find them. Every random draw is seeded from `config.seed`.
    Raises ValueError with a student-facing message for a stack that cannot be built.
    """
    validate(config)
    model = cnn.build_model(dataclasses.asdict(config))
    return compile_model(model, config, loss="sparse_categorical_crossentropy", train_examples=train_examples)
