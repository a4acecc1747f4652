"""Train the CNN page's starter model from the embedded MNIST digits and save it.

    python scripts/train_starter_cnn.py [--epochs 20] [--seed 7]

Every epoch sees a fresh drawn-like augmentation of the training digits (see
`core/data/augment.py`), so the model reads thin, thick, slanted, shaky, off-centre digits
drawn with a mouse, not only MNIST's. It prints the accuracy on the embedded test split
(raw MNIST digits, as published) and on the same test digits made drawn-like, then writes
`assets/models/cnn_starter.keras` and `cnn_starter.json` (config and figures).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import keras  # noqa: E402
import numpy as np  # noqa: E402

from core.data import mnist  # noqa: E402
from core.data.augment import augment_batch  # noqa: E402
from core.models import cnn  # noqa: E402
from core.models.starter import STARTER_CNN_CONFIG, STARTER_CNN_PATH  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=20)
    parser.add_argument("--seed", type=int, default=STARTER_CNN_CONFIG.seed)
    parser.add_argument("--out", type=Path, default=STARTER_CNN_PATH)
    args = parser.parse_args()

    keras.utils.set_random_seed(args.seed)
    config = STARTER_CNN_CONFIG
    data = mnist.load_embedded()
    train_idx, val_idx = mnist.stratified_indices(data.y_pool, config.validation_share, args.seed)
    x_train, y_train = data.x_pool[train_idx], data.y_pool[train_idx]
    x_val = mnist.to_model_input(data.x_pool[val_idx])
    y_val = data.y_pool[val_idx]
    x_test, y_test = mnist.to_model_input(data.x_test), data.y_test

    model = cnn.build_model(config)
    steps = args.epochs * int(np.ceil(len(x_train) / config.batch_size))
    schedule = keras.optimizers.schedules.CosineDecay(config.learning_rate, steps, alpha=0.02)
    model.compile(
        optimizer=keras.optimizers.Adam(schedule),
        loss="sparse_categorical_crossentropy",
        metrics=["accuracy"],
    )
    rng = np.random.default_rng(args.seed)
    started = time.perf_counter()
    for epoch in range(args.epochs):
        x_epoch = augment_batch(x_train, rng)[..., np.newaxis]
        history = model.fit(
            x_epoch,
            y_train,
            batch_size=config.batch_size,
            epochs=epoch + 1,
            initial_epoch=epoch,
            validation_data=(x_val, y_val),
            verbose=0,
        )
        logs = {k: round(v[-1], 4) for k, v in history.history.items()}
        print(f"epoch {epoch + 1:2d}/{args.epochs}  {logs}  {time.perf_counter() - started:.0f}s", flush=True)
    training_seconds = time.perf_counter() - started

    test_accuracy = float(model.evaluate(x_test, y_test, verbose=0)[1])
    drawn_test = augment_batch(data.x_test, np.random.default_rng(12345), share=1.0)[..., np.newaxis]
    drawn_accuracy = float(model.evaluate(drawn_test, y_test, verbose=0)[1])
    print(f"test accuracy (embedded test split, {len(y_test)} digits): {test_accuracy:.4f}")
    print(f"test accuracy on the same digits made drawn-like: {drawn_accuracy:.4f}")

    args.out.parent.mkdir(parents=True, exist_ok=True)
    model.save(args.out)
    meta = {
        "config": json.loads(config.to_json()),
        "seed": args.seed,
        "epochs": args.epochs,
        "test_accuracy": round(test_accuracy, 4),
        "drawn_like_test_accuracy": round(drawn_accuracy, 4),
        "test_digits": int(len(y_test)),
        "training_seconds": round(training_seconds, 1),
        "keras": keras.__version__,
    }
    meta_path = args.out.with_suffix(".json")
    meta_path.write_text(json.dumps(meta, indent=2) + "\n")
    print(f"saved {args.out} and {meta_path}")


if __name__ == "__main__":
    main()
