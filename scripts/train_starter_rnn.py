"""Train the RNN page's starter model from the embedded IMDB reviews and save it.

    python scripts/train_starter_rnn.py [--seed 42]

It trains the page's recommended network exactly as the page does (the same split,
vocabulary, training job and seed), prints the accuracy on the embedded test split,
then writes `assets/models/rnn_starter.keras` and `rnn_starter.json` (config, vocabulary
and figures).
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import keras  # noqa: E402

from core.data import imdb  # noqa: E402
from core.inspection.evaluation import is_positive  # noqa: E402
from core.jobs.review_job import new_rnn_job as new_job  # noqa: E402
from core.models.starter import STARTER_RNN_CONFIG, STARTER_RNN_PATH  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=STARTER_RNN_CONFIG.seed)
    parser.add_argument("--out", type=Path, default=STARTER_RNN_PATH)
    args = parser.parse_args()

    config = dataclasses.replace(STARTER_RNN_CONFIG, seed=args.seed)
    job = new_job(config, imdb.load_embedded())
    started = time.perf_counter()
    progress = job.follow(lambda row, _: print(f"epoch {row['epoch']}/{config.epochs}  {row}", flush=True))
    if progress.test_probabilities is None:
        sys.exit(f"training did not finish: {progress.status} {progress.message}")
    x_test, y_test = job.test
    accuracy = float((is_positive(progress.test_probabilities.reshape(-1)) == y_test).mean())
    print(f"training time: {progress.elapsed:.0f} s ({time.perf_counter() - started:.0f} s with setup)")
    print(f"test accuracy (embedded test split, {len(y_test)} reviews): {accuracy:.4f}")

    args.out.parent.mkdir(parents=True, exist_ok=True)
    # Saved without the optimizer's state, which only resuming training would need.
    model = keras.Model.from_config(job.model.get_config())
    model.set_weights(job.model.get_weights())
    model.save(args.out)
    meta = {
        "config": dataclasses.asdict(job.meta["config"]),
        "test_accuracy": round(accuracy, 4),
        "test_reviews": int(len(y_test)),
        "training_seconds": round(progress.elapsed, 1),
        "epochs_log": progress.epochs_log,
        "vocabulary": job.meta["vocabulary"].words[2:],
    }
    args.out.with_suffix(".json").write_text(json.dumps(meta, ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"saved {args.out} and {args.out.with_suffix('.json').name}")


if __name__ == "__main__":
    main()
