"""Translating with a trained translator: greedy and beam-search decoding, and BLEU.

The encoder reads the English once; the decoder is then run on the German words chosen
so far, and only its last position's next-word probabilities are used. Greedy decoding,
the length limit and BLEU are the exported script's own (`core.script_templates.decoding`),
so a script's test BLEU is the app's; this module runs each step as a traced function,
and adds beam search and the page's one-sentence translations.
"""

from __future__ import annotations

import threading
import weakref
from dataclasses import dataclass

import keras
import numpy as np
import tensorflow as tf
from keras import ops

from core.data.multi30k import END, START, detokenize, encode_source
from core.data.text import PAD, Vocabulary
from core.script_templates import decoding
from core.script_templates.decoding import max_steps as _max_steps
from core.script_templates.decoding import words_of as words_of


def bleu(hypotheses: list[str], references: list[str]) -> float:
    """Corpus BLEU (0–100) as the exported script scores it. The app needs sacreBLEU (a script
    may go without it and print no BLEU): without it, this raises instead of giving None."""
    score = decoding.bleu(hypotheses, references)
    if score is None:
        raise ModuleNotFoundError("BLEU needs sacreBLEU: pip install -r requirements.txt")
    return score


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


def _scorer(model: keras.Model):
    """Greedy decoding's next-word scores: the English encoded once per batch, then one
    traced decoder step per word."""

    def after(batch: np.ndarray):
        encoded, mask = encode(model, batch)
        return lambda prefix: next_word_log_probabilities(model, encoded, mask, prefix)

    return after


def greedy(model: keras.Model, source_ids: np.ndarray, batch_size: int = 256) -> list[list[int]]:
    """Each sentence's most likely next word, one at a time, until `[end]` (not included)."""
    return decoding.greedy(model, source_ids, batch_size, scorer=_scorer(model), steps=_max_steps)


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


def translate_ids(model: keras.Model, target: Vocabulary, source_ids: np.ndarray) -> list[str]:
    """Greedy translations, as sentences, of English ids (n, length)."""
    return decoding.translations(model, target, source_ids, scorer=_scorer(model), steps=_max_steps)


def translate_many(model: keras.Model, source: Vocabulary, target: Vocabulary, texts: list[str], length: int):
    """Greedy translations of `texts`, as sentences."""
    ids = np.stack([encode_source(source, text, length).ids for text in texts])
    return translate_ids(model, target, ids)
