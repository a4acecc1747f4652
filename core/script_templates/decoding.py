"""The test figure: greedy translations of the test sentences (each sentence's most likely
next word, one at a time, until [end]) scored by corpus BLEU with sacreBLEU, lower-cased
(K. Papineni et al., 2002; M. Post, "A Call for Clarity in Reporting BLEU Scores", 2018)."""

import keras
import numpy as np

from .multi30k_data import END, START, detokenize
from .vocabulary import PAD, Vocabulary


def max_steps(model: keras.Model, source_ids: np.ndarray) -> int:
    """How many words a translation of `source_ids` may have: [start] and the words chosen
    must fit the model's position table, and a translation is rarely twice as long."""
    table_length = model.get_layer("target_embedding").max_length
    longest = int((np.asarray(source_ids) != PAD).sum(axis=-1).max(initial=0))
    return min(table_length - 1, 2 * longest + 10)


def next_word_probabilities(model: keras.Model, source_ids: np.ndarray, prefix: np.ndarray) -> np.ndarray:
    """(n, German vocabulary) probabilities of the word after `prefix` (n, t), the whole
    model run on the English ids and the German ids so far."""
    probabilities = np.array(model([source_ids, prefix], training=False)[:, -1])
    if not np.isfinite(probabilities).all():
        raise FloatingPointError("the model's next-word probabilities are not finite")
    return probabilities


def greedy(
    model: keras.Model, source_ids: np.ndarray, batch_size: int = 256, scorer=None, steps=max_steps
) -> list:
    """Each sentence's German ids, chosen greedily until [end] (not included).

    `scorer(batch)` gives a function from a batch's German ids so far (n, t) to the next
    word's scores (n, German vocabulary), higher for likelier words; by default it runs
    the whole model at every step (`next_word_probabilities`). `steps(model, batch)` is
    how many words a batch's translations may have.
    """

    def whole_model(batch: np.ndarray):
        return lambda prefix: next_word_probabilities(model, batch, prefix)

    scorer = scorer or whole_model
    source_ids = np.asarray(source_ids, dtype=np.int32)
    # Sentences of similar length share a batch, which then ends sooner.
    order = np.argsort((source_ids != PAD).sum(axis=1), kind="stable")
    results = [[] for _ in source_ids]
    for begin in range(0, len(source_ids), batch_size):
        rows = order[begin : begin + batch_size]
        batch = source_ids[rows]
        scores_after = scorer(batch)
        prefix = np.full((len(batch), 1), START, dtype=np.int32)
        done = np.zeros(len(batch), dtype=bool)
        for _ in range(steps(model, batch)):
            scores = scores_after(prefix)
            scores[:, [PAD, START]] = -np.inf  # never words of a translation
            chosen = np.where(done, END, scores.argmax(axis=-1)).astype(np.int32)
            prefix = np.concatenate([prefix, chosen[:, np.newaxis]], axis=1)
            done |= chosen == END
            if done.all():
                break
        for row, chosen_words in zip(rows, prefix[:, 1:], strict=True):
            words = chosen_words.tolist()
            results[row] = words[: words.index(END)] if END in words else words
    return results


def words_of(vocabulary: Vocabulary, ids: list[int]) -> list[str]:
    return [vocabulary.words[i] for i in ids]


def translations(model: keras.Model, target: Vocabulary, source_ids: np.ndarray, **options) -> list:
    """Greedy translations of English ids (n, length), as sentences; `options` go to `greedy`."""
    return [detokenize(words_of(target, words)) for words in greedy(model, source_ids, **options)]


def bleu(hypotheses: list[str], references: list[str]) -> float | None:
    """Corpus BLEU (0–100) by sacreBLEU, lower-cased, with its standard 13a tokenisation;
    None when sacreBLEU is not installed."""
    try:
        import sacrebleu
    except ImportError:
        return None
    return sacrebleu.corpus_bleu(hypotheses, [references], lowercase=True).score
