"""What the runs page shows of a recorded run: a table row, a one-line summary of its
settings, its test figure, and its metrics as CSV."""

from __future__ import annotations

import csv
import io
from datetime import datetime

from core import i18n, kinds
from core.config.rnn import CELL_CLASSES
from core.i18n import t
from core.runs.run_record import Run

# Columns of a run's metrics CSV, in order; per-epoch extras (a translator's BLEU) follow.
METRIC_COLUMNS = ("epoch", "loss", "accuracy", "val_loss", "val_accuracy")
CSV_HEADERS = {f"csv.{key}" for key in (*METRIC_COLUMNS, "val_bleu")}  # named in the catalogue


def settings_text(config) -> str:
    """The network and its training in one short line, e.g.
    'Conv32-Pool · Conv64-Pool · Dense128 · adam 0.001 · 5 epochs'; `config` is a kind's
    config dataclass."""
    layers = kinds.of(config).settings_text(config)
    epochs = t("summary.epochs", count=config.epochs)
    training = f"{config.optimizer} {config.learning_rate:g} · {epochs}"
    return " · ".join([*layers, training])


def cnn_settings(config) -> list[str]:
    return [
        f"Conv{block.filters}" + ("-Pool" if block.pooling != "none" else "") for block in config.conv_blocks
    ] + [f"Dense{block.units}" for block in config.dense_blocks]


def rnn_settings(config) -> list[str]:
    cell = CELL_CLASSES.get(config.cell, config.cell)
    direction = "Bi" if config.bidirectional else ""
    return [
        f"Embed{config.embed_dim}",
        f"{config.num_layers}×{direction}{cell}{config.units}",
        t("summary.words", count=config.sequence_length),
    ]


def transformer_settings(config) -> list[str]:
    blocks = t("summary.encoders", count=config.num_encoder_layers)
    if config.decodes:
        blocks += " + " + t("summary.decoders", count=config.num_decoder_layers)
    return [blocks, t("summary.width", width=config.embed_dim), t("summary.heads", count=config.num_heads)]


def readable_config(run: Run):
    """The run's config dataclass, or None when this version of the app cannot read it."""
    try:
        return kinds.config_of(run.kind, run.config)
    except ValueError:
        return None


def summary(run: Run) -> str:
    """`settings_text` of the run, or a note that its settings cannot be read."""
    config = readable_config(run)
    return settings_text(config) if config is not None else t("runs.settings_unreadable")


def test_figure(run: Run) -> tuple[str, float] | None:
    """('accuracy', 0.97) or ('bleu', 30.2): the run's test figure, None until it has one."""
    if run.test.get("test_accuracy") is not None:
        return "accuracy", float(run.test["test_accuracy"])
    if run.test.get("test_bleu") is not None:
        return "bleu", float(run.test["test_bleu"])
    return None


def table_row(run: Run) -> dict:
    """One row of the runs table: plain values, so the table sorts them as numbers."""
    figure = test_figure(run)
    last = run.epochs[-1] if run.epochs else {}
    return {
        "id": run.id,
        "started": datetime.fromtimestamp(run.started),
        "kind": run.kind,
        "status": run.status,
        "settings": summary(run),
        "epochs": f"{len(run.epochs)}/{run.epochs_planned}",
        "parameters": run.parameters,
        "val_accuracy": last.get("val_accuracy"),
        "test_accuracy": figure[1] if figure and figure[0] == "accuracy" else None,
        "test_bleu": figure[1] if figure and figure[0] == "bleu" else None,
        "seconds": run.training_seconds,
        "train_examples": run.split.get("train"),
        "seed": run.seed,
    }


def metrics_csv(run: Run) -> str:
    """The run's per-epoch metrics as CSV, one row per epoch (sample translations left out),
    under column names in the reader's language (in English, the metrics' own names)."""
    extras = sorted(
        {key for row in run.epochs for key in row if key not in METRIC_COLUMNS and key != "samples"}
    )
    columns = [*METRIC_COLUMNS, *extras]
    header = [t(f"csv.{key}") if f"csv.{key}" in CSV_HEADERS else key for key in columns]
    out = io.StringIO()
    if not all(name.isascii() for name in header):
        out.write("\ufeff")  # a byte-order mark: how Excel knows the file is UTF-8
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    for row in run.epochs:
        writer.writerow([row.get(key, "") for key in columns])
    return out.getvalue()


def run_label(run: Run) -> str:
    """A short name for charts: kind, start time and the id's first characters."""
    return f"{t(f'runs.kind.{run.kind}')} · {i18n.date_time(run.started)} · {run.id[:6]}"
