"""Shared test set-up: the repository root on the import path, TensorFlow kept quiet, and
runs recorded in a directory of the test session's own, never in the user's home (a test
that needs an empty registry points PLAYGROUND_DATA_DIR at its own tmp_path). The
directory goes when the session ends."""

import atexit
import os
import shutil
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
RUNS_DIR = tempfile.mkdtemp(prefix="playground-test-runs-")
os.environ["PLAYGROUND_DATA_DIR"] = RUNS_DIR
atexit.register(shutil.rmtree, RUNS_DIR, ignore_errors=True)
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
