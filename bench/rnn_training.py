"""Training time and accuracy of the RNN page's networks on the embedded IMDB reviews.

Two networks are trained exactly as the page trains them: `core.jobs.review_job.new_rnn_job(config,
data)` (the run's stratified split, a vocabulary built from its training reviews, every
review encoded with it, the compiled model) then `job.start()` + `job.join()`, on the
embedded 5,000 reviews (`core.data.imdb.load_embedded`: a fixed 1,000-review test split, the
rest split into training and validation by the config):

* recommended: the page's default `core.config.rnn.RECOMMENDED` (bidirectional GRU 32, mean
  over the words, 400 words per review, dropout 0.3, 3 epochs, learning rate decaying to zero);
* classic:     the textbook preset `core.config.rnn.CLASSIC` (Embedding 128, SimpleRNN 128,
  last state, 100 words per review, 5 epochs).

They run one after the other, each once per `--seeds` value (default: the config's own
seed, 42). For every run: epochs, training seconds (`Progress.elapsed`: from `start()` to
the last batch, pauses excluded; graph tracing is included, as on the page, and the
vocabulary and encoding before the job are not), examples/s (examples seen / elapsed),
validation accuracy after every epoch, held-out test accuracy (the job's
`test_probabilities` > 0.5 against the test labels) and the parameter count. Then a
comparison of the two. Target (the issue): the recommended preset reaches >= 0.85 test
accuracy in < 180 s of training on 2 CPU cores. Training shares the CPU with anything else
running, so take the figures on an idle machine (the load average is printed).

`--epochs` and `--train-size` override both configs, for quick checks only: the target
is about the configs as they are.

Run from the repository root:

    python bench/rnn_training.py [--only recommended|classic] [--seeds 42 43 44] [--threads N]
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402

from core.config import rnn
from core.data import imdb
from core.jobs.review_job import new_rnn_job as new_job

TARGET_ACCURACY, TARGET_SECONDS, TARGET_CORES = 0.85, 180.0, 2
CONFIGS = {"recommended": rnn.RECOMMENDED, "classic": rnn.CLASSIC}
LABELS = {
    "recommended": "recommended preset (bidirectional GRU 32, mean, 400 words, cosine)",
    "classic": "classic SimpleRNN (SimpleRNN 128, last state, 100 words)",
}


def describe(config: rnn.RNNConfig) -> str:
    cell = f"{'bi-' if config.bidirectional else ''}{config.cell} {config.units}"
    return (f"{cell} x{config.num_layers}, pooling {config.pooling}, embed {config.embed_dim}, "
            f"{config.sequence_length} words, dropout {config.dropout_rate}, batch {config.batch_size}, "
            f"{config.epochs} epochs, seed {config.seed}")  # fmt: skip


def train_once(config: rnn.RNNConfig, data: imdb.ReviewData) -> dict:
    """One page-style run of `config`: new_job, start, join; its figures."""
    prepare_start = time.perf_counter()
    job = new_job(config, data)
    prepare = time.perf_counter() - prepare_start
    wall_start, cpu_start = time.perf_counter(), time.process_time()
    job.start().join()
    wall, cpu = time.perf_counter() - wall_start, time.process_time() - cpu_start
    progress = job.snapshot()
    if progress.status != "finished":
        print(f"  warning: the job ended as {progress.status}: {progress.message}")
    accuracy = float("nan")
    if progress.test_probabilities is not None:
        predicted = np.asarray(progress.test_probabilities).reshape(-1) > 0.5
        accuracy = float(np.mean(predicted == (np.asarray(job.test[1]) == 1)))
    return {
        "seed": config.seed,
        "epochs": progress.epoch,
        "train_size": job.train_size,
        "seconds": progress.elapsed,
        "rate": progress.seen / progress.elapsed if progress.elapsed > 0 else 0.0,
        "val": [row.get("val_accuracy", float("nan")) for row in progress.epochs_log],
        "test": accuracy,
        "params": job.model.count_params(),
        "vocabulary": len(job.meta["vocabulary"]),
        "prepare": prepare,
        "wall": wall,
        "cpu": cpu,
    }


def print_run(run: dict) -> None:
    val = " ".join(f"{value:.3f}" for value in run["val"])
    print(f"  seed {run['seed']}: {run['epochs']} epochs on {run['train_size']} reviews, "
          f"{run['seconds']:6.1f} s training, {run['rate']:5.0f} examples/s, "
          f"test accuracy {run['test']:.3f}")  # fmt: skip
    print(f"           validation accuracy per epoch: {val}")
    print(f"           {run['params']:,} parameters (vocabulary {run['vocabulary']:,}); "
          f"encoding and build before start {run['prepare']:.1f} s; start-to-join {run['wall']:.1f} s wall, "
          f"{run['cpu']:.1f} CPU-s")  # fmt: skip


def spread(runs: list[dict], key: str, fmt: str) -> str:
    values = [run[key] for run in runs]
    if len(values) == 1:
        return format(values[0], fmt)
    return (f"median {format(statistics.median(values), fmt)} "
            f"(min {format(min(values), fmt)}, max {format(max(values), fmt)})")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", choices=tuple(CONFIGS), help="train just this network")
    parser.add_argument("--seeds", type=int, nargs="+", help="seeds to train each network with "
                        "(default: the config's own seed)")  # fmt: skip
    parser.add_argument("--threads", type=int, help="TensorFlow intra- and inter-op threads "
                        "(default: TensorFlow's own choice)")  # fmt: skip
    parser.add_argument("--epochs", type=int, help="override the configs' epochs (quick checks only)")
    parser.add_argument(
        "--train-size", type=int, help="override the training reviews used (quick checks only)"
    )
    args = parser.parse_args()

    if args.threads:  # before TensorFlow runs its first op
        tf.config.threading.set_intra_op_parallelism_threads(args.threads)
        tf.config.threading.set_inter_op_parallelism_threads(args.threads)
    overrides = {"epochs": args.epochs, "train_size": args.train_size}
    overrides = {key: value for key, value in overrides.items() if value is not None}
    names = [args.only] if args.only else list(CONFIGS)

    data = imdb.load_embedded()
    affinity = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else "?"
    threads = args.threads or "TensorFlow default"
    print(f"{len(data.texts_pool)} training + validation reviews, {len(data.texts_test)} test reviews; "
          f"CPU cores: os.cpu_count() {os.cpu_count()}, usable by this process {affinity}; "
          f"threads {threads}; TensorFlow {tf.__version__}; "
          f"load average {os.getloadavg()[0]:.2f}")  # fmt: skip
    if overrides:
        print(f"quick check, configs overridden with {overrides}: figures are NOT comparable to the target")

    results: dict[str, list[dict]] = {}
    for name in names:
        base = dataclasses.replace(CONFIGS[name], **overrides)
        print(f"\n{LABELS[name]}: {describe(base)}")
        results[name] = []
        for seed in args.seeds or [base.seed]:
            run = train_once(dataclasses.replace(base, seed=seed), data)
            print_run(run)
            results[name].append(run)

    print("\n=== RNN training on the embedded IMDB set ===")
    for name, runs in results.items():
        print(f"{name:11s}: test accuracy {spread(runs, 'test', '.3f')}, "
              f"training {spread(runs, 'seconds', '.1f')} s, {spread(runs, 'rate', '.0f')} examples/s, "
              f"{runs[0]['epochs']} epochs, {runs[0]['params']:,} parameters")  # fmt: skip
    if "recommended" in results:
        runs = results["recommended"]
        met = sum(run["test"] >= TARGET_ACCURACY and run["seconds"] < TARGET_SECONDS for run in runs)
        print(f"target (recommended): test accuracy >= {TARGET_ACCURACY} in < {TARGET_SECONDS:.0f} s "
              f"of training on {TARGET_CORES} CPU cores -> met by {met} of {len(runs)} run(s)"
              f"{'' if not overrides else ' (quick-check overrides: not the real test)'}")  # fmt: skip
    if len(results) == 2:
        rec, classic = results["recommended"], results["classic"]

        def median(runs: list[dict], key: str) -> float:
            return statistics.median(run[key] for run in runs)

        print(f"recommended vs classic: test accuracy {median(rec, 'test'):.3f} vs "
              f"{median(classic, 'test'):.3f} "
              f"({median(rec, 'test') - median(classic, 'test'):+.3f}), training "
              f"{median(rec, 'seconds'):.1f} s vs {median(classic, 'seconds'):.1f} s "
              f"(x{median(rec, 'seconds') / median(classic, 'seconds'):.2f}), parameters "
              f"{rec[0]['params']:,} vs {classic[0]['params']:,}")  # fmt: skip
    print(f"load average after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
