"""Train the Transformer page's starter models and save them.

    python scripts/train_starter_transformer.py --task classify [--seed 42]
    python scripts/train_starter_transformer.py --task translate [--seed 42]

Each is trained exactly as the page trains a network (the same data, vocabularies,
training job and seed). The classifier's accuracy on the embedded IMDB test split, or
the translator's BLEU on Multi30k test 2016 (greedy decoding, sacreBLEU, lower-cased),
is printed, and the model is written to `assets/models/transformer_<task>_starter.keras`
with a `.json` beside it (config, vocabularies and figures).
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

from core.data import imdb, multi30k  # noqa: E402
from core.inspection.evaluation import is_positive  # noqa: E402
from core.jobs.review_job import new_classifier_job  # noqa: E402
from core.jobs.translation_job import new_translation_job  # noqa: E402
from core.models import decoding  # noqa: E402
from core.models.starter import STARTER_TRANSFORMER_CONFIGS, STARTER_TRANSFORMER_PATHS  # noqa: E402


def train(job, epochs: int):
    started = time.perf_counter()

    def show(row: dict, progress) -> None:
        figures = {key: value for key, value in row.items() if key != "samples"}
        print(f"epoch {row['epoch']}/{epochs} after {progress.elapsed:.0f} s  {figures}", flush=True)

    progress = job.follow(show)
    if progress.status != "finished":
        sys.exit(f"training did not finish: {progress.status} {progress.message}")
    print(f"training time: {progress.elapsed:.0f} s ({time.perf_counter() - started:.0f} s with setup)")
    return progress


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--task", choices=("classify", "translate"), required=True)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--set", default="{}", help="JSON of config fields to change, for experiments")
    parser.add_argument("--out", type=Path, help="default: the page's starter path for the task")
    args = parser.parse_args()
    config = dataclasses.replace(
        STARTER_TRANSFORMER_CONFIGS[args.task], seed=args.seed, **json.loads(args.set)
    )
    out = args.out or STARTER_TRANSFORMER_PATHS[args.task]
    print(config)

    if args.task == "classify":
        job = new_classifier_job(config, imdb.load_embedded())
        progress = train(job, config.epochs)
        _, y_test = job.test
        accuracy = float((is_positive(progress.test_probabilities.reshape(-1)) == y_test).mean())
        print(f"test accuracy (embedded test split, {len(y_test)} reviews): {accuracy:.4f}")
        figures = {"test_accuracy": round(accuracy, 4), "test_reviews": int(len(y_test))}
        vocabularies = {"vocabulary": job.meta["vocabulary"].words[2:]}
    else:
        job = new_translation_job(config, multi30k.load_multi30k())
        progress = train(job, config.epochs)
        test = multi30k.load("test_2016_flickr")
        started = time.perf_counter()
        source, target = job.meta["source"], job.meta["target"]
        hypotheses = decoding.translate_many(job.model, source, target, test.english, config.max_length)
        bleu = decoding.bleu(hypotheses, test.german)
        print(f"greedy translation of {len(test)} test sentences: {time.perf_counter() - started:.1f} s")
        print(f"test BLEU (Multi30k test 2016, sacreBLEU, lower-cased, greedy): {bleu:.2f}")
        for english, german in list(zip(test.english, hypotheses))[:5]:
            print(f"  {english}\n    → {german}")
        figures = {"test_bleu": round(bleu, 2), "test_sentences": len(test)}
        vocabularies = {"source": source.words[2:], "target": target.words[2:]}

    out.parent.mkdir(parents=True, exist_ok=True)
    # Saved without the optimizer's state, which only resuming training would need.
    model = keras.Model.from_config(job.model.get_config())
    model.set_weights(job.model.get_weights())
    model.save(out)
    log = [{k: v for k, v in row.items()} for row in progress.epochs_log]
    meta = {
        "config": dataclasses.asdict(job.meta["config"]),
        **figures,
        "training_seconds": round(progress.elapsed, 1),
        "epochs_log": log,
        **vocabularies,
    }
    out.with_suffix(".json").write_text(json.dumps(meta, ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"saved {out} and {out.with_suffix('.json').name}")


if __name__ == "__main__":
    main()
