"""The starter models shipped in `assets/models/`, so pages predict before any training.

Each is trained by a script in `scripts/` with a fixed seed; its `.json` beside it keeps
the configuration and the test figures that script printed.
"""

from __future__ import annotations

import json
from pathlib import Path

import keras

from core.config.cnn import CNNConfig, ConvBlock, DenseBlock
from core.config.rnn import RECOMMENDED
from core.config.transformer import CLASSIFY, TASKS, TRANSLATE, TransformerConfig
from core.config.transformer import RECOMMENDED as TRANSFORMER_RECOMMENDED
from core.data.text import Vocabulary

MODELS = Path(__file__).resolve().parents[2] / "assets" / "models"
STARTER_CNN_PATH = MODELS / "cnn_starter.keras"
STARTER_RNN_PATH = MODELS / "rnn_starter.keras"
STARTER_TRANSFORMER_PATHS = {task: MODELS / f"transformer_{task}_starter.keras" for task in TASKS}
# The page's recommended networks, so that what the starters show is what a person can train.
STARTER_TRANSFORMER_CONFIGS = dict(TRANSFORMER_RECOMMENDED)

# Wider than the classic network, with 'same' padding and batch norm, so that it
# reads drawn digits reliably; built by the same builder, so every view of the page works.
STARTER_CNN_CONFIG = CNNConfig(
    conv_blocks=[
        ConvBlock(filters=32, padding="same", batch_norm=True),
        ConvBlock(filters=64, padding="same", batch_norm=True),
        ConvBlock(filters=128, padding="same", batch_norm=True),
    ],
    dense_blocks=[DenseBlock(units=128, dropout_rate=0.3)],
    batch_size=64,
    seed=7,
)


def load_starter_cnn() -> tuple[keras.Model, dict]:
    """The starter CNN and its metadata (config, seed, test accuracy)."""
    model = keras.saving.load_model(STARTER_CNN_PATH, compile=False, safe_mode=True)
    meta = json.loads(STARTER_CNN_PATH.with_suffix(".json").read_text())
    return model, meta


# The page's recommended network, so that what the starter shows is what a person can train.
STARTER_RNN_CONFIG = RECOMMENDED


def load_starter_rnn() -> tuple[keras.Model, Vocabulary, dict]:
    """The starter RNN, the vocabulary it reads with, and its metadata (config, test accuracy)."""
    model = keras.saving.load_model(STARTER_RNN_PATH, compile=False, safe_mode=True)
    meta = json.loads(STARTER_RNN_PATH.with_suffix(".json").read_text(encoding="utf-8"))
    return model, Vocabulary(meta.pop("vocabulary")), meta


def load_starter_transformer(task: str) -> tuple[keras.Model, dict]:
    """The starter Transformer for `task` ('classify' or 'translate') and its metadata:
    `config` (a TransformerConfig), the vocabularies it reads and writes with
    (`vocabulary`, or `source` and `target`) and its test figure."""
    path = STARTER_TRANSFORMER_PATHS[task]
    model = keras.saving.load_model(path, compile=False, safe_mode=True)
    meta = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
    meta["config"] = TransformerConfig.from_dict(meta["config"])
    for name in ("vocabulary", "source", "target"):
        if name in meta:
            meta[name] = Vocabulary(meta[name])
    return model, meta


def load_starter_classify() -> tuple[keras.Model, dict]:
    """The starter review classifier (see `load_starter_transformer`)."""
    return load_starter_transformer(CLASSIFY)


def load_starter_translate() -> tuple[keras.Model, dict]:
    """The starter English→German translator (see `load_starter_transformer`)."""
    return load_starter_transformer(TRANSLATE)
