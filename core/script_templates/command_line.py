"""The command line: where the data is, where the model goes, and a quick-check mode."""

import argparse
from pathlib import Path


def parse_arguments(description: str, bleu: bool = False) -> argparse.Namespace:
    """The flags every script takes; `bleu` adds `--no-bleu` (the translator's)."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument(
        "--data-dir",
        type=Path,
        default=Path("assets/data"),
        help="folder holding the embedded data sets (default: assets/data in the current directory)",
    )
    parser.add_argument("--epochs", type=int, help="train this many epochs instead of CONFIG's")
    parser.add_argument(
        "--limit",
        type=int,
        help="a quick check: train on the first N training examples only, and use at most N "
        "validation and N test examples",
    )
    parser.add_argument("--out", type=Path, default=Path("model.keras"), help="where to save the model")
    if bleu:
        parser.add_argument("--no-bleu", action="store_true", help="skip translating the test set for BLEU")
    arguments = parser.parse_args()
    if arguments.epochs is not None and arguments.epochs < 1:
        parser.error("--epochs must be 1 or more")
    if arguments.limit is not None and arguments.limit < 1:
        parser.error("--limit must be 1 or more")
    return arguments


def settings(config: dict, arguments: argparse.Namespace) -> dict:
    """CONFIG with the command line's `--epochs`, if given."""
    config = dict(config)
    if arguments.epochs is not None:
        config["epochs"] = arguments.epochs
    return config
