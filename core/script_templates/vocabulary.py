"""Words ↔ ids, built from the training texts only: id 0 is padding (masked, so it never
feeds the model), id 1 stands for every unknown word, then the words from most to least
frequent."""

from collections import Counter

import numpy as np

PAD, OOV = 0, 1
PAD_TOKEN, OOV_TOKEN = "", "[UNK]"


class Vocabulary:
    """Padding, unknown, then `words`, each at its index."""

    def __init__(self, words: list[str]):
        self.words = [PAD_TOKEN, OOV_TOKEN, *words]
        self.index = {word: index for index, word in enumerate(self.words) if index >= 2}

    def __len__(self) -> int:
        """The vocabulary size the embedding needs: padding and OOV included."""
        return len(self.words)

    @classmethod
    def from_words(cls, word_lists, size: int) -> "Vocabulary":
        """The `size - 2` most frequent words of texts already split into words (ties broken
        alphabetically, so the same texts always give the same vocabulary), plus padding
        and OOV."""
        counts = Counter(word for words in word_lists for word in words)
        ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
        return cls([word for word, _ in ranked[: max(0, size - 2)]])

    def lookup(self, word: str) -> int:
        """The id of `word`: its rank in the vocabulary, or OOV."""
        return self.index.get(word, OOV)

    def ids(self, words: list[str], length: int) -> np.ndarray:
        """(length,) int32: the ids of the first `length` words, then padding."""
        ids = np.zeros(length, dtype=np.int32)
        ids[: min(len(words), length)] = [self.lookup(word) for word in words[:length]]
        return ids
