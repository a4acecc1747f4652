"""English→German translation data and decoding: Multi30k sentences, their word ids, the
teacher-forcing arrays a translator trains on, greedy and beam-search decoding, and BLEU.

Sentences are lower-cased and split into words and punctuation marks, so a translation
can be joined back into a sentence and scored with sacreBLEU against the raw references.
A German vocabulary starts with `[start]` and `[end]` after padding and OOV; the decoder
reads `[start] w1 … wn` and learns to predict `w1 … wn [end]` (teacher forcing).
"""

from __future__ import annotations

import gzip
import re
import threading
import unicodedata
import warnings
import weakref
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import keras
import numpy as np
import sacrebleu
import tensorflow as tf
from keras import ops

from core.text import LETTER, PAD, Encoded, Vocabulary

DATA = Path(__file__).resolve().parent.parent / "assets" / "data"
SPLITS = ("train", "val", "test_2016_flickr")
START_TOKEN, END_TOKEN = "[start]", "[end]"
START, END = 2, 3  # their ids in a German vocabulary, after padding (0) and OOV (1)
MAX_SENTENCE_CHARACTERS = 2_000  # typed text beyond this is not even tokenised
# A word (letters or digits of any script, inner apostrophes and hyphens kept: "t-shirt",
# "man's"), or any single other visible character (punctuation).
_TOKEN = re.compile(rf"{LETTER}+(?:['\-]{LETTER}+)*|[^\w\s]")
# The first decoding step attends over one word, which Keras warns about; it is intended.
warnings.filterwarnings("ignore", message="You are using a softmax over axis")
_NO_SPACE_BEFORE = re.compile(r" ([.,!?;:%)\]}])")
_NO_SPACE_AFTER = re.compile(r"([(\[{]) ")


def tokenize(text: str) -> list[str]:
    """Lower-cased words and punctuation marks. `str.lower`, not `casefold`: German "ß"
    must stay "ß" for BLEU against the references."""
    text = unicodedata.normalize("NFKC", text).replace("\u2019", "'").replace("`", "'").lower()
    # Punctuation marks are kept; other symbols (emoji, arrows, currency) are dropped.
    return [
        token for token in _TOKEN.findall(text) if _is_word(token) or unicodedata.category(token)[0] == "P"
    ]


def _is_word(token: str) -> bool:
    return any(character.isalnum() for character in token)


def detokenize(tokens: list[str]) -> str:
    """Words joined back into a sentence: no space before closing punctuation."""
    text = " ".join(tokens)
    return _NO_SPACE_AFTER.sub(r"\1", _NO_SPACE_BEFORE.sub(r"\1", text))


@dataclass(frozen=True)
class Pairs:
    english: list[str]
    german: list[str]

    def __len__(self) -> int:
        return len(self.english)


@cache
def load(split: str) -> Pairs:
    """One Multi30k split ('train', 'val' or 'test_2016_flickr'), raw sentences line by line."""
    if split not in SPLITS:
        raise ValueError(f"unknown Multi30k split {split!r}")

    def lines(language: str) -> list[str]:
        path = DATA / f"multi30k-{split}.{language}.gz"
        return gzip.decompress(path.read_bytes()).decode("utf-8").strip("\n").split("\n")

    english, german = lines("en"), lines("de")
    if len(english) != len(german):
        raise ValueError(f"Multi30k {split}: {len(english)} English but {len(german)} German lines")
    return Pairs(english, german)


@dataclass(frozen=True)
class Multi30k:
    """The three splits; `name` is the dataset's name as the pages show it."""

    train: Pairs
    val: Pairs
    test: Pairs
    name: str = "multi30k"


DATASETS = ("multi30k",)


def load_multi30k() -> Multi30k:
    return Multi30k(load("train"), load("val"), load("test_2016_flickr"))


def source_vocabulary(word_lists: list[list[str]], size: int) -> Vocabulary:
    """The English vocabulary: the `size - 2` most frequent words, plus padding and OOV."""
    return Vocabulary.from_words(word_lists, size)


def target_vocabulary(word_lists: list[list[str]], size: int) -> Vocabulary:
    """The German vocabulary: `[start]`, `[end]`, then the `size - 4` most frequent words."""
    ranked = Vocabulary.from_words(word_lists, max(2, size - 2)).words[2:]
    return Vocabulary([START_TOKEN, END_TOKEN, *ranked])


def has_words(source: Encoded) -> bool:
    """Whether any kept token is a word (not only punctuation)."""
    return any(_is_word(token) for token in source.tokens[: source.used])


def words_unknown(source: Encoded) -> bool:
    """Whether every kept word (punctuation aside) is out of the vocabulary."""
    return all(unknown for token, unknown in zip(source.tokens, source.oov) if _is_word(token))


def encode_source(vocabulary: Vocabulary, text: str, length: int) -> Encoded:
    """One English sentence as the encoder reads it: its first `length` tokens as ids."""
    tokens = tokenize(text[:MAX_SENTENCE_CHARACTERS])
    return Encoded(vocabulary.ids(tokens, length), tokens, min(len(tokens), length))


def teacher_forcing(
    english: list[list[str]], german: list[list[str]], source: Vocabulary, target: Vocabulary, length: int
) -> tuple[tuple[np.ndarray, np.ndarray], np.ndarray]:
    """((English ids, German input ids), German output ids), each (n, length).

    The German input is `[start] w1 … wn`, the output `w1 … wn [end]`: at every position
    the decoder learns the next word from the ones before it. Longer sentences are cut.
    """
    x_source = np.stack([source.ids(words, length) for words in english])
    sequences = [[START, *(target.lookup(w) for w in words), END][: length + 1] for words in german]
    x_target = np.zeros((len(german), length), dtype=np.int32)
    y_target = np.zeros((len(german), length), dtype=np.int32)
    for row, sequence in enumerate(sequences):
        x_target[row, : len(sequence) - 1] = sequence[:-1]
        y_target[row, : len(sequence) - 1] = sequence[1:]
    return (x_source, x_target), y_target


class SentenceBatches:
    """Teacher-forcing batches of sentences of similar length, cut to their longest one.

    Sentences are about 13 tokens but up to the maximum length; a batch of random ones is
    mostly padding, which costs as much to compute as words. So, every epoch, the pairs
    are shuffled, sorted by length within windows of `WINDOW` batches, cut into batches,
    and the batches shuffled (the last, smaller one stays last). Without `shuffle`, the
    pairs are only sorted by length.
    """

    WINDOW = 50  # batches whose sentences are sorted together

    def __init__(self, x, y, batch_size: int, seed: int, shuffle: bool):
        (self.source, self.target_in), self.target_out = x, y
        self.batch_size, self.shuffle = batch_size, shuffle
        self.lengths = (self.source != PAD).sum(axis=1) + (self.target_in != PAD).sum(axis=1)
        self.rng = np.random.default_rng(seed)
        self.order = self._order()

    def _order(self) -> np.ndarray:
        if not self.shuffle:
            return np.argsort(self.lengths, kind="stable")
        order = self.rng.permutation(len(self.lengths))
        span = self.WINDOW * self.batch_size
        for start in range(0, len(order), span):
            window = order[start : start + span]
            order[start : start + span] = window[np.argsort(self.lengths[window], kind="stable")]
        full = len(order) // self.batch_size
        batches = list(order[: full * self.batch_size].reshape(full, self.batch_size))
        self.rng.shuffle(batches)
        return np.concatenate([*batches, order[full * self.batch_size :]]).astype(np.int64)

    def __len__(self) -> int:
        return -(-len(self.lengths) // self.batch_size)

    def dataset(self) -> tf.data.Dataset:
        """The batches as a `tf.data` pipeline whose widths may change from batch to batch
        (Keras would fix them from the first batches of a `PyDataset`); every pass over it
        is one epoch, in a new order when shuffling."""
        ids = tf.TensorSpec((None, None), tf.int32)

        def epoch():
            for index in range(len(self)):
                yield self[index]
            self.on_epoch_end()

        data = tf.data.Dataset.from_generator(epoch, output_signature=((ids, ids), ids))
        return data.apply(tf.data.experimental.assert_cardinality(len(self))).prefetch(2)

    def __getitem__(self, index: int):
        rows = self.order[index * self.batch_size : (index + 1) * self.batch_size]
        source, target_in = self.source[rows], self.target_in[rows]
        width_source = max(1, int((source != PAD).sum(axis=1).max()))
        width_target = max(1, int((target_in != PAD).sum(axis=1).max()))
        return (
            (source[:, :width_source], target_in[:, :width_target]),
            self.target_out[rows, :width_target],
        )

    def on_epoch_end(self) -> None:
        if self.shuffle:
            self.order = self._order()


# Decoding. The encoder reads the English once; the decoder is then run on the German
# words chosen so far, and only its last position's next-word probabilities are used.


def _blocks(model: keras.Model, prefix: str) -> list[keras.layers.Layer]:
    return [layer for layer in model.layers if layer.name.startswith(prefix)]


def _encode_eagerly(model: keras.Model, source):
    mask = ops.not_equal(source, PAD)
    x = model.get_layer("source_embedding")(source)
    for block in _blocks(model, "encoder"):
        x = block(x, mask=mask, training=False)
    return x, mask


def _step_eagerly(model: keras.Model, encoded, source_mask, prefix):
    mask = ops.not_equal(prefix, PAD)
    y = model.get_layer("target_embedding")(prefix)
    for block in _blocks(model, "decoder"):
        y = block(y, encoded, mask=mask, encoded_mask=source_mask, training=False)
    return model.get_layer("next_word")(y[:, -1])


# Traced once per model (any batch, any length), keyed weakly so that a model no session
# uses any more can be freed: the functions reach the model only through a weak reference.
_CACHE_LOCK = threading.Lock()
_COMPILED: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _compiled(model: keras.Model):
    with _CACHE_LOCK:
        functions = _COMPILED.get(model)
        if functions is None:
            owner = weakref.ref(model)
            ids = tf.TensorSpec((None, None), tf.int32)
            width = model.get_layer("source_embedding").embed_dim
            encoded = tf.TensorSpec((None, None, width), tf.float32)
            functions = (
                tf.function(
                    lambda source: _encode_eagerly(owner(), source), input_signature=[ids], autograph=False
                ),
                tf.function(
                    lambda encoded, mask, prefix: _step_eagerly(owner(), encoded, mask, prefix),
                    input_signature=[encoded, tf.TensorSpec((None, None), tf.bool), ids],
                    autograph=False,
                ),
            )
            _COMPILED[model] = functions
    return functions


def encode(model: keras.Model, source_ids: np.ndarray):
    """(encoded (n, length, width), source mask (n, length)) for English ids (n, length)."""
    return _compiled(model)[0](tf.constant(np.asarray(source_ids, dtype=np.int32)))


class NotFinite(ValueError):
    """The model's probabilities are not numbers: its weights have blown up."""


def next_word_log_probabilities(model: keras.Model, encoded, source_mask, prefix: np.ndarray) -> np.ndarray:
    """(n, target vocabulary) log-probabilities of the word after `prefix` (n, t) German ids.

    Raises NotFinite if the model gives NaN or infinite probabilities.
    """
    step = _compiled(model)[1]
    probabilities = np.asarray(step(encoded, source_mask, tf.constant(np.asarray(prefix, dtype=np.int32))))
    if not np.isfinite(probabilities).all():
        raise NotFinite("the model's next-word probabilities are not finite")
    log_probabilities = np.log(np.maximum(probabilities.astype(np.float64), 1e-30))
    log_probabilities[:, [PAD, START]] = -np.inf  # never words of a translation
    return log_probabilities


def _max_steps(model: keras.Model, source_ids: np.ndarray) -> int:
    # [start] and the words chosen must fit the position table, for the attention views too.
    table_length = model.get_layer("target_embedding").max_length
    longest = int((np.asarray(source_ids) != PAD).sum(axis=-1).max(initial=0))
    return min(table_length - 1, 2 * longest + 10)  # a translation is rarely twice as long


def greedy(model: keras.Model, source_ids: np.ndarray, batch_size: int = 256) -> list[list[int]]:
    """Each sentence's most likely next word, one at a time, until `[end]` (not included)."""
    source_ids = np.asarray(source_ids, dtype=np.int32)
    # Sentences of similar length share a batch, which then ends sooner.
    order = np.argsort((source_ids != PAD).sum(axis=1), kind="stable")
    results: list[list[int]] = [[] for _ in source_ids]
    for begin in range(0, len(source_ids), batch_size):
        rows = order[begin : begin + batch_size]
        batch = source_ids[rows]
        encoded, mask = encode(model, batch)
        prefix = np.full((len(batch), 1), START, dtype=np.int32)
        done = np.zeros(len(batch), dtype=bool)
        for _ in range(_max_steps(model, batch)):
            chosen = next_word_log_probabilities(model, encoded, mask, prefix).argmax(axis=-1)
            chosen = np.where(done, END, chosen).astype(np.int32)
            prefix = np.concatenate([prefix, chosen[:, np.newaxis]], axis=1)
            done |= chosen == END
            if done.all():
                break
        for row, chosen_words in zip(rows, prefix[:, 1:]):
            words = chosen_words.tolist()
            results[row] = words[: words.index(END)] if END in words else words
    return results


def beam_search(
    model: keras.Model, source_ids: np.ndarray, width: int = 4, length_penalty: float = 0.6
) -> list[int]:
    """One sentence's translation by beam search: the `width` best partial translations are
    kept at every step; finished ones are ranked by log-probability / length penalty
    ((5 + length) / 6) ** `length_penalty` (Y. Wu et al., "Google's Neural Machine
    Translation System", 2016), so short translations are not unfairly favoured."""
    source_ids = np.asarray(source_ids, dtype=np.int32).reshape(1, -1)
    encoded, mask = encode(model, source_ids)
    beams = [([START], 0.0)]
    finished: list[tuple[list[int], float]] = []

    def normalised(words: list[int], score: float) -> float:
        return score / ((5 + len(words)) / 6) ** length_penalty

    for _ in range(_max_steps(model, source_ids)):
        prefix = np.array([words for words, _ in beams], dtype=np.int32)
        repeat = len(beams)
        log_probs = next_word_log_probabilities(
            model, ops.repeat(encoded, repeat, axis=0), ops.repeat(mask, repeat, axis=0), prefix
        )
        scores = np.array([score for _, score in beams])[:, np.newaxis] + log_probs
        best = np.argsort(scores, axis=None)[::-1][: 2 * width]
        candidates = []
        for flat in best:
            beam, word = divmod(int(flat), log_probs.shape[1])
            words = [*beams[beam][0], word]
            if word == END:
                finished.append((words[1:-1], float(scores[beam, word])))
            else:
                candidates.append((words, float(scores[beam, word])))
        beams = candidates[:width]
        if not beams or (
            len(finished) >= width
            and max(normalised(w, s) for w, s in finished) > normalised(beams[0][0][1:], beams[0][1])
        ):
            break
    if not finished:  # nothing ended within the length limit: take the best unfinished
        finished = [(words[1:], score) for words, score in beams]
    return max(finished, key=lambda item: normalised(*item))[0]


@dataclass(frozen=True)
class Output:
    """A translation: the German ids and words chosen, and whether it reached `[end]`."""

    ids: list[int]
    words: list[str]
    ended: bool

    @property
    def text(self) -> str:
        return detokenize(self.words)


def translate_one(
    model: keras.Model, target: Vocabulary, source_ids: np.ndarray, beam_width: int = 0
) -> Output:
    """One sentence's translation: greedy, or beam search when `beam_width` is above 1."""
    source_ids = np.asarray(source_ids, dtype=np.int32).reshape(1, -1)
    if beam_width > 1:
        ids = beam_search(model, source_ids, width=beam_width)
    else:
        ids = greedy(model, source_ids)[0]
    # Without [end], decoding ran to its length limit.
    return Output(ids, words_of(target, ids), len(ids) < _max_steps(model, source_ids))


def words_of(vocabulary: Vocabulary, ids: list[int]) -> list[str]:
    return [vocabulary.words[i] for i in ids]


def bleu(hypotheses: list[str], references: list[str]) -> float:
    """Corpus BLEU (0–100) by sacreBLEU, lower-cased, with its standard 13a tokenisation
    (K. Papineni et al., 2002; M. Post, "A Call for Clarity in Reporting BLEU Scores", 2018)."""
    return sacrebleu.corpus_bleu(hypotheses, [references], lowercase=True).score


def translate_ids(model: keras.Model, target: Vocabulary, source_ids: np.ndarray) -> list[str]:
    """Greedy translations, as sentences, of English ids (n, length)."""
    return [detokenize(words_of(target, words)) for words in greedy(model, source_ids)]


def translate_many(model: keras.Model, source: Vocabulary, target: Vocabulary, texts: list[str], length: int):
    """Greedy translations of `texts`, as sentences."""
    ids = np.stack([encode_source(source, text, length).ids for text in texts])
    return translate_ids(model, target, ids)
