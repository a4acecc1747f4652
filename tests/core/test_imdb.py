"""The embedded reviews' fixed stratified test split, seeded run splits, and the full set's
offline error. No test touches the network: the download is replaced by a stub."""

import io
import tarfile

import numpy as np
import pytest

from core.data import imdb, splits
from core.data.splits import DatasetUnavailable
from core.data.text import tokenize


@pytest.fixture(scope="module")
def data():
    return imdb.load_embedded()


def synthetic(n_pool=1000, n_test=10):
    """Reviews whose text is their pool index, half positive, so a split can be traced back."""
    labels = np.tile([0, 1], n_pool // 2)
    return imdb.ReviewData(
        "synthetic", [f"review {i}" for i in range(n_pool)], labels, ["test"] * n_test, np.ones(n_test, int)
    )


def numbers(texts):
    return {int(review.split()[1]) for review in texts}


def test_embedded_set_has_5000_reviews_and_a_fixed_stratified_test_split(data):
    assert data.name == "imdb-5k"
    assert len(data.texts_pool) == len(data.y_pool) == 4000
    assert len(data.texts_test) == len(data.y_test) == 1000
    assert all(isinstance(review, str) and review for review in data.texts_pool[:50] + data.texts_test[:50])
    labels = np.concatenate([data.y_pool, data.y_test])
    assert set(np.unique(labels)) == {0, 1}
    counts_all, counts_test = np.bincount(labels), np.bincount(data.y_test)
    assert np.all(np.abs(counts_test - 0.2 * counts_all) <= 1)  # a fifth of each class
    assert abs(data.y_test.mean() - 0.5) < 0.05
    again = imdb.load_embedded()
    assert again.texts_test == data.texts_test and np.array_equal(again.y_test, data.y_test)
    assert again.texts_pool == data.texts_pool
    # Pool and test are different rows of the file (distinct string objects, even for duplicates).
    assert len({id(review) for review in data.texts_pool + data.texts_test}) == 5000


def test_run_split_is_disjoint_covers_the_pool_and_keeps_the_test_set(data):
    split = imdb.make_split(data, validation_share=0.1, train_size=0, seed=4)
    train, val = {id(r) for r in split.texts_train}, {id(r) for r in split.texts_val}
    test = {id(r) for r in split.texts_test}
    assert len(train) == 3600 and len(val) == 400
    assert not train & val and not (train | val) & test
    assert train | val == {id(r) for r in data.texts_pool}
    assert split.texts_test is data.texts_test and split.y_test is data.y_test
    assert len(split.y_train) == 3600 and len(split.y_val) == 400
    by_text = dict(zip(map(id, data.texts_pool), data.y_pool))
    assert [by_text[id(r)] for r in split.texts_train[:200]] == list(
        split.y_train[:200]
    )  # labels follow texts


def test_run_split_respects_shares_sizes_and_seed():
    pool = synthetic()
    split = imdb.make_split(pool, validation_share=0.2, train_size=0, seed=5)
    train, val = numbers(split.texts_train), numbers(split.texts_val)
    assert len(train) == 800 and len(val) == 200 and not train & val
    assert np.all(np.bincount(split.y_val) == 100) and np.all(np.bincount(split.y_train) == 400)
    assert all(int(r.split()[1]) % 2 == y for r, y in zip(split.texts_train, split.y_train))
    same = imdb.make_split(pool, 0.2, 0, seed=5)
    assert same.texts_train == split.texts_train and same.texts_val == split.texts_val
    assert numbers(imdb.make_split(pool, 0.2, 0, seed=6).texts_val) != val
    small = imdb.make_split(pool, 0.2, train_size=300, seed=5)
    assert len(small.texts_train) == 300 and np.all(np.bincount(small.y_train) == 150)
    assert numbers(small.texts_train) <= train and numbers(small.texts_val) == val
    assert numbers(imdb.make_split(pool, 0.2, 300, seed=6).texts_train) != numbers(small.texts_train)
    assert len(imdb.make_split(pool, 0.2, train_size=5000, seed=5).texts_train) == 800  # more than there are


def test_stratified_indices_partition_every_class():
    labels = np.array([0] * 30 + [1] * 70)
    rest, held = splits.stratified_indices(labels, 0.1, seed=1)
    assert sorted(np.concatenate([rest, held])) == list(range(100))
    assert np.bincount(labels[held]).tolist() == [3, 7]
    again_rest, again_held = splits.stratified_indices(labels, 0.1, seed=1)
    assert np.array_equal(again_rest, rest) and np.array_equal(again_held, held)


@pytest.mark.parametrize("error", [OSError("Name or service not known"), Exception("URL fetch failure")])
def test_full_imdb_without_network_raises_dataset_unavailable(monkeypatch, error):
    import keras

    def offline(*args, **kwargs):
        raise error

    monkeypatch.setattr(keras.utils, "get_file", offline)
    with pytest.raises(DatasetUnavailable, match="could not be downloaded") as raised:
        imdb.load("imdb-50k")
    assert raised.value.__cause__ is error
    assert isinstance(raised.value, RuntimeError)


def test_full_imdb_reads_the_archive_layout(monkeypatch, tmp_path):
    import keras

    files = {
        "aclImdb/train/pos/0_9.txt": "Loved it.",
        "aclImdb/train/neg/1_2.txt": "Hated it.",
        "aclImdb/train/unsup/2_0.txt": "No label.",  # unlabelled: skipped
        "aclImdb/train/urlsPos.txt": "http://example.invalid",  # not a review: skipped
        "aclImdb/test/pos/3_8.txt": "Fine <br />film.",
        "aclImdb/test/neg/4_1.txt": "Dull.",
    }
    archive_path = tmp_path / "aclImdb_v1.tar.gz"
    with tarfile.open(archive_path, "w:gz") as archive:
        for name, body in files.items():
            raw = body.encode("utf-8")
            info = tarfile.TarInfo(name)
            info.size = len(raw)
            archive.addfile(info, io.BytesIO(raw))
    monkeypatch.setattr(keras.utils, "get_file", lambda *args, **kwargs: str(archive_path))
    monkeypatch.setattr(imdb, "FULL_PER_CLASS", 1)  # one review of each kind in each half
    full = imdb.load("imdb-50k")
    assert full.name == "imdb-50k"
    assert sorted(zip(full.texts_pool, full.y_pool.tolist())) == [("Hated it.", 0), ("Loved it.", 1)]
    assert sorted(zip(full.texts_test, full.y_test.tolist())) == [("Dull.", 0), ("Fine <br />film.", 1)]
    assert archive_path.exists()


def test_an_archive_that_ends_early_is_refused_and_removed(monkeypatch, tmp_path):
    # A damaged archive can look complete to tarfile; the review counts give it away.
    import keras

    archive_path = tmp_path / "aclImdb_v1.tar.gz"
    with tarfile.open(archive_path, "w:gz") as archive:
        raw = b"Loved it."
        info = tarfile.TarInfo("aclImdb/train/pos/0_9.txt")
        info.size = len(raw)
        archive.addfile(info, io.BytesIO(raw))
    monkeypatch.setattr(keras.utils, "get_file", lambda *args, **kwargs: str(archive_path))
    with pytest.raises(DatasetUnavailable, match="could not be read"):
        imdb.load_full()
    assert not archive_path.exists()  # the next try downloads it again


def test_unknown_dataset_name():
    with pytest.raises(ValueError, match="Dataset must be one of imdb-5k, imdb-50k; got .sst2."):
        imdb.load("sst2")


def test_a_broken_cached_archive_is_unavailable_not_a_crash(monkeypatch, tmp_path):
    broken = tmp_path / "aclImdb_v1.tar.gz"
    broken.write_bytes(b"\x1f\x8b\x08\x00 not really gzip")
    monkeypatch.setattr("keras.utils.get_file", lambda *args, **kwargs: str(broken))
    with pytest.raises(DatasetUnavailable, match="could not be read"):
        imdb.load_full()


def test_example_reviews_are_short_real_test_reviews_of_both_kinds(data):
    examples = imdb.example_reviews(data, per_class=3)
    assert [label for _, label in examples] == [1, 0, 1, 0, 1, 0]
    truth = dict(zip(data.texts_test, data.y_test))
    for text, label in examples:
        assert truth[text] == label  # a test review, with its real sentiment
        assert 40 <= len(tokenize(text)) <= 120
