"""Training time and test figures of the Transformer page's networks on 2 CPU cores.

Each network is trained exactly as the page trains it (`core.jobs.review_job.new_classifier_job`
or `core.jobs.translation_job.new_translation_job`, then `job.start()` + `job.join()`):

- classifier: the recommended config (`core.config.transformer.RECOMMENDED["classify"]`, also the
  starter's) on the embedded IMDB reviews, the RNN page's split; test accuracy on its
  1,000 test reviews. Target: >= 0.85 in < 180 s of training.
- translator: the recommended config (also the starter's) on Multi30k's 29,000 pairs.
  After every epoch the job itself translates the 1,014 validation sentences (greedy) and
  scores them with sacreBLEU; this prints that BLEU, the time so far and the first sample,
  so you see when the output turns sensible. Then the test 2016 BLEU (greedy, lower-cased).
  Targets: sensible output within 5 minutes; the starter >= 25 BLEU.

Run from the repository root (the translator takes a while: see the README's figures):

    python bench/transformer_training.py [--only classify|translate] [--seeds 42 43] [--stop-after 2]
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

import numpy as np  # noqa: E402

from core.config import transformer
from core.data import imdb, multi30k
from core.jobs.review_job import new_classifier_job
from core.jobs.translation_job import new_translation_job
from core.models import decoding


def describe(config: transformer.TransformerConfig) -> str:
    layers = f"{config.num_encoder_layers} encoder"
    if config.task == "translate":
        layers += f" + {config.num_decoder_layers} decoder"
    return (f"{layers} blocks, width {config.embed_dim}, {config.num_heads} heads, feed-forward "
            f"{config.ff_dim}, max length {config.max_length}, dropout {config.dropout_rate}, "
            f"batch {config.batch_size}, {config.epochs} epochs, {config.optimizer} {config.learning_rate} "
            f"{config.lr_schedule}, seed {config.seed}")  # fmt: skip


def run(job, epochs: int, stop_after: int | None = None) -> None:
    def show(row: dict, progress) -> None:
        line = (
            f"    epoch {row['epoch']}/{epochs} at {progress.elapsed:6.1f} s: val loss {row['val_loss']:.3f}"
        )
        if "val_bleu" in row:
            line += f", val BLEU {row['val_bleu']:5.2f}, sample: {row['samples'][0]!r}"
        else:
            line += f", val accuracy {row['val_accuracy']:.3f}"
        print(line, flush=True)
        if stop_after and row["epoch"] >= stop_after:
            job.stop()

    job.follow(show)


def classify(seed: int) -> None:
    config = dataclasses.replace(transformer.RECOMMENDED["classify"], seed=seed)
    print(f"classifier: {describe(config)}")
    job = new_classifier_job(config, imdb.load_embedded())
    print(f"  {job.model.count_params():,} parameters, {job.train_size:,} training reviews")
    run(job, config.epochs)
    progress = job.snapshot()
    accuracy = float(np.mean((progress.test_probabilities.reshape(-1) > 0.5) == job.test[1]))
    met = accuracy >= 0.85 and progress.elapsed < 180
    print(f"  seed {seed}: training {progress.elapsed:.1f} s, test accuracy {accuracy:.4f} "
          f"(target >= 0.85 in < 180 s: {'met' if met else 'NOT met'})")  # fmt: skip


def translate(seed: int, stop_after: int | None) -> None:
    config = dataclasses.replace(transformer.RECOMMENDED["translate"], seed=seed)
    print(f"translator: {describe(config)}")
    job = new_translation_job(config, multi30k.load_multi30k())
    print(f"  {job.model.count_params():,} parameters, {job.train_size:,} training pairs")
    run(job, config.epochs, stop_after)
    progress = job.snapshot()
    if stop_after:
        print(f"  seed {seed}: stopped after {progress.epoch} epochs, {progress.elapsed:.1f} s of training "
              f"(validation BLEU after each epoch included)")  # fmt: skip
        return
    test = multi30k.load("test_2016_flickr")
    started = time.perf_counter()
    hypotheses = decoding.translate_many(
        job.model, job.meta["source"], job.meta["target"], test.english, config.max_length
    )
    seconds = time.perf_counter() - started
    bleu = decoding.bleu(hypotheses, test.german)
    print(f"  seed {seed}: training {progress.elapsed:.1f} s (validation BLEU after each epoch included), "
          f"test 2016 BLEU {bleu:.2f} (greedy; {seconds:.1f} s for {len(test)} sentences)")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", choices=("classify", "translate"))
    parser.add_argument("--seeds", type=int, nargs="+", default=[42])
    parser.add_argument(
        "--stop-after",
        type=int,
        help="stop the translator after this many epochs (its first minutes in a class)",
    )
    args = parser.parse_args()
    print(f"{os.cpu_count()} CPU cores, load average {os.getloadavg()[0]:.2f}")
    for seed in args.seeds:
        if args.only in (None, "classify"):
            classify(seed)
        if args.only in (None, "translate"):
            translate(seed, args.stop_after)


if __name__ == "__main__":
    main()
