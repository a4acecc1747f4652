"""How often threads that import TensorFlow at once break it, without and with the guard.

Each repetition starts a fresh interpreter, where TensorFlow is not imported yet, and releases
8 threads at once: even ones enter TensorFlow as the sidebar does, odd ones as the pages do
(by the app's modules that import Keras), and then every thread uses what it imported
(tests/core/tensorflow_race.py, the same child the guarded test runs). "unguarded" imports
directly; "guarded" goes through core.tensorflow_runtime first. Per mode it prints how many
interpreters had at least one failing thread, how many threads failed in all, and the kinds of
error counted over those threads, each with one example.

Run from the repository root:

    python bench/import_race.py [--interpreters 10] [--modes unguarded guarded]
"""

from __future__ import annotations

import argparse
import collections
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests" / "core"))

from tensorflow_race import MODES, THREADS, race  # noqa: E402

# The errors seen when the race breaks TensorFlow, by a piece of their message; anything else
# is counted under its exception type.
KINDS = (
    ("deadlock detected", "import deadlock detected"),
    ("Registering two", "gradient registered twice"),
    ("DatasetV2", "dataset_ops without DatasetV2"),
    ("partially initialized", "partially initialized module"),
)


def kind_of(error: str) -> str:
    """The kind of one thread's error ("Type: message")."""
    for piece, kind in KINDS:
        if piece in error:
            return kind
    return error.split(":", 1)[0]


def measure(mode: str, interpreters: int) -> None:
    failing_interpreters = 0
    failed_threads = 0
    kinds: collections.Counter[str] = collections.Counter()
    examples: dict[str, str] = {}
    start = time.perf_counter()
    for _ in range(interpreters):
        errors = race(mode)
        failing_interpreters += bool(errors)
        failed_threads += len(errors)
        for error in errors:
            kinds[kind_of(error)] += 1
            examples.setdefault(kind_of(error), error)
    seconds = time.perf_counter() - start
    print(
        f"{mode}: {failing_interpreters} of {interpreters} interpreters had a failing thread; "
        f"{failed_threads} of {interpreters * THREADS} threads failed ({seconds:.0f} s)"
    )
    for kind, count in kinds.most_common():
        print(f"  {count:3d} × {kind}  e.g. {examples[kind][:140]!r}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--interpreters", type=int, default=10, help="fresh interpreters per mode")
    parser.add_argument("--modes", nargs="+", choices=MODES, default=list(MODES))
    args = parser.parse_args()
    if args.interpreters < 1:
        parser.error("--interpreters must be at least 1")
    for mode in args.modes:
        measure(mode, args.interpreters)


if __name__ == "__main__":
    main()
