"""The text pipeline on known inputs: normalisation, words, the training-only vocabulary,
fixed-length ids with their used / cut / OOV flags, and the JSON round-trip."""

import numpy as np
import pytest

from core.data import text
from core.data.text import OOV, OOV_TOKEN, PAD, PAD_TOKEN, Vocabulary

TRAIN = [
    "A great movie, a great cast.",
    "The plot was bad<br /><br />but the cast was great!",
    "Bad. Bad. BAD!!! Don't watch it.",
]


@pytest.fixture
def vocab():
    return Vocabulary.build(TRAIN, 100)


@pytest.mark.parametrize("br", ["<br />", "<br>", "<BR/>", "<br/>", "< Br / >", "<br /><br />"])
def test_html_line_breaks_are_removed_without_gluing_words(br):
    assert text.tokenize(f"Great film.{br}Bad ending") == ["great", "film", "bad", "ending"]
    assert text.tokenize(f"one{br}two") == ["one", "two"]  # no punctuation around the break
    assert "br" not in text.tokenize(f"end{br}")


def test_case_punctuation_and_entities_are_normalised():
    assert text.tokenize("GREAT!!!") == ["great"]
    assert text.tokenize("What a MOVIE... (really), 10/10!") == ["what", "a", "movie", "really", "10", "10"]
    assert text.tokenize("Tom &amp; Jerry don&#39;t <i>stop</i>") == ["tom", "jerry", "don't", "stop"]
    assert text.tokenize("ＧＲＥＡＴ ﬁlm") == ["great", "film"]  # full-width letters and the fi ligature


def test_apostrophes_inside_words_are_kept_and_quotes_dropped():
    assert text.tokenize("Don't say it's the 90's, rock'n'roll") == [
        "don't",
        "say",
        "it's",
        "the",
        "90's",
        "rock'n'roll",
    ]
    assert text.tokenize("It\u2019s `fine`") == [
        "it's",
        "fine",
    ]  # curly and back-tick apostrophes made straight
    assert text.tokenize("'quoted' words' end") == ["quoted", "words", "end"]


def test_any_script_and_emoji_are_accepted(vocab):
    assert text.tokenize("日本語 movie 😀") == ["日本語", "movie"]
    assert text.tokenize("Привет мир 👍🏽 مرحبا") == ["привет", "мир", "مرحبا"]
    encoded = vocab.encode("日本語 movie 😀", 10)
    assert encoded.used == 2
    assert list(encoded.ids[:2]) == [OOV, vocab.lookup("movie")] and vocab.lookup("movie") >= 2
    assert list(encoded.oov) == [True, False]
    strange = ["\x00\u200b\ufeff", "\ud800 lone surrogate", "🇯🇵" * 50, "\n\t\r", "a\u0301 e\u0308", "<" * 500]
    for review in strange:
        ids = vocab.encode(review, 10).ids
        assert ids.shape == (10,) and ids.dtype == np.int32 and ids.min() >= 0


@pytest.mark.parametrize("review", ["", "   ", "!!! ??? ...", "😀😀 🎬🍿", "<br /><br />", "--- *** ---"])
def test_texts_without_words_use_nothing(vocab, review):
    encoded = vocab.encode(review, 8)
    assert encoded.used == 0 and encoded.cut == 0 and encoded.tokens == []
    assert np.array_equal(encoded.ids, np.zeros(8, dtype=np.int32))
    assert encoded.oov.shape == (0,)


def test_vocabulary_orders_by_frequency_then_alphabetically():
    vocab = Vocabulary.build(["b a c a", "c a", "zeta mid alpha"], 100)
    # a: 3, c: 2, then b, alpha, mid, zeta once each in alphabetical order.
    assert vocab.words == [PAD_TOKEN, OOV_TOKEN, "a", "c", "alpha", "b", "mid", "zeta"]
    assert len(vocab) == 8  # padding and OOV count
    assert [vocab.lookup(w) for w in ["a", "c", "alpha", "zeta"]] == [2, 3, 4, 7]
    small = Vocabulary.build(["b a c a", "c a", "zeta mid alpha"], 4)
    assert small.words[2:] == ["a", "c"] and len(small) == 4
    assert small.lookup("b") == OOV
    assert Vocabulary.build(["z y x", "x y z"], 100).words == Vocabulary.build(["x y z", "z y x"], 100).words


def test_vocabulary_is_built_from_the_given_texts_only(vocab):
    # bad 4, great 3, then a, cast, the, was twice each, then the words seen once.
    assert vocab.words[2:8] == ["bad", "great", "a", "cast", "the", "was"]
    assert set(vocab.words[2:]) == {w for review in TRAIN for w in text.tokenize(review)}
    encoded = vocab.encode("A great thriller", 5)  # 'thriller' is only in this other text
    assert list(encoded.ids) == [vocab.lookup("a"), vocab.lookup("great"), OOV, PAD, PAD]
    assert list(encoded.oov) == [False, False, True]
    assert vocab.lookup("") == OOV and vocab.lookup(OOV_TOKEN) == OOV  # the reserved entries are not words


def test_encode_keeps_the_first_words_and_pads_with_zeros():
    vocab = Vocabulary.build(["one two three four five six seven"], 100)
    long = vocab.encode("one two three four five six seven", 5)
    assert list(long.ids) == [vocab.lookup(w) for w in ["one", "two", "three", "four", "five"]]
    assert long.used == 5 and long.cut == 2 and len(long.tokens) == 7
    assert long.tokens[5:] == ["six", "seven"]
    short = vocab.encode("seven, six... and one", 6)
    assert list(short.ids) == [vocab.lookup("seven"), vocab.lookup("six"), OOV, vocab.lookup("one"), PAD, PAD]
    assert short.used == 4 and short.cut == 0
    assert list(short.oov) == [False, False, True, False]
    many = vocab.encode_many(["one", "two three", ""], 3)
    assert many.dtype == np.int32 and many.shape == (3, 3)
    assert (
        np.array_equal(many[2], [PAD, PAD, PAD]) and many[1, 2] == PAD and many[1, 1] == vocab.lookup("three")
    )


def test_only_the_first_characters_of_a_huge_text_are_read(vocab):
    encoded = vocab.encode("great " * 30_000, 10)  # 180,000 characters; 100,000 hold 16,666⅔ words
    assert len(encoded.tokens) == 16_667 and encoded.tokens[-1] == "grea"
    assert encoded.used == 10 and encoded.cut == len(encoded.tokens) - 10


def test_json_round_trip_gives_identical_ids():
    vocab = Vocabulary.build(TRAIN + ["café 日本語 naïve don't", "café again"], 100)
    loaded = Vocabulary.from_json(vocab.to_json())
    assert loaded.words == vocab.words and len(loaded) == len(vocab)
    for review in TRAIN + ["Café? 日本語! unseen words here", ""]:
        assert np.array_equal(loaded.encode(review, 12).ids, vocab.encode(review, 12).ids)
    assert "日本語" in vocab.to_json()  # written as text, not escaped


def test_words_with_combining_marks_stay_whole():
    assert text.tokenize("हिन्दी movie") == ["हिन्दी", "movie"]


def test_angle_brackets_that_are_not_tags_keep_their_words():
    assert text.tokenize("part 1 < part 2 and part 3 > part 1") == [
        "part", "1", "part", "2", "and", "part", "3", "part", "1",
    ]  # fmt: skip


def test_plain_text_for_reading_keeps_case_and_punctuation():
    assert (
        text.plain("Great!<br /><br />Really &amp; truly.  <i>Loved</i> it")
        == "Great! Really & truly. Loved it"
    )
