"""What every architecture's builder shares: compiling with the optimizer and learning-rate
schedule a config names, and the layer table the pages show.

Compiling is the exported script's own (`core.script_templates.training`), so a script
trains with the app's optimizer and schedule; this module adds the student-facing message
for an optimizer the pages do not offer.
"""

from __future__ import annotations

import dataclasses

import keras

from core.config.checks import OPTIMIZERS, check_choice, field_name
from core.script_templates import training


def compile_model(
    model: keras.Model, config, loss, train_examples: int | None = None, accuracy="accuracy"
) -> keras.Model:
    """Compile `model` with the config's optimizer and learning rate, tracking accuracy.

    A 'cosine' schedule needs the run's length: it decays the rate from its value to zero
    over `epochs` passes over `train_examples`. Without `train_examples` (a preview that
    will not train) the rate stays. `accuracy` is the metric reported as accuracy (a
    translator's ignores padding).
    """
    check_choice(config.optimizer, OPTIMIZERS, field_name("", "optimizer"))
    return training.compile_model(model, dataclasses.asdict(config), loss, train_examples, accuracy)


def layer_table(model: keras.Model) -> list[dict]:
    """One row per layer: name, type, output shape (without the batch axis) and parameters."""
    rows = []
    for layer in model.layers:
        shape = layer.output.shape[1:]
        rows.append(
            {
                "layer": layer.name,
                "type": type(layer).__name__,
                "output_shape": " × ".join(str(d) for d in shape),
                "parameters": int(layer.count_params()),
            }
        )
    return rows
