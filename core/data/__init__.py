"""The datasets and how the models read them.

MNIST digits (`mnist`), IMDB reviews (`imdb`), Multi30k English–German pairs (`multi30k`),
their seeded train/validation/test splits (`splits`), word vocabularies and tokenisation
(`text`), the translator's batches (`sentence_batches`), and turning a drawing or an
uploaded picture into a model input (`images`, `preprocess`, `augment`).
"""
