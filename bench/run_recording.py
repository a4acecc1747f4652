"""What recording a run costs: the per-epoch model save, and a whole recorded run against
an unrecorded one and against plain Keras.

1. For each page's recommended network (the starters' configs), the time of one
   atomic save of the model with its vocabularies (`core.runs.model_saving.save`, what the
   recorder does after every epoch) and the file's size; median of `--saves` saves.
2. The classic CNN (`CNNConfig()`) trained `--epochs` epochs on the embedded
   digits three ways, alternating over `--repeats` rounds, each on a freshly built model
   warmed up on 512 digits first: plain `model.fit`, a `TrainingJob`, and a `TrainingJob`
   recorded in a fresh registry (SQLite rows plus a model save after every epoch).
   Medians of wall-clock seconds, and the ratios between them.
3. The runs page's listing query over `--runs` recorded runs of 10 epochs each.

Run from the repository root:

    python bench/run_recording.py [--epochs 3] [--repeats 2] [--saves 5] [--runs 1000]
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

from core.config import cnn as cnn_config
from core.data import mnist
from core.jobs.cnn_job import new_job
from core.kinds import config_of
from core.models import cnn, starter
from core.runs import model_saving, recording
from core.runs.store import RunRegistry

WARM_SUBSET = 512


def save_costs(saves: int) -> None:
    print("Per-epoch save (model + vocabularies, temporary file then rename):")
    models = {"cnn": starter.load_starter_cnn()[0]}
    rnn_model, vocabulary, meta = starter.load_starter_rnn()
    models["rnn"] = rnn_model
    metas = {
        "cnn": {"config": starter.STARTER_CNN_CONFIG},
        "rnn": {"config": meta["config"], "vocabulary": vocabulary},
    }
    for task in ("classify", "translate"):
        model, meta = starter.load_starter_transformer(task)
        models[f"transformer.{task}"], metas[f"transformer.{task}"] = model, meta
    with tempfile.TemporaryDirectory() as directory:
        for page, model in models.items():
            info = model_saving.info_for(page, config_of(page, _as_dict(metas[page]["config"])), metas[page])
            path = Path(directory) / f"{page}.keras"
            seconds = []
            for _ in range(saves):
                start = time.perf_counter()
                model_saving.save(model, path, info)
                seconds.append(time.perf_counter() - start)
            median, megabytes = 1000 * statistics.median(seconds), path.stat().st_size / 1e6
            print(
                f"  {page:<22} {model.count_params():>10,} parameters   "
                f"save p50 {median:7.1f} ms   file {megabytes:6.2f} MB"
            )


def listing_cost(count: int) -> None:
    """How long the runs page's query takes with `count` recorded runs of 10 epochs each."""
    with tempfile.TemporaryDirectory() as directory:
        registry = RunRegistry(directory)
        config = _as_dict(cnn_config.CNNConfig())
        for number in range(count):
            run_id = f"{number:032x}"
            registry.create(
                run_id,
                "cnn",
                config,
                dataset="mnist-10k",
                split={"train": 7200, "validation": 800, "test": 2000},
                seed=number,
                parameters=225_034,
                epochs_planned=10,
            )
            for epoch in range(1, 11):
                batches = [
                    {"step": step, "epoch": epoch, "loss": 0.1, "accuracy": 0.9} for step in range(113)
                ]
                registry.add_epoch(run_id, epoch, {"epoch": epoch, "loss": 0.1, "val_loss": 0.2}, batches)
            registry.finish(run_id, "finished", test={"test_accuracy": 0.98}, seconds=60.0)
        seconds = []
        for _ in range(5):
            start = time.perf_counter()
            runs = registry.runs()
            seconds.append(time.perf_counter() - start)
        size = (Path(directory) / "runs.sqlite").stat().st_size / 1e6
        print(
            f"\nListing {len(runs):,} runs of 10 epochs (the runs page's query): "
            f"p50 {1000 * statistics.median(seconds):.0f} ms; database {size:.1f} MB"
        )


def _as_dict(config) -> dict:
    return config if isinstance(config, dict) else dataclasses.asdict(config)


def timed(train) -> float:
    start = time.perf_counter()
    train()
    return time.perf_counter() - start


def run_plain(config: cnn_config.CNNConfig, split: mnist.Split, epochs: int) -> float:
    model = cnn.build_model(config, train_examples=len(split.x_train))
    fit = dict(batch_size=config.batch_size, verbose=0)
    model.fit(split.x_train[:WARM_SUBSET], split.y_train[:WARM_SUBSET], epochs=1, **fit)
    return timed(
        lambda: model.fit(
            split.x_train, split.y_train, epochs=epochs, validation_data=(split.x_val, split.y_val), **fit
        )
    )


def run_job(config: cnn_config.CNNConfig, data: mnist.DigitData, epochs: int, record: bool) -> float:
    job = new_job(dataclasses.replace(config, epochs=epochs), data)
    warm = new_job(dataclasses.replace(config, epochs=1, train_size=WARM_SUBSET), data)
    warm.model = job.model  # trace the timed model's graph first
    warm.start().join()
    if not record:
        return timed(lambda: job.start().join())
    with tempfile.TemporaryDirectory() as directory:
        registry = RunRegistry(directory)
        recording.RunRecorder(registry, "cnn").started(job)
        seconds = timed(lambda: job.start().join())
        run = registry.get(job.id)
        assert run.status == "finished" and run.saved_epoch == epochs, (run.status, run.saved_epoch)
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--repeats", type=int, default=2)
    parser.add_argument("--saves", type=int, default=5)
    parser.add_argument("--runs", type=int, default=1000, help="recorded runs for the listing figure")
    args = parser.parse_args()
    print(f"{os.cpu_count()} CPU cores")
    save_costs(args.saves)

    config = cnn_config.CNNConfig()
    data = mnist.load_embedded()
    split = mnist.make_split(data, config.validation_share, config.train_size, config.seed)
    times = {"plain fit": [], "job": [], "recorded job": []}
    for round_ in range(args.repeats):
        order = list(times) if round_ % 2 == 0 else list(reversed(times))
        for side in order:
            if side == "plain fit":
                times[side].append(run_plain(config, split, args.epochs))
            else:
                times[side].append(run_job(config, data, args.epochs, record=side == "recorded job"))
    print(f"\nClassic CNN, {len(split.x_train):,} digits, {args.epochs} epochs, {args.repeats} rounds:")
    medians = {side: statistics.median(values) for side, values in times.items()}
    for side, seconds in medians.items():
        print(f"  {side:<13} median {seconds:6.2f} s   ({', '.join(f'{s:.2f}' for s in times[side])})")
    print(f"  recorded job / job:       {medians['recorded job'] / medians['job']:.3f}")
    print(f"  recorded job / plain fit: {medians['recorded job'] / medians['plain fit']:.3f}")
    listing_cost(args.runs)


if __name__ == "__main__":
    main()
