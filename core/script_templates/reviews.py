"""The reviews: IMDB movie reviews, labelled 1 (positive) or 0 (negative). The embedded 5,000
(assets/data/imdb-5k.csv.gz) keep a fixed, stratified 20% test split; the full 50,000 come
in the Stanford archive, with their own 25,000 test reviews. Training and validation
reviews are split from the rest by the run's validation share and seed."""

import csv
import gzip
import io
import tarfile
from pathlib import Path

import numpy as np

from .splits import embedded_test_split, pool_split

FULL_URL = "https://ai.stanford.edu/~amaas/data/sentiment/aclImdb_v1.tar.gz"


def read_csv(path: Path) -> tuple[list[str], np.ndarray]:
    """(texts, labels) from a gzip CSV with columns id, sentiment, review."""
    with gzip.open(path, "rt", encoding="utf-8", newline="") as file:
        rows = list(csv.DictReader(file))
    return [row["review"] for row in rows], np.array([int(row["sentiment"]) for row in rows])


def pick(texts: list[str], indices: np.ndarray) -> list[str]:
    return [texts[i] for i in indices]


def embedded_reviews(path: Path):
    """((pool texts, labels), (test texts, labels)) of the embedded set."""
    texts, labels = read_csv(path)
    pool, test = embedded_test_split(labels)
    return (pick(texts, pool), labels[pool]), (pick(texts, test), labels[test])


def read_folder(archive: tarfile.TarFile, prefix: str) -> tuple[list[str], list[int]]:
    """The labelled reviews of the archive's 'train' or 'test' half."""
    texts, labels = [], []
    for member in archive.getmembers():
        parts = member.name.split("/")
        if member.isfile() and len(parts) == 4 and parts[1] == prefix and parts[2] in ("pos", "neg"):
            texts.append(io.TextIOWrapper(archive.extractfile(member), encoding="utf-8").read())
            labels.append(int(parts[2] == "pos"))
    return texts, labels


def archive_reviews(path: Path):
    """((training texts, labels), (test texts, labels)) of the Stanford archive at `path`."""
    with tarfile.open(path, "r:gz") as archive:
        train_texts, train_labels = read_folder(archive, "train")
        test_texts, test_labels = read_folder(archive, "test")
    return (train_texts, np.array(train_labels)), (test_texts, np.array(test_labels))


def review_split(pool, test, validation_share: float, train_size: int, seed: int) -> tuple:
    """The (texts, labels (n,)) of the training, validation and test reviews, from those of
    the pool and of the test reviews."""
    texts_pool, y_pool = pool
    train, validation = pool_split(y_pool, validation_share, train_size, seed)
    return (pick(texts_pool, train), y_pool[train]), (pick(texts_pool, validation), y_pool[validation]), test
