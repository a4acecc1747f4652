"""The test figure: greedy translations of the test sentences (each sentence's most likely
next word, one at a time, until [end]) scored by corpus BLEU with sacreBLEU, lower-cased
(K. Papineni et al., 2002; M. Post, "A Call for Clarity in Reporting BLEU Scores", 2018)."""

import warnings

import keras
import numpy as np

from .multi30k_data import END, START, detokenize
from .vocabulary import PAD, Vocabulary

# The first decoding step attends over one word, which Keras warns about; it is intended.
warnings.filterwarnings("ignore", message="You are using a softmax over axis")


def greedy(model: keras.Model, source_ids: np.ndarray, max_length: int, batch_size: int = 256) -> list:
    """Each sentence's German ids, chosen greedily until [end] (not included)."""
    # Sentences of similar length share a batch, which then ends sooner.
    order = np.argsort((source_ids != PAD).sum(axis=1), kind="stable")
    results = [[] for _ in source_ids]
    for begin in range(0, len(source_ids), batch_size):
        rows = order[begin : begin + batch_size]
        batch = source_ids[rows]
        longest = int((batch != PAD).sum(axis=-1).max(initial=0))
        steps = min(max_length - 1, 2 * longest + 10)  # a translation is rarely twice as long
        prefix = np.full((len(batch), 1), START, dtype=np.int32)
        done = np.zeros(len(batch), dtype=bool)
        for _ in range(steps):
            probabilities = np.array(model([batch, prefix], training=False)[:, -1])
            if not np.isfinite(probabilities).all():
                raise FloatingPointError("the model's next-word probabilities are not finite")
            probabilities[:, [PAD, START]] = -1.0  # never words of a translation
            chosen = np.where(done, END, probabilities.argmax(axis=-1)).astype(np.int32)
            prefix = np.concatenate([prefix, chosen[:, np.newaxis]], axis=1)
            done |= chosen == END
            if done.all():
                break
        for row, chosen_words in zip(rows, prefix[:, 1:], strict=True):
            words = chosen_words.tolist()
            results[row] = words[: words.index(END)] if END in words else words
    return results


def translations(model: keras.Model, target: Vocabulary, source_ids: np.ndarray, max_length: int) -> list:
    """Greedy translations of English ids (n, length), as sentences."""
    return [detokenize([target.words[i] for i in words]) for words in greedy(model, source_ids, max_length)]


def bleu(hypotheses: list[str], references: list[str]) -> float | None:
    """Corpus BLEU (0–100), or None when sacreBLEU is not installed."""
    try:
        import sacrebleu
    except ImportError:
        return None
    return sacrebleu.corpus_bleu(hypotheses, [references], lowercase=True).score
