"""Training throughput of the app's TrainingJob against a plain `model.fit`.

Both sides train a freshly built default network (`CNNConfig()`: the classic
Conv32-Pool-Conv64-Pool-Dense128-Dense10, Adam 1e-3, seed 42) on the same embedded
MNIST split, with the same batch size, epochs and validation data:

* plain: `model.fit(x_train, y_train, batch_size, epochs, validation_data, verbose=0)`;
* job:   `TrainingJob(...)` (tf.data pipeline plus a per-batch progress callback,
         run on a background thread), timed around `start()` + `join()`.

examples/s = epochs * n_train / wall-clock seconds. Before timing, each fresh model is
warmed up with a 1-epoch run on a 512-digit subset through the same path it is timed
with (plain fit, or a TrainingJob), so tracing its graph is not counted. The sides
alternate order over `--repeats` rounds; medians are reported, with each side's process
CPU time (all threads), which other load on the machine disturbs less than wall-clock.

Run from the repository root:

    python bench/train_throughput.py [--epochs 2] [--repeats 2]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

from core.config import cnn as cnn_config
from core.data import mnist
from core.jobs.training import TrainingJob
from core.models import cnn

WARM_SUBSET = 512  # examples of the 1-epoch warm-up that traces each model's graph


def timed(train) -> dict:
    """Wall-clock and process CPU seconds (all threads) of `train()`."""
    start, cpu_start = time.perf_counter(), time.process_time()
    train()
    return {"seconds": time.perf_counter() - start, "cpu": time.process_time() - cpu_start}


def plain_fit(model, split: mnist.Split, batch_size: int, epochs: int, n: int | None = None) -> None:
    model.fit(split.x_train[:n], split.y_train[:n], batch_size=batch_size, epochs=epochs,
              validation_data=(split.x_val[:n], split.y_val[:n]), verbose=0)  # fmt: skip


def make_job(model, split: mnist.Split, config: cnn_config.CNNConfig, epochs: int, n: int | None = None):
    train, validation = (split.x_train[:n], split.y_train[:n]), (split.x_val[:n], split.y_val[:n])
    return TrainingJob(
        model, train, validation, epochs=epochs, batch_size=config.batch_size, seed=config.seed, test=None
    )


def run_plain(config: cnn_config.CNNConfig, split: mnist.Split, epochs: int) -> dict:
    model = cnn.build_model(config)
    plain_fit(model, split, config.batch_size, 1, WARM_SUBSET)
    return timed(lambda: plain_fit(model, split, config.batch_size, epochs))


def run_job(config: cnn_config.CNNConfig, split: mnist.Split, epochs: int) -> dict:
    model = cnn.build_model(config)
    make_job(model, split, config, 1, WARM_SUBSET).start().join()
    job = make_job(model, split, config, epochs)
    result = timed(lambda: job.start().join())
    progress = job.snapshot()
    if progress.status != "finished":
        print(f"  warning: the job ended as {progress.status}: {progress.message}")
    return {**result, "reported_rate": progress.examples_per_second}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=2)
    parser.add_argument("--repeats", type=int, default=2)
    args = parser.parse_args()

    config = cnn_config.CNNConfig()
    data = mnist.load_embedded()
    split = mnist.make_split(data, config.validation_share, config.train_size, config.seed)
    examples = args.epochs * len(split.x_train)
    print(f"train {len(split.x_train)} / val {len(split.x_val)} digits, batch {config.batch_size}, "
          f"{args.epochs} epochs, {args.repeats} repeats; load average {os.getloadavg()[0]:.2f}")  # fmt: skip

    runs = {"plain": [], "job": []}
    for number in range(args.repeats):
        for side in ("plain", "job") if number % 2 == 0 else ("job", "plain"):
            result = (run_plain if side == "plain" else run_job)(config, split, args.epochs)
            result["rate"] = examples / result["seconds"]
            runs[side].append(result)
            print(f"  round {number + 1} {side:5s}: {result['seconds']:6.2f} s, "
                  f"{result['rate']:6.0f} examples/s, {result['cpu']:6.2f} CPU-s")  # fmt: skip

    def median(side: str, key: str) -> float:
        return statistics.median(r[key] for r in runs[side])

    print("\n=== Training throughput (median over repeats) ===")
    for side, label in (("plain", "plain model.fit       "), ("job", "TrainingJob wall-clock")):
        print(f"{label} : {median(side, 'rate'):6.0f} examples/s ({median(side, 'seconds'):.2f} s)")
    print(f"TrainingJob reported   : {median('job', 'reported_rate'):6.0f} examples/s (its own figure)")
    print(f"ratio job / plain      : {median('job', 'rate') / median('plain', 'rate'):6.3f} (target >= 0.95)")
    plain_cpu, job_cpu = median("plain", "cpu"), median("job", "cpu")
    print(f"process CPU time       : plain {plain_cpu:.2f} s, job {job_cpu:.2f} s, "
          f"job / plain {job_cpu / plain_cpu:.3f} (other load disturbs it less)")  # fmt: skip
    print(f"load average after     : {os.getloadavg()[0]:6.2f}")


if __name__ == "__main__":
    main()
